"""The services of parties, persons and memberships: every refusal names its field, and stores nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings.models import Attendance, Membership, Party, Person, Protocol
from meetings.services.members import (
    membership_create,
    membership_end,
    membership_update,
    party_create,
    party_update,
    person_create,
    person_link_user,
    person_slug,
    person_update,
)
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    ProtocolFactory,
    UserFactory,
    administrator,
    local,
    secretary_of,
)

pytestmark = pytest.mark.django_db

START, END = dt.date(2023, 1, 1), dt.date(2026, 12, 31)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


# --- persons -----------------------------------------------------------------------------------------------------


def test_a_persons_address_is_made_from_the_name_with_swedish_letters_transliterated():
    person = person_create(name="Åsa Öberg-Ärlig", party=PartyFactory(abbreviation="S"))
    assert person.slug == "asa-oberg-arlig"
    assert person_slug("  Ärlig   Åkesson ") == "arlig-akesson"


def test_a_taken_address_gets_a_number():
    first = person_create(name="Anna Berg")
    second = person_create(name="Anna Berg")
    third = person_create(name="Anna  Berg")
    assert [first.slug, second.slug, third.slug] == ["anna-berg", "anna-berg-2", "anna-berg-3"]


def test_a_new_name_gets_a_new_address_and_an_unchanged_one_keeps_it():
    person = person_create(name="Ana Berg")
    person = person_update(person=person, name="Anna Berg")
    assert person.slug == "anna-berg"
    person = person_update(person=person, public_email="anna.berg@example.org")
    assert person.slug == "anna-berg"


def test_a_name_with_a_personnummer_is_refused_at_the_field_and_nothing_is_stored():
    with pytest.raises(ValidationError) as error:
        person_create(name="Anna Berg 811218-9876")
    assert messages_of(error)["name"] == [
        "Namn: namnet innehåller ett personnummer. Skriv bara namnet; det visas för allmänheten."
    ]
    assert not Person.objects.exists()


def test_an_empty_name_and_a_bad_email_are_both_named():
    with pytest.raises(ValidationError) as error:
        person_create(name="  ", public_email="inte-en-adress")
    errors = messages_of(error)
    assert errors["name"] == ["Namn: fyll i."]
    assert errors["public_email"][0].startswith("E-post för allmänheten:")


def test_a_marked_span_stays_out_of_the_address():
    assert person_create(name="Anna [[Hemlig]] Berg").slug == "anna-berg"


def test_history_records_who_changed_the_person():
    secretary = secretary_of(BodyFactory())
    person = person_create(name="Anna Berg", user=secretary)
    person_update(person=person, name="Anna Lind", user=secretary)
    records = list(Person.history.filter(id=person.pk).order_by("history_date"))
    assert [r.history_user for r in records] == [secretary, secretary]
    assert [r.name for r in records] == ["Anna Berg", "Anna Lind"]


# --- linking an account ------------------------------------------------------------------------------------------


def test_an_administrator_links_and_unlinks_an_account():
    admin = administrator()
    account = UserFactory(username="anna")
    person = PersonFactory()
    person_link_user(person=person, account=account, user=admin)
    assert Person.objects.get(pk=person.pk).user == account
    person_link_user(person=person, account=None, user=admin)
    assert Person.objects.get(pk=person.pk).user is None


def test_a_secretary_may_not_link_an_account():
    body = BodyFactory()
    person = PersonFactory()
    with pytest.raises(PermissionDenied):
        person_link_user(person=person, account=UserFactory(), user=secretary_of(body))
    assert Person.objects.get(pk=person.pk).user is None


def test_one_account_belongs_to_one_person():
    admin = administrator()
    account = UserFactory(username="anna")
    first = PersonFactory(name="Anna Berg")
    second = PersonFactory(name="Per Holm")
    person_link_user(person=first, account=account, user=admin)
    with pytest.raises(ValidationError) as error:
        person_link_user(person=second, account=account, user=admin)
    assert messages_of(error)["user"] == [
        "Medarbetarkonto: kontot anna är redan kopplat till Anna Berg. Ett konto hör till en person."
    ]
    assert Person.objects.get(pk=second.pk).user is None


def test_an_inactive_account_is_refused():
    account = UserFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        person_link_user(person=PersonFactory(), account=account, user=administrator())
    assert messages_of(error)["user"] == ["Medarbetarkonto: kontot är avstängt."]


# --- parties -----------------------------------------------------------------------------------------------------


def test_party_names_and_abbreviations_are_unique_whatever_the_case():
    party_create(name="Socialdemokraterna", abbreviation="S")
    party_create(name="Kristdemokraterna", abbreviation="KD")
    with pytest.raises(ValidationError) as error:
        party_create(name="socialdemokraterna", abbreviation="Kd")
    errors = messages_of(error)
    assert errors["name"] == ["Namn: det finns redan ett parti som heter ”Socialdemokraterna”."]
    assert errors["abbreviation"] == ["Förkortning: ”KD” används redan av Kristdemokraterna."]
    assert Party.objects.count() == 2


def test_an_abbreviation_is_letters():
    with pytest.raises(ValidationError) as error:
        party_create(name="Partiet", abbreviation="p-1")
    assert messages_of(error)["abbreviation"] == ["Förkortningen skrivs med bokstäver, t.ex. ”S” eller ”KD”."]


def test_a_party_is_renamed():
    party = party_create(name="Folkpartiet", abbreviation="FP")
    party = party_update(party=party, name="Liberalerna", abbreviation="L")
    assert (party.name, party.abbreviation) == ("Liberalerna", "L")


# --- memberships -------------------------------------------------------------------------------------------------


@pytest.fixture
def body():
    return BodyFactory(name="Kulturnämnden", slug="kulturnamnden")


@pytest.fixture
def anna():
    return PersonFactory(name="Anna Berg", party=PartyFactory(abbreviation="S"))


def test_a_membership_takes_the_persons_party_unless_another_is_given(body, anna):
    membership = membership_create(person=anna, body=body, role=Membership.Role.MEMBER, start=START, end=END)
    assert membership.party == anna.party
    other = PartyFactory(abbreviation="V")
    membership = membership_update(membership=membership, party=other)
    assert membership.party == other


def test_a_membership_cannot_end_before_it_starts(body, anna):
    with pytest.raises(ValidationError) as error:
        membership_create(person=anna, body=body, role=Membership.Role.MEMBER, start=END, end=START)
    assert messages_of(error)["end"] == ["Till och med: uppdraget kan inte sluta före det börjar (31 december 2026)."]
    assert not Membership.objects.exists()


def test_two_overlapping_memberships_of_one_person_in_one_body_are_refused(body, anna):
    membership_create(person=anna, body=body, role=Membership.Role.MEMBER, start=START, end=END)
    with pytest.raises(ValidationError) as error:
        membership_create(person=anna, body=body, role=Membership.Role.SUBSTITUTE, start=dt.date(2024, 1, 1))
    assert messages_of(error)["start"] == [
        "Från och med: Anna Berg har redan ett uppdrag i Kulturnämnden under samma tid (ledamot, "
        "1 januari 2023–31 december 2026). Avsluta det först, eller ändra datumen."
    ]
    assert Membership.objects.count() == 1


def test_a_new_role_after_the_old_one_ended_and_another_body_at_the_same_time_are_fine(body, anna):
    first = membership_create(person=anna, body=body, role=Membership.Role.MEMBER, start=START, end=END)
    membership_end(membership=first, end=dt.date(2024, 6, 30))
    membership_create(person=anna, body=body, role=Membership.Role.CHAIR, start=dt.date(2024, 7, 1), end=END)
    membership_create(person=anna, body=BodyFactory(), role=Membership.Role.MEMBER, start=START, end=END)
    assert anna.memberships.count() == 3


def test_a_body_has_one_chair_at_a_time(body, anna):
    MembershipFactory(body=body, role=Membership.Role.CHAIR, person=PersonFactory(name="Per Holm"))
    with pytest.raises(ValidationError) as error:
        membership_create(person=anna, body=body, role=Membership.Role.CHAIR, start=dt.date(2024, 1, 1))
    assert messages_of(error)["role"] == [
        "Roll: Kulturnämnden har redan en ordförande under samma tid: Per Holm, 1 januari 2023–31 december 2026."
    ]


def test_history_records_who_ended_a_membership(body, anna):
    secretary = secretary_of(body)
    membership = membership_create(
        person=anna, body=body, role=Membership.Role.MEMBER, start=START, end=END, user=secretary
    )
    membership_end(membership=membership, end=dt.date(2024, 6, 30), user=secretary)
    latest = Membership.history.filter(id=membership.pk).latest("history_date")
    assert latest.history_user == secretary
    assert latest.end == dt.date(2024, 6, 30)


# --- adjusted protocols never change --------------------------------------------------------------------------------


@pytest.fixture
def adjusted(body, anna):
    """Anna was present at the meeting of 13 May 2024, whose protocol is adjusted."""
    membership = MembershipFactory(person=anna, body=body, start=START, end=END)
    meeting = MeetingFactory(body=body, start=local(2024, 5, 13, 9, 0))
    protocol = ProtocolFactory(meeting=meeting, adjusted_on=dt.date(2024, 5, 20))
    Attendance.objects.create(protocol=protocol, membership=membership)
    return membership


def test_a_membership_cannot_end_before_a_meeting_of_an_adjusted_protocol_it_is_in(adjusted):
    with pytest.raises(ValidationError) as error:
        membership_end(membership=adjusted, end=dt.date(2024, 5, 1))
    assert messages_of(error)["end"] == [
        "Till och med: uppdraget måste gälla 13 maj 2024, då Anna Berg finns i det justerade protokollet från "
        "sammanträdet med Kulturnämnden. Det protokollet ändras inte."
    ]
    assert Membership.objects.get(pk=adjusted.pk).end == END
    membership_end(membership=adjusted, end=dt.date(2024, 5, 13))  # the meeting's own day is still covered
    assert Membership.objects.get(pk=adjusted.pk).end == dt.date(2024, 5, 13)


def test_a_membership_cannot_start_after_such_a_meeting_nor_change_role_or_party(adjusted):
    with pytest.raises(ValidationError) as error:
        membership_update(
            membership=adjusted,
            start=dt.date(2024, 6, 1),
            role=Membership.Role.SUBSTITUTE,
            party=PartyFactory(abbreviation="V"),
        )
    errors = messages_of(error)
    assert errors["start"][0].startswith("Från och med: uppdraget måste gälla 13 maj 2024")
    assert errors["role"][0].startswith("Roll: uppdraget används i det justerade protokollet från sammanträdet med")
    assert errors["party"][0].startswith("Partigrupp: uppdraget används i det justerade protokollet")
    stored = Membership.objects.get(pk=adjusted.pk)
    assert (stored.start, stored.role) == (START, Membership.Role.MEMBER)


def test_a_protocol_out_for_justering_holds_the_roster_too(body, anna):
    membership = MembershipFactory(person=anna, body=body, start=START, end=END)
    meeting = MeetingFactory(body=body, start=local(2024, 5, 13, 9, 0))
    protocol = ProtocolFactory(meeting=meeting, sent_for_adjustment_at=timezone.now())
    Attendance.objects.create(protocol=protocol, membership=membership)
    with pytest.raises(ValidationError) as error:
        membership_end(membership=membership, end=dt.date(2024, 5, 1))
    assert "protokollet som är skickat för justering" in messages_of(error)["end"][0]


def test_the_ledamot_someone_served_for_is_held_as_well(body, anna):
    absent = MembershipFactory(person=anna, body=body, start=START, end=END)
    substitute = MembershipFactory(body=body, role=Membership.Role.SUBSTITUTE, start=START, end=END)
    protocol = ProtocolFactory(
        meeting=MeetingFactory(body=body, start=local(2024, 5, 13, 9, 0)), adjusted_on=dt.date(2024, 5, 20)
    )
    Attendance.objects.create(protocol=protocol, membership=absent, status=Attendance.Status.ABSENT)
    Attendance.objects.create(protocol=protocol, membership=substitute, serving_for=absent)
    with pytest.raises(ValidationError):
        membership_end(membership=absent, end=dt.date(2024, 1, 31))


def test_a_draft_protocol_does_not_hold_the_roster(body, anna):
    membership = MembershipFactory(person=anna, body=body, start=START, end=END)
    protocol = ProtocolFactory(meeting=MeetingFactory(body=body, start=local(2024, 5, 13, 9, 0)))
    assert protocol.status == Protocol.Status.DRAFT
    Attendance.objects.create(protocol=protocol, membership=membership)
    membership_end(membership=membership, end=dt.date(2024, 5, 1))
    assert Membership.objects.get(pk=membership.pk).end == dt.date(2024, 5, 1)
