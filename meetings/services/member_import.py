"""Importing a body's roster for a term (mandatperiod) from a CSV file: preview, then apply, all or nothing.

The file has a header row `namn;parti;roll;från;till` (Swedish names, any case, any order; `från` and `till` may be
left out, or a cell left empty, for the term's own first and last day), one membership per row:

    namn;parti;roll;från;till
    Anna Berg;S;ordförande;2023-01-01;2026-12-31
    Per Holm;Moderaterna;1:e vice ordförande;;
    Lena Ek;C;ersättare;2023-01-01;2024-06-30

`parti` is a party's abbreviation or name; `roll` one of ordförande, förste vice ordförande (1:e vice ordförande,
vice ordförande), andre vice ordförande (2:e vice ordförande), ledamot, ersättare; dates are ISO (2023-01-01).
Separator, encoding and blank rows as in every import of the portal (`orebro_portal.lib.spreadsheets`).

A person is matched to one already stored by exact name and party; anyone else becomes a new person. The preview
(`member_import_preview`) reads without writing and collects every problem with its row (the header is row 1) and
column. `member_import_apply` reads the same text again under a lock of the body, refuses if anything differs from
the preview that was shown (its `digest`) or if any error appears, and then creates everything in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import date_in_range
from orebro_portal.lib.spreadsheets import NotText, csv_delimiter, decode_csv

from ..masking import find_identity_numbers, unclosed_markers
from ..models import Body, Membership, Party, Person
from .members import UNIQUE_ROLES, day_text, membership_create, period_text, person_create

__all__ = [
    "COLUMNS",
    "ImportPlan",
    "ImportResult",
    "PlannedRow",
    "member_import_apply",
    "member_import_preview",
    "member_import_read",
    "parse_role",
]

COLUMNS = {
    "namn": "name",
    "parti": "party",
    "roll": "role",
    "från": "start",
    "från och med": "start",
    "till": "end",
    "till och med": "end",
}
LABELS = {"name": "Namn", "party": "Parti", "role": "Roll", "start": "Från", "end": "Till"}
REQUIRED = ("name", "party", "role")
ROLES = {
    "ordförande": Membership.Role.CHAIR,
    "förste vice ordförande": Membership.Role.FIRST_VICE_CHAIR,
    "första vice ordförande": Membership.Role.FIRST_VICE_CHAIR,
    "1:e vice ordförande": Membership.Role.FIRST_VICE_CHAIR,
    "1:a vice ordförande": Membership.Role.FIRST_VICE_CHAIR,
    "vice ordförande": Membership.Role.FIRST_VICE_CHAIR,
    "andre vice ordförande": Membership.Role.SECOND_VICE_CHAIR,
    "andra vice ordförande": Membership.Role.SECOND_VICE_CHAIR,
    "2:e vice ordförande": Membership.Role.SECOND_VICE_CHAIR,
    "2:a vice ordförande": Membership.Role.SECOND_VICE_CHAIR,
    "ledamot": Membership.Role.MEMBER,
    "ersättare": Membership.Role.SUBSTITUTE,
}
MAX_ROWS = 2000
MAX_ERRORS = 200
NAME_MAX = Person._meta.get_field("name").max_length


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def parse_role(text: str) -> str | None:
    """The Membership.Role of a role as people write it, or None."""
    return ROLES.get(_words(text).lower())


@dataclass(frozen=True)
class PlannedRow:
    """One row of the file as it will be stored."""

    line: int
    name: str
    party_id: int
    role: str
    start: str  # ISO dates: the plan travels through the session as JSON
    end: str
    person_id: int | None  # the stored person matched by name and party; None for a new person
    existing: bool = False  # the same membership is stored already: nothing to do for this row

    @property
    def person_key(self) -> tuple[str, int]:
        return (self.name, self.party_id)

    @property
    def start_date(self) -> date:
        return date.fromisoformat(self.start)

    @property
    def end_date(self) -> date:
        return date.fromisoformat(self.end)

    @property
    def role_label(self) -> str:
        return str(Membership.Role(self.role).label)


@dataclass
class ImportPlan:
    """What a file would create, or why it cannot be read; nothing is written while making it."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parties: dict[int, Party] = field(default_factory=dict)

    @property
    def new_persons(self) -> list[tuple[str, int]]:
        """(name, party id) of each person the import creates, once each, in file order."""
        return list(dict.fromkeys(row.person_key for row in self.rows if row.person_id is None))

    @property
    def matched_persons(self) -> list[int]:
        return list(dict.fromkeys(row.person_id for row in self.rows if row.person_id is not None))

    @property
    def new_memberships(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.existing]

    @property
    def existing_memberships(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.existing]

    @property
    def digest(self) -> str:
        """A fingerprint of exactly what applying would do, to compare the plan at apply with the one shown."""
        payload = json.dumps([asdict(row) for row in self.rows], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    persons_created: int
    memberships_created: int
    unchanged: int


def member_import_read(content: bytes) -> str:
    """The text of an uploaded file; ValidationError when it is not text."""
    try:
        return decode_csv(content)
    except NotText as error:
        raise ValidationError(
            {"file": _("Fil: filen går inte att läsa som text. Spara den som CSV i UTF-8, UTF-16 eller Windows-1252.")}
        ) from error


def _rows(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    return [(number, cells) for number, cells in enumerate(reader, start=1) if any(cell.strip() for cell in cells)]


class _Row:
    """The cells of one CSV row by column, and its errors prefixed "Rad 3, Roll: …"."""

    def __init__(self, number: int, cells: list[str], columns: dict[str, int], errors: list[str]):
        self.number, self.cells, self.columns, self.errors = number, cells, columns, errors

    def cell(self, key: str) -> str:
        index = self.columns.get(key)
        return _words(self.cells[index]) if index is not None and index < len(self.cells) else ""

    def error(self, key: str | None, message: str) -> None:
        if key:
            where = _("Rad %(row)s, %(column)s") % {"row": self.number, "column": LABELS[key]}
        else:
            where = _("Rad %(row)s") % {"row": self.number}
        self.errors.append(f"{where}: {message}")


def _date(row: _Row, key: str, default: date, term_start: date, term_end: date) -> date | None:
    text = row.cell(key)
    if not text:
        return default
    try:
        value = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        value = None
    if value is None:
        row.error(key, _("”%(value)s” är inget datum; skriv det som 2023-01-01") % {"value": text})
        return None
    if not date_in_range(value):
        row.error(key, _("”%(value)s” är inget rimligt datum") % {"value": text})
        return None
    if not term_start <= value <= term_end:
        row.error(
            key,
            _("%(value)s ligger utanför mandatperioden %(term)s")
            % {"value": text, "term": period_text(term_start, term_end)},
        )
        return None
    return value


def _header(header: list[str], errors: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        word = _words(name).lower()
        if not word:
            continue
        key = COLUMNS.get(word)
        if key is None:
            errors.append(
                _("Rad 1, kolumn %(index)s: okänd rubrik ”%(name)s”. Rubrikraden ska vara namn;parti;roll;från;till.")
                % {"index": index + 1, "name": _words(name)}
            )
        elif key in columns:
            errors.append(
                _("Rad 1, kolumn %(index)s: rubriken ”%(name)s” finns redan i kolumn %(first)s.")
                % {"index": index + 1, "name": _words(name), "first": columns[key] + 1}
            )
        else:
            columns[key] = index
    missing = [LABELS[key].lower() for key in REQUIRED if key not in columns]
    if missing:
        errors.append(
            _("Rad 1: rubrikraden saknar %(columns)s. Den ska vara namn;parti;roll;från;till.")
            % {"columns": ", ".join(f"”{name}”" for name in missing)}
        )
    return None if errors else columns


def _party_lookup() -> tuple[dict[str, Party], dict[int, Party]]:
    parties = list(Party.objects.all())
    by_word = {party.name.lower(): party for party in parties}
    by_word.update({party.abbreviation.lower(): party for party in parties})  # an abbreviation wins a clash
    return by_word, {party.pk: party for party in parties}


def _check_term(term_start: date, term_end: date) -> None:
    if term_end < term_start:
        raise ValidationError(
            {
                "term_end": _("Mandatperiodens sista dag: kan inte vara före dess första dag (%(date)s).")
                % {"date": day_text(term_start)}
            }
        )


def _overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def member_import_preview(*, body: Body, term_start: date, term_end: date, text: str) -> ImportPlan:
    """What importing `text` into `body` for the term would create, and every problem; no database writes."""
    _check_term(term_start, term_end)
    plan = ImportPlan()
    errors = plan.errors
    try:
        rows = _rows(text)
    except csv.Error as error:
        errors.append(_("Filen går inte att läsa som CSV: %(error)s") % {"error": error})
        return plan
    if not rows:
        errors.append(_("Filen är tom: den ska börja med rubrikraden namn;parti;roll;från;till."))
        return plan
    (_header_line, header), rows = rows[0], rows[1:]
    columns = _header(header, errors)
    if columns is None:
        return plan
    if not rows:
        errors.append(_("Filen har inga rader under rubrikraden."))
        return plan
    if len(rows) > MAX_ROWS:
        errors.append(
            _("Filen har %(count)s rader; högst %(max)s läses in åt gången.") % {"count": len(rows), "max": MAX_ROWS}
        )
        return plan

    by_word, parties = _party_lookup()
    width = len(header)
    parsed: list[tuple[int, str, Party, str, date, date]] = []
    for number, cells in rows:
        row = _Row(number, cells, columns, errors)
        before = len(errors)
        extra = [index for index in range(width, len(cells)) if cells[index].strip()]
        if extra:
            errors.append(
                _(
                    "Rad %(row)s, kolumn %(index)s: raden har fler kolumner än rubrikraden (%(width)s). Kontrollera "
                    "avgränsare och citattecken."
                )
                % {"row": number, "index": extra[0] + 1, "width": width}
            )
        name = row.cell("name")
        if not name:
            row.error("name", _("saknas"))
        elif len(name) > NAME_MAX:
            row.error("name", _("högst %(max)s tecken") % {"max": NAME_MAX})
        elif unclosed_markers(name) or find_identity_numbers(name):
            row.error("name", _("skriv bara namnet, utan personnummer eller markeringar"))
        party_text = row.cell("party")
        party = by_word.get(party_text.lower()) if party_text else None
        if not party_text:
            row.error("party", _("saknas; skriv partiets förkortning eller namn"))
        elif party is None:
            row.error(
                "party",
                _("okänt parti ”%(value)s”; skriv förkortningen (%(known)s) eller namnet")
                % {"value": party_text, "known": ", ".join(p.abbreviation for p in parties.values()) or "–"},
            )
        role_text = row.cell("role")
        role = parse_role(role_text)
        if role is None:
            row.error(
                "role",
                _(
                    "okänd roll ”%(value)s”; skriv ordförande, förste vice ordförande, andre vice ordförande, ledamot "
                    "eller ersättare"
                )
                % {"value": role_text},
            )
        start = _date(row, "start", term_start, term_start, term_end)
        end = _date(row, "end", term_end, term_start, term_end)
        if start and end and end < start:
            row.error("end", _("%(end)s är före %(start)s") % {"end": end.isoformat(), "start": start.isoformat()})
        if len(errors) > before:
            if len(errors) >= MAX_ERRORS:
                errors.append(_("Fler fel visas inte. Rätta dessa och försök igen."))
                return plan
            continue
        parsed.append((number, name, party, role, start, end))

    # Rows against each other: the same row twice, a person twice at the same time, two chairs at once.
    seen: list[tuple[int, str, Party, str, date, date]] = []
    for entry in parsed:
        number, name, party, role, start, end = entry
        row = _Row(number, [], columns, errors)
        for other in seen:
            o_number, o_name, o_party, o_role, o_start, o_end = other
            if (o_name, o_party.pk) == (name, party.pk):
                if (o_role, o_start, o_end) == (role, start, end):
                    row.error("name", _("samma person, roll och datum som rad %(row)s") % {"row": o_number})
                    break
                if _overlaps((start, end), (o_start, o_end)):
                    if role in Membership.LEDAMOT_ROLES and o_role in Membership.LEDAMOT_ROLES:
                        row.error(
                            "role",
                            _("%(name)s står redan som ledamot under samma tid på rad %(row)s")
                            % {"name": name, "row": o_number},
                        )
                    else:
                        row.error(
                            "start",
                            _("%(name)s har redan ett uppdrag under samma tid på rad %(row)s")
                            % {"name": name, "row": o_number},
                        )
                    break
            if role in UNIQUE_ROLES and o_role == role and _overlaps((start, end), (o_start, o_end)):
                row.error(
                    "role",
                    _("rad %(row)s har redan en %(role)s under samma tid")
                    % {"row": o_number, "role": Membership.Role(role).label.lower()},
                )
                break
        seen.append(entry)
    if errors:
        return plan

    # Rows against what is stored: the persons, their memberships of the body, and the body's chairs.
    names = {name for _n, name, *_rest in parsed}
    stored: dict[tuple[str, int | None], list[Person]] = {}
    for person in Person.objects.filter(name__in=names).select_related("party").order_by("pk"):
        stored.setdefault((person.name, person.party_id), []).append(person)
    others_named = {name for name, _party in stored}
    memberships = list(Membership.objects.filter(body=body).select_related("person"))
    for number, name, party, role, start, end in parsed:
        row = _Row(number, [], columns, errors)
        matches = stored.get((name, party.pk), [])
        if len(matches) > 1:
            row.error(
                "name",
                _(
                    "det finns %(count)s personer som heter %(name)s (%(party)s); lägg till uppdraget för rätt person "
                    "under Ledamöter i stället"
                )
                % {"count": len(matches), "name": name, "party": party.abbreviation},
            )
            continue
        person = matches[0] if matches else None
        if person is None and name in others_named:
            plan.warnings.append(
                _("Rad %(row)s: det finns redan en %(name)s med ett annat parti; en ny person skapas för %(party)s.")
                % {"row": number, "name": name, "party": party.abbreviation}
            )
        existing = False
        for membership in memberships:
            mine = person is not None and membership.person_id == person.pk
            if not _overlaps((start, end), (membership.start, membership.end or date.max)):
                continue
            if mine and (membership.role, membership.party_id, membership.start, membership.end) == (
                role,
                party.pk,
                start,
                end,
            ):
                existing = True
                break
            if mine:
                row.error(
                    "start",
                    _("%(name)s har redan ett uppdrag i %(body)s under samma tid (%(role)s, %(period)s)")
                    % {
                        "name": name,
                        "body": body.name,
                        "role": membership.get_role_display().lower(),
                        "period": period_text(membership.start, membership.end),
                    },
                )
                break
            if role in UNIQUE_ROLES and membership.role == role:
                row.error(
                    "role",
                    _("%(body)s har redan en %(role)s under samma tid: %(person)s, %(period)s")
                    % {
                        "body": body.name,
                        "role": membership.get_role_display().lower(),
                        "person": membership.person.name,
                        "period": period_text(membership.start, membership.end),
                    },
                )
                break
        plan.parties[party.pk] = party
        plan.rows.append(
            PlannedRow(
                line=number,
                name=name,
                party_id=party.pk,
                role=role,
                start=start.isoformat(),
                end=end.isoformat(),
                person_id=person.pk if person else None,
                existing=existing,
            )
        )
    if errors:
        plan.rows = []
    return plan


@transaction.atomic
def member_import_apply(
    *, body: Body, term_start: date, term_end: date, text: str, digest: str, user=None
) -> ImportResult:
    """Apply the previewed import, all or nothing. Refused (nothing stored) when the file now has errors or would do
    anything other than the preview with `digest` showed: the secretary then sees the new preview first."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    plan = member_import_preview(body=body, term_start=term_start, term_end=term_end, text=text)
    if plan.errors:
        raise ValidationError(plan.errors)
    if plan.digest != digest:
        raise ValidationError(
            _(
                "Ingenting importerades: ledamöterna har ändrats sedan förhandsgranskningen. Läs in filen igen och "
                "granska den på nytt."
            ),
            code="changed",
        )
    created: dict[tuple[str, int], Person] = {}
    persons = Person.objects.in_bulk({row.person_id for row in plan.rows if row.person_id})
    memberships = 0
    for row in plan.rows:
        if row.existing:
            continue
        if row.person_id is not None:
            person = persons[row.person_id]
        elif row.person_key in created:
            person = created[row.person_key]
        else:
            person = created[row.person_key] = person_create(name=row.name, party=plan.parties[row.party_id], user=user)
        try:
            membership_create(
                person=person,
                body=body,
                role=row.role,
                party=plan.parties[row.party_id],
                start=row.start_date,
                end=row.end_date,
                user=user,
            )
        except ValidationError as error:
            raise ValidationError(
                [_("Rad %(row)s: %(message)s") % {"row": row.line, "message": m} for m in error.messages]
            ) from error
        memberships += 1
    return ImportResult(
        persons_created=len(created), memberships_created=memberships, unchanged=len(plan.existing_memberships)
    )
