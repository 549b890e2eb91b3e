"""The search page's best bet: a query that is a case number, in any notation ("KS 181/22", "ks-181-2022"), shows
that case first, whatever the full-text engine finds in the index.

Only a public case (one with a public step, `meetings.case_steps`) is found; its title is the public one. A fixed
number of queries, and none at all for a query that is not a case number.
"""

from __future__ import annotations

from meetings.case_steps import CaseSummary, case_summary, public_case_by_key
from meetings.models import case_number_search


def case_best_bet(q: str) -> CaseSummary | None:
    number = case_number_search(q)
    if number is None:
        return None
    case = public_case_by_key(number.key)
    if case is None:
        return None
    return case_summary(case, documents=False)
