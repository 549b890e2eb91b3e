"""The Django admin is no way around the personal-data check: what makes something public is read-only there."""

import pytest

from tests.factories import AgendaItemFactory, administrator, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(administrator())
    return client


def test_a_document_cannot_be_published_or_replaced_in_the_admin(admin_client):
    item = AgendaItemFactory()
    document = make_document(title="Bilaga", agenda_item=item)
    page = admin_client.get(f"/admin/meetings/document/{document.pk}/change/").content.decode()
    assert 'name="is_published"' not in page
    assert 'name="file"' not in page
    assert admin_client.get("/admin/meetings/document/add/").status_code == 403


def test_an_agenda_cannot_be_published_and_an_item_not_made_public_in_the_admin(admin_client):
    item = AgendaItemFactory()
    page = admin_client.get(f"/admin/meetings/meeting/{item.meeting_id}/change/").content.decode()
    assert 'name="agenda_published_at' not in page
    assert 'name="items-0-is_public"' not in page
    assert 'name="items-0-title"' in page
