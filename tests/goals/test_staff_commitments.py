"""Secretaries' pages on the commitments (/redigera/mal/plattform/): the list, adding and changing status updates
linked to public agenda items, who may, and the history."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from goals.models import CommitmentStatus, CommitmentUpdate
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
    PolicyAreaFactory,
    administrator,
    analyst_of,
    controller_of,
    local,
    secretary_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    """Today is 10 June 2024: dates after it are in the future."""
    with time_machine.travel(local(2024, 6, 10, 12, 0), tick=False):
        yield


LIST = reverse("goals_staff:commitments")


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def secretary(board):
    return secretary_of(board, username="sekreterare")


@pytest.fixture
def commitment():
    area = PolicyAreaFactory(name="Trygghet", slug="trygghet")
    return CommitmentFactory(area=area, text="En miljard ska satsas fördelat över åtta år på örebroarnas trygghet")


@pytest.fixture
def decision(board):
    return AgendaItemFactory(
        meeting__body=board, title="Satsning på trygghet 2024", case_number="Ks 181/2022", number="7"
    )


@pytest.fixture
def secret_item(board):
    return AgendaItemFactory(meeting__body=board, title="Trygghet: personalärende", is_public=False)


@pytest.fixture
def unpublished_item(board):
    return AgendaItemFactory(meeting=MeetingFactory(body=board, agenda_published_at=None), title="Trygghet: kommande")


def add_url(commitment):
    return reverse("goals_staff:commitment_update_add", args=[commitment.pk])


def post(client, url, **data):
    payload = {"date": "2024-05-14", "status": CommitmentStatus.IN_PROGRESS, "comment": "Beslut i KS.", **data}
    return client.post(url, payload)


# Who may -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["list", "add", "edit"])
def test_anonymous_is_sent_to_log_in(client, commitment, url_name):
    update = CommitmentUpdate.objects.create(commitment=commitment, date=dt.date(2024, 1, 2), status="in_progress")
    edit = reverse("goals_staff:commitment_update_edit", args=[update.pk])
    url = {"list": LIST, "add": add_url(commitment), "edit": edit}[url_name]
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/logga-in/")


@pytest.mark.parametrize("make_user", [controller_of, analyst_of])
def test_controller_and_analyst_get_403(client, commitment, board, make_user):
    client.force_login(make_user(board))
    assert client.get(LIST).status_code == 403
    assert client.get(add_url(commitment)).status_code == 403
    assert post(client, add_url(commitment)).status_code == 403
    assert not CommitmentUpdate.objects.exists()


def test_secretary_of_any_body_and_administrator_may(client, commitment):
    for user in (secretary_of(BodyFactory()), administrator()):
        client.force_login(user)
        assert client.get(LIST).status_code == 200
        assert client.get(add_url(commitment)).status_code == 200


def test_unknown_commitment_is_404(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("goals_staff:commitment_update_add", args=[999999])).status_code == 404


# The list ------------------------------------------------------------------------------------------------------


def test_list_shows_each_commitment_per_area_with_status_and_latest_date(client, secretary, commitment):
    other = CommitmentFactory(area=PolicyAreaFactory(name="Skola", slug="skola"), text="Fler lärare")
    CommitmentUpdate.objects.create(commitment=commitment, date=dt.date(2023, 3, 1), status="in_progress")
    CommitmentUpdate.objects.create(commitment=commitment, date=dt.date(2024, 2, 1), status="done")
    client.force_login(secretary)

    html = client.get(LIST).content.decode()

    assert "<h2" in html and "Trygghet" in html and "Skola" in html
    row = html[html.index(f'id="atagande-{commitment.pk}"') :]
    row = row[: row.index("</tr>")]
    assert row.index(commitment.text) < row.index("Genomförd") < row.index("1 februari 2024")
    row = html[html.index(f'id="atagande-{other.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Ej påbörjad" in row and "Ingen ännu" in row
    assert add_url(other) in html and "Ny lägesrapport" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "done"}, "Klar sak", "Ny sak"),
        ({"status": "not_started"}, "Ny sak", "Klar sak"),
    ],
)
def test_list_filters_by_status(client, secretary, query, shown, hidden):
    area = PolicyAreaFactory()
    done = CommitmentFactory(area=area, text="Klar sak")
    CommitmentFactory(area=area, text="Ny sak")
    CommitmentUpdate.objects.create(commitment=done, date=dt.date(2024, 2, 1), status="done")
    client.force_login(secretary)
    html = client.get(LIST, query).content.decode()
    assert shown in html and hidden not in html


def test_list_filters_by_area(client, secretary, commitment):
    school = PolicyAreaFactory(name="Skola", slug="skola")
    CommitmentFactory(area=school, text="Fler lärare")
    client.force_login(secretary)
    html = client.get(LIST, {"omrade": school.pk}).content.decode()
    assert "Fler lärare" in html and commitment.text not in html


def test_list_query_count_does_not_grow_with_commitments(client, secretary, django_assert_max_num_queries):
    def add_commitments(count):
        for area in PolicyAreaFactory.create_batch(2):
            for commitment in CommitmentFactory.create_batch(count, area=area):
                CommitmentUpdate.objects.create(commitment=commitment, date=dt.date(2024, 1, 2), status="in_progress")

    client.force_login(secretary)
    add_commitments(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    add_commitments(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert response.content.decode().count("Ny lägesrapport<span") == 44
    assert len(many) == len(few)
    with django_assert_max_num_queries(8):
        client.get(LIST)


# Adding --------------------------------------------------------------------------------------------------------


def test_add_form_defaults_to_today(client, secretary, commitment):
    client.force_login(secretary)
    html = client.get(add_url(commitment)).content.decode()
    assert 'value="2024-06-10"' in html and commitment.text in html


def test_search_finds_public_items_by_case_number_and_keeps_typed_values(
    client, secretary, commitment, decision, secret_item, unpublished_item
):
    client.force_login(secretary)
    response = client.get(
        add_url(commitment),
        {"date": "2024-05-14", "status": "done", "comment": "Skrivet före sökningen", "sok": "Ks 181"},
    )
    html = response.content.decode()
    assert "Satsning på trygghet 2024" in html and "(Ks 181/2022)" in html
    assert 'value="2024-05-14"' in html and "Skrivet före sökningen" in html
    assert '<option value="done" selected>' in html
    assert "1 publicerat ärende matchar" in html

    by_title = client.get(add_url(commitment), {"sok": "trygghet"}).content.decode()
    assert "Satsning på trygghet 2024" in by_title
    assert "personalärende" not in by_title and "kommande" not in by_title


def test_search_drops_the_csrf_token_from_the_address(client, secretary, commitment):
    client.force_login(secretary)
    response = client.get(add_url(commitment), {"csrfmiddlewaretoken": "abc", "sok": "Ks", "comment": "x"})
    assert response.status_code == 302
    assert "csrfmiddlewaretoken" not in response.url and "sok=Ks" in response.url and "comment=x" in response.url


def test_search_keeps_chosen_items_checked(client, secretary, commitment, decision):
    other = AgendaItemFactory(meeting=decision.meeting, title="Annat ärende")
    client.force_login(secretary)
    html = client.get(add_url(commitment), {"sok": "Annat", "agenda_items": [decision.pk]}).content.decode()
    assert f'value="{decision.pk}"' in html and f'value="{other.pk}"' in html
    checked = html[html.index(f'value="{decision.pk}"') - 120 : html.index(f'value="{decision.pk}"') + 60]
    assert "checked" in checked


def test_add_saves_the_update_with_its_public_agenda_item(client, secretary, commitment, decision):
    client.force_login(secretary)
    response = post(client, add_url(commitment), agenda_items=[decision.pk])

    assert response.status_code == 302 and response.url == f"{LIST}#atagande-{commitment.pk}"
    update = CommitmentUpdate.objects.get()
    assert (update.date, update.status, update.comment, update.created_by) == (
        dt.date(2024, 5, 14),
        "in_progress",
        "Beslut i KS.",
        secretary,
    )
    assert list(update.agenda_items.all()) == [decision]
    html = client.get(LIST).content.decode()
    assert "Lägesrapporten är sparad." in html and "Pågår" in html and "14 maj 2024" in html


def test_add_records_history_with_user_and_links(client, secretary, commitment, decision):
    client.force_login(secretary)
    post(client, add_url(commitment), agenda_items=[decision.pk])
    update = CommitmentUpdate.objects.get()
    records = list(update.history.order_by("history_id"))
    assert records and all(record.history_user == secretary for record in records)
    assert [link.agendaitem_id for link in records[-1].agenda_items.all()] == [decision.pk]


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"date": "2024-06-11"}, "id_date", "ligger i framtiden"),
        ({"date": "2021-12-31"}, "id_date", "före plattformens första år, 2022"),
        ({"date": "14/5"}, "id_date", "Fyll i ett giltigt datum"),
        ({"status": "klart"}, "id_status", "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_saves_nothing(
    client, secretary, commitment, data, field_id, message
):
    client.force_login(secretary)
    response = post(client, add_url(commitment), **data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and f'id="{field_id}_error"' in html and 'aria-invalid="true"' in html
    assert "Beslut i KS." in html  # what was typed is kept
    assert not CommitmentUpdate.objects.exists()


@pytest.mark.parametrize("item_fixture", ["secret_item", "unpublished_item"])
def test_non_public_agenda_items_are_refused(client, secretary, commitment, decision, item_fixture, request):
    item = request.getfixturevalue(item_fixture)
    client.force_login(secretary)
    response = post(client, add_url(commitment), agenda_items=[decision.pk, item.pk])
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="field-error">Ett av de valda besluten kan inte kopplas: bara offentliga ärenden' in html
    assert 'id="beslut-fel"' in html and "Beslut: Ett av de valda besluten" in html  # at the field and in the summary
    assert item.title not in html  # a refusal names nothing the user may not read
    assert not CommitmentUpdate.objects.exists()


# Changing ------------------------------------------------------------------------------------------------------


@pytest.fixture
def update(commitment, decision, secretary):
    from goals.services.commitments import commitment_update_create

    return commitment_update_create(
        commitment=commitment,
        date=dt.date(2024, 3, 1),
        status=CommitmentStatus.IN_PROGRESS,
        comment="Utredning pågår.",
        agenda_items=[decision],
        user=secretary,
    )


def test_edit_shows_the_stored_values(client, secretary, update, decision):
    client.force_login(secretary)
    html = client.get(reverse("goals_staff:commitment_update_edit", args=[update.pk])).content.decode()
    assert 'value="2024-03-01"' in html and "Utredning pågår." in html and "Satsning på trygghet 2024" in html


def test_edit_changes_status_and_links_and_records_history(client, secretary, update, decision, board):
    later = AgendaItemFactory(meeting__body=board, title="Beslut om genomförande")
    client.force_login(secretary)
    before = update.history.count()
    response = post(
        client,
        reverse("goals_staff:commitment_update_edit", args=[update.pk]),
        date="2024-06-01",
        status=CommitmentStatus.DONE,
        comment="Klart.",
        agenda_items=[later.pk],
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.date, update.status, update.comment) == (dt.date(2024, 6, 1), "done", "Klart.")
    assert list(update.agenda_items.all()) == [later]
    assert update.history.count() > before
    assert update.history.first().history_user == secretary


def test_edit_without_changes_records_nothing(client, secretary, update, decision):
    client.force_login(secretary)
    before = update.history.count()
    post(
        client,
        reverse("goals_staff:commitment_update_edit", args=[update.pk]),
        date="2024-03-01",
        status=CommitmentStatus.IN_PROGRESS,
        comment="Utredning pågår.",
        agenda_items=[decision.pk],
    )
    assert update.history.count() == before
    assert "Inget ändrades" in client.get(LIST).content.decode()


def test_edit_refuses_an_item_that_stopped_being_public(client, secretary, update, decision):
    decision.is_public = False
    decision.save()
    client.force_login(secretary)
    url = reverse("goals_staff:commitment_update_edit", args=[update.pk])
    page = client.get(url).content.decode()
    assert "1 av de kopplade besluten är inte längre offentligt" in page and decision.title not in page
    response = post(client, url, date="2024-03-01", status="done", agenda_items=[decision.pk])
    assert "Ett av de valda besluten kan inte kopplas" in response.content.decode()
    update.refresh_from_db()
    assert update.status == "in_progress"
