"""The CSV import of a term's roster: a preview that names every problem by row and column, then all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Membership, Person
from meetings.services.member_import import (
    member_import_apply,
    member_import_preview,
    member_import_read,
    parse_role,
)
from tests.factories import BodyFactory, MembershipFactory, PartyFactory, PersonFactory, secretary_of

pytestmark = pytest.mark.django_db

TERM = {"term_start": dt.date(2023, 1, 1), "term_end": dt.date(2026, 12, 31)}
HEADER = "namn;parti;roll;från;till"
GOOD = "\n".join(
    [
        HEADER,
        "Anna Exempelsson;S;ordförande;;",
        "Per Exempelsson;Moderaterna;1:e vice ordförande;2023-01-01;2026-12-31",
        "Lena Exempeldotter;C;2:e vice ordförande;;",
        "Omar Exempelsson;s;ledamot;;",
        "Sara Exempeldotter;M;ersättare;2023-01-01;2024-06-30",
    ]
)


@pytest.fixture
def body():
    for abbreviation in ("S", "M", "C"):
        PartyFactory(abbreviation=abbreviation)
    return BodyFactory(name="Kulturnämnden", slug="kulturnamnden")


def preview(body, text: str):
    return member_import_preview(body=body, text=text, **TERM)


def apply(body, text: str, plan=None):
    plan = plan or preview(body, text)
    return member_import_apply(body=body, text=text, digest=plan.digest, **TERM)


def errors_of(body, text: str) -> list[str]:
    return preview(body, text).errors


def test_roles_as_people_write_them():
    assert parse_role("Ordförande") == Membership.Role.CHAIR
    assert parse_role("1:e  vice ordförande") == Membership.Role.FIRST_VICE_CHAIR
    assert parse_role("förste vice ordförande") == Membership.Role.FIRST_VICE_CHAIR
    assert parse_role("2:e vice ordförande") == Membership.Role.SECOND_VICE_CHAIR
    assert parse_role("ANDRE VICE ORDFÖRANDE") == Membership.Role.SECOND_VICE_CHAIR
    assert parse_role("Ledamot") == Membership.Role.MEMBER
    assert parse_role("ersättare") == Membership.Role.SUBSTITUTE
    assert parse_role("suppleant") is None


def test_the_preview_says_what_will_be_created_and_stores_nothing(body):
    existing = PersonFactory(name="Omar Exempelsson", party=PartyFactory(abbreviation="S"))
    plan = preview(body, GOOD)
    assert plan.errors == []
    assert [name for name, _party in plan.new_persons] == [
        "Anna Exempelsson",
        "Per Exempelsson",
        "Lena Exempeldotter",
        "Sara Exempeldotter",
    ]
    assert plan.matched_persons == [existing.pk]
    assert len(plan.new_memberships) == 5
    sara = plan.rows[-1]
    assert (sara.role, sara.start_date, sara.end_date) == (
        Membership.Role.SUBSTITUTE,
        dt.date(2023, 1, 1),
        dt.date(2024, 6, 30),
    )
    assert plan.rows[0].start_date == dt.date(2023, 1, 1) and plan.rows[0].end_date == dt.date(2026, 12, 31)
    assert Person.objects.count() == 1 and not Membership.objects.exists()


def test_applying_creates_persons_and_memberships_and_a_second_import_changes_nothing(body):
    result = apply(body, GOOD)
    assert (result.persons_created, result.memberships_created, result.unchanged) == (5, 5, 0)
    chair = Membership.objects.get(body=body, role=Membership.Role.CHAIR)
    assert chair.person.name == "Anna Exempelsson" and chair.party.abbreviation == "S"
    assert chair.person.slug == "anna-exempelsson"
    again = preview(body, GOOD)
    assert again.errors == [] and len(again.existing_memberships) == 5 and again.new_memberships == []
    result = apply(body, GOOD, again)
    assert (result.persons_created, result.memberships_created, result.unchanged) == (0, 0, 5)
    assert Membership.objects.count() == 5


def test_the_history_names_who_imported(body):
    secretary = secretary_of(body)
    plan = preview(body, GOOD)
    member_import_apply(body=body, text=GOOD, digest=plan.digest, user=secretary, **TERM)
    assert {record.history_user for record in Membership.history.all()} == {secretary}


@pytest.mark.parametrize(
    ("encoding", "separator"), [("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";"), ("utf-8", ",")]
)
def test_files_as_excel_saves_them(body, encoding, separator):
    text = GOOD.replace(HEADER, "Namn;PARTI;Roll;Från;Till").replace(";", separator)
    plan = preview(body, member_import_read(text.encode(encoding)))
    assert plan.errors == []
    assert [row.name for row in plan.rows][:2] == ["Anna Exempelsson", "Per Exempelsson"]


def test_a_file_that_is_not_text_is_refused_at_the_field():
    with pytest.raises(ValidationError) as error:
        member_import_read(b"%PDF-1.7\x00\x01\x02")
    assert error.value.message_dict["file"][0].startswith("Fil: filen går inte att läsa som text")


# --- every problem, by row and column -------------------------------------------------------------------------------


def test_a_header_is_required(body):
    assert errors_of(body, "Anna Exempelsson;S;ordförande\n") == [
        "Rad 1, kolumn 1: okänd rubrik ”Anna Exempelsson”. Rubrikraden ska vara namn;parti;roll;från;till.",
        "Rad 1, kolumn 2: okänd rubrik ”S”. Rubrikraden ska vara namn;parti;roll;från;till.",
        "Rad 1, kolumn 3: okänd rubrik ”ordförande”. Rubrikraden ska vara namn;parti;roll;från;till.",
        "Rad 1: rubrikraden saknar ”namn”, ”parti”, ”roll”. Den ska vara namn;parti;roll;från;till.",
    ]


def test_a_row_longer_than_the_header(body):
    errors = errors_of(body, f"{HEADER}\nAnna Exempelsson;S;ledamot;;;Storgatan 1\n")
    assert errors == [
        "Rad 2, kolumn 6: raden har fler kolumner än rubrikraden (5). Kontrollera avgränsare och citattecken."
    ]


def test_an_unknown_party_and_an_unknown_role(body):
    errors = errors_of(body, f"{HEADER}\nAnna Exempelsson;Piratpartiet;suppleant;;\n")
    assert errors[0] == "Rad 2, Parti: okänt parti ”Piratpartiet”; skriv förkortningen (C, M, S) eller namnet"
    assert errors[1].startswith("Rad 2, Roll: okänd roll ”suppleant”; skriv ordförande, förste vice ordförande")


def test_an_impossible_date_and_dates_outside_the_term(body):
    text = "\n".join(
        [
            HEADER,
            "Anna Exempelsson;S;ledamot;2023-02-30;",
            "Per Exempelsson;M;ledamot;2022-12-31;2027-01-01",
            "Lena Exempeldotter;C;ledamot;1/1 2023;",
            "Sara Exempeldotter;C;ersättare;2024-01-01;2023-06-30",
        ]
    )
    assert errors_of(body, text) == [
        "Rad 2, Från: ”2023-02-30” är inget datum; skriv det som 2023-01-01",
        "Rad 3, Från: 2022-12-31 ligger utanför mandatperioden 1 januari 2023–31 december 2026",
        "Rad 3, Till: 2027-01-01 ligger utanför mandatperioden 1 januari 2023–31 december 2026",
        "Rad 4, Från: ”1/1 2023” är inget datum; skriv det som 2023-01-01",
        "Rad 5, Till: 2023-06-30 är före 2024-01-01",
    ]


def test_a_duplicate_row_a_person_twice_as_ledamot_and_two_chairs(body):
    text = "\n".join(
        [
            HEADER,
            "Anna Exempelsson;S;ledamot;;",
            "Anna Exempelsson;S;ledamot;;",
            "Per Exempelsson;M;ledamot;;",
            "Per Exempelsson;M;ordförande;2024-01-01;",
            "Lena Exempeldotter;C;ledamot;;",
            "Lena Exempeldotter;C;ersättare;;",
            "Omar Exempelsson;S;ordförande;2023-01-01;2023-12-31",
            "Sara Exempeldotter;C;ordförande;2023-06-01;2023-12-31",
        ]
    )
    assert errors_of(body, text) == [
        "Rad 3, Namn: samma person, roll och datum som rad 2",
        "Rad 5, Roll: Per Exempelsson står redan som ledamot under samma tid på rad 4",
        "Rad 7, Från: Lena Exempeldotter har redan ett uppdrag under samma tid på rad 6",
        "Rad 9, Roll: rad 8 har redan en ordförande under samma tid",
    ]


def test_the_same_person_in_two_roles_one_after_the_other_is_fine(body):
    text = f"{HEADER}\nAnna Exempelsson;S;ledamot;2023-01-01;2024-12-31\nAnna Exempelsson;S;ordförande;2025-01-01;\n"
    plan = preview(body, text)
    assert plan.errors == [] and len(plan.new_persons) == 1 and len(plan.new_memberships) == 2
    apply(body, text, plan)
    assert Person.objects.get().memberships.count() == 2


def test_rows_against_what_is_stored(body):
    anna = PersonFactory(name="Anna Exempelsson", party=PartyFactory(abbreviation="S"))
    MembershipFactory(person=anna, body=body, role=Membership.Role.SUBSTITUTE)
    MembershipFactory(body=body, role=Membership.Role.CHAIR, person=PersonFactory(name="Per Holm"))
    text = f"{HEADER}\nAnna Exempelsson;S;ledamot;;\nLena Exempeldotter;C;ordförande;;\n"
    assert errors_of(body, text) == [
        "Rad 2, Från: Anna Exempelsson har redan ett uppdrag i Kulturnämnden under samma tid "
        "(ersättare, 1 januari 2023–31 december 2026)",
        "Rad 3, Roll: Kulturnämnden har redan en ordförande under samma tid: Per Holm, 1 januari 2023–31 december 2026",
    ]


def test_a_name_in_another_party_is_a_new_person_with_a_warning(body):
    PersonFactory(name="Anna Exempelsson", party=PartyFactory(abbreviation="M"))
    plan = preview(body, f"{HEADER}\nAnna Exempelsson;S;ledamot;;\n")
    assert plan.errors == []
    assert plan.new_persons == [("Anna Exempelsson", PartyFactory(abbreviation="S").pk)]
    assert plan.warnings == [
        "Rad 2: det finns redan en Anna Exempelsson med ett annat parti; en ny person skapas för S."
    ]


def test_a_personnummer_in_a_name_is_refused(body):
    assert errors_of(body, f"{HEADER}\nAnna 811218-9876;S;ledamot;;\n") == [
        "Rad 2, Namn: skriv bara namnet, utan personnummer eller markeringar"
    ]


# --- all or nothing -------------------------------------------------------------------------------------------------


def test_nothing_is_stored_when_any_row_has_an_error(body):
    text = GOOD + "\nOla Exempelsson;S;suppleant;;"
    with pytest.raises(ValidationError) as error:
        member_import_apply(body=body, text=text, digest="", **TERM)
    assert error.value.messages == [
        "Rad 7, Roll: okänd roll ”suppleant”; skriv ordförande, förste vice ordförande, "
        "andre vice ordförande, ledamot eller ersättare"
    ]
    assert not Person.objects.exists() and not Membership.objects.exists()


def test_apply_refuses_when_the_roster_changed_since_the_preview(body):
    plan = preview(body, GOOD)
    # In between, someone enters one of the file's persons by hand: the import would now match her.
    PersonFactory(name="Anna Exempelsson", party=PartyFactory(abbreviation="S"))
    with pytest.raises(ValidationError) as error:
        member_import_apply(body=body, text=GOOD, digest=plan.digest, **TERM)
    assert "ledamöterna har ändrats sedan förhandsgranskningen" in error.value.messages[0]
    assert Person.objects.count() == 1 and not Membership.objects.exists()


def test_a_term_that_ends_before_it_starts_is_refused(body):
    with pytest.raises(ValidationError) as error:
        member_import_preview(body=body, text=GOOD, term_start=dt.date(2026, 1, 1), term_end=dt.date(2023, 1, 1))
    assert "term_end" in error.value.message_dict
