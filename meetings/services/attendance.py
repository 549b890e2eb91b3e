"""Attendance from the roster: who of the body's members was present at a meeting, who served for whom, who chaired
and who adjusts the protocol.

A protocol's attendance is a list of `Attendance` rows, one per membership in force on the meeting day. The
secretary starts from the roster (`attendance_prefill`, when the protocol is created), marks who came and saves the
whole table at once (`attendance_update`); only a member of the roster that day can be chosen. When the roster
changes after that, `attendance_refresh` adds the memberships that have no row yet (it never removes one).

Protocols written before the roster existed keep their free-text lists (`Protocol.chair`, `.members`,
`.substitutes`, `.adjusters`), and `attendance_missing` accepts those where a protocol has no rows. No person exists
when the rows are introduced, so nothing is matched then; once the body's roster is in, the secretary of a draft
turns the text into rows with `attendance_from_text`: a line whose name (and party, when given) is on the roster that
day becomes a row and leaves the text, the others stay in the text, published and masked as before.

The rules, each refused at the row and field it concerns, naming the person, with nothing stored:
- a membership not in force on the meeting day cannot be marked present, nor served for, nor added;
- an ersättare "tjänstgör för" an absent ledamot of the body on that day, never for someone present at the same §§,
  and a ledamot has at most one ersättare at any §; a ledamot serves in their own right and serves for no one;
- "från §"/"t.o.m. §" name paragraphs of the protocol, in order, and only for someone present;
- exactly one ordförande, present; justerare among those present, and not the ordförande, who approves the protocol
  as ordförande anyway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date

from ..models import Attendance, Membership, Protocol
from .member_import import parse_role
from .votes import member_label

__all__ = [
    "CHAIR_KEY",
    "FromTextResult",
    "attendance_copy",
    "attendance_from_text",
    "attendance_missing",
    "attendance_prefill",
    "attendance_refresh",
    "attendance_rows",
    "attendance_update",
    "describe_presence",
    "meeting_day",
    "roster",
    "roster_missing",
    "row_key",
    "who",
]

_ROLE_ORDER = Case(
    *(When(role=role, then=Value(index)) for index, role in enumerate(Membership.Role.values)),
    output_field=IntegerField(),
)

# The key of the chair in messages about the attendance table; the rows' fields are named by `field_label`
# ("Anna Berg (S), tjänstgör för: …").
CHAIR_KEY = "chair"


def field_label(name: str) -> str:
    return {
        "status": _("närvaro"),
        "serving_for": _("tjänstgör för"),
        "from_paragraph": _("från §"),
        "to_paragraph": _("t.o.m. §"),
        "is_adjuster": _("justerare"),
        CHAIR_KEY: _("Ordförande"),
    }[name]


def row_key(membership_id: int, name: str) -> str:
    """The key of a row's field in a ValidationError, and the name of its input in the attendance form."""
    return f"m{membership_id}-{name}"


# "Anna Berg (S)": named as on the votes page, the digest and the public pages, by the party group sat for.
who = member_label


def meeting_day(protocol: Protocol):
    return timezone.localtime(protocol.meeting.start).date()


def roster(*, body_id: int, day):
    """The body's memberships in force on `day`: chair first, then by role, party and name."""
    return (
        Membership.objects.on(day)
        .filter(body_id=body_id)
        .select_related("person__party", "party")
        .annotate(role_order=_ROLE_ORDER)
        .order_by("role_order", "party__position", "party__name", "person__name", "pk")
    )


def _in_force(membership: Membership, day) -> bool:
    return membership.start <= day and (membership.end is None or membership.end >= day)


def _set_history_user(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


def _locked(protocol: Protocol) -> Protocol:
    from .protocols import _locked_draft  # protocols.py imports this module: a cycle at import time

    return _locked_draft(protocol)


def _new_row(protocol: Protocol, membership: Membership, position: int, *, chair_taken: bool) -> Attendance:
    """A row as the roster suggests it: a ledamot present, an ersättare absent until marked, the body's ordförande
    chairing (unless someone chairs already)."""
    return Attendance(
        protocol=protocol,
        membership=membership,
        status=Attendance.Status.PRESENT if membership.is_ledamot else Attendance.Status.ABSENT,
        is_chair=not chair_taken and membership.role == Membership.Role.CHAIR,
        position=position,
    )


def attendance_prefill(*, protocol: Protocol, user=None) -> list[Attendance]:
    """A row per membership in force on the meeting day: every ledamot present, every ersättare absent until the
    secretary marks them, the body's ordförande chairing. Nothing is added to a protocol that has rows already."""
    if protocol.attendance.exists():
        return list(protocol.attendance.all())
    rows = []
    for position, membership in enumerate(roster(body_id=protocol.meeting.body_id, day=meeting_day(protocol)), 1):
        row = _new_row(protocol, membership, position, chair_taken=any(row.is_chair for row in rows))
        _set_history_user(row, user)
        row.save()
        rows.append(row)
    return rows


def attendance_copy(*, source: Protocol, target: Protocol, user=None) -> None:
    """Copy the attendance of `source` into `target` (a correction starts as a copy of the posted version)."""
    fields = ("membership_id", "status", "serving_for_id", "from_paragraph", "to_paragraph", "is_chair", "is_adjuster")
    for row in source.attendance.order_by("position", "pk"):
        copy = Attendance(protocol=target, position=row.position, **{field: getattr(row, field) for field in fields})
        _set_history_user(copy, user)
        copy.save()


def attendance_rows(protocol: Protocol) -> list[Attendance]:
    """The protocol's attendance in table order, with who they are selected: for the staff pages (one query)."""
    return list(
        protocol.attendance.select_related(
            "membership__person__party", "membership__party", "serving_for__person__party", "serving_for__party"
        ).order_by("position", "pk")
    )


def roster_missing(protocol: Protocol) -> list[Membership]:
    """Memberships in force on the meeting day that have no row in the protocol's attendance (the roster changed
    after the protocol was created, or the protocol predates the roster)."""
    have = protocol.attendance.values_list("membership_id", flat=True)
    return list(roster(body_id=protocol.meeting.body_id, day=meeting_day(protocol)).exclude(pk__in=have))


@transaction.atomic
def attendance_refresh(*, protocol: Protocol, user=None) -> list[Attendance]:
    """Add a row for every membership in force on the meeting day that has none; never remove or change a row.
    Returns the rows added."""
    protocol = _locked(protocol)
    existing = protocol.attendance.all()
    position = existing.aggregate(last=Max("position"))["last"] or 0
    chair_taken = existing.filter(is_chair=True).exists()
    added = []
    for membership in roster_missing(protocol):
        position += 1
        row = _new_row(protocol, membership, position, chair_taken=chair_taken)
        chair_taken = chair_taken or row.is_chair
        _set_history_user(row, user)
        row.save()
        added.append(row)
    return added


# --- the rules ------------------------------------------------------------------------------------------------------


@dataclass
class _Row:
    """One row of the table as it would be stored."""

    membership: Membership
    status: str
    serving_for_id: int | None = None
    from_paragraph: int | None = None
    to_paragraph: int | None = None
    is_chair: bool = False
    is_adjuster: bool = False
    position: int = 0
    instance: Attendance | None = None

    FIELDS = ("status", "serving_for_id", "from_paragraph", "to_paragraph", "is_chair", "is_adjuster")

    @classmethod
    def of(cls, row: Attendance) -> _Row:
        return cls(
            membership=row.membership,
            position=row.position,
            instance=row,
            **{name: getattr(row, name) for name in cls.FIELDS},
        )

    @property
    def present(self) -> bool:
        return self.status == Attendance.Status.PRESENT

    def span(self) -> tuple[float, float] | None:
        """The §§ the person was in the room for, as a closed interval; None when absent."""
        if not self.present:
            return None
        low = self.from_paragraph if self.from_paragraph is not None else float("-inf")
        high = self.to_paragraph if self.to_paragraph is not None else float("inf")
        return (low, high)


def _overlap(a: tuple[float, float] | None, b: tuple[float, float] | None, numbers: set[int]) -> list[int] | bool:
    """Do two spans share a paragraph? The shared § numbers when the protocol has paragraphs, else whether the
    intervals meet at all."""
    if a is None or b is None:
        return False
    low, high = max(a[0], b[0]), min(a[1], b[1])
    if low > high:
        return False
    if numbers:
        return sorted(number for number in numbers if low <= number <= high)
    return True


def describe_presence(from_paragraph: int | None, to_paragraph: int | None) -> str:
    """ "hela sammanträdet", "från § 5", "t.o.m. § 4", "§ 3–7"."""
    if from_paragraph is None and to_paragraph is None:
        return _("hela sammanträdet")
    if to_paragraph is None:
        return _("från § %(number)s") % {"number": from_paragraph}
    if from_paragraph is None:
        return _("t.o.m. § %(number)s") % {"number": to_paragraph}
    if from_paragraph == to_paragraph:
        return _("§ %(number)s") % {"number": from_paragraph}
    return _("§ %(first)s–%(last)s") % {"first": from_paragraph, "last": to_paragraph}


def _numbers_text(numbers: list[int]) -> str:
    """ "§ 4", "§ 1–6", "§ 1–2, 5": runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "§ " + ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs)


class _Errors:
    def __init__(self) -> None:
        self.by_key: dict[str, list[str]] = {}

    def add(self, membership: Membership, name: str, message: str) -> None:
        key = row_key(membership.pk, name)
        text = f"{who(membership)}, {field_label(name)}: {message}"
        self.by_key.setdefault(key, []).append(text)

    def add_chair(self, message: str) -> None:
        self.by_key.setdefault(CHAIR_KEY, []).append(f"{field_label(CHAIR_KEY)}: {message}")

    def add_general(self, message: str) -> None:
        self.by_key.setdefault(NON_FIELD_ERRORS, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def error(self) -> ValidationError:
        return ValidationError(self.by_key)


def _check(
    rows: dict[int, _Row],
    *,
    protocol: Protocol,
    day,
    numbers: set[int],
    in_force: dict[int, Membership],
    chair_required: bool = True,
) -> _Errors:
    """Every rule on the table as a whole; the errors keyed by row and field. Without `chair_required` a table with
    no chair passes (attendance_missing still says so before adjusting)."""
    errors = _Errors()
    body = protocol.meeting.body.name
    date = sv_date(day)
    for row in rows.values():
        membership = row.membership
        if row.status not in Attendance.Status.values:
            errors.add(membership, "status", _("välj närvarande eller frånvarande."))
            continue
        if row.present and membership.pk not in in_force:
            errors.add(
                membership,
                "status",
                _("%(person)s har inget uppdrag i %(body)s den %(date)s och kan inte vara närvarande. ")
                % {"person": membership.person.name, "body": body, "date": date}
                + _("Markera personen som frånvarande."),
            )
        for name in ("from_paragraph", "to_paragraph"):
            number = getattr(row, name)
            if number is not None and number not in numbers:
                errors.add(membership, name, _("protokollet har ingen § %(number)s.") % {"number": number})
        if row.from_paragraph is not None and row.to_paragraph is not None and row.to_paragraph < row.from_paragraph:
            errors.add(
                membership,
                "to_paragraph",
                _("§ %(last)s kommer före § %(first)s. Ange den sista paragrafen personen var med på.")
                % {"last": row.to_paragraph, "first": row.from_paragraph},
            )
        if not row.present and (row.from_paragraph is not None or row.to_paragraph is not None):
            name = "from_paragraph" if row.from_paragraph is not None else "to_paragraph"
            errors.add(
                membership,
                name,
                _("%(person)s är frånvarande. Ange paragrafer bara för den som var med en del av sammanträdet.")
                % {"person": membership.person.name},
            )
        if row.is_adjuster and not row.present:
            errors.add(
                membership,
                "is_adjuster",
                _("%(person)s är frånvarande. Justerare väljs bland de närvarande.")
                % {"person": membership.person.name},
            )
        if row.is_adjuster and row.is_chair:
            errors.add(
                membership,
                "is_adjuster",
                _("%(person)s är ordförande och godkänner protokollet som ordförande. Välj andra justerare.")
                % {"person": membership.person.name},
            )
        _check_serving(row, rows, errors, body=body, date=date, numbers=numbers, in_force=in_force)

    # A ledamot has at most one ersättare at any paragraph.
    by_target: dict[int, list[_Row]] = {}
    for row in rows.values():
        if row.serving_for_id is not None and row.present and not row.membership.is_ledamot:
            by_target.setdefault(row.serving_for_id, []).append(row)
    for target_id, serving in by_target.items():
        target = in_force.get(target_id)
        if target is None:
            continue  # refused above, at each row that chose them
        serving.sort(key=lambda row: (row.position, row.membership.pk))
        for index, row in enumerate(serving):
            for earlier in serving[:index]:
                shared = _overlap(row.span(), earlier.span(), numbers)
                if shared:
                    at = _(" vid %(numbers)s") % {"numbers": _numbers_text(shared)} if shared is not True else ""
                    errors.add(
                        row.membership,
                        "serving_for",
                        _("%(target)s har redan en ersättare%(at)s: %(other)s. En ledamot har en ersättare åt gången.")
                        % {"target": target.person.name, "at": at, "other": who(earlier.membership)},
                    )
                    break

    chairs = [row for row in rows.values() if row.is_chair]
    if not chairs:
        if chair_required:
            errors.add_chair(_("välj vem som var ordförande vid sammanträdet."))
    elif len(chairs) > 1:
        errors.add_chair(
            _("bara en kan vara ordförande, men %(names)s är valda.")
            % {"names": ", ".join(who(row.membership) for row in chairs)}
        )
    elif not chairs[0].present:
        errors.add_chair(
            _("%(person)s är markerad som frånvarande. Ordföranden väljs bland de närvarande.")
            % {"person": who(chairs[0].membership)}
        )
    return errors


def _check_serving(row: _Row, rows, errors: _Errors, *, body, date, numbers, in_force) -> None:
    if row.serving_for_id is None:
        return
    membership = row.membership
    if membership.is_ledamot:
        errors.add(
            membership,
            "serving_for",
            _("%(person)s är ledamot och beslutar i egen rätt. Bara en ersättare kan tjänstgöra för någon.")
            % {"person": membership.person.name},
        )
        return
    if not row.present:
        errors.add(
            membership,
            "serving_for",
            _("%(person)s är frånvarande och kan inte tjänstgöra. Markera personen som närvarande eller välj ingen.")
            % {"person": membership.person.name},
        )
        return
    target = in_force.get(row.serving_for_id)
    if target is None:
        known = rows.get(row.serving_for_id)
        if known is not None:
            name = known.membership.person.name
        else:
            name = (
                Membership.objects.select_related("person")
                .filter(pk=row.serving_for_id)
                .values_list("person__name", flat=True)
                .first()
            )
        errors.add(
            membership,
            "serving_for",
            _("%(person)s har inget uppdrag i %(body)s den %(date)s och kan inte väljas.")
            % {"person": name or _("den valda personen"), "body": body, "date": date},
        )
        return
    if not target.is_ledamot:
        errors.add(
            membership,
            "serving_for",
            _("%(person)s är ersättare. En ersättare tjänstgör för en ledamot.") % {"person": target.person.name},
        )
        return
    target_row = rows.get(target.pk)
    shared = _overlap(row.span(), target_row.span() if target_row else None, numbers)
    if shared:
        assert target_row is not None
        errors.add(
            membership,
            "serving_for",
            _("%(target)s är närvarande %(when)s. En ersättare tjänstgör bara för en ledamot som är frånvarande.")
            % {
                "target": target.person.name,
                "when": (
                    _("vid %(numbers)s") % {"numbers": _numbers_text(shared)}
                    if shared is not True
                    else describe_presence(target_row.from_paragraph, target_row.to_paragraph)
                ),
            },
        )


def _context(protocol: Protocol):
    day = meeting_day(protocol)
    in_force = {membership.pk: membership for membership in roster(body_id=protocol.meeting.body_id, day=day)}
    numbers = set(protocol.paragraphs.values_list("number", flat=True))
    existing = {
        row.membership_id: _Row.of(row)
        for row in protocol.attendance.select_related("membership__person__party", "membership__party").order_by(
            "position", "pk"
        )
    }
    return day, in_force, numbers, existing


def _save(protocol: Protocol, rows: dict[int, _Row], user) -> list[Attendance]:
    """Store the rows that changed and create the new ones; the chair's row last, so that the partial unique
    constraint on the chair never sees two chairs in between."""
    position = max((row.position for row in rows.values() if row.instance is not None), default=0)
    saved = []
    for row in sorted(rows.values(), key=lambda row: (row.is_chair, row.instance is None)):
        instance = row.instance
        if instance is None:
            position += 1
            instance = Attendance(protocol=protocol, membership=row.membership, position=position)
            changed = True
        else:
            changed = any(getattr(instance, name) != getattr(row, name) for name in _Row.FIELDS)
        if changed:
            for name in _Row.FIELDS:
                setattr(instance, name, getattr(row, name))
            _set_history_user(instance, user)
            instance.save()
        saved.append(instance)
    saved.sort(key=lambda row: (row.position, row.pk))
    return saved


def _value_id(data: Mapping, name: str) -> int | None:
    """`membership_id`/`membership` (an instance or an id), `serving_for_id`/`serving_for` likewise."""
    value = data.get(f"{name}_id", data.get(name))
    if value is None or value == "":
        return None
    return value.pk if isinstance(value, Membership) else int(value)


def _number(value) -> int | None:
    return None if value is None or value == "" else int(value)


@transaction.atomic
def attendance_update(*, protocol: Protocol, rows: Iterable[Mapping], user=None) -> list[Attendance]:
    """Save the whole attendance table of a draft at once.

    `rows` has one mapping per row: `membership` (or `membership_id`), `status` (Attendance.Status), `serving_for`
    (a Membership, an id or None), `from_paragraph`, `to_paragraph` (§ numbers or None), `is_chair`, `is_adjuster`.
    A row of the table that `rows` leaves out keeps what it had; a membership in force that has no row yet gets one.
    Every error is keyed by `row_key(membership_id, field)` (the chair by `CHAIR_KEY`) and names the person; when
    any row is wrong nothing is stored.
    """
    protocol = _locked(protocol)
    day, in_force, numbers, table = _context(protocol)
    errors = _Errors()
    for data in rows:
        membership_id = _value_id(data, "membership")
        if membership_id is None:
            raise TypeError("attendance_update(): every row needs its membership")
        current = table.get(membership_id)
        if current is None:
            membership = in_force.get(membership_id)
            if membership is None:
                stray = Membership.objects.select_related("person__party", "party").filter(pk=membership_id).first()
                if stray is None or stray.body_id != protocol.meeting.body_id:
                    errors.add_general(_("En av raderna hör inte till organets ledamöter. Ladda om sidan."))
                else:
                    errors.add(
                        stray,
                        "status",
                        _("%(person)s har inget uppdrag i %(body)s den %(date)s och kan inte väljas.")
                        % {"person": stray.person.name, "body": protocol.meeting.body.name, "date": sv_date(day)},
                    )
                continue
            current = table[membership_id] = _Row(membership=membership, status=Attendance.Status.ABSENT)
        current.status = data.get("status", current.status)
        if "serving_for" in data or "serving_for_id" in data:
            current.serving_for_id = _value_id(data, "serving_for")
        for name in ("from_paragraph", "to_paragraph"):
            if name in data:
                setattr(current, name, _number(data[name]))
        for name in ("is_chair", "is_adjuster"):
            if name in data:
                setattr(current, name, bool(data[name]))
    if errors:
        raise errors.error()
    errors = _check(table, protocol=protocol, day=day, numbers=numbers, in_force=in_force)
    if errors:
        raise errors.error()
    return _save(protocol, table, user)


def attendance_missing(protocol: Protocol) -> list[str]:
    """What the attendance still lacks before the protocol can be adjusted, one Swedish sentence each.

    A protocol with a roster needs a chair and at least one adjuster among those present, and someone serving; one
    without (written before the roster, or a body with no members entered) needs the same in its free text."""
    rows = list(protocol.attendance.select_related("membership__person", "membership__party"))
    missing = []
    if rows:
        present = [row for row in rows if row.is_present]
        if not any(row.is_chair for row in present):
            missing.append(_("Ordförande saknas: välj ordförande bland de närvarande."))
        if not any(row.is_adjuster for row in present):
            missing.append(_("Justerare saknas: välj minst en justerare bland de närvarande."))
        if not any(row.is_present and (row.membership.is_ledamot or row.serving_for_id) for row in rows):
            missing.append(_("Beslutande saknas: ingen ledamot är markerad som närvarande."))
        day = meeting_day(protocol)
        for row in present:
            if not _in_force(row.membership, day):
                missing.append(
                    _("%(person)s är markerad som närvarande men har inget uppdrag i organet den %(date)s.")
                    % {"person": who(row.membership), "date": sv_date(day)}
                )
        return missing
    if not protocol.chair.strip():
        missing.append(_("Ordförande saknas."))
    if not protocol.adjuster_list:
        missing.append(_("Justerare saknas: minst en justerare behövs."))
    if not protocol.member_list:
        missing.append(_("Beslutande ledamöter saknas: minst en ledamot behövs."))
    return missing


# --- from the older free text ---------------------------------------------------------------------------------------

# The free-text fields of protocols written before the roster, in the order they are read.
TEXT_FIELDS = ("chair", "members", "substitutes", "adjusters")

_LINE = re.compile(r"^(?P<name>[^(),]+?)\s*(?:\((?P<party>[^()]*)\))?\s*(?:,(?P<notes>.*))?$")
_SERVING = re.compile(
    r"^(?:tjänstgör(?:ande)?(?: ersättare)? för|ersätter|i stället för|istället för) (?P<target>.+)$", re.IGNORECASE
)
_FROM = re.compile(r"^(?:från|fr\. ?o\. ?m\.?) ?§ ?(?P<number>\d+)$", re.IGNORECASE)
_TO = re.compile(r"^(?:t\. ?o\. ?m\.?|till och med|till) ?§ ?(?P<number>\d+)$", re.IGNORECASE)
_RANGE = re.compile(r"^§§? ?(?P<first>\d+) ?[-–—] ?(?P<last>\d+)$")
# Words that describe the person's role on the roster, not their part in the meeting, are accepted and ignored: every
# role the term import reads (member_import.parse_role), and these two.
_SERVING_NOTES = {"tjänstgörande ersättare", "ej tjänstgörande ersättare"}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass
class _Line:
    name: str
    party: str | None
    is_chair: bool = False
    is_adjuster: bool = False
    serving_for: tuple[str, str | None] | None = None
    from_paragraph: int | None = None
    to_paragraph: int | None = None


def _parse_person(text: str) -> tuple[str, str | None] | None:
    match = _LINE.match(text.strip())
    if match is None or match["notes"] is not None:
        return None
    return match["name"].strip(), (match["party"] or "").strip() or None


def _parse_line(line: str) -> _Line | str:
    """A parsed line, or why it cannot be read."""
    if "[[" in line or "]]" in line:
        return _("raden har text som är markerad för maskering")
    match = _LINE.match(line.strip())
    if match is None:
        return _("raden kan inte läsas som ”Namn (parti)”")
    parsed = _Line(name=match["name"].strip(), party=(match["party"] or "").strip() or None)
    for note in (match["notes"] or "").split(","):
        plain = " ".join(unicodedata.normalize("NFKC", note).split())
        text = plain.casefold()
        if text == "ordförande":
            parsed.is_chair = True
        elif not text or text in _SERVING_NOTES or parse_role(text) is not None:
            continue
        elif text == "justerare":
            parsed.is_adjuster = True
        elif serving := _SERVING.match(plain):
            target = _parse_person(serving["target"])
            if target is None:
                return _("”%(note)s” säger inte vem personen tjänstgjorde för") % {"note": plain}
            parsed.serving_for = target
        elif start := _FROM.match(plain):
            parsed.from_paragraph = int(start["number"])
        elif end := _TO.match(plain):
            parsed.to_paragraph = int(end["number"])
        elif span := _RANGE.match(plain):
            parsed.from_paragraph, parsed.to_paragraph = int(span["first"]), int(span["last"])
        else:
            return _("tillägget ”%(note)s” känns inte igen") % {"note": plain}
    return parsed


def _party_matches(membership: Membership, party: str) -> bool:
    wanted = _fold(party)
    return any(
        wanted in (_fold(candidate.abbreviation), _fold(candidate.name))
        for candidate in (membership.party, membership.person.party)
        if candidate is not None
    )


def _find(name: str, party: str | None, memberships: list[Membership], *, body: str, date: str):
    """The one membership of the roster with this name (and party), or why there is none."""
    named = [membership for membership in memberships if _fold(membership.person.name) == _fold(name)]
    if not named:
        return _("%(name)s finns inte bland %(body)ss ledamöter och ersättare den %(date)s") % {
            "name": name,
            "body": body,
            "date": date,
        }
    if party is not None:
        named = [membership for membership in named if _party_matches(membership, party)]
        if not named:
            return _("%(name)s sitter inte för %(party)s i %(body)s") % {"name": name, "party": party, "body": body}
    if len(named) > 1:
        return _("flera på ledamotslistan heter %(name)s: skriv partiet inom parentes") % {"name": name}
    return named[0]


@dataclass(frozen=True)
class Unmatched:
    field: str  # the field's name in Swedish
    line: str
    reason: str


@dataclass
class FromTextResult:
    matched: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    marked_absent: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _text_field_label(name: str) -> str:
    return str(Protocol._meta.get_field(name).verbose_name)


@transaction.atomic
def attendance_from_text(*, protocol: Protocol, user=None) -> FromTextResult:
    """Turn the free-text lists of a draft (chair, members, substitutes, adjusters) into attendance rows.

    Each line ("Anna Berg (S)", "Anna Berg (S), ordförande", "Per Holm (S), tjänstgör för Anna Berg (S)", "Eva Ek
    (C), från § 5") is matched to the body's roster on the meeting day by the exact name, ignoring case, and the party
    in parentheses when given. A matched line marks the person present (chair, adjuster, serving for, från/t.o.m. §
    as the line says) and leaves the text; a line that cannot be matched stays in the text and is reported back with
    the reason. When the members' list was written, a ledamot it does not name is marked absent (and reported).
    The result must pass the same rules as `attendance_update`; if it does not, nothing is stored.
    """
    protocol = _locked(protocol)
    day, in_force, numbers, table = _context(protocol)
    memberships = list(in_force.values())
    body, date = protocol.meeting.body.name, sv_date(day)
    for membership in memberships:  # the roster changed since the table was made: those rows come too
        if membership.pk not in table:
            table[membership.pk] = _Row(membership=membership, status=Attendance.Status.ABSENT)
    result = FromTextResult()
    kept: dict[str, list[str]] = {name: [] for name in TEXT_FIELDS}
    found: list[tuple[str, _Line, Membership]] = []
    for name in TEXT_FIELDS:
        for line in getattr(protocol, name).splitlines():
            if not line.strip():
                continue
            parsed = _parse_line(line)
            if isinstance(parsed, _Line):
                membership = _find(parsed.name, parsed.party, memberships, body=body, date=date)
            else:
                membership = parsed
            target = None
            if isinstance(parsed, _Line) and isinstance(membership, Membership) and parsed.serving_for:
                target = _find(*parsed.serving_for, memberships, body=body, date=date)
                if not isinstance(target, Membership):
                    membership = target
            if not isinstance(membership, Membership):
                kept[name].append(line)
                result.unmatched.append(Unmatched(_text_field_label(name), line.strip(), str(membership)))
                continue
            assert isinstance(parsed, _Line)
            parsed.is_chair = parsed.is_chair or name == "chair"
            parsed.is_adjuster = parsed.is_adjuster or name == "adjusters"
            found.append((name, parsed, membership))
            if isinstance(target, Membership):
                table[membership.pk].serving_for_id = target.pk
            elif name == "members" and not membership.is_ledamot and table[membership.pk].serving_for_id is None:
                result.notes.append(
                    _("%(person)s står bland de beslutande men är ersättare: välj vem hen tjänstgjorde för.")
                    % {"person": who(membership)}
                )
            result.matched.append(line.strip())

    named = {membership.pk for _name, _parsed, membership in found}
    chair = next((membership for _name, parsed, membership in found if parsed.is_chair), None)
    if chair is not None:
        for row in table.values():
            row.is_chair = row.membership.pk == chair.pk
    if protocol.members.strip():
        for row in table.values():
            if row.membership.pk not in named and row.membership.is_ledamot and row.present:
                row.status = Attendance.Status.ABSENT
                row.from_paragraph = row.to_paragraph = None
                row.is_adjuster = row.is_chair = False
                result.marked_absent.append(who(row.membership))
    for _name, parsed, membership in found:
        row = table[membership.pk]
        row.status = Attendance.Status.PRESENT
        if parsed.from_paragraph is not None:
            row.from_paragraph = parsed.from_paragraph
        if parsed.to_paragraph is not None:
            row.to_paragraph = parsed.to_paragraph
        if parsed.is_adjuster:
            if row.is_chair:
                result.notes.append(
                    _("%(person)s är ordförande och godkänner protokollet som ordförande, inte som justerare.")
                    % {"person": who(membership)}
                )
            else:
                row.is_adjuster = True

    errors = _check(table, protocol=protocol, day=day, numbers=numbers, in_force=in_force, chair_required=False)
    if errors:
        raise ValidationError(
            [_("Fritexten kunde inte föras över till närvarolistan:")]
            + [message for messages in errors.by_key.values() for message in messages]
        )
    _save(protocol, table, user)
    changed = [name for name in TEXT_FIELDS if "\n".join(kept[name]) != getattr(protocol, name).strip()]
    for name in changed:
        setattr(protocol, name, "\n".join(kept[name]))
    if changed:
        _set_history_user(protocol, user)
        protocol.save(update_fields=[*changed, "updated_at"])
    return result
