"""The rules an import must pass, checked at its preview and again when it is applied: who may import which ansvar,
which years may be written or created, retired ansvar, and the scale and sign of each unit's totals against the year
before. Each check adds errors to the `ParsedLedger` at the row they concern, or returns what the controller must
acknowledge; none writes anything.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_kronor

from ..access import controlled_units
from ..importing import ParsedLedger
from ..models import FiscalYear, LedgerLine, ResponsibilityCode
from .codes import retired_code_message

_CENT = Decimal("0.01")


def code_info(code_ids: set[int], *, lock: bool = False) -> dict[int, dict]:
    """The file's ansvar with their units and retirement. `lock` (when applying, inside its transaction) locks the
    codes' rows, as retiring a code does, so that a retirement and an import of the same code cannot both pass."""
    codes = ResponsibilityCode.objects.filter(pk__in=code_ids)
    if lock:
        codes = codes.select_for_update(of=("self",))
    return {
        row["pk"]: row
        for row in codes.values("pk", "code", "name", "unit_id", "unit__name", "unit__slug", "retired_from")
    }


def check_permission(parsed: ParsedLedger, user, codes: dict[int, dict]) -> None:
    """One error per code the user may not import, at its first row."""
    if user is None:
        return
    allowed = set(controlled_units(user).values_list("pk", flat=True))
    first_rows: dict[int, int] = {}
    for (_year, code_id), row in parsed.first_row.items():
        first_rows[code_id] = min(row, first_rows.get(code_id, row))
    for code_id, row in sorted(first_rows.items(), key=lambda item: item[1]):
        info = codes[code_id]
        if info["unit_id"] not in allowed:
            parsed.add_error(
                row,
                "Ansvar",
                _("du är inte controller för %(unit)s och får inte importera ansvar %(code)s.")
                % {"unit": info["unit__name"], "code": info["code"]},
            )


def closed_year_error(year: int) -> str:
    return _("%(year)s är stängt (bokslut fastställt) och kan inte ändras.") % {"year": year}


def _span_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}\u2013{last}"


def far_year_error(year: int, first: int, last: int) -> str:
    return _(
        "år %(year)s finns inte i bokföringen och ligger mer än ett år utanför de år som finns (%(span)s). "
        "Rätta året, eller öppna året under Ekonomi först om det stämmer."
    ) % {"year": year, "span": _span_text(first, last)}


def check_years(parsed: ParsedLedger) -> list[int]:
    """Closed years and years too far from the books are errors at the year's first row; returns the new years.

    A new year is one not in the books within one year of their span (min−1 … max+1): it is created only when the
    controller ticks it. With no year stored at all, every year of the file is new. One query (the years are few).
    """
    stored = dict(FiscalYear.objects.values_list("year", "status"))
    first, last = (min(stored), max(stored)) if stored else (None, None)
    new_years = []
    for year, row in sorted(parsed.year_rows.items()):
        if year in stored:
            if stored[year] == FiscalYear.Status.CLOSED:
                parsed.add_error(row, "År", closed_year_error(year))
        elif first is not None and not first - 1 <= year <= last + 1:
            parsed.add_error(row, "År", far_year_error(year, first, last))
        else:
            new_years.append(year)
    return new_years


def check_retired(parsed: ParsedLedger, codes: dict[int, dict]) -> None:
    """One error per (year, code) of a retired code in a year from its retirement on, at the first such row."""
    for (year, code_id), row in sorted(parsed.first_row.items(), key=lambda item: item[1]):
        retired_from = codes[code_id]["retired_from"]
        if ResponsibilityCode.retired_by(retired_from, year):
            parsed.add_error(row, "Ansvar", retired_code_message(codes[code_id]["code"], retired_from, year))


def money(value: Decimal | None) -> str | None:
    """Kronor as text with öre, the same on every database ("-3170000.00")."""
    return None if value is None else format(Decimal(value).quantize(_CENT), "f")


def add_known(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    """Sums of budgets skip unknown (NULL) budgets, as SQL's SUM does; None only while nothing is known."""
    if value is None:
        return total
    return value if total is None else total + value


# --- scale and sign -------------------------------------------------------------------------------------------------

SCALE_MIN, SCALE_MAX = Decimal(500), Decimal(2000)  # "about 1 000 times": a file in tkr, or the year before in tkr
SIGN_MIN = Decimal(1000)  # kronor: both totals at least this far from zero before a flipped sign counts


def _scale_reason(after: Decimal | None, before: Decimal | None) -> str | None:
    """Why a unit's total looks wrong next to the year before, or None. Zero and unknown totals are not compared."""
    if not after or not before:
        return None
    flipped = (after > 0) != (before > 0) and abs(after) >= SIGN_MIN and abs(before) >= SIGN_MIN
    if SCALE_MIN <= abs(before) / abs(after) <= SCALE_MAX:
        if flipped:
            return _(
                "tecknet är omvänt och beloppet ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?"
            )
        return _("ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?")
    if SCALE_MIN <= abs(after) / abs(before) <= SCALE_MAX:
        if flipped:
            return _(
                "tecknet är omvänt och beloppet ungefär 1\u00a0000 gånger större. Är filen eller året före i fel "
                "enhet (tkr eller kronor)?"
            )
        return _("ungefär 1\u00a0000 gånger större. Är filen eller året före i fel enhet (tkr eller kronor)?")
    return _("tecknet är omvänt.") if flipped else None


def scale_warnings(parsed: ParsedLedger, codes: dict[int, dict]) -> list[dict]:
    """Each unit's totals per year of the file, after the import, against the unit's stored totals of the year
    before; budget and outcome apart. A warning where the factor is near 1 000 or the sign flipped.

    After the import a unit's total is the file's figures for its codes plus the unit's stored lines of that year
    that the import leaves alone (its codes not in the file). A unit without stored lines the year before is not
    compared, nor a budget unknown then. One query, grouped by year and code.
    """
    unit_of = {code_id: info["unit_id"] for code_id, info in codes.items()}
    names = {info["unit_id"]: (info["unit__name"], info["unit__slug"]) for info in codes.values()}
    years = set(parsed.year_rows)
    in_file = set(parsed.first_row)
    # (year, unit) → [budget, outcome, lines]; budgets sum as SQL does (NULL skipped, None while nothing is known)
    after: dict[tuple[int, int], list] = defaultdict(lambda: [None, Decimal(0), 0])
    before: dict[tuple[int, int], list] = defaultdict(lambda: [None, Decimal(0), 0])
    for (year, code_id, _group), (budget, outcome) in parsed.lines.items():
        totals = after[(year, unit_of[code_id])]
        totals[0] = add_known(totals[0], budget)
        totals[1] += outcome
    stored = (
        LedgerLine.objects.filter(year_id__in=years | {year - 1 for year in years}, code__unit_id__in=list(names))
        .values("year_id", "code_id", "code__unit_id")
        .annotate(budget=Sum("budget"), outcome=Sum("outcome"), lines=Count("pk"))
    )
    for row in stored:
        year, unit = row["year_id"], row["code__unit_id"]
        targets = []
        if year + 1 in years:
            targets.append(before[(year + 1, unit)])
        if year in years and (year, row["code_id"]) not in in_file:
            targets.append(after[(year, unit)])
        for totals in targets:
            totals[0] = add_known(totals[0], row["budget"])
            totals[1] += row["outcome"] or 0
            totals[2] += row["lines"]
    warnings = []
    for (year, unit), (after_budget, after_outcome, _lines) in sorted(
        after.items(), key=lambda item: (item[0][0], names[item[0][1]][0])
    ):
        previous = before.get((year, unit))
        if previous is None or not previous[2]:
            continue
        for field, now, then, what in (
            ("outcome", after_outcome, previous[1], _("utfallet")),
            ("budget", after_budget, previous[0], _("budgeten")),
        ):
            reason = _scale_reason(now, then)
            if reason is None:
                continue
            name, slug = names[unit]
            message = _("%(unit)s %(year)s: %(what)s är %(now)s mot %(then)s %(previous)s \u2013 %(reason)s") % {
                "unit": name,
                "year": year,
                "what": what,
                "now": sv_kronor(now),
                "then": sv_kronor(then),
                "previous": year - 1,
                "reason": reason,
            }
            warnings.append(
                {
                    "year": year,
                    "unit": name,
                    "unit_slug": slug,
                    "field": field,
                    "amount": money(now),
                    "previous": money(then),
                    "message": message,
                }
            )
    return warnings
