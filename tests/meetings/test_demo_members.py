"""The demo parties and the invented example rosters (meetings/demo_members.py), as `make run` loads them."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from meetings.demo_members import DEMO_ACCOUNTS, load_member_demo
from meetings.models import Body, Membership, Party, Person
from tests.factories import local

pytestmark = pytest.mark.django_db

NOTICE = "Namnen är påhittade exempel. Örebro kommuns verkliga ledamöter och ersättare finns inte i portalen ännu."


@pytest.fixture
def demo(eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=StringIO())


def _rows() -> tuple:
    return (
        sorted(Party.objects.values_list("abbreviation", "name", "position")),
        sorted(Person.objects.values_list("slug", "name", "party__abbreviation", "is_example", "user_id")),
        sorted(
            Membership.objects.values_list("person__slug", "body__slug", "role", "party__abbreviation", "start", "end")
        ),
    )


def test_the_parties_are_the_eight_of_kommunstyrelsen_with_the_governing_three_first(demo):
    parties = list(Party.objects.values_list("abbreviation", "name"))
    assert parties == [
        ("S", "Socialdemokraterna"),
        ("M", "Moderaterna"),
        ("C", "Centerpartiet"),
        ("V", "Vänsterpartiet"),
        ("KD", "Kristdemokraterna"),
        ("L", "Liberalerna"),
        ("MP", "Miljöpartiet"),
        ("SD", "Sverigedemokraterna"),  # the budget seed misspells it
    ]


def test_every_demo_person_is_an_invented_example(demo):
    persons = list(Person.objects.all())
    assert len(persons) == 26
    for person in persons:
        assert person.is_example, person
        assert person.name.split()[-1] in {"Exempelsson", "Exempeldotter"}, person
        assert not person.public_email or person.public_email.endswith("@example.org")


def test_rosters_of_kommunstyrelsen_and_two_committees_for_the_term(demo):
    by_body = {
        body.slug: list(Membership.objects.filter(body=body).select_related("person"))
        for body in Body.objects.filter(memberships__isnull=False).distinct()
    }
    assert set(by_body) == {"kommunstyrelsen", "hallbarhetsutskottet", "trygghetsutskottet"}
    board = by_body["kommunstyrelsen"]
    assert sum(m.is_ledamot for m in board) == 13 and sum(not m.is_ledamot for m in board) == 13
    assert {m.party.abbreviation for m in board if m.is_ledamot} == {"S", "M", "C", "V", "KD", "L", "MP", "SD"}
    assert [m.party.abbreviation for m in board if m.role == Membership.Role.CHAIR] == ["S"]
    for rows in by_body.values():
        assert {(m.start, m.end) for m in rows} == {(dt.date(2023, 1, 1), dt.date(2026, 12, 31))}
        assert all(m.party_id == m.person.party_id for m in rows)
        assert len([m for m in rows if m.role == Membership.Role.CHAIR]) == 1
    committee_persons = {m.person_id for slug, rows in by_body.items() if slug != "kommunstyrelsen" for m in rows}
    assert committee_persons <= {m.person_id for m in board}  # the committees are drawn from Kommunstyrelsen


def test_loading_twice_gives_the_same_rows_and_says_nothing_changed(demo):
    before = _rows()
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert _rows() == before
    assert "inget ändrat" in out.getvalue()
    assert load_member_demo() == {"parties": 0, "persons": 0, "memberships": 0}


def test_an_edited_demo_row_is_left_as_staff_left_it(demo):
    person = Person.objects.get(slug="anna-exempeldotter")
    person.public_email = ""
    person.save()
    load_member_demo()
    person.refresh_from_db()
    assert person.public_email == ""


def test_the_first_load_reports_what_it_created(eager_celery, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=out)
    assert "8 partier, 26 påhittade exempelpersoner och 42 uppdrag skapade" in out.getvalue()


@time_machine.travel(local(2024, 9, 1, 9, 0), tick=False)
def test_the_pages_say_the_names_are_invented(client, demo):
    for url in ("/ledamoter/", "/organ/kommunstyrelsen/", "/organ/trygghetsutskottet/", "/ledamoter/ake-exempelsson/"):
        html = client.get(url).content.decode()
        assert NOTICE in html, url
    listing = client.get("/ledamoter/?organ=kommunstyrelsen").content.decode()
    assert "26 personer har uppdrag i dag" in listing
    assert 'Anna Exempeldotter</a> <span class="tag tag--example">exempel</span>' in listing
    person = client.get("/ledamoter/anna-exempeldotter/").content.decode()
    assert "Det här är en påhittad person." in person
    assert 'href="mailto:anna.exempeldotter@example.org"' in person


def test_staff_flag_links_the_chair_and_two_ledamoter_to_accounts(eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("load_demo_data", "--staff", stdout=out)
        call_command("load_demo_data", "--staff", stdout=StringIO())  # again: nothing new, nothing reset
    assert "ordforande, justerare1, justerare2" in out.getvalue()
    board = Body.objects.get(slug="kommunstyrelsen")
    linked = {
        person.user.username: person for person in Person.objects.filter(user__isnull=False).select_related("user")
    }
    assert set(linked) == set(DEMO_ACCOUNTS) == {"ordforande", "justerare1", "justerare2"}
    chair = linked["ordforande"].memberships.get(body=board)
    assert chair.role == Membership.Role.CHAIR
    for username in ("justerare1", "justerare2"):
        membership = linked[username].memberships.get(body=board)
        assert membership.role == Membership.Role.MEMBER
        assert linked[username].is_example
    assert linked["justerare1"].user.check_password("orebro-demo-2024")
