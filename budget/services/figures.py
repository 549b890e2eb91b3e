"""Entering figures by hand, closing a year, opening a new one: the controllers' workflows on the books.

What controllers save is a draft: citizens see a year's figures once they are published (`services/publishing.py`),
and closing a year publishes its final figures in the same transaction.

Every change of a stored figure is written to the audit trail (`figure_changes_record`) in the same transaction.
A refusal raises `ValidationError` (or `PermissionDenied`) before anything is written, so stored data stays as it was.

Empty and zero are different: an empty budget is stored as NULL, "no budget is known" (the public pages then show
"–" for the deviation), while an explicit 0 is a budget of zero. Outcome cannot be unknown in the books: an empty
outcome next to a budget is stored as 0. A cell whose budget and outcome are both empty holds no ledger line.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import FIRST_YEAR as YEAR_MIN  # one range of years for the portal
from orebro_portal.lib.bounds import LAST_YEAR as YEAR_MAX

from ..access import controlled_units, is_administrator, is_controller
from ..models import (
    AMOUNT,
    AccountGroup,
    FigureChange,
    FigurePublication,
    FiscalYear,
    LedgerLine,
    ResponsibilityCode,
    Unit,
)
from .audit import Change, figure_changes_record
from .codes import retired_code_message

Cell = tuple[Decimal | None, Decimal | None]  # (budget, outcome) in kronor; None = empty

_CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** (AMOUNT["max_digits"] - AMOUNT["decimal_places"])


def closed_year_message(year: int) -> str:
    return _("%(year)s är stängt – bokslutet är fastställt och siffrorna kan inte längre ändras.") % {"year": year}


def _amount(value: Decimal | None, where: str) -> Decimal | None:
    """The amount as it is stored (two decimals), or a refusal naming the cell."""
    if value is None:
        return None
    value = Decimal(value)
    if not value.is_finite() or abs(value) >= _LIMIT or value != value.quantize(_CENT):
        message = _("%(where)s: ”%(value)s” kan inte lagras som belopp.")
        raise ValidationError(message % {"where": where, "value": value})
    return Decimal(0).quantize(_CENT) if value == 0 else value.quantize(_CENT)


def figures_save(
    *,
    year: FiscalYear,
    unit: Unit,
    cells: dict[tuple[int, int], Cell],
    user,
    comparable: dict[int, bool] | None = None,
) -> int:
    """Store the figures of a unit's own codes for one year, all or nothing; return how many figures changed, each
    code whose comparability changed counting as one.

    `cells` maps (code id, account group id) to (budget, outcome); cells left out are not touched, so a code added
    while a controller had the grid open keeps its lines. Per cell: both empty → no line (an existing one is
    deleted); otherwise the line is created or updated, an empty budget stored as NULL (unknown) and an empty outcome
    as 0. Old and new values are compared exactly, so a cell saved unchanged records nothing in the audit trail.

    `comparable` maps code ids to whether the code's outcome this year is comparable with the year before (the
    grid's "Ej jämförbar med föregående år"): every line of the code that year, new ones included, gets the mark.
    The mark is not an amount, so it is not in the audit trail (`FigureChange` records budget and outcome).

    Refused: a closed year, a user who is not controller of the unit, codes of another unit, a code retired from
    this year on, unknown account groups.
    """
    comparable = comparable or {}
    with transaction.atomic():
        # Lock the year's row so it cannot be closed between this check and the writes.
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        if locked.is_closed:
            raise ValidationError(closed_year_message(locked.year))
        if not controlled_units(user).filter(pk=unit.pk).exists():
            raise PermissionDenied

        code_ids = {code_id for code_id, _group in cells} | set(comparable)
        group_ids = {group_id for _code, group_id in cells}
        # Locked, as retiring a code locks it: a retirement and a save of the same code cannot both pass their checks.
        locked_codes = ResponsibilityCode.objects.select_for_update(of=("self",)).filter(pk__in=code_ids)
        codes = {code.pk: code for code in locked_codes}
        foreign = sorted(code.code for code in codes.values() if code.unit_id != unit.pk)
        if foreign or len(codes) != len(code_ids):
            raise ValidationError(
                _("Ansvaren %(codes)s hör inte till %(unit)s och kan inte ändras här.")
                % {"codes": ", ".join(foreign) or _("(okända)"), "unit": unit.name}
            )
        retired = [
            capfirst(retired_code_message(code.code, code.retired_from, locked.year))
            for code in sorted(codes.values(), key=lambda code: code.code)
            if code.is_retired_in(locked.year)
        ]
        if retired:
            raise ValidationError(retired)
        groups = {group.pk: group for group in AccountGroup.objects.filter(pk__in=group_ids)}
        if len(groups) != len(group_ids):
            raise ValidationError(_("Okänd kontogrupp: bara Kommun-Bas kontogrupper 3, 4, 5, 6A, 6B och 7 finns."))

        existing = {
            (line.code_id, line.group_id): line
            for line in LedgerLine.objects.filter(year=locked, code_id__in=code_ids, group_id__in=group_ids)
        }
        to_create: list[LedgerLine] = []
        to_update: list[LedgerLine] = []
        to_delete: list[int] = []
        changes: list[Change] = []
        for (code_id, group_id), (budget, outcome) in cells.items():
            where = _("%(code)s, kontogrupp %(group)s") % {"code": codes[code_id].code, "group": groups[group_id].code}
            budget = _amount(budget, where)
            outcome = _amount(outcome, where)
            line = existing.get((code_id, group_id))
            old_budget, old_outcome = (line.budget, line.outcome) if line else (None, None)
            if budget is None and outcome is None:
                new_budget, new_outcome = None, None
                if line is not None:
                    to_delete.append(line.pk)
            else:
                new_budget, new_outcome = budget, Decimal(0).quantize(_CENT) if outcome is None else outcome
                if line is None:
                    to_create.append(
                        LedgerLine(
                            year=locked,
                            code_id=code_id,
                            group_id=group_id,
                            budget=new_budget,
                            outcome=new_outcome,
                            comparable=comparable.get(code_id, True),
                        )
                    )
                elif line.budget != new_budget or line.outcome != new_outcome:
                    line.budget, line.outcome = new_budget, new_outcome
                    to_update.append(line)
            changes.append(Change(locked.year, code_id, group_id, FigureChange.Field.BUDGET, old_budget, new_budget))
            changes.append(Change(locked.year, code_id, group_id, FigureChange.Field.OUTCOME, old_outcome, new_outcome))

        if to_delete:
            LedgerLine.objects.filter(pk__in=to_delete).delete()
        if to_update:
            LedgerLine.objects.bulk_update(to_update, ["budget", "outcome"], batch_size=500)
        if to_create:
            LedgerLine.objects.bulk_create(to_create, batch_size=500)
        marked = _comparability_set(locked, comparable, user)
        return marked + figure_changes_record(changes=changes, user=user, source=FigureChange.Source.MANUAL)


def _comparability_set(year: FiscalYear, comparable: dict[int, bool], user) -> int:
    """Give every line of each code that year its comparability, recording each changed line in the audit trail;
    return how many codes' lines changed. For each of the two marks given to some code: one query for the lines that
    differ, one update."""
    lines = LedgerLine.objects.filter(year=year)
    changed_codes = set()
    changes = []
    for value in (True, False):
        code_ids = [code_id for code_id, wanted in comparable.items() if wanted is value]
        if not code_ids:
            continue
        stale = lines.filter(code_id__in=code_ids).exclude(comparable=value)
        for code_id, group_id in stale.values_list("code_id", "group_id"):
            changed_codes.add(code_id)
            old, new = Decimal(int(not value)), Decimal(int(value))
            changes.append(Change(year.year, code_id, group_id, FigureChange.Field.COMPARABLE, old, new))
        stale.update(comparable=value)
    figure_changes_record(changes=changes, user=user, source=FigureChange.Source.MANUAL)
    return len(changed_codes)


def fiscal_years_closable(user, years: Iterable[FiscalYear]) -> set[int]:
    """The open years among `years` whose bokslut the user may fastställa (two queries for any number of years).

    Closing locks every unit's books at once, so a controller of one unit must not close the year for the others:
    administrators may, and so may a controller of every unit with figures that year (the central controller).
    A year without any lines has no bokslut; only an administrator may open its confirmation page, and
    `fiscal_year_close` refuses it with a message.
    """
    open_years = [year.year for year in years if not year.is_closed]
    if not open_years or not user.is_authenticated or not is_controller(user):
        return set()
    if is_administrator(user):
        return set(open_years)
    units_by_year: dict[int, set[int]] = {}
    pairs = LedgerLine.objects.filter(year_id__in=open_years).values_list("year_id", "code__unit_id")
    for year_id, unit_id in pairs.distinct().order_by():
        units_by_year.setdefault(year_id, set()).add(unit_id)
    controlled = set(controlled_units(user).values_list("pk", flat=True))
    return {year for year, units in units_by_year.items() if units <= controlled}


def fiscal_year_may_close(user, year: FiscalYear) -> bool:
    return year.year in fiscal_years_closable(user, [year])


def fiscal_year_close(*, year: FiscalYear, user) -> FiscalYear:
    """Fastställ bokslut: the year becomes read-only for everyone and its final figures are published (the public
    copy replaced by the lines as they are, a publication of kind "Bokslut"), in one transaction. There is no
    reopening (a correction after the bokslut is fastställt belongs to next year's books), so this is asked for on a
    confirmation page first.
    """
    with transaction.atomic():
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        if locked.is_closed:
            raise ValidationError(_("Bokslutet för %(year)s är redan fastställt.") % {"year": locked.year})
        if not LedgerLine.objects.filter(year=locked).exists():
            raise ValidationError(
                _("%(year)s har inga siffror ännu: det finns inget bokslut att fastställa.") % {"year": locked.year}
            )
        if not fiscal_year_may_close(user, locked):
            raise PermissionDenied
        locked.status = FiscalYear.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = user
        locked.save(update_fields=["status", "closed_at", "closed_by"])
        # Imported here: the publishing service builds on this module's rule of who may close a year.
        from .publishing import publication_copy

        publication_copy(year=locked, kind=FigurePublication.Kind.FINAL, user=user, published_at=locked.closed_at)
        return locked


def fiscal_year_create(*, year: int, user) -> FiscalYear:
    """Open a new fiscal year for figures; administrators and controllers may. Duplicates are refused."""
    if not is_controller(user):
        raise PermissionDenied
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            {"year": _("Året måste ligga mellan %(min)s och %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}}
        )
    with transaction.atomic():
        fiscal_year, created = FiscalYear.objects.get_or_create(year=year)
        if not created:
            raise ValidationError({"year": _("Året %(year)s finns redan.") % {"year": year}})
        return fiscal_year
