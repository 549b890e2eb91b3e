"""The secretary prepares a meeting: create it, build the agenda, upload, publish, cancel or move it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Document, Meeting
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    local,
    make_document,
    make_pdf,
    secretary_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory(
        name="Kommunstyrelsens hållbarhetsutskott",
        slug="hallbarhetsutskottet",
        default_start_time=dt.time(8, 30),
        default_place="Stadshuset, rum 301",
    )


@pytest.fixture
def secretary(client, body):
    user = secretary_of(body, first_name="Karin", last_name="Lund")
    client.force_login(user)
    return user


def test_a_new_meeting_takes_the_bodys_usual_time_and_place(client, body, secretary):
    form = client.get(reverse("staff:meeting_create") + f"?organ={body.slug}").content.decode()
    assert 'value="08:30"' in form and "Stadshuset, rum 301" in form

    response = client.post(reverse("staff:meeting_create"), {"body": body.pk, "day": "2024-05-07"})
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})
    assert meeting.start == local(2024, 5, 7, 8, 30)
    assert meeting.place == "Stadshuset, rum 301"
    assert meeting.agenda_published_at is None


def test_a_meeting_without_time_for_a_body_without_usual_time_is_refused_with_a_message(client, secretary):
    body = BodyFactory()
    secretary.assignments.create(body=body, role="secretary")
    response = client.post(reverse("staff:meeting_create"), {"body": body.pk, "day": "2024-05-07"})
    assert "Ange en starttid: organet har ingen vanlig starttid." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_second_meeting_at_the_same_time_is_refused(client, body, secretary):
    MeetingFactory(body=body, start=local(2024, 5, 7, 8, 30))
    response = client.post(reverse("staff:meeting_create"), {"body": body.pk, "day": "2024-05-07"})
    assert "Organet har redan ett sammanträde som börjar vid den tiden." in response.content.decode()
    assert Meeting.objects.count() == 1


def test_an_end_before_the_start_names_the_field(client, body, secretary):
    response = client.post(
        reverse("staff:meeting_create"),
        {"body": body.pk, "day": "2024-05-07", "start_time": "10:00", "end_time": "09:00"},
    )
    assert "Sluttiden måste vara efter starttiden." in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_agenda_is_built_reordered_and_published(client, body, secretary):
    meeting = MeetingFactory(body=body)
    public_page = reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})
    for number, title, public in [("1", "Budget 2025", True), ("2", "Personalärende", False), ("3", "Övrigt", True)]:
        response = client.post(
            reverse("staff:item_create", kwargs={"pk": meeting.pk}),
            {"number": number, "title": title, "case_number": "Ks  181/2022", "is_public": "on" if public else ""},
        )
        assert response.status_code == 302
    assert list(meeting.items.values_list("title", flat=True)) == ["Budget 2025", "Personalärende", "Övrigt"]
    assert meeting.items.first().case_number == "Ks 181/2022"

    last = meeting.items.get(title="Övrigt")
    client.post(reverse("staff:item_move", kwargs={"pk": last.pk}), {"direction": "up"})
    assert list(meeting.items.values_list("title", flat=True)) == ["Budget 2025", "Övrigt", "Personalärende"]

    page = client.get(public_page).content.decode()
    assert "Ärendelistan är inte publicerad ännu." in page and "Budget 2025" not in page

    assert client.post(reverse("staff:agenda_publish", kwargs={"pk": meeting.pk})).status_code == 302
    page = client.get(public_page).content.decode()
    assert "Budget 2025" in page and "Sekretessärende" in page
    assert "Personalärende" not in page


def test_a_duplicate_item_number_or_a_bad_case_number_is_refused_by_field(client, body, secretary):
    meeting = MeetingFactory(body=body)
    AgendaItemFactory(meeting=meeting, number="1", position=1)
    response = client.post(
        reverse("staff:item_create", kwargs={"pk": meeting.pk}), {"number": "1", "title": "Nytt", "case_number": "181"}
    )
    page = response.content.decode()
    assert "Det finns redan ett ärende med nummer 1." in page
    assert "Diarienumret ska skrivas som" in page
    assert meeting.items.count() == 1


def test_publishing_is_refused_while_a_pdf_still_holds_a_personnummer(client, body, secretary):
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting, title="Bygglov")
    meeting.agenda_published_at = None
    meeting.save()
    # A two-page PDF: the number is on the second page only.
    from weasyprint import HTML

    content = HTML(
        string='<html lang="sv"><title>Beslut</title><p>Sida ett.</p>'
        '<p style="break-before: page">Sökande 811218-9876, Storgatan 1.</p></html>'
    ).write_pdf()
    from meetings.services import document_add

    document_add(title="Beslutsunderlag bygglov", kind="bilaga", content=content, agenda_item=item, is_published=True)

    response = client.post(reverse("staff:agenda_publish", kwargs={"pk": meeting.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Dokumentet ”Beslutsunderlag bygglov” innehåller ett personnummer eller samordningsnummer på sidan 2." in page
    )
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None


def test_an_empty_agenda_cannot_be_published(client, body, secretary):
    meeting = MeetingFactory(body=body)
    page = client.post(reverse("staff:agenda_publish", kwargs={"pk": meeting.pk})).content.decode()
    assert "Ärendelistan är tom" in page
    assert Meeting.objects.get().agenda_published_at is None


@time_machine.travel(dt.datetime(2024, 5, 2, 9, 0, tzinfo=dt.UTC))
def test_cancelling_and_moving_show_the_reason_to_citizens(client, body, secretary):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7, 8, 30))
    public_page = reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})

    response = client.post(reverse("staff:meeting_cancel", kwargs={"pk": meeting.pk}), {"reason": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert Meeting.objects.get().status == Meeting.Status.PLANNED

    client.post(
        reverse("staff:meeting_move", kwargs={"pk": meeting.pk}),
        {"day": "2024-05-14", "start_time": "09:00", "reason": "Flyttas på grund av budgetberedningen."},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MOVED and meeting.start == local(2024, 5, 14, 9, 0)
    assert "Flyttas på grund av budgetberedningen." in client.get(public_page).content.decode()

    client.post(reverse("staff:meeting_cancel", kwargs={"pk": meeting.pk}), {"reason": "Inga ärenden."})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert "Inga ärenden." in client.get(public_page).content.decode()


def test_the_time_of_a_meeting_with_a_published_agenda_changes_only_by_moving(client, body, secretary):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7, 8, 30), agenda_published_at=timezone.now())
    page = client.get(reverse("staff:meeting_edit", kwargs={"pk": meeting.pk})).content.decode()
    assert 'name="day"' not in page and "Flytta sammanträdet" in page
    client.post(reverse("staff:meeting_edit", kwargs={"pk": meeting.pk}), {"place": "Rådhuset", "is_public": "on"})
    meeting.refresh_from_db()
    assert meeting.place == "Rådhuset" and meeting.is_public and meeting.start == local(2024, 5, 7, 8, 30)


def test_unpublished_documents_are_for_staff_only(client, body, secretary):
    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    document = make_document(title="Utkast", meeting=meeting)
    document.is_published = False
    document.save()
    assert client.get(reverse("staff:document_file", kwargs={"pk": document.pk})).status_code == 200
    client.logout()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_deleting_an_item_deletes_its_documents(client, body, secretary):
    item = AgendaItemFactory(meeting=MeetingFactory(body=body))
    make_document(title="Tjänsteskrivelse", agenda_item=item)
    client.post(reverse("staff:item_delete", kwargs={"pk": item.pk}))
    assert not AgendaItem.objects.exists()
    assert not Document.objects.exists()


def test_the_history_says_who_changed_what(client, body, secretary):
    meeting = MeetingFactory(body=body)
    client.post(reverse("staff:item_create", kwargs={"pk": meeting.pk}), {"number": "1", "title": "Budget"})
    item = meeting.items.get()
    client.post(reverse("staff:item_edit", kwargs={"pk": item.pk}), {"number": "1", "title": "Budget 2025"})
    page = client.get(reverse("staff:meeting_history", kwargs={"pk": meeting.pk})).content.decode()
    assert "Karin Lund" in page
    assert "Budget 2025" in page and "Budget" in page


def test_the_dashboard_query_count_does_not_grow_with_meetings(client, body, secretary, django_assert_max_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:dashboard")).status_code == 200
        return len(queries)

    now = timezone.now()
    for days in range(2):
        MeetingFactory(body=body, start=now + dt.timedelta(days=days + 1))
    few = count_queries()
    for days in range(2, 30):
        MeetingFactory(body=body, start=now + dt.timedelta(days=days + 1))
    with django_assert_max_num_queries(few):
        client.get(reverse("staff:dashboard"))


def test_the_meeting_workspace_query_count_does_not_grow_with_items(
    client, body, secretary, django_assert_max_num_queries
):
    meeting = MeetingFactory(body=body)
    url = reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})
    pdf = make_pdf("Bilaga")
    from meetings.services import document_add

    def add_items(count):
        for _ in range(count):
            item = AgendaItemFactory(meeting=meeting)
            document_add(title="Bilaga", kind="bilaga", content=pdf, agenda_item=item)

    add_items(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_items(20)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_a_pdf_uploaded_under_a_published_agenda_is_checked_before_it_is_stored(client, body, secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    response = client.post(
        reverse("staff:document_create", kwargs={"pk": meeting.pk}),
        {
            "title": "Yttrande",
            "kind": "bilaga",
            "file": SimpleUploadedFile("y.pdf", make_pdf("Yttrande från 19811218-9876")),
            "is_published": "on",
        },
    )
    assert "Dokumentet ”Yttrande” innehåller ett personnummer" in response.content.decode()
    assert not Document.objects.exists()


def test_publishing_a_stored_document_later_is_checked_too(client, body, secretary):
    meeting = MeetingFactory(body=body)
    document = make_document(title="Yttrande", text="Yttrande från 811218-9876", meeting=meeting)
    Document.objects.filter(pk=document.pk).update(is_published=False)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    response = client.post(
        reverse("staff:document_edit", kwargs={"pk": document.pk}),
        {"title": "Yttrande", "kind": "bilaga", "is_published": "on"},
    )
    assert "Dokumentet ”Yttrande” innehåller ett personnummer" in response.content.decode()
    assert not Document.objects.get().is_published


def test_publishing_the_agenda_mails_the_bodys_confirmed_subscribers(
    client, body, secretary, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    from tests.factories import SubscriptionFactory

    SubscriptionFactory(body=body, email="foljer@example.org")
    SubscriptionFactory(body=body, email="obekraftad@example.org", confirmed_at=None)
    SubscriptionFactory(email="annat-organ@example.org")
    meeting = MeetingFactory(body=body, start=local(2024, 6, 3))
    AgendaItemFactory(meeting=meeting, title="Budget")
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:agenda_publish", kwargs={"pk": meeting.pk}))

    assert [mail.to for mail in mailoutbox] == [["foljer@example.org"]]
    assert "måndag 3 juni 2024" in mailoutbox[0].subject
