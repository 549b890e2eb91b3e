"""The elected in the staff area: parties, persons and their memberships of a body (issue 15).

Secretaries of a body manage its memberships and create and edit persons; administrators also decide the parties and
link a person to the staff account they adjust protocols with (the views check who may call what; `person_link_user`
checks it again). Every workflow is atomic, keyword-only, records the user in the history and refuses with a Swedish
`ValidationError` naming the field ("Till och med: …"), storing nothing.

Protocols that are adjusted, or out for justering, never change; nor may the roster under them. A membership that such
a protocol uses (in its attendance, as the one someone served for, or for a proposal, a ballot or a statement) must go
on covering that meeting's day, and keeps its role and party group: to change them, end it and start a new one.
"""

import unicodedata
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from ..access import is_administrator
from ..masking import find_identity_numbers, segments, unclosed_markers
from ..models import Attendance, Ballot, Body, Membership, Party, Person, Proposal, Protocol, Statement

__all__ = [
    "MEMBERSHIP_FIELDS",
    "PARTY_FIELDS",
    "PERSON_FIELDS",
    "UNIQUE_ROLES",
    "day_text",
    "membership_check",
    "membership_create",
    "membership_end",
    "membership_update",
    "party_check",
    "party_create",
    "party_update",
    "period_text",
    "person_check",
    "person_create",
    "person_link_user",
    "person_slug",
    "person_update",
]

PARTY_FIELDS = ("name", "abbreviation", "position")
PERSON_FIELDS = ("name", "party", "public_email", "is_example")
MEMBERSHIP_FIELDS = ("role", "party", "start", "end")
# Roles a body has one of at a time.
UNIQUE_ROLES = (Membership.Role.CHAIR, Membership.Role.FIRST_VICE_CHAIR, Membership.Role.SECOND_VICE_CHAIR)

_SLUG_MAX = Person._meta.get_field("slug").max_length
# Letters slugify would drop or that the brief names; å, ä and ö also come out right through NFKD, said here anyway.
_TRANSLITERATION = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss"}
)


def _set_history_user(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


def _label(model, field: str) -> str:
    return capfirst(str(model._meta.get_field(field).verbose_name))


def day_text(value: date) -> str:
    """ "1 januari 2023": short enough to name a period in a sentence."""
    return formats.date_format(value, "j F Y")


def period_text(start: date, end: date | None) -> str:
    if end is None:
        return _("från %(start)s") % {"start": day_text(start)}
    return f"{day_text(start)}–{day_text(end)}"


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_full_clean(obj, errors: dict, exclude: list[str]) -> None:
    """Django's own field checks (lengths, e-mail, date range), added under their fields with the field's name."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field in errors:
                continue
            if field == "__all__":
                errors.setdefault(field, []).extend(messages)
                continue
            label = _label(type(obj), field)
            # "Förkortningen skrivs med bokstäver …" names its field already; anything else gets the name in front.
            errors[field] = [m if m.lower().startswith(label.lower()) else f"{label}: {m}" for m in messages]


def _check_text(model, field: str, value: str, errors: dict, *, names_a_person: bool = False) -> str:
    """A required one-line name: stripped, markers closed, and no personnummer (it would end up in the address)."""
    label = _label(model, field)
    value = " ".join((value or "").split())
    if not value:
        _add(errors, field, _("%(field)s: fyll i.") % {"field": label})
    elif unclosed_markers(value):
        _add(
            errors,
            field,
            _("%(field)s: en markering för maskering börjar med [[ men avslutas inte med ]].") % {"field": label},
        )
    elif find_identity_numbers(value):
        what = _("namnet") if names_a_person else _("texten")
        _add(
            errors,
            field,
            _("%(field)s: %(what)s innehåller ett personnummer. Skriv bara namnet; det visas för allmänheten.")
            % {"field": label, "what": what},
        )
    return value


# --- parties -------------------------------------------------------------------------------------------------------


def _party_errors(party: Party) -> dict:
    errors: dict = {}
    party.name = _check_text(Party, "name", party.name, errors)
    party.abbreviation = _check_text(Party, "abbreviation", party.abbreviation, errors)
    _check_full_clean(party, errors, exclude=[])
    others = Party.objects.exclude(pk=party.pk)
    if "name" not in errors and (same := others.filter(name__iexact=party.name).first()):
        _add(errors, "name", _("Namn: det finns redan ett parti som heter ”%(name)s”.") % {"name": same.name})
    if "abbreviation" not in errors and (same := others.filter(abbreviation__iexact=party.abbreviation).first()):
        _add(
            errors,
            "abbreviation",
            _("Förkortning: ”%(abbreviation)s” används redan av %(name)s.")
            % {"abbreviation": same.abbreviation, "name": same.name},
        )
    return errors


def party_check(party: Party) -> None:
    """Every rule a party must keep, each problem at its field; raises ValidationError. Used by the admin too."""
    _raise(_party_errors(party))


@transaction.atomic
def party_create(*, name: str, abbreviation: str, position: int = 0, user=None) -> Party:
    party = Party(name=name, abbreviation=abbreviation, position=position)
    _raise(_party_errors(party))
    _set_history_user(party, user)
    party.save()
    return party


@transaction.atomic
def party_update(*, party: Party, user=None, **changes) -> Party:
    unknown = set(changes) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"party_update() cannot change {', '.join(sorted(unknown))}")
    party = Party.objects.select_for_update().get(pk=party.pk)
    for field, value in changes.items():
        setattr(party, field, value)
    _raise(_party_errors(party))
    _set_history_user(party, user)
    party.save()
    return party


# --- persons -------------------------------------------------------------------------------------------------------


def _slug_base(name: str) -> str:
    # Only what the public sees of the name goes into the address: a span marked [[…]] stays out of it.
    public = "".join(segment.text for segment in segments(name) if segment.kind is None)
    text = unicodedata.normalize("NFC", public).translate(_TRANSLITERATION)
    return slugify(text)[: _SLUG_MAX - 6].strip("-") or "person"


def person_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """The address of a person: the name in lower case, å/ä→a, ö→o, words joined by hyphens; "-2", "-3" … when
    taken ("anna-berg", "anna-berg-2")."""
    base = _slug_base(name)
    taken = set(
        Person.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True).iterator()
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _person_errors(person: Person) -> dict:
    errors: dict = {}
    person.name = _check_text(Person, "name", person.name, errors, names_a_person=True)
    person.public_email = (person.public_email or "").strip()
    _check_full_clean(person, errors, exclude=["slug", "user"])
    return errors


def person_check(person: Person) -> None:
    """Every rule a person must keep (not the account link), each problem at its field; raises ValidationError."""
    _raise(_person_errors(person))


@transaction.atomic
def person_create(
    *, name: str, party: Party | None = None, public_email: str = "", is_example: bool = False, user=None
) -> Person:
    """A new person, with an address (slug) made from the name."""
    person = Person(name=name, party=party, public_email=public_email, is_example=is_example)
    _raise(_person_errors(person))
    person.slug = person_slug(person.name)
    _set_history_user(person, user)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, user=None, **changes) -> Person:
    """Change a person's name, party today, public address or example flag. A new name gets a new address (the old
    one stops working: names change seldom, mostly to correct a misspelling just after the person was entered)."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update() cannot change {', '.join(sorted(unknown))}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    old_name = person.name
    for field, value in changes.items():
        setattr(person, field, value)
    _raise(_person_errors(person))
    if person.name != old_name and _slug_base(person.name) != _slug_base(old_name):
        person.slug = person_slug(person.name, exclude_pk=person.pk)
    _set_history_user(person, user)
    person.save()
    return person


@transaction.atomic
def person_link_user(*, person: Person, account, user) -> Person:
    """Link (or, with `account=None`, unlink) the staff account the person logs in with to adjust protocols.

    Administrators only. One account per person and one person per account."""
    if user is not None and not is_administrator(user):
        raise PermissionDenied
    person = Person.objects.select_for_update().get(pk=person.pk)
    label = _label(Person, "user")
    if account is not None:
        if not account.is_active:
            raise ValidationError({"user": _("%(field)s: kontot är avstängt.") % {"field": label}})
        other = Person.objects.filter(user=account).exclude(pk=person.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "user": _(
                        "%(field)s: kontot %(account)s är redan kopplat till %(person)s. Ett konto hör till en person."
                    )
                    % {"field": label, "account": account.get_username(), "person": other.name}
                }
            )
    if person.user_id == (account.pk if account is not None else None):
        return person
    person.user = account
    _set_history_user(person, user)
    person.save(update_fields=["user"])
    return person


# --- memberships ---------------------------------------------------------------------------------------------------


def _frozen_protocols(membership_pk: int) -> list[Protocol]:
    """The protocols that are adjusted or out for justering and use the membership anywhere, oldest meeting first."""
    used_in = (
        Q(
            pk__in=Attendance.objects.filter(Q(membership_id=membership_pk) | Q(serving_for_id=membership_pk)).values(
                "protocol_id"
            )
        )
        | Q(pk__in=Proposal.objects.filter(membership_id=membership_pk).values("paragraph__protocol_id"))
        | Q(pk__in=Ballot.objects.filter(membership_id=membership_pk).values("vote__paragraph__protocol_id"))
        | Q(pk__in=Statement.objects.filter(membership_id=membership_pk).values("paragraph__protocol_id"))
    )
    frozen = Q(adjusted_on__isnull=False) | Q(sent_for_adjustment_at__isnull=False)
    return list(
        Protocol.objects.filter(frozen)
        .filter(used_in)
        .select_related("meeting__body")
        .order_by("meeting__start", "version")
    )


def _protocol_words(protocol: Protocol) -> dict:
    meeting = protocol.meeting
    return {
        "state": _("det justerade protokollet")
        if protocol.is_adjusted
        else _("protokollet som är skickat för justering"),
        "body": meeting.body.name,
        "date": day_text(timezone.localtime(meeting.start).date()),
    }


def _overlapping(queryset, start: date, end: date | None):
    """Memberships of `queryset` whose period shares a day with start–end (open ends run for ever)."""
    queryset = queryset.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        queryset = queryset.filter(start__lte=end)
    return queryset


def membership_check(membership: Membership, *, original: Membership | None = None) -> None:
    """Every rule a membership must keep, all problems at once, each at its field; raises ValidationError.

    `original` is the membership as stored, for a change (None for a new one). Used by the services and the admin."""
    errors: dict = {}
    _check_full_clean(membership, errors, exclude=["person", "body"])
    start, end = membership.start, membership.end
    if "start" in errors or start is None:
        _raise(errors)
        return
    if "end" not in errors and end is not None and end < start:
        _add(
            errors,
            "end",
            _("Till och med: uppdraget kan inte sluta före det börjar (%(start)s).") % {"start": day_text(start)},
        )
        _raise(errors)
        return
    # The field to blame for a clash of periods: the date that was changed, else the start.
    date_field = "end" if original is not None and original.start == start and original.end != end else "start"
    others = Membership.objects.filter(body_id=membership.body_id).exclude(pk=membership.pk)

    clash = (
        _overlapping(others.filter(person_id=membership.person_id), start, end).select_related("body").first()
        if membership.person_id
        else None
    )
    if clash is not None and date_field not in errors:
        _add(
            errors,
            date_field,
            _(
                "%(field)s: %(person)s har redan ett uppdrag i %(body)s under samma tid (%(role)s, %(period)s). "
                "Avsluta det först, eller ändra datumen."
            )
            % {
                "field": _label(Membership, date_field),
                "person": membership.person.name,
                "body": clash.body.name,
                "role": clash.get_role_display().lower(),
                "period": period_text(clash.start, clash.end),
            },
        )

    if membership.role in UNIQUE_ROLES and "role" not in errors:
        holder = _overlapping(others.filter(role=membership.role), start, end).select_related("person", "body").first()
        if holder is not None:
            _add(
                errors,
                "role",
                _("Roll: %(body)s har redan en %(role)s under samma tid: %(person)s, %(period)s.")
                % {
                    "body": holder.body.name,
                    "role": membership.get_role_display().lower(),
                    "person": holder.person.name,
                    "period": period_text(holder.start, holder.end),
                },
            )

    if original is not None:
        for protocol in _frozen_protocols(original.pk):
            words = _protocol_words(protocol)
            day = timezone.localtime(protocol.meeting.start).date()
            if day < start and "start" not in errors:
                _add(
                    errors,
                    "start",
                    _(
                        "Från och med: uppdraget måste gälla %(date)s, då %(person)s finns i %(state)s från "
                        "sammanträdet med %(body)s. Det protokollet ändras inte."
                    )
                    % {**words, "person": membership.person.name},
                )
            if end is not None and day > end and "end" not in errors:
                _add(
                    errors,
                    "end",
                    _(
                        "Till och med: uppdraget måste gälla %(date)s, då %(person)s finns i %(state)s från "
                        "sammanträdet med %(body)s. Det protokollet ändras inte."
                    )
                    % {**words, "person": membership.person.name},
                )
            for field, attname in (("role", "role"), ("party", "party_id")):
                if field in errors or getattr(original, attname) == getattr(membership, attname):
                    continue
                _add(
                    errors,
                    field,
                    _(
                        "%(field)s: uppdraget används i %(state)s från sammanträdet med %(body)s %(date)s och kan inte "
                        "ändras. Avsluta uppdraget och lägg till ett nytt från dagen efter."
                    )
                    % {**words, "field": _label(Membership, field)},
                )
    _raise(errors)


def _locked_body(body_id: int) -> Body:
    # One writer of a body's roster at a time: the checks for overlaps read the roster they are about to change.
    return Body.objects.select_for_update().get(pk=body_id)


@transaction.atomic
def membership_create(
    *,
    person: Person,
    body: Body,
    role: str,
    start: date,
    end: date | None = None,
    party: Party | None = None,
    user=None,
) -> Membership:
    """A person's role in a body from `start` to `end` (inclusive; None: until further notice). The party group is
    the person's party today unless another is given."""
    _locked_body(body.pk)
    membership = Membership(person=person, body=body, role=role, party=party or person.party, start=start, end=end)
    membership_check(membership)
    _set_history_user(membership, user)
    membership.save()
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, user=None, **changes) -> Membership:
    """Change a membership's role, party group or dates. A party left empty takes the person's party today."""
    unknown = set(changes) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"membership_update() cannot change {', '.join(sorted(unknown))}")
    _locked_body(membership.body_id)
    original = Membership.objects.select_for_update().select_related("person", "body").get(pk=membership.pk)
    membership = Membership.objects.select_related("person", "body").get(pk=membership.pk)
    for field, value in changes.items():
        setattr(membership, field, value)
    if "party" in changes and changes["party"] is None:
        membership.party = membership.person.party
    membership_check(membership, original=original)
    _set_history_user(membership, user)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, end: date, user=None) -> Membership:
    """End a membership on `end` (its last day)."""
    if end is None:
        raise ValidationError({"end": _("Till och med: ange sista dagen för uppdraget.")})
    return membership_update(membership=membership, end=end, user=user)
