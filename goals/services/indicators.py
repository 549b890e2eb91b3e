"""Entering and importing indicator values: the grid of one indicator and the CSV import across indicators.

A value is stored per indicator, year and gender (T/K/M). The "blank" state – no value, no note, not flagged as
not comparable – means the same as no row at all, so a blank cell never creates a row and a row that becomes blank
is deleted. Old and new are compared exactly, so a cell saved unchanged writes nothing and records no history.

Every change goes through `Model.save()`/`delete()` so django-simple-history records it, with the user and a reason
("Rutnät", "Import: fil.csv"). A refusal raises `ValidationError` (or `PermissionDenied`) before anything is
written, and each workflow runs in one transaction: all or nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import FIRST_YEAR as YEAR_MIN  # one range of years for the portal
from orebro_portal.lib.bounds import LAST_YEAR as YEAR_MAX
from orebro_portal.lib.numbers import NotANumber, parse_decimal
from orebro_portal.lib.params import parse_year
from orebro_portal.lib.spreadsheets import NotText, csv_delimiter, decode_csv

from ..access import editable_indicators
from ..models import VALUE, Indicator, IndicatorValue

GENDERS = ("T", "K", "M")
NOTE_MAX = IndicatorValue._meta.get_field("note").max_length
REASON_MAX = 100  # simple-history's history_change_reason column


_LIMIT = Decimal(10) ** (VALUE["max_digits"] - VALUE["decimal_places"])


def gender_label(gender: str) -> str:
    return str(IndicatorValue.Gender(gender).label)


# --- values as people write them ----------------------------------------------------------------------------------


def parse_value(text: str | None) -> Decimal | None:
    """A value written the Swedish way: "4,4", "−1,5", "12 345", "3.8" (pasted from English); None when empty.

    Raises ValidationError with a Swedish message quoting the text ("”4,4,1” är inget tal").
    """
    try:
        return parse_decimal(text, max_digits=VALUE["max_digits"], decimal_places=VALUE["decimal_places"])
    except NotANumber as error:
        value = (text or "").strip()
        messages = {
            "invalid": _("”%(value)s” är inget tal") % {"value": value},
            "precision": _("”%(value)s” har fler än %(places)s decimaler")
            % {"value": value, "places": VALUE["decimal_places"]},
            "too_large": _("”%(value)s” är ett för stort tal") % {"value": value},
        }
        raise ValidationError(messages[error.code], code=error.code) from error


def format_value(value: Decimal | None) -> str:
    """How a stored value is written into an input: "4,4", "−1,5", "12345" (no trailing zeros); "" for NULL."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace("-", "\u2212").replace(".", ",")


# --- one stored cell ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What one (indicator, year, gender) holds; `State()` is the blank state, the same as no row."""

    value: Decimal | None = None
    note: str = ""
    not_comparable: bool = False

    @property
    def is_blank(self) -> bool:
        return self.value is None and not self.note and not self.not_comparable

    @classmethod
    def of(cls, row: IndicatorValue | None) -> State:
        return cls() if row is None else cls(row.value, row.note, row.not_comparable)

    def to_json(self) -> list:
        return [None if self.value is None else str(self.value), self.note, self.not_comparable]

    @classmethod
    def from_json(cls, data: list) -> State:
        value, note, not_comparable = data
        return cls(None if value is None else Decimal(value), note, bool(not_comparable))


def _write(*, indicator_id: int, year: int, gender: str, row: IndicatorValue | None, new: State, user, reason: str):
    """Bring one cell from `row` to `new`; returns True when something was written (and history recorded)."""
    if State.of(row) == new:
        return False
    if new.is_blank:
        row._history_user = user
        row._change_reason = reason[:REASON_MAX]
        row.delete()
        return True
    if row is None:
        row = IndicatorValue(indicator_id=indicator_id, year=year, gender=gender)
    row.value, row.note, row.not_comparable = new.value, new.note, new.not_comparable
    row._history_user = user
    row._change_reason = reason[:REASON_MAX]
    row.save()
    return True


def _check_value(value: Decimal | None, where: str) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    if (
        not value.is_finite()
        or abs(value) >= _LIMIT
        or (isinstance(exponent, int) and -exponent > VALUE["decimal_places"])
    ):
        raise ValidationError(_("%(where)s: ”%(value)s” kan inte lagras som värde") % {"where": where, "value": value})
    return value


def _require_editor(user, indicator_ids: Iterable[int]) -> None:
    wanted = set(indicator_ids)
    if len(editable_indicators(user).filter(pk__in=wanted).values_list("pk", flat=True).distinct()) != len(wanted):
        raise PermissionDenied


# --- the grid -----------------------------------------------------------------------------------------------------


@dataclass
class YearRow:
    """One row of the grid: a year's values for T/K/M, and the note and comparability flag the year carries."""

    year: int
    values: dict[str, Decimal | None] = field(default_factory=dict)
    note: str = ""
    not_comparable: bool = False


def year_note(rows: Iterable[IndicatorValue]) -> str:
    """The note shown for a year: the rows' notes, each distinct one once, in T/K/M order."""
    notes: list[str] = []
    for row in sorted(rows, key=lambda row: GENDERS.index(row.gender)):
        if row.note and row.note not in notes:
            notes.append(row.note)
    return " / ".join(notes)


def indicator_year_rows(*, indicator: Indicator) -> list[YearRow]:
    """The stored values of an indicator as grid rows, oldest year first."""
    by_year: dict[int, list[IndicatorValue]] = {}
    for row in IndicatorValue.objects.filter(indicator=indicator):
        by_year.setdefault(row.year, []).append(row)
    return [
        YearRow(
            year=year,
            values={row.gender: row.value for row in rows},
            note=year_note(rows),
            not_comparable=any(row.not_comparable for row in rows),
        )
        for year, rows in sorted(by_year.items())
    ]


def indicator_values_save(*, indicator: Indicator, rows: Iterable[YearRow], user) -> int:
    """Store the grid of one indicator, all or nothing; return how many cells changed.

    Years left out of `rows` are not touched. Per year: an empty cell is NULL ("not measured"). The year's note and
    "not comparable" flag apply to every gender of the year that holds a row or gets a value (to Totalt alone when
    the year has no value at all); when they are submitted as shown (`year_note`, any row flagged) rows keep their
    own. A year whose cells, note and flag are all empty is removed.

    Refused: a user who may not edit the indicator, a year outside 1900–2200 or given twice, an unstorable value,
    a note longer than the column.
    """
    rows = list(rows)
    with transaction.atomic():
        _require_editor(user, [indicator.pk])
        seen: set[int] = set()
        for row in rows:
            if not YEAR_MIN <= row.year <= YEAR_MAX:
                raise ValidationError(
                    _("%(year)s: året måste ligga mellan %(min)s och %(max)s")
                    % {"year": row.year, "min": YEAR_MIN, "max": YEAR_MAX}
                )
            if row.year in seen:
                raise ValidationError(_("%(year)s: året finns två gånger") % {"year": row.year})
            seen.add(row.year)
            if len(row.note) > NOTE_MAX:
                raise ValidationError(
                    _("%(year)s, Anmärkning: högst %(max)s tecken") % {"year": row.year, "max": NOTE_MAX}
                )
            for gender in GENDERS:
                where = f"{row.year}, {gender_label(gender)}"
                row.values[gender] = _check_value(row.values.get(gender), where)

        stored: dict[tuple[int, str], IndicatorValue] = {
            (value.year, value.gender): value
            for value in IndicatorValue.objects.select_for_update().filter(indicator=indicator, year__in=seen)
        }
        reason = _("Rutnät")
        changed = 0
        for row in rows:
            existing = {gender: stored.get((row.year, gender)) for gender in GENDERS}
            present = [value for value in existing.values() if value is not None]
            shown_note = year_note(present)
            shown_flag = any(value.not_comparable for value in present)
            note_changed, flag_changed = row.note != shown_note, row.not_comparable != shown_flag
            year_blank = all(row.values[g] is None for g in GENDERS) and not row.note and not row.not_comparable
            carriers = {g for g in GENDERS if existing[g] is not None or row.values[g] is not None}
            if not carriers and (row.note or row.not_comparable):
                carriers = {"T"}
            for gender in GENDERS:
                current = existing[gender]
                if year_blank or gender not in carriers:
                    new = State()
                else:
                    keep = State.of(current)
                    new = State(
                        row.values[gender],
                        row.note if note_changed or current is None else keep.note,
                        row.not_comparable if flag_changed or current is None else keep.not_comparable,
                    )
                changed += _write(
                    indicator_id=indicator.pk,
                    year=row.year,
                    gender=gender,
                    row=current,
                    new=new,
                    user=user,
                    reason=reason,
                )
        return changed


# --- the CSV import -----------------------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "indikator": "indicator",
    "år": "year",
    "kön": "gender",
    "värde": "value",
    "anmärkning": "note",
    "ej jämförbart": "not_comparable",
}
IMPORT_LABELS = {
    "indicator": "Indikator",
    "year": "År",
    "gender": "Kön",
    "value": "Värde",
    "note": "Anmärkning",
    "not_comparable": "Ej jämförbart",
}
IMPORT_REQUIRED = ("indicator", "year", "gender", "value")
GENDER_WORDS = {"t": "T", "tot": "T", "totalt": "T", "total": "T", "k": "K", "kvinnor": "K", "m": "M", "män": "M"}
YES = {"ja", "j", "x", "1", "sant", "true"}
NO = {"", "nej", "n", "0", "falskt", "false"}
MAX_ERRORS = 200


@dataclass(frozen=True)
class PlannedChange:
    """One row of an import as previewed: the cell, what it held then and what it will hold."""

    line: int
    indicator_id: int
    year: int
    gender: str
    before: State
    after: State

    @property
    def kind(self) -> str:
        if self.before == self.after:
            return "unchanged"
        return "new" if self.before.is_blank else "changed"

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "indicator": self.indicator_id,
            "year": self.year,
            "gender": self.gender,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> PlannedChange:
        return cls(
            line=data["line"],
            indicator_id=data["indicator"],
            year=data["year"],
            gender=data["gender"],
            before=State.from_json(data["before"]),
            after=State.from_json(data["after"]),
        )


@dataclass
class ImportPlan:
    """What a file would change, or why it cannot be read; nothing is written while making it."""

    changes: list[PlannedChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    indicators: dict[int, Indicator] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number, cells)]) with `;` or `,` as the header line shows; blank rows skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    rows = [(number, cells) for number, cells in enumerate(reader, start=1) if any(cell.strip() for cell in cells)]
    if not rows:
        return [], []
    return rows[0][1], rows[1:]


def _bool(text: str) -> bool | None:
    text = text.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


class _RowReader:
    """The cells of one CSV row by column, and its errors prefixed "Rad 3, Värde: …"."""

    def __init__(self, number: int, cells: list[str], columns: dict[str, int], errors: list[str]):
        self.number, self.cells, self.columns, self.errors = number, cells, columns, errors

    def cell(self, key: str) -> str:
        index = self.columns.get(key)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def error(self, key: str | None, message: str) -> None:
        if key:
            where = _("Rad %(row)s, %(column)s") % {"row": self.number, "column": IMPORT_LABELS[key]}
        else:
            where = _("Rad %(row)s") % {"row": self.number}
        self.errors.append(f"{where}: {message}")


def indicator_values_import_preview(*, content: bytes, user) -> ImportPlan:
    """Read a CSV file of indicator values and say what importing it would change; no database writes.

    Header `Indikator;År;Kön;Värde` (+ optional `Anmärkning`, `Ej jämförbart`), in any order and case. Indikator is
    the indicator's slug or its Kolada KPI id; Kön T/K/M (or Tot, Kvinnor, Män); Värde a Swedish decimal, empty for
    "not measured". A note or flag column left out keeps what is stored. Every problem is collected with its row
    (the header is row 1) and column; only indicators the user may edit are accepted.
    """
    plan = ImportPlan()
    try:
        header, rows = _rows(decode_csv(content))
    except NotText:
        plan.errors.append(_("Filen går inte att läsa som text: spara den som CSV i UTF-8, UTF-16 eller Windows-1252."))
        return plan
    except csv.Error as error:
        plan.errors.append(_("Filen går inte att läsa som CSV: %(error)s") % {"error": error})
        return plan
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = IMPORT_COLUMNS.get(" ".join(name.strip().lower().split()))
        if key and key not in columns:
            columns[key] = index
    missing = [IMPORT_LABELS[key] for key in IMPORT_REQUIRED if key not in columns]
    if not header or missing:
        plan.errors.append(
            _("Rubrikraden (rad 1) saknar %(columns)s: den ska vara Indikator;År;Kön;Värde (+ Anmärkning).")
            % {"columns": ", ".join(f"”{name}”" for name in missing or [IMPORT_LABELS[k] for k in IMPORT_REQUIRED])}
        )
        return plan
    if not rows:
        plan.errors.append(_("Filen har inga rader under rubrikraden."))
        return plan

    refs = {cells[columns["indicator"]].strip() for _n, cells in rows if len(cells) > columns["indicator"]}
    known = list(Indicator.objects.filter(slug__in=refs)) + list(
        Indicator.objects.filter(kolada_kpi__in=refs).exclude(kolada_kpi="")
    )
    by_slug = {indicator.slug: indicator for indicator in known}
    by_kpi: dict[str, list[Indicator]] = {}
    for indicator in {indicator.pk: indicator for indicator in known}.values():
        if indicator.kolada_kpi:
            by_kpi.setdefault(indicator.kolada_kpi, []).append(indicator)
    editable = set(editable_indicators(user).filter(pk__in=[i.pk for i in known]).values_list("pk", flat=True))

    parsed: list[tuple[int, Indicator, int, str, Decimal | None, str | None, bool | None]] = []
    first_line: dict[tuple[int, int, str], int] = {}
    for number, cells in rows:
        reader = _RowReader(number, cells, columns, plan.errors)
        cell, error = reader.cell, reader.error
        before = len(plan.errors)
        reference = cell("indicator")
        indicator = by_slug.get(reference)
        if indicator is None and len(by_kpi.get(reference, [])) > 1:
            slugs = ", ".join(sorted(i.slug for i in by_kpi[reference]))
            error(
                "indicator",
                _("Kolada-id ”%(kpi)s” hör till flera indikatorer (%(slugs)s) – skriv kortnamnet i stället")
                % {"kpi": reference, "slugs": slugs},
            )
        elif indicator is None and reference in by_kpi:
            indicator = by_kpi[reference][0]
        elif indicator is None:
            if reference:
                message = _("”%(ref)s” är varken en indikators kortnamn eller Kolada-id") % {"ref": reference}
            else:
                message = _("saknas")
            error("indicator", message)
        if indicator is not None and indicator.pk not in editable:
            error("indicator", _("du får inte ändra ”%(name)s”") % {"name": indicator.name})
            indicator = None

        year_text = cell("year")
        year = parse_year(year_text, minimum=YEAR_MIN, maximum=YEAR_MAX)
        if year is None:
            error(
                "year",
                _("”%(value)s” är inget år mellan %(min)s och %(max)s")
                % {"value": year_text, "min": YEAR_MIN, "max": YEAR_MAX},
            )
        gender_text = cell("gender")
        gender = GENDER_WORDS.get(gender_text.lower())
        if gender is None:
            error("gender", _("”%(value)s” ska vara T, K eller M (eller Tot, Kvinnor, Män)") % {"value": gender_text})
        value = None
        try:
            value = parse_value(cell("value"))
        except ValidationError as invalid:
            error("value", invalid.messages[0])
        note = cell("note") if "note" in columns else None
        if note is not None and len(note) > NOTE_MAX:
            error("note", _("högst %(max)s tecken") % {"max": NOTE_MAX})
        not_comparable = None
        if "not_comparable" in columns:
            not_comparable = _bool(cell("not_comparable"))
            if not_comparable is None:
                error(
                    "not_comparable",
                    _("”%(value)s” ska vara ja eller nej (eller tomt)") % {"value": cell("not_comparable")},
                )
        if len(plan.errors) > before:
            if len(plan.errors) >= MAX_ERRORS:
                plan.errors.append(_("Fler fel visas inte. Rätta dessa och försök igen."))
                return plan
            continue
        key = (indicator.pk, year, gender)
        if key in first_line:
            error(None, _("samma indikator, år och kön som rad %(row)s") % {"row": first_line[key]})
            continue
        first_line[key] = number
        parsed.append((number, indicator, year, gender, value, note, not_comparable))

    if plan.errors:
        return plan
    stored = {
        (row.indicator_id, row.year, row.gender): row
        for row in IndicatorValue.objects.filter(
            indicator_id__in={indicator.pk for _n, indicator, *_rest in parsed},
            year__in={year for _n, _i, year, *_rest in parsed},
        )
    }
    for number, indicator, year, gender, value, note, not_comparable in parsed:
        before = State.of(stored.get((indicator.pk, year, gender)))
        after = State(
            value,
            before.note if note is None else note,
            before.not_comparable if not_comparable is None else not_comparable,
        )
        plan.indicators[indicator.pk] = indicator
        plan.changes.append(PlannedChange(number, indicator.pk, year, gender, before, after))
    return plan


def indicator_values_import(*, changes: list[PlannedChange], user, filename: str = "") -> int:
    """Apply a previewed import, all or nothing; return how many cells changed.

    Refused when the user may no longer edit one of the indicators, or when any of the file's cells no longer
    holds what the preview showed (someone changed it in between): then nothing is written and the file must be
    previewed again, so a confirmation never changes anything the person did not see.
    """
    with transaction.atomic():
        _require_editor(user, {change.indicator_id for change in changes})
        stored = {
            (row.indicator_id, row.year, row.gender): row
            for row in IndicatorValue.objects.select_for_update().filter(
                indicator_id__in={change.indicator_id for change in changes},
                year__in={change.year for change in changes},
            )
        }
        moved = [
            change
            for change in changes
            if State.of(stored.get((change.indicator_id, change.year, change.gender))) != change.before
        ]
        if moved:
            lines = ", ".join(str(change.line) for change in moved[:10])
            raise ValidationError(
                _(
                    "Ingenting importerades: värdena på rad %(lines)s har ändrats sedan förhandsgranskningen. "
                    "Läs in filen igen och granska ändringarna på nytt."
                )
                % {"lines": lines}
            )
        reason = _("Import: %(file)s") % {"file": filename} if filename else _("Import")
        changed = 0
        for change in changes:
            changed += _write(
                indicator_id=change.indicator_id,
                year=change.year,
                gender=change.gender,
                row=stored.get((change.indicator_id, change.year, change.gender)),
                new=change.after,
                user=user,
                reason=reason,
            )
        return changed
