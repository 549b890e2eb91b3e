"""The staff pages of the elected: who may see and change what, refusals at their fields with nothing stored, the
import with its preview, the history, and the admin keeping the same rules."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from meetings import urls_staff_members
from meetings.models import Attendance, Membership, Party, Person
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    ProtocolFactory,
    UserFactory,
    administrator,
    controller_of,
    local,
    roster,
    secretary_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    body = BodyFactory(name="Kulturnämnden", slug="kulturnamnden")
    other = BodyFactory(name="Valnämnden", slug="valnamnden")
    party = PartyFactory(abbreviation="S")
    PartyFactory(abbreviation="M")
    anna = PersonFactory(name="Anna Berg", party=party)
    membership = MembershipFactory(person=anna, body=body)
    stranger = PersonFactory(name="Olle Främling")
    foreign = MembershipFactory(person=stranger, body=other)
    return {
        "body": body,
        "other": other,
        "party": party,
        "anna": anna,
        "membership": membership,
        "stranger": stranger,
        "foreign": foreign,
        "secretary": secretary_of(body, first_name="Karin", last_name="Lund"),
        "other_secretary": secretary_of(other),
        "controller": controller_of(body),
        "admin": administrator(),
        "plain": UserFactory(),
    }


def patterns() -> list[URLPattern]:
    return [p for p in urls_staff_members.urlpatterns if isinstance(p, URLPattern)]


def url_of(pattern: URLPattern, world, *, own: bool = True) -> str:
    route = str(pattern.pattern)
    kwargs = {}
    if "<slug:slug>" in route:
        kwargs["slug"] = (world["body"] if own else world["other"]).slug
    if "<int:pk>" in route:
        if route.startswith("uppdrag/"):
            kwargs["pk"] = (world["membership"] if own else world["foreign"]).pk
        elif route.startswith("ledamoter/personer/"):
            kwargs["pk"] = (world["anna"] if own else world["stranger"]).pk
        elif route.startswith("ledamoter/partier/"):
            kwargs["pk"] = world["party"].pk
        else:
            raise AssertionError(f"the test does not know what <pk> means in {route}")
    return reverse(f"staff:{pattern.name}", kwargs=kwargs)


ADMIN_ONLY = {"party_list", "party_create", "party_edit", "party_history", "person_account"}


# --- who may ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_log_in(client, world, pattern):
    response = client.get(url_of(pattern, world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["controller", "plain"])
@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
def test_staff_who_are_no_secretary_get_403(client, world, pattern, role):
    client.force_login(world[role])
    assert client.get(url_of(pattern, world)).status_code == 403
    # A page that is only read answers 405 to a post, whoever sends it.
    assert client.post(url_of(pattern, world), {"x": "1"}).status_code in (403, 405)


@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
def test_the_bodys_secretary_gets_every_page_but_the_administrators(client, world, pattern):
    client.force_login(world["secretary"])
    response = client.get(url_of(pattern, world))
    assert response.status_code == (403 if pattern.name in ADMIN_ONLY else 200)


@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
def test_an_administrator_gets_every_page(client, world, pattern):
    client.force_login(world["admin"])
    assert client.get(url_of(pattern, world)).status_code == 200


OTHER_BODYS = [p for p in patterns() if "<slug:slug>" in str(p.pattern) or str(p.pattern).startswith("uppdrag/")]


@pytest.mark.parametrize("pattern", OTHER_BODYS, ids=lambda p: p.name)
def test_another_bodys_roster_and_memberships_answer_403_to_get_and_post(client, world, pattern):
    client.force_login(world["secretary"])
    url = url_of(pattern, world, own=False)
    assert client.get(url).status_code == 403
    before = list(Membership.objects.values_list("pk", "role", "start", "end"))
    response = client.post(url, {"role": "chair", "start": "2023-01-01", "end": "2023-01-02", "person": ""})
    assert response.status_code in (403, 405)  # 405: a page that is only read
    assert list(Membership.objects.values_list("pk", "role", "start", "end")) == before


def test_a_person_who_sits_only_in_another_body_is_not_this_secretarys_to_edit(client, world):
    client.force_login(world["secretary"])
    stranger = world["stranger"]
    assert client.get(reverse("staff:person_edit", args=[stranger.pk])).status_code == 403
    response = client.post(reverse("staff:person_edit", args=[stranger.pk]), {"name": "Olle Ändrad"})
    assert response.status_code == 403
    assert Person.objects.get(pk=stranger.pk).name == "Olle Främling"
    # A person with no membership yet is anyone's to place.
    newcomer = PersonFactory(name="Ny Person")
    assert client.get(reverse("staff:person_edit", args=[newcomer.pk])).status_code == 200
    listed = client.get(reverse("staff:person_list")).content.decode()
    assert "Anna Berg" in listed and "Ny Person" in listed and "Olle Främling" not in listed


def test_the_dashboard_links_the_members_area(client, world):
    client.force_login(world["secretary"])
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("staff:members") in page


def test_the_overview_lists_only_the_secretarys_bodies(client, world):
    client.force_login(world["secretary"])
    page = client.get(reverse("staff:members")).content.decode()
    assert "Kulturnämnden" in page and "Valnämnden" not in page
    assert reverse("staff:party_list") not in page


# --- persons ---------------------------------------------------------------------------------------------------


def test_a_secretary_creates_a_person(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("staff:person_create"), {"name": "Åsa Öberg", "party": world["party"].pk, "public_email": ""}
    )
    person = Person.objects.get(name="Åsa Öberg")
    assert response.status_code == 302 and response["Location"] == reverse("staff:person_edit", args=[person.pk])
    assert person.slug == "asa-oberg" and person.party == world["party"]


def test_a_bad_person_form_names_its_fields_and_stores_nothing(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("staff:person_create"), {"name": "Anna 811218-9876", "public_email": "inte en adress"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_name_error"' in page and "Namnet innehåller ett personnummer" in page
    assert 'id="id_public_email_error"' in page
    assert not Person.objects.filter(name__startswith="Anna 8").exists()


def test_only_an_administrator_links_an_account(client, world):
    account = UserFactory(username="anna.berg")
    url = reverse("staff:person_account", args=[world["anna"].pk])
    client.force_login(world["secretary"])
    assert client.post(url, {"user": account.pk}).status_code == 403
    assert Person.objects.get(pk=world["anna"].pk).user is None
    client.force_login(world["admin"])
    response = client.post(url, {"user": account.pk}, follow=True)
    assert "Anna Berg är kopplad till kontot anna.berg." in response.content.decode()
    assert Person.objects.get(pk=world["anna"].pk).user == account


def test_an_account_of_another_person_is_refused_at_the_field(client, world):
    account = UserFactory(username="delad")
    PersonFactory(name="Per Holm", user=account)
    client.force_login(world["admin"])
    response = client.post(reverse("staff:person_account", args=[world["anna"].pk]), {"user": account.pk})
    assert response.status_code == 200
    assert "Kontot delad är redan kopplat till Per Holm" in response.content.decode()
    assert Person.objects.get(pk=world["anna"].pk).user is None


# --- memberships -----------------------------------------------------------------------------------------------


def test_a_secretary_adds_a_new_person_as_ersattare(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("staff:membership_create", args=["kulturnamnden"]),
        {"new_person_name": "Per Holm", "role": "substitute", "party": world["party"].pk, "start": "2024-01-01"},
        follow=True,
    )
    assert "Per Holm är ersättare i Kulturnämnden från och med 1 januari 2024." in response.content.decode()
    membership = Membership.objects.get(person__name="Per Holm")
    assert (membership.body, membership.end, membership.party) == (world["body"], None, world["party"])


def test_an_overlapping_membership_is_refused_at_the_field_and_no_person_is_left_behind(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("staff:membership_create", args=["kulturnamnden"]),
        {"person": world["anna"].pk, "role": "substitute", "start": "2024-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_start_error"' in page and "Anna Berg har redan ett uppdrag i Kulturnämnden" in page
    assert world["anna"].memberships.count() == 1
    # A new person whose membership is refused is not created either.
    response = client.post(
        reverse("staff:membership_create", args=["kulturnamnden"]),
        {"new_person_name": "Per Holm", "role": "member", "start": "2024-01-01", "end": "2023-01-01"},
    )
    assert 'id="id_end_error"' in response.content.decode()
    assert not Person.objects.filter(name="Per Holm").exists()


def test_neither_or_both_persons_is_refused(client, world):
    client.force_login(world["secretary"])
    url = reverse("staff:membership_create", args=["kulturnamnden"])
    page = client.post(url, {"role": "member", "start": "2024-01-01"}).content.decode()
    assert "Välj en person, eller skriv namnet på en ny person." in page
    page = client.post(
        url, {"person": world["anna"].pk, "new_person_name": "Per", "role": "member", "start": "2024-01-01"}
    ).content.decode()
    assert "inte båda" in page


def test_ending_before_a_meeting_of_an_adjusted_protocol_is_refused_naming_the_meeting(client, world):
    protocol = ProtocolFactory(
        meeting=MeetingFactory(body=world["body"], start=local(2024, 5, 13, 9, 0)), adjusted_on=dt.date(2024, 5, 20)
    )
    Attendance.objects.create(protocol=protocol, membership=world["membership"])
    client.force_login(world["secretary"])
    response = client.post(reverse("staff:membership_end", args=[world["membership"].pk]), {"end": "2024-05-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_end_error"' in page
    assert "Uppdraget måste gälla 13 maj 2024, då Anna Berg finns i det justerade protokollet" in page
    assert Membership.objects.get(pk=world["membership"].pk).end == dt.date(2026, 12, 31)


def test_the_roster_history_shows_who_changed_what(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("staff:membership_edit", args=[world["membership"].pk]),
        {"role": "first_vice_chair", "party": world["party"].pk, "start": "2023-01-01", "end": "2026-12-31"},
    )
    assert response.status_code == 302
    page = client.get(reverse("staff:roster_history", args=["kulturnamnden"])).content.decode()
    assert "Karin Lund" in page
    assert "Uppdrag för Anna Berg i Kulturnämnden" in page
    assert "Ledamot" in page and "Förste vice ordförande" in page
    person_page = client.get(reverse("staff:person_history", args=[world["anna"].pk])).content.decode()
    assert "Karin Lund" in person_page and "Förste vice ordförande" in person_page


def test_the_roster_marks_example_names(client, world):
    MembershipFactory(person=PersonFactory(name="Exempel Exempelsson", is_example=True), body=world["body"])
    client.force_login(world["secretary"])
    page = client.get(reverse("staff:roster", args=["kulturnamnden"])).content.decode()
    assert "exempelnamn" in page and "inte Örebros förtroendevalda" in page


def test_the_roster_page_does_not_query_per_member(client, django_assert_max_num_queries):
    body = BodyFactory(slug="stor")
    secretary = secretary_of(body)
    client.force_login(secretary)
    roster(body, members=5, substitutes=2)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("staff:roster", args=["stor"]))
    roster(body, members=60, substitutes=40, start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("staff:roster", args=["stor"]))


# --- parties ---------------------------------------------------------------------------------------------------


def test_an_administrator_adds_a_party_and_a_duplicate_is_refused(client, world):
    # A party no factory makes: PartyFactory takes the eight parties in turn, so which of them the world has
    # depends on the tests run before.
    client.force_login(world["admin"])
    response = client.post(
        reverse("staff:party_create"), {"name": "Feministiskt initiativ", "abbreviation": "FI", "position": 9}
    )
    assert response.status_code == 302 and Party.objects.filter(abbreviation="FI").exists()
    response = client.post(
        reverse("staff:party_create"), {"name": "Feministiskt initiativ", "abbreviation": "FI", "position": 9}
    )
    page = response.content.decode()
    assert 'id="id_name_error"' in page and 'id="id_abbreviation_error"' in page
    assert Party.objects.filter(abbreviation="FI").count() == 1


# --- the import ------------------------------------------------------------------------------------------------

CSV = "namn;parti;roll;från;till\nEva Exempeldotter;S;ordförande;;\nJan Exempelsson;M;ersättare;;\n"


def upload(text: str, name: str = "kulturnamnden.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_import_previews_then_stores_on_confirmation(client, world):
    client.force_login(world["secretary"])
    url = reverse("staff:member_import", args=["kulturnamnden"])
    response = client.post(url, {"file": upload(CSV), "term_start": "2023-01-01", "term_end": "2026-12-31"})
    page = response.content.decode()
    assert "Förhandsgranskning av ”kulturnamnden.csv”" in page
    assert "Eva Exempeldotter" in page and "Ny person och nytt uppdrag" in page
    assert not Person.objects.filter(name="Eva Exempeldotter").exists()
    token = response.context["token"]
    response = client.post(url, {"action": "confirm", "token": token}, follow=True)
    assert "2 uppdrag lades till, 2 nya personer." in response.content.decode()
    assert Membership.objects.filter(body=world["body"], person__name="Eva Exempeldotter", role="chair").exists()
    # The token is spent: a second confirmation stores nothing more.
    response = client.post(url, {"action": "confirm", "token": token}, follow=True)
    assert "Förhandsgranskningen finns inte längre" in response.content.decode()
    assert Membership.objects.filter(body=world["body"]).count() == 3


def test_an_import_with_errors_lists_them_and_stores_nothing(client, world):
    client.force_login(world["secretary"])
    bad = CSV + "Ola Exempelsson;Piratpartiet;ledamot;2023-02-30;\n"
    response = client.post(
        reverse("staff:member_import", args=["kulturnamnden"]),
        {"file": upload(bad), "term_start": "2023-01-01", "term_end": "2026-12-31"},
    )
    page = response.content.decode()
    assert "”kulturnamnden.csv” lästes inte in: 2 fel" in page
    assert "Rad 4, Parti: okänt parti ”Piratpartiet”" in page
    assert "Rad 4, Från: ”2023-02-30” är inget datum" in page
    assert not Person.objects.filter(name__endswith="Exempeldotter").exists()


def test_a_preview_of_one_body_cannot_be_confirmed_on_another(client, world):
    world["other_secretary"].assignments.create(body=world["body"], role="secretary")
    client.force_login(world["other_secretary"])
    response = client.post(
        reverse("staff:member_import", args=["kulturnamnden"]),
        {"file": upload(CSV), "term_start": "2023-01-01", "term_end": "2026-12-31"},
    )
    token = response.context["token"]
    response = client.post(
        reverse("staff:member_import", args=["valnamnden"]), {"action": "confirm", "token": token}, follow=True
    )
    assert "Förhandsgranskningen finns inte längre" in response.content.decode()
    assert not Person.objects.filter(name="Eva Exempeldotter").exists()


# --- the admin keeps the same rules ----------------------------------------------------------------------------


def test_the_admin_refuses_an_overlapping_membership_at_the_field(client, world):
    client.force_login(world["admin"])
    response = client.post(
        reverse("admin:meetings_membership_add"),
        {"person": world["anna"].pk, "body": world["body"].pk, "role": "member", "start": "2024-01-01", "end": ""},
    )
    assert response.status_code == 200
    assert "Anna Berg har redan ett uppdrag i Kulturnämnden" in response.content.decode()
    assert world["anna"].memberships.count() == 1


def test_the_admin_makes_the_address_of_a_new_person(client, world):
    client.force_login(world["admin"])
    response = client.post(
        reverse("admin:meetings_person_add"), {"name": "Örjan Ålund", "public_email": "", "party": ""}
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Örjan Ålund")
    assert person.slug == "orjan-alund"
    assert person.history.first().history_user == world["admin"]
