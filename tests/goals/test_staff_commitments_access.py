"""The commitment update form (/redigera/mal/plattform/…/lagesrapport/) as probed by a secretary of another body:
ids of agenda items she may not read, in the query string or the post, show nothing of them and link nothing; odd
ids and dates get a Swedish message at the field, never a 500.

Every secretary (of any body) may write status updates, and the decisions offered, found and linked are one set:
the agenda items citizens may read (`goals.access.linkable_agenda_items`)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from goals.models import CommitmentStatus, CommitmentUpdate
from goals.services.commitments import commitment_update_create
from orebro_portal.lib.bounds import FIRST_DAY, LAST_DAY, range_message
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
    PolicyAreaFactory,
    administrator,
    local,
    secretary_of,
)

pytestmark = pytest.mark.django_db
ONE_DAY = dt.timedelta(days=1)

# Distinctive, so that finding one anywhere in a page can only mean it leaked.
SECRET_TITLE = "Uppsägning av Zyxwå Qvarnbeck"
UNPUBLISHED_TITLE = "Förvärv av fastigheten Kvarnbäcken Xylofon 7"
SECRET_CASE = "Vn 913/2024"
MASKED_NAME = "Gunnel Hemligsson"
BECAME_SECRET_TITLE = "Förlikning med Bolaget Pxyq AB"
HIDDEN = (SECRET_TITLE, UNPUBLISHED_TITLE, SECRET_CASE, MASKED_NAME, BECAME_SECRET_TITLE, "Hemligsson", "Qvarnbeck")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(local(2024, 6, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def own_body():
    return BodyFactory(name="Kulturnämnden", slug="kulturnamnden")


@pytest.fixture
def other_body():
    return BodyFactory(name="Valnämnden", slug="valnamnden")


@pytest.fixture
def secretary(client, own_body):
    user = secretary_of(own_body, username="sekreterare")
    client.force_login(user)
    return user


@pytest.fixture
def commitment():
    return CommitmentFactory(area=PolicyAreaFactory(name="Trygghet", slug="trygghet"), text="Tryggare stadsdelar")


@pytest.fixture
def secret_item(other_body):
    return AgendaItemFactory(meeting__body=other_body, title=SECRET_TITLE, case_number=SECRET_CASE, is_public=False)


@pytest.fixture
def unpublished_item(other_body):
    meeting = MeetingFactory(body=other_body, agenda_published_at=None)
    return AgendaItemFactory(meeting=meeting, title=UNPUBLISHED_TITLE)


@pytest.fixture
def public_item(other_body):
    return AgendaItemFactory(meeting__body=other_body, title="Trygghetssatsning i Vivalla", case_number="Vn 12/2024")


@pytest.fixture
def masked_item(other_body):
    return AgendaItemFactory(meeting__body=other_body, title=f"Bidrag till [[{MASKED_NAME}]] för trygghetsvandring")


def add_url(commitment) -> str:
    return reverse("goals_staff:commitment_update_add", args=[commitment.pk])


def edit_url(update) -> str:
    return reverse("goals_staff:commitment_update_edit", args=[update.pk])


def form_data(**data) -> dict:
    return {"date": "2024-05-14", "status": CommitmentStatus.IN_PROGRESS, "comment": "Beslut fattat.", **data}


def assert_reveals_nothing(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    for hidden in HIDDEN:
        assert hidden not in html
    return html


def stored() -> tuple:
    return (
        sorted(CommitmentUpdate.objects.values_list("pk", "date", "status", "comment")),
        sorted(CommitmentUpdate.agenda_items.through.objects.values_list("commitmentupdate_id", "agendaitem_id")),
    )


# Ids in the query string ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_fixture", ["secret_item", "unpublished_item"])
@pytest.mark.parametrize("query", [{}, {"sok": "Trygghet"}], ids=["chosen", "chosen-with-search"])
def test_ids_of_items_the_user_may_not_read_show_nothing(client, secretary, commitment, item_fixture, query, request):
    item = request.getfixturevalue(item_fixture)
    response = client.get(add_url(commitment), {"agenda_items": [item.pk], **query})
    html = assert_reveals_nothing(response)
    assert f'value="{item.pk}"' not in html


def test_a_chosen_public_item_is_still_offered_checked(client, secretary, commitment, public_item, secret_item):
    response = client.get(add_url(commitment), {"sok": "Vivalla", "agenda_items": [secret_item.pk, public_item.pk]})
    html = assert_reveals_nothing(response)
    checkbox = html[html.index(f'value="{public_item.pk}"') - 120 : html.index(f'value="{public_item.pk}"') + 60]
    assert "checked" in checkbox and "Trygghetssatsning i Vivalla" in html


@pytest.mark.parametrize(
    "value",
    ["²", "①", "١٢", "-1", "1e3", "\x00", "9" * 25, "1" * 5000, " 7", ""],
    ids=["superscript", "circled", "arabic-indic", "negative", "float", "nul", "overflow", "huge", "space", "empty"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_odd_ids_are_ignored_or_refused_never_a_500(client, secretary, commitment, public_item, value, method):
    if value == "\x00":
        # Refused before any view reads it (orebro_portal.middleware); what matters here is that it is no 500.
        response = getattr(client, method)(add_url(commitment), form_data(agenda_items=[value]))
        assert response.status_code in (200, 400)
        assert not CommitmentUpdate.objects.exists()
        return
    if method == "get":
        response = client.get(add_url(commitment), {"sok": "Vivalla", "agenda_items": [value, public_item.pk]})
        assert response.status_code == 200
        assert "Trygghetssatsning i Vivalla" in response.content.decode()
    else:
        response = client.post(add_url(commitment), form_data(agenda_items=[value, public_item.pk]))
        if value:
            assert response.status_code == 200
            assert "Beslut: Ett av de valda besluten kan inte kopplas" in response.content.decode()
        else:
            assert response.status_code == 302  # an empty value is no choice at all
    if method == "get" or value:
        assert not CommitmentUpdate.objects.exists()


# Ids in the post -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_fixture", ["secret_item", "unpublished_item"])
def test_posting_an_item_the_user_may_not_read_is_refused_without_its_title(
    client, secretary, commitment, public_item, item_fixture, request
):
    item = request.getfixturevalue(item_fixture)
    before = stored()
    response = client.post(add_url(commitment), form_data(agenda_items=[public_item.pk, item.pk]))
    html = assert_reveals_nothing(response)
    assert '<p class="field-error">Ett av de valda besluten kan inte kopplas' in html
    assert "Beslut: Ett av de valda besluten kan inte kopplas" in html  # the summary names the field
    assert "Beslut fattat." in html  # what was typed is kept
    assert stored() == before


def test_an_administrator_cannot_link_a_secret_item_either(client, commitment, secret_item):
    client.force_login(administrator())
    response = client.post(add_url(commitment), form_data(agenda_items=[secret_item.pk]))
    assert_reveals_nothing(response)
    assert not CommitmentUpdate.objects.exists()


def test_the_service_refuses_a_secret_item_without_its_title(commitment, secret_item, secretary):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        commitment_update_create(
            commitment=commitment,
            date=dt.date(2024, 5, 14),
            status=CommitmentStatus.DONE,
            comment="",
            agenda_items=[secret_item],
            user=secretary,
        )
    message = " ".join(refused.value.messages)
    assert "Beslut: Ett av de valda besluten kan inte kopplas" in message
    assert SECRET_TITLE not in message and SECRET_CASE not in message
    assert not CommitmentUpdate.objects.exists()


# The search ----------------------------------------------------------------------------------------------------


def test_the_search_finds_no_secret_or_unpublished_item_of_another_body(
    client, secretary, commitment, secret_item, unpublished_item
):
    for query in ("Qvarnbeck", "Xylofon", SECRET_CASE):
        response = client.get(add_url(commitment), {"sok": query})
        html = response.content.decode()  # the search box shows what was typed; nothing else may be there
        assert SECRET_TITLE not in html and UNPUBLISHED_TITLE not in html
        assert f'value="{secret_item.pk}"' not in html and f'value="{unpublished_item.pk}"' not in html
        assert "0 publicerade ärenden matchar" in html


def test_the_search_matches_what_citizens_read_not_a_masked_name(client, secretary, commitment, masked_item):
    by_name = client.get(add_url(commitment), {"sok": "Hemligsson"}).content.decode()  # echoed in the search box
    assert MASKED_NAME not in by_name and f'value="{masked_item.pk}"' not in by_name
    assert "0 publicerade ärenden matchar" in by_name
    by_word = assert_reveals_nothing(client.get(add_url(commitment), {"sok": "trygghetsvandring"}))
    assert "1 publicerat ärende matchar" in by_word and f'value="{masked_item.pk}"' in by_word
    assert "för trygghetsvandring" in by_word  # the title as the public commitment page shows it, masked


# Changing an update whose decision stopped being public --------------------------------------------------------


@pytest.fixture
def update_linked_to_a_now_secret_item(commitment, other_body, public_item):
    item = AgendaItemFactory(meeting__body=other_body, title=BECAME_SECRET_TITLE)
    update = commitment_update_create(
        commitment=commitment,
        date=dt.date(2024, 3, 1),
        status=CommitmentStatus.IN_PROGRESS,
        comment="Utredning pågår.",
        agenda_items=[public_item, item],
        user=None,
    )
    item.is_public = False
    item.save()
    return update, item


def test_the_edit_form_does_not_show_a_linked_item_that_became_secret(
    client, secretary, update_linked_to_a_now_secret_item
):
    update, item = update_linked_to_a_now_secret_item
    html = assert_reveals_nothing(client.get(edit_url(update)))
    assert f'value="{item.pk}"' not in html
    assert "Trygghetssatsning i Vivalla" in html
    assert "1 av de kopplade besluten är inte längre offentligt" in html


def test_saving_the_edit_form_unlinks_the_item_that_became_secret(
    client, secretary, update_linked_to_a_now_secret_item, public_item
):
    update, _secret = update_linked_to_a_now_secret_item
    response = client.post(edit_url(update), form_data(date="2024-03-01", agenda_items=[public_item.pk]))
    assert response.status_code == 302
    assert list(update.agenda_items.all()) == [public_item]


def test_posting_the_now_secret_item_again_is_refused_without_its_title(
    client, secretary, update_linked_to_a_now_secret_item, public_item
):
    update, item = update_linked_to_a_now_secret_item
    before = stored()
    response = client.post(edit_url(update), form_data(agenda_items=[public_item.pk, item.pk]))
    html = assert_reveals_nothing(response)
    assert "Ett av de valda besluten kan inte kopplas" in html
    assert stored() == before


# Dates ---------------------------------------------------------------------------------------------------------


# The portal's range of dates is orebro_portal.lib.bounds' (meetings use the same): the probes stand just outside it.
OUTSIDE = ["0001-01-01", (FIRST_DAY - ONE_DAY).isoformat(), (LAST_DAY + ONE_DAY).isoformat(), "9999-12-31"]


@pytest.mark.parametrize("date", OUTSIDE)
@pytest.mark.parametrize("view", ["add", "edit"])
def test_a_date_outside_the_portals_range_gets_a_message_at_the_field(client, secretary, commitment, date, view):
    url = add_url(commitment)
    if view == "edit":
        url = edit_url(
            CommitmentUpdate.objects.create(commitment=commitment, date=dt.date(2024, 1, 2), status="in_progress")
        )
    before = stored()
    response = client.post(url, form_data(date=date))
    html = response.content.decode()
    assert response.status_code == 200
    assert range_message() in html and range_message().startswith("Datumet måste ligga mellan 1 januari 1900")
    assert 'id="id_date_error"' in html
    assert stored() == before


def test_the_date_input_carries_the_range(client, secretary, commitment):
    html = client.get(add_url(commitment)).content.decode()
    assert f'min="{FIRST_DAY.isoformat()}"' in html and f'max="{LAST_DAY.isoformat()}"' in html
