"""The case page's section on the political platform: the commitments whose status updates rest on one of the case's
public agenda items (`CommitmentUpdate.agenda_items`). Registered into `meetings.case_steps` by `GoalsConfig.ready()`,
so that meetings knows nothing of goals. One query, whatever the number of items or commitments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .models import Commitment
from .public import PublicCommitment

TEMPLATE = "goals/case_section.html"


@dataclass(frozen=True)
class CommitmentLink:
    commitment: PublicCommitment
    url: str


def commitments_for_case(case, public_item_ids: list[int]) -> tuple[str, dict] | None:
    """The commitments linked to the case through its public items (a secret item of the case is not among
    `public_item_ids`, so it links nothing here), each with its current status; None when there are none."""
    if not public_item_ids:
        return None
    rows = (
        Commitment.objects.with_status()
        .filter(updates__agenda_items__in=public_item_ids)
        .distinct()
        .order_by("area__position", "area_id", "position", "pk")
    )
    links = [CommitmentLink(PublicCommitment(row), reverse("goals:commitment", kwargs={"pk": row.pk})) for row in rows]
    return (TEMPLATE, {"commitments": links}) if links else None
