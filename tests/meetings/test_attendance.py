"""Attendance from the roster (meetings.services.attendance): only members of the body on the meeting day can be
chosen, an ersättare serves for an absent ledamot, one ordförande among those present, justerare among those present
and not the ordförande; the older free text is matched to the roster line by line."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Attendance, Membership, Protocol
from meetings.services import protocol_create
from meetings.services.attendance import (
    CHAIR_KEY,
    attendance_from_text,
    attendance_missing,
    attendance_refresh,
    attendance_update,
    roster_missing,
    row_key,
)
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    local,
    secretary_of,
)

pytestmark = pytest.mark.django_db

DAY = "måndag 3 juni 2024"


def named_roster(body, *, example: bool = False) -> SimpleNamespace:
    """Kommunstyrelsen's roster on 3 June 2024 with names to read in messages: Anna Berg (S) ordförande, Jan Ek (M)
    and Lena Holm (S) ledamöter, Per Lind (S) and Eva Sten (M) ersättare; Olle Ny (V) left on 31 May."""
    s, m, v = PartyFactory(abbreviation="S"), PartyFactory(abbreviation="M"), PartyFactory(abbreviation="V")

    def member(name, party, role, **dates):
        slug = name.lower().replace(" ", "-")
        person = PersonFactory(name=name, slug=slug, party=party, is_example=example)
        return MembershipFactory(person=person, body=body, role=role, **dates)

    return SimpleNamespace(
        anna=member("Anna Berg", s, Membership.Role.CHAIR),
        jan=member("Jan Ek", m, Membership.Role.MEMBER),
        lena=member("Lena Holm", s, Membership.Role.MEMBER),
        per=member("Per Lind", s, Membership.Role.SUBSTITUTE),
        eva=member("Eva Sten", m, Membership.Role.SUBSTITUTE),
        olle=member("Olle Ny", v, Membership.Role.MEMBER, end=dt.date(2024, 5, 31)),
    )


def draft_with_roster(body, *, paragraphs: int = 6, example: bool = False):
    """A draft protocol of 3 June 2024 with §§ 1–6, its attendance prefilled from `named_roster`."""
    people = named_roster(body, example=example)
    meeting = MeetingFactory(body=body, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    for position in range(1, paragraphs + 1):
        AgendaItemFactory(meeting=meeting, position=position, number=str(position), proposal=f"Förslag {position}.")
    secretary = secretary_of(body)
    with time_machine.travel(dt.datetime(2024, 6, 3, 18, 0, tzinfo=STOCKHOLM), tick=False):
        protocol = protocol_create(meeting=meeting, user=secretary)
    return protocol, people, secretary


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def setup(body):
    return draft_with_roster(body)


def table(protocol: Protocol) -> dict:
    return {
        row.membership_id: (
            row.status,
            row.serving_for_id,
            row.from_paragraph,
            row.to_paragraph,
            row.is_chair,
            row.is_adjuster,
        )
        for row in protocol.attendance.all()
    }


def refused(protocol, rows, user=None) -> dict[str, list[str]]:
    """Call attendance_update expecting a refusal; check nothing changed; return the messages by key."""
    before = table(protocol)
    with pytest.raises(ValidationError) as error:
        attendance_update(protocol=protocol, rows=rows, user=user)
    assert table(protocol) == before, "nothing is stored when a row is wrong"
    return error.value.message_dict


def row(membership, **values) -> dict:
    return {"membership": membership, **values}


# --- prefill and refresh --------------------------------------------------------------------------------------------


def test_the_table_starts_from_the_roster_on_the_meeting_day(setup):
    protocol, people, _ = setup
    rows = {row.membership: row for row in protocol.attendance.all()}
    assert set(rows) == {people.anna, people.jan, people.lena, people.per, people.eva}  # not Olle: he had left
    assert rows[people.anna].is_chair
    assert [rows[m].is_present for m in (people.jan, people.lena, people.per, people.eva)] == [True, True, False, False]


def test_refresh_adds_who_joined_the_roster_and_never_removes_a_row(setup, body):
    protocol, people, secretary = setup
    newcomer = MembershipFactory(body=body, role=Membership.Role.SUBSTITUTE, person=PersonFactory(name="Ny Ersättare"))
    Membership.objects.filter(pk=people.eva.pk).update(end=dt.date(2024, 5, 1))  # her dates were corrected
    assert [membership.pk for membership in roster_missing(protocol)] == [newcomer.pk]

    added = attendance_refresh(protocol=protocol, user=secretary)

    assert [row.membership for row in added] == [newcomer]
    assert not added[0].is_present and not added[0].is_chair
    assert protocol.attendance.filter(membership=people.eva).exists()  # kept: the secretary decides
    assert attendance_refresh(protocol=protocol, user=secretary) == []
    assert protocol.attendance.count() == 6


# --- a member not serving that day cannot be chosen -----------------------------------------------------------------


def test_a_member_whose_membership_does_not_cover_the_day_cannot_be_chosen(setup):
    protocol, people, _ = setup
    errors = refused(protocol, [row(people.olle, status="present")])
    assert errors[row_key(people.olle.pk, "status")] == [
        f"Olle Ny (V), närvaro: Olle Ny har inget uppdrag i Kommunstyrelsen den {DAY} och kan inte väljas."
    ]
    assert not protocol.attendance.filter(membership=people.olle).exists()


def test_an_ersattare_cannot_serve_for_someone_who_is_not_a_member_that_day(setup):
    protocol, people, _ = setup
    errors = refused(protocol, [row(people.per, status="present", serving_for=people.olle)])
    assert errors[row_key(people.per.pk, "serving_for")] == [
        f"Per Lind (S), tjänstgör för: Olle Ny har inget uppdrag i Kommunstyrelsen den {DAY} och kan inte väljas."
    ]


def test_a_member_of_another_body_cannot_be_chosen(setup):
    protocol, people, _ = setup
    stranger = MembershipFactory(body=BodyFactory(name="Tekniska nämnden"), person=PersonFactory(name="Stina Fri"))
    errors = refused(protocol, [row(people.per, status="present", serving_for=stranger)])
    assert "Stina Fri har inget uppdrag i Kommunstyrelsen" in errors[row_key(people.per.pk, "serving_for")][0]
    errors = refused(protocol, [row(stranger, status="present")])
    assert errors["__all__"] == ["En av raderna hör inte till organets ledamöter. Ladda om sidan."]


def test_a_row_whose_membership_ended_before_the_day_may_only_be_absent(setup):
    protocol, people, secretary = setup
    Membership.objects.filter(pk=people.jan.pk).update(end=dt.date(2024, 5, 31))
    assert f"Jan Ek (M) är markerad som närvarande men har inget uppdrag i organet den {DAY}." in attendance_missing(
        protocol
    )
    errors = refused(protocol, [row(people.jan, status="present")])
    assert "Markera personen som frånvarande." in errors[row_key(people.jan.pk, "status")][0]
    attendance_update(protocol=protocol, rows=[row(people.jan, status="absent")], user=secretary)
    assert not protocol.attendance.get(membership=people.jan).is_present


# --- ersättare serving for absent ledamöter ------------------------------------------------------------------------


def test_an_ersattare_serves_for_an_absent_ledamot(setup):
    protocol, people, secretary = setup
    rows = attendance_update(
        protocol=protocol,
        rows=[row(people.lena, status="absent"), row(people.per, status="present", serving_for=people.lena)],
        user=secretary,
    )
    per = next(row for row in rows if row.membership == people.per)
    assert per.serving_for == people.lena and per.serves_at(3)
    lena = protocol.attendance.get(membership=people.lena)
    assert not lena.is_present and not lena.serves_at(3)
    assert per.history.latest().history_user == secretary


def test_an_ersattare_cannot_serve_for_a_ledamot_who_is_present(setup):
    protocol, people, _ = setup
    errors = refused(protocol, [row(people.per, status="present", serving_for=people.lena)])
    assert errors[row_key(people.per.pk, "serving_for")] == [
        "Per Lind (S), tjänstgör för: Lena Holm är närvarande vid § 1–6. "
        "En ersättare tjänstgör bara för en ledamot som är frånvarande."
    ]


def test_an_ersattare_serves_for_the_paragraphs_the_ledamot_missed(setup):
    protocol, people, secretary = setup
    late = [row(people.lena, status="present", from_paragraph=4)]
    errors = refused(protocol, [*late, row(people.per, status="present", serving_for=people.lena, to_paragraph=4)])
    assert "Lena Holm är närvarande vid § 4." in errors[row_key(people.per.pk, "serving_for")][0]

    attendance_update(
        protocol=protocol,
        rows=[*late, row(people.per, status="present", serving_for=people.lena, to_paragraph=3)],
        user=secretary,
    )
    per = protocol.attendance.get(membership=people.per)
    lena = protocol.attendance.get(membership=people.lena)
    assert [per.serves_at(n) for n in (3, 4)] == [True, False]
    assert [lena.serves_at(n) for n in (3, 4)] == [False, True]


def test_a_ledamot_has_one_ersattare_at_a_time(setup):
    protocol, people, secretary = setup
    absent = row(people.lena, status="absent")
    errors = refused(
        protocol,
        [
            absent,
            row(people.per, status="present", serving_for=people.lena),
            row(people.eva, status="present", serving_for=people.lena, from_paragraph=5),
        ],
    )
    # Eva Sten (M) comes first in the table (ersättare by party, then name): the later row is the one refused.
    assert errors[row_key(people.per.pk, "serving_for")] == [
        "Per Lind (S), tjänstgör för: Lena Holm har redan en ersättare vid § 5–6: Eva Sten (M). "
        "En ledamot har en ersättare åt gången."
    ]
    attendance_update(
        protocol=protocol,
        rows=[
            absent,
            row(people.per, status="present", serving_for=people.lena, to_paragraph=4),
            row(people.eva, status="present", serving_for=people.lena, from_paragraph=5),
        ],
        user=secretary,
    )
    assert protocol.attendance.filter(serving_for=people.lena).count() == 2


def test_a_ledamot_serves_in_their_own_right_and_for_no_one(setup):
    protocol, people, _ = setup
    errors = refused(protocol, [row(people.lena, status="absent"), row(people.jan, serving_for=people.lena)])
    assert errors[row_key(people.jan.pk, "serving_for")] == [
        "Jan Ek (M), tjänstgör för: Jan Ek är ledamot och beslutar i egen rätt. "
        "Bara en ersättare kan tjänstgöra för någon."
    ]


def test_an_absent_ersattare_serves_for_no_one_and_an_ersattare_for_no_other_ersattare(setup):
    protocol, people, _ = setup
    errors = refused(protocol, [row(people.lena, status="absent"), row(people.per, serving_for=people.lena)])
    assert "Per Lind är frånvarande och kan inte tjänstgöra." in errors[row_key(people.per.pk, "serving_for")][0]
    errors = refused(protocol, [row(people.per, status="present", serving_for=people.eva)])
    assert "Eva Sten är ersättare." in errors[row_key(people.per.pk, "serving_for")][0]


# --- paragraphs, chair and adjusters --------------------------------------------------------------------------------


def test_from_and_to_name_paragraphs_of_the_protocol_in_order(setup):
    protocol, people, _ = setup
    errors = refused(protocol, [row(people.jan, from_paragraph=9, to_paragraph=2), row(people.lena, to_paragraph=0)])
    assert errors[row_key(people.jan.pk, "from_paragraph")] == ["Jan Ek (M), från §: protokollet har ingen § 9."]
    assert errors[row_key(people.jan.pk, "to_paragraph")] == [
        "Jan Ek (M), t.o.m. §: § 2 kommer före § 9. Ange den sista paragrafen personen var med på."
    ]
    assert errors[row_key(people.lena.pk, "to_paragraph")] == ["Lena Holm (S), t.o.m. §: protokollet har ingen § 0."]
    errors = refused(protocol, [row(people.eva, status="absent", from_paragraph=2)])
    assert "Eva Sten är frånvarande." in errors[row_key(people.eva.pk, "from_paragraph")][0]


def test_exactly_one_ordforande_who_is_present(setup):
    protocol, people, secretary = setup
    errors = refused(protocol, [row(people.anna, is_chair=False)])
    assert errors[CHAIR_KEY] == ["Ordförande: välj vem som var ordförande vid sammanträdet."]
    errors = refused(protocol, [row(people.anna, status="absent")])
    assert errors[CHAIR_KEY] == [
        "Ordförande: Anna Berg (S) är markerad som frånvarande. Ordföranden väljs bland de närvarande."
    ]
    errors = refused(protocol, [row(people.jan, is_chair=True)])
    assert errors[CHAIR_KEY] == ["Ordförande: bara en kan vara ordförande, men Anna Berg (S), Jan Ek (M) är valda."]

    # The vice chair takes the chair: the constraint of one chair per protocol holds while the rows are saved.
    attendance_update(
        protocol=protocol,
        rows=[row(people.anna, status="absent", is_chair=False), row(people.jan, is_chair=True)],
        user=secretary,
    )
    assert protocol.attendance.get(is_chair=True).membership == people.jan


def test_adjusters_are_present_and_not_the_ordforande(setup):
    protocol, people, secretary = setup
    errors = refused(protocol, [row(people.anna, is_adjuster=True), row(people.eva, status="absent", is_adjuster=True)])
    assert errors[row_key(people.anna.pk, "is_adjuster")] == [
        "Anna Berg (S), justerare: Anna Berg är ordförande och godkänner protokollet som ordförande. "
        "Välj andra justerare."
    ]
    assert errors[row_key(people.eva.pk, "is_adjuster")] == [
        "Eva Sten (M), justerare: Eva Sten är frånvarande. Justerare väljs bland de närvarande."
    ]
    attendance_update(
        protocol=protocol, rows=[row(people.jan, is_adjuster=True), row(people.lena, is_adjuster=True)], user=secretary
    )
    assert {row.membership for row in protocol.attendance.filter(is_adjuster=True)} == {people.jan, people.lena}
    assert attendance_missing(protocol) == []


def test_every_error_is_reported_at_once_and_nothing_is_stored(setup):
    protocol, people, _ = setup
    errors = refused(
        protocol,
        [
            row(people.anna, status="absent"),
            row(people.jan, from_paragraph=99),
            row(people.per, status="present", serving_for=people.lena),
            row(people.eva, status="absent", is_adjuster=True),
        ],
    )
    assert set(errors) == {
        CHAIR_KEY,
        row_key(people.jan.pk, "from_paragraph"),
        row_key(people.per.pk, "serving_for"),
        row_key(people.eva.pk, "is_adjuster"),
    }


def test_only_a_draft_changes(setup):
    protocol, people, secretary = setup
    Protocol.objects.filter(pk=protocol.pk).update(sent_for_adjustment_at=timezone.now())
    with pytest.raises(ValidationError, match="skickat för justering"):
        attendance_update(protocol=protocol, rows=[row(people.jan, status="absent")], user=secretary)
    with pytest.raises(ValidationError, match="skickat för justering"):
        attendance_refresh(protocol=protocol, user=secretary)
    Protocol.objects.filter(pk=protocol.pk).update(sent_for_adjustment_at=None, adjusted_on=dt.date(2024, 6, 4))
    with pytest.raises(ValidationError, match="justerat"):
        attendance_update(protocol=protocol, rows=[row(people.jan, status="absent")], user=secretary)
    with pytest.raises(ValidationError, match="justerat"):
        attendance_from_text(protocol=protocol, user=secretary)
    assert protocol.attendance.get(membership=people.jan).is_present


# --- from the older free text ---------------------------------------------------------------------------------------


def with_text(protocol, **texts) -> Protocol:
    Protocol.objects.filter(pk=protocol.pk).update(**texts)
    protocol.refresh_from_db()
    return protocol


def test_lines_that_match_the_roster_become_attendance_and_leave_the_text(setup):
    protocol, people, secretary = setup
    with_text(
        protocol,
        chair="Anna Berg (S)",
        members=(
            "Anna Berg (S), ordförande\n"
            "jan ek (m), från § 2\n"
            "Per Lind (S), tjänstgör för Lena Holm (S)\n"
            "Okänd Person (V)\n"
            "Eva Sten (S)"
        ),
        substitutes="",
        adjusters="Jan Ek (M)\nAnna Berg",
    )

    result = attendance_from_text(protocol=protocol, user=secretary)

    rows = {row.membership: row for row in protocol.attendance.all()}
    assert rows[people.anna].is_chair and rows[people.anna].is_present and not rows[people.anna].is_adjuster
    assert (rows[people.jan].is_present, rows[people.jan].from_paragraph, rows[people.jan].is_adjuster) == (
        True,
        2,
        True,
    )
    assert rows[people.per].is_present and rows[people.per].serving_for == people.lena
    assert not rows[people.lena].is_present  # not among those who decided: marked absent, and said so
    assert not rows[people.eva].is_present  # "Eva Sten (S)": she sits for M, so the line is not hers
    assert result.marked_absent == ["Lena Holm (S)"]
    assert [(line.line, line.reason) for line in result.unmatched] == [
        ("Okänd Person (V)", f"Okänd Person finns inte bland Kommunstyrelsens ledamöter och ersättare den {DAY}"),
        ("Eva Sten (S)", "Eva Sten sitter inte för S i Kommunstyrelsen"),
    ]
    assert result.notes == ["Anna Berg (S) är ordförande och godkänner protokollet som ordförande, inte som justerare."]
    protocol.refresh_from_db()
    assert (protocol.chair, protocol.members, protocol.substitutes, protocol.adjusters) == (
        "",
        "Okänd Person (V)\nEva Sten (S)",
        "",
        "",
    )
    assert protocol.history.latest().history_user == secretary


def test_a_line_with_words_that_are_not_understood_stays_in_the_text(setup):
    protocol, _people, secretary = setup
    with_text(protocol, chair="", members="Jan Ek (M), kom sent\n[[Anna Berg]] (S)", substitutes="", adjusters="")
    result = attendance_from_text(protocol=protocol, user=secretary)
    assert [line.reason for line in result.unmatched] == [
        "tillägget ”kom sent” känns inte igen",
        "raden har text som är markerad för maskering",
    ]
    protocol.refresh_from_db()
    assert protocol.members == "Jan Ek (M), kom sent\n[[Anna Berg]] (S)"


def test_text_that_breaks_the_rules_is_refused_and_nothing_changes(setup):
    protocol, _people, secretary = setup
    with_text(
        protocol,
        chair="",
        members="Lena Holm (S)\nPer Lind (S), tjänstgör för Lena Holm\nAnna Berg (S)",
        substitutes="",
        adjusters="",
    )
    before = table(protocol)
    with pytest.raises(ValidationError) as error:
        attendance_from_text(protocol=protocol, user=secretary)
    assert "Per Lind (S), tjänstgör för: Lena Holm är närvarande" in " ".join(error.value.messages)
    assert table(protocol) == before
    protocol.refresh_from_db()
    assert protocol.members.startswith("Lena Holm (S)")


def test_no_person_exists_when_the_rows_are_introduced_so_older_protocols_keep_their_text(body):
    """What the migration leaves: a protocol written before the roster has its lists as text and no rows; the
    adjusting check reads the text, and matching has nothing to match until the roster is entered."""
    meeting = MeetingFactory(body=body, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1")
    protocol = protocol_create(meeting=meeting, user=secretary_of(body))
    assert not protocol.attendance.exists()
    with_text(protocol, chair="Anna Berg (S)", members="Anna Berg (S)", adjusters="Jan Ek (M)")
    assert attendance_missing(protocol) == []
    result = attendance_from_text(protocol=protocol, user=None)
    assert result.matched == [] and len(result.unmatched) == 3
    protocol.refresh_from_db()
    assert (protocol.chair, protocol.members, protocol.adjusters) == ("Anna Berg (S)", "Anna Berg (S)", "Jan Ek (M)")


def test_matching_runs_once_the_roster_is_in(body):
    meeting = MeetingFactory(body=body, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1")
    secretary = secretary_of(body)
    protocol = protocol_create(meeting=meeting, user=secretary)
    with_text(protocol, chair="Anna Berg (S)", members="Anna Berg (S)\nJan Ek (M)", adjusters="Jan Ek (M)")
    people = named_roster(body)  # entered after the protocol was written

    result = attendance_from_text(protocol=protocol, user=secretary)

    assert len(result.matched) == 4 and result.unmatched == []
    assert protocol.attendance.count() == 5  # the whole roster of the day, those not named absent
    assert protocol.attendance.get(is_chair=True).membership == people.anna
    assert protocol.attendance.get(is_adjuster=True).membership == people.jan
    assert not protocol.attendance.get(membership=people.lena).is_present
    assert attendance_missing(protocol) == []


def test_a_correction_copies_the_attendance(setup):
    from meetings.services import protocol_adjust, protocol_correct, protocol_post

    protocol, people, secretary = setup
    with_text(protocol, secretary="Karin Lund")
    attendance_update(
        protocol=protocol,
        rows=[
            row(people.lena, status="absent"),
            row(people.per, status="present", serving_for=people.lena),
            row(people.jan, is_adjuster=True),
        ],
        user=secretary,
    )
    with time_machine.travel(dt.datetime(2024, 6, 5, 10, 0, tzinfo=STOCKHOLM), tick=False):
        protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 6, 4), user=secretary)
        protocol_post(protocol=protocol, user=secretary)
        correction = protocol_correct(protocol=protocol, note="Rättat § 2.", user=secretary)
    assert table(correction) == table(protocol)
    assert isinstance(correction.attendance.first(), Attendance)


def posted_with_roster(body, *, example: bool = False):
    """A posted protocol of 3 June 2024 whose attendance comes from `named_roster`: Anna Berg chairs, Jan Ek comes
    at § 4 and adjusts, Lena Holm is absent and Per Lind serves for her, Eva Sten is absent. Adjusted on paper."""
    from meetings.services import protocol_adjust, protocol_post

    protocol, people, secretary = draft_with_roster(body, example=example)
    with_text(protocol, secretary="Karin Lund", officials="Karin Lund, nämndsekreterare")
    attendance_update(
        protocol=protocol,
        rows=[
            row(people.jan, from_paragraph=4, is_adjuster=True),
            row(people.lena, status="absent"),
            row(people.per, status="present", serving_for=people.lena),
        ],
        user=secretary,
    )
    with time_machine.travel(dt.datetime(2024, 6, 5, 10, 0, tzinfo=STOCKHOLM), tick=False):
        protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 6, 4), user=secretary)
        protocol_post(protocol=protocol, user=secretary)
    protocol.refresh_from_db()
    return protocol, people


@pytest.mark.parametrize(
    "role", ["första vice ordförande", "2:a vice ordförande", "andre vice ordförande", "ej tjänstgörande ersättare"]
)
def test_a_role_the_term_import_reads_is_accepted_beside_a_name_in_old_text(role):
    """The role words are those of the term import (member_import.parse_role): a line that one accepts, the other
    does not refuse."""
    from meetings.services.attendance import _parse_line

    parsed = _parse_line(f"Anna Berg (S), {role}, justerare")
    assert not isinstance(parsed, str), parsed
    assert parsed.is_adjuster and not parsed.is_chair
