"""Staff post delegation decisions and other notices on the notice board: only for their own bodies, with the dates
the law gives, refused with a message naming the field, never with a personnummer in a PDF; dates fixed once posted."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Notice
from tests.factories import BodyFactory, administrator, local, make_pdf, secretary_of

pytestmark = pytest.mark.django_db

# Monday 3 June 2024; three weeks later, Monday 24 June, is an ordinary weekday: the last appeal day.
TODAY = dt.date(2024, 6, 3)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(local(2024, 6, 3, 9, 0), tick=False):
        yield


@pytest.fixture
def body():
    return BodyFactory(name="Tekniska nämnden", slug="tekniska-namnden")


@pytest.fixture
def other_body():
    return BodyFactory(name="Socialnämnden", slug="socialnamnden")


@pytest.fixture
def secretary(client, body):
    user = secretary_of(body, first_name="Karin", last_name="Lund")
    client.force_login(user)
    return user


def delegation_data(body, **overrides) -> dict:
    return {
        "body": body.pk,
        "title": "Parkeringsförbud på Storgatan",
        "decided_by": "Trafikingenjör",
        "decided_on": "2024-05-31",
        "case_number": "Tn 88/2024",
        "text": "Tillfälligt parkeringsförbud under ledningsarbete.",
        "posted_on": "2024-06-03",
    } | overrides


def other_data(**overrides) -> dict:
    return {
        "title": "Granskning av detaljplan för kvarteret Hjorten",
        "legal_basis": "Plan- och bygglagen 5 kap. 18 §",
        "text": "Planförslaget finns att granska.",
        "posted_on": "2024-06-03",
        "taken_down_on": "2024-07-01",
    } | overrides


def errors(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in html
    return " ".join(re.sub(r"<[^>]+>", " ", html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]).split())


def other_notice(body, **overrides) -> Notice:
    fields = {
        "body": body,
        "title": "Kungörelse",
        "text": "",
        "legal_basis": "Plan- och bygglagen 5 kap. 18 §",
        "posted_on": TODAY,
        "taken_down_on": TODAY + dt.timedelta(days=28),
        "user": None,
    } | overrides
    return services.other_notice_create(**fields)


def test_a_secretary_posts_a_delegation_decision_with_the_dates_of_the_law(client, body, secretary):
    response = client.post(reverse("staff:delegation_create"), delegation_data(body))
    assert response["Location"] == reverse("staff:notice_list")
    notice = Notice.objects.get()
    assert (notice.kind, notice.body, notice.created_by) == (Notice.Kind.DELEGATION, body, secretary)
    assert notice.posted_on == TODAY
    assert notice.appeal_last_day == dt.date(2024, 6, 24) and notice.taken_down_on == dt.date(2024, 6, 25)
    assert notice.case.key == "tn-88-2024"
    listing = client.get(reverse("staff:notice_list")).content.decode()
    assert "Parkeringsförbud på Storgatan" in listing and "måndag 24 juni 2024" in listing


def test_a_secretary_cannot_post_or_edit_for_another_body(client, body, other_body, secretary):
    assert client.get(reverse("staff:delegation_create") + f"?organ={other_body.slug}").status_code == 403
    response = client.post(reverse("staff:delegation_create"), delegation_data(other_body))
    assert "Organ:" in errors(response)
    assert not Notice.objects.exists()

    theirs = other_notice(other_body, title="Socialnämndens kungörelse")
    for name in ("notice_edit", "notice_delete", "notice_history"):
        assert client.get(reverse(f"staff:{name}", kwargs={"pk": theirs.pk})).status_code == 403
    assert client.post(reverse("staff:notice_edit", kwargs={"pk": theirs.pk}), other_data()).status_code == 403
    assert "Socialnämndens kungörelse" not in client.get(reverse("staff:notice_list")).content.decode()


def test_a_notice_without_a_body_is_for_administrators_only(client, body, secretary):
    common = other_notice(None, title="Kommunens kungörelse")
    assert client.get(reverse("staff:notice_edit", kwargs={"pk": common.pk})).status_code == 403
    response = client.post(reverse("staff:other_notice_create"), other_data())  # no body chosen
    assert "Organ:" in errors(response)
    assert Notice.objects.count() == 1

    client.force_login(administrator())
    response = client.post(reverse("staff:other_notice_create"), other_data(title="Ännu en kungörelse"))
    assert response.status_code == 302
    assert Notice.objects.get(title="Ännu en kungörelse").body is None
    assert client.get(reverse("staff:notice_edit", kwargs={"pk": common.pk})).status_code == 200


def test_a_person_without_assignments_is_refused(client):
    client.force_login(secretary_of())
    assert client.get(reverse("staff:notice_list")).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"posted_on": "2024-06-01"}, "Anslaget publicerat", "får inte ligga längre bak än söndag 2 juni 2024"),
        ({"decided_on": "2024-06-04"}, "Beslutsdatum", "kan inte vara fattat efter den dag anslaget publiceras"),
        ({"title": ""}, "Rubrik", "måste fyllas i"),
        ({"case_number": "diarienummer saknas"}, "Diarienummer", ""),
        ({"posted_on": "0001-01-01"}, "Anslaget publicerat", ""),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(client, body, secretary, overrides, field, words):
    message = errors(client.post(reverse("staff:delegation_create"), delegation_data(body, **overrides)))
    assert f"{field}:" in message and words in message
    assert not Notice.objects.exists()


def test_yesterday_is_a_posting_day_the_day_before_is_not(client, body, secretary):
    response = client.post(reverse("staff:delegation_create"), delegation_data(body, posted_on="2024-06-02"))
    assert response.status_code == 302
    assert Notice.objects.get().appeal_last_day == dt.date(2024, 6, 24)  # 23 June is a Sunday: moved to Monday


def test_an_other_notice_with_a_clean_pdf_is_stored_with_its_text(client, body, secretary):
    upload = SimpleUploadedFile("plan.pdf", make_pdf("Plankarta kvarteret Hjorten"), content_type="application/pdf")
    response = client.post(reverse("staff:other_notice_create"), other_data(body=body.pk, file=upload))
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.file and "Plankarta kvarteret Hjorten" in notice.file_text
    assert notice.appeal_last_day is None and notice.taken_down_on == dt.date(2024, 7, 1)


def test_a_pdf_with_a_personnummer_is_refused(client, body, secretary):
    upload = SimpleUploadedFile("plan.pdf", make_pdf("Sakägare 811218-9876"), content_type="application/pdf")
    message = errors(client.post(reverse("staff:other_notice_create"), other_data(body=body.pk, file=upload)))
    assert "Fil (PDF):" in message and "personnummer" in message and "på sidan 1" in message
    assert not Notice.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused(client, body, secretary):
    upload = SimpleUploadedFile("plan.pdf", b"inte en pdf", content_type="application/pdf")
    message = errors(client.post(reverse("staff:other_notice_create"), other_data(body=body.pk, file=upload)))
    assert "Fil (PDF):" in message and "inte en PDF" in message
    assert not Notice.objects.exists()


def test_take_down_must_come_after_posting(client, body, secretary):
    message = errors(
        client.post(reverse("staff:other_notice_create"), other_data(body=body.pk, taken_down_on="2024-06-03"))
    )
    assert "Anslaget tas ned:" in message and "efter den dag anslaget publiceras" in message


def test_dates_cannot_be_changed_once_posted_but_the_text_can(client, body, secretary):
    client.post(reverse("staff:delegation_create"), delegation_data(body))
    notice = Notice.objects.get()
    form = client.get(reverse("staff:notice_edit", kwargs={"pk": notice.pk})).content.decode()
    assert re.search(r'name="posted_on"[^>]*disabled', form)
    response = client.post(
        reverse("staff:notice_edit", kwargs={"pk": notice.pk}),
        delegation_data(body, posted_on="2024-06-10", text="Rättad text."),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.posted_on == TODAY and notice.text == "Rättad text."  # the disabled field keeps the stored date
    with pytest.raises(Exception) as refused:
        services.delegation_notice_update(
            notice=notice,
            title=notice.title,
            text=notice.text,
            case_number=notice.case_number,
            decided_on=notice.decided_on,
            decided_by=notice.decided_by,
            posted_on=dt.date(2024, 6, 10),
            user=secretary,
        )
    assert "datumen kan inte ändras" in str(refused.value)


def test_a_notice_not_yet_posted_may_be_moved_or_withdrawn(client, body, secretary):
    client.post(reverse("staff:delegation_create"), delegation_data(body, posted_on="2024-06-05"))
    notice = Notice.objects.get()
    response = client.post(
        reverse("staff:notice_edit", kwargs={"pk": notice.pk}), delegation_data(body, posted_on="2024-06-07")
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.posted_on == dt.date(2024, 6, 7) and notice.appeal_last_day == dt.date(2024, 6, 28)

    history = client.get(reverse("staff:notice_history", kwargs={"pk": notice.pk})).content.decode()
    assert "Karin Lund" in history and "fredag 7 juni 2024" in history

    assert client.post(reverse("staff:notice_delete", kwargs={"pk": notice.pk})).status_code == 302
    assert not Notice.objects.exists()


def test_a_posted_notice_cannot_be_withdrawn(client, body, secretary):
    notice = other_notice(body)
    response = client.post(reverse("staff:notice_delete", kwargs={"pk": notice.pk}))
    assert "kan inte tas bort" in response.content.decode()
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_personnummer_typed_into_the_text_is_shown_before_saving(client, body, secretary):
    response = client.post(
        reverse("staff:delegation_create"), delegation_data(body, text="Gäller 811218-9876 på Storgatan.")
    )
    assert "Fältet innehåller ett personnummer" in response.content.decode()
    assert not Notice.objects.exists()
