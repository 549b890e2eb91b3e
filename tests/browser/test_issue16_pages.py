"""Every page issue 16 added, staff and public, opened in a browser by the user it is for: it answers 200, axe-core
finds no WCAG 2.1 AA violation, and it reflows at 320 px. The flows on these pages are tested in test_cases.py,
test_case_alerts.py, test_notice_board.py and test_forwarding.py; this walks the staff routes from their URL modules,
so a staff page added later without a browser test fails here by name, and opens each public page and each kind of
notice."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services, urls_staff_cases, urls_staff_notices
from meetings.models import AgendaItem, Body
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    NoticeFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    make_pdf,
    secretary_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = "Ks 181/2022"


@pytest.fixture
def world():
    today = timezone.localdate()
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    held = today - dt.timedelta(days=2)
    ks_meeting = MeetingFactory(body=board, start=local(held.year, held.month, held.day), agenda_published_at=None)
    item = AgendaItem.objects.create(meeting=ks_meeting, position=1, number="1", title="Ny simhall", case_number=CASE)
    ks_meeting.agenda_published_at = timezone.now() - dt.timedelta(days=9)
    ks_meeting.save()
    protocol = ProtocolFactory(meeting=ks_meeting)
    paragraph = ProtocolParagraphFactory(protocol=protocol, agenda_item=item, title="Ny simhall", case_number=CASE)
    day = today + dt.timedelta(days=14)
    council_meeting = MeetingFactory(body=council, start=local(day.year, day.month, day.day, 18, 0))
    AgendaItem.objects.create(meeting=council_meeting, position=1, number="1", title="Årsredovisning")
    services.agenda_publish(meeting=council_meeting)
    notices = [
        services.delegation_notice_create(
            body=board,
            title="Avskrivning av fordran",
            text="Fordran skrivs av.",
            case_number="Ks 77/2024",
            decided_on=today,
            decided_by="Ekonomidirektör",
            posted_on=today,
            user=None,
        ),
        services.other_notice_create(
            body=board,
            title="Granskning av detaljplan",
            text="Planförslaget finns att granska.",
            legal_basis="Plan- och bygglagen 5 kap. 18 §",
            posted_on=today,
            taken_down_on=today + dt.timedelta(days=28),
            file=make_pdf("Plankarta"),
            user=None,
        ),
        council_meeting.notice,
    ]
    waiting = NoticeFactory(body=board, title="Kommande kungörelse", posted_on=today + dt.timedelta(days=3))
    by_name = {
        "notice_edit": {"pk": waiting.pk},
        "notice_delete": {"pk": waiting.pk},
        "notice_history": {"pk": waiting.pk},
        "paragraph_forward": {"pk": paragraph.pk},
    }
    staff_urls = {
        pattern.name: reverse(f"staff:{pattern.name}", kwargs=by_name.get(pattern.name, {}))
        for module in (urls_staff_notices, urls_staff_cases)
        for pattern in module.urlpatterns
    }
    secretary_of(board, username="sekreterare")
    return {"staff_urls": staff_urls, "case": item.case, "notices": notices}


def _check(page, url: str, check_accessibility) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    check_accessibility(page)
    assert_reflows_at_320_px(page)


def test_every_new_page_is_accessible_and_reflows_for_the_user_it_is_for(page, world, check_accessibility):
    public = {
        reverse("meetings:case_list"),
        world["case"].get_absolute_url(),
        reverse("meetings:case_subscribe", kwargs={"key": world["case"].key}),
        reverse("meetings:notice_board"),
        reverse("meetings:notice_archive"),
        reverse("meetings:appeal_guide"),
        *(notice.get_absolute_url() for notice in world["notices"]),
    }
    for url in sorted(public):
        _check(page, url, check_accessibility)

    log_in(page, "sekreterare")
    for _name, url in sorted(world["staff_urls"].items()):
        _check(page, url, check_accessibility)
