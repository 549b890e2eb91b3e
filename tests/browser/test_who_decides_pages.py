"""Every page issue 15 added, staff and public, opened in a browser by the user it is for: it answers 200, axe-core
finds no WCAG 2.1 AA violation, and it reflows at 320 px. The flows on these pages are tested in
test_who_decides.py, test_staff_members.py, test_staff_attendance.py, test_staff_votes.py, test_adjustment.py and
test_member_pages.py; this walks the routes from the URLconf, so a page added later without a browser test fails
here by name."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import urls_staff_adjustment, urls_staff_attendance, urls_staff_members, urls_staff_votes
from meetings.models import Posting, Statement
from meetings.services.adjustment import approval_record, protocol_send_for_adjustment
from meetings.services.votes import proposal_add, statement_add, vote_record
from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on
from tests.browser.conftest import _new_page
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import administrator
from tests.meetings.test_adjustment import justering_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Routes answered only to POST (actions behind a button on a page that is tested).
POST_ONLY = {
    "protocol_attendance_refresh",
    "protocol_attendance_from_text",
    "protocol_send_for_adjustment",
    "protocol_withdraw_from_adjustment",
}
ADMINISTRATORS = {"party_list", "party_create", "party_edit", "party_history", "person_account"}
ADJUSTERS = {"adjustment_inbox", "adjustment_review"}


def _routes() -> list[str]:
    names = []
    for module in (urls_staff_members, urls_staff_attendance, urls_staff_votes, urls_staff_adjustment):
        names += [pattern.name for pattern in module.urlpatterns if pattern.name not in POST_ONLY]
    return names


@pytest.fixture
def world(eager_celery):
    world = justering_world(start=timezone.now() - dt.timedelta(days=3))
    paragraph = world.protocol.paragraphs.order_by("position").first()
    serving = [row.membership for row in world.protocol.attendance.all() if row.serves_at(paragraph.number)]
    proposal = proposal_add(paragraph=paragraph, membership=serving[1], text="Yrkar avslag.", user=world.secretary)
    vote = vote_record(
        paragraph=paragraph,
        question="Ja för förslaget, nej för avslag.",
        is_secret=False,
        yes_count=len(serving) - 1,
        no_count=1,
        abstain_count=0,
        ballots={m.pk: "no" if m == serving[1] else "yes" for m in serving},
        user=world.secretary,
    )
    statement = statement_add(
        paragraph=paragraph, membership=serving[1], kind=Statement.Kind.RESERVATION, text="Till förmån för avslag."
    )
    membership = serving[1]
    by_name = {
        "person_edit": {"pk": membership.person_id},
        "person_account": {"pk": membership.person_id},
        "person_history": {"pk": membership.person_id},
        "party_edit": {"pk": membership.party_id},
        "roster": {"slug": world.body.slug},
        "membership_create": {"slug": world.body.slug},
        "member_import": {"slug": world.body.slug},
        "roster_history": {"slug": world.body.slug},
        "membership_edit": {"pk": membership.pk},
        "membership_end": {"pk": membership.pk},
        "protocol_attendance": {"pk": world.protocol.pk},
        "adjustment_review": {"pk": world.protocol.pk},
        "paragraph_parts": {"pk": paragraph.pk},
        "proposal_create": {"pk": paragraph.pk},
        "vote_create": {"pk": paragraph.pk},
        "reservation_create": {"pk": paragraph.pk},
        "note_create": {"pk": paragraph.pk},
        "proposal_edit": {"pk": proposal.pk},
        "proposal_delete": {"pk": proposal.pk},
        "vote_edit": {"pk": vote.pk},
        "vote_delete": {"pk": vote.pk},
        "statement_edit": {"pk": statement.pk},
        "statement_delete": {"pk": statement.pk},
    }
    world.urls = {name: reverse(f"staff:{name}", kwargs=by_name.get(name, {})) for name in _routes()}
    world.membership = membership
    administrator(username="admin")
    return world


def _check(page, url: str, check_accessibility) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    check_accessibility(page)
    assert_reflows_at_320_px(page)


def test_every_new_page_is_accessible_and_reflows_for_the_user_it_is_for(
    browser, live_server, page, world, check_accessibility
):
    secretary_pages = [name for name in world.urls if name not in ADMINISTRATORS | ADJUSTERS]
    log_in(page, world.secretary.username)
    for name in secretary_pages:
        _check(page, world.urls[name], check_accessibility)

    context, admin = _new_page(browser, live_server.url)
    log_in(admin, "admin")
    for name in sorted(ADMINISTRATORS):
        _check(admin, world.urls[name], check_accessibility)
    context.close()

    # The adjusters' pages, once the protocol is sent; then the public pages once it is adjusted and posted.
    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    context, chair = _new_page(browser, live_server.url)
    log_in(chair, world.chair.username)
    for name in sorted(ADJUSTERS):
        _check(chair, world.urls[name], check_accessibility)
    context.close()
    for approver in (world.chair, world.first, world.second):
        approval_record(protocol=world.protocol, user=approver, decision="approved")
    today = timezone.localdate()
    Posting.objects.create(
        protocol=world.protocol,
        posted_on=today,
        appeal_last_day=appeal_last_day(today),
        taken_down_on=notice_taken_down_on(today),
    )
    person = world.membership.person
    for url in (
        reverse("meetings:person_list"),
        reverse("meetings:person_list") + f"?organ={world.body.slug}&tidigare=on",
        person.get_absolute_url(),
        world.body.get_absolute_url(),
        reverse("meetings:protocol_detail", kwargs={"pk": world.meeting.pk}),
    ):
        _check(page, url, check_accessibility)
    assert re.search(r"Yrkar avslag", page.content())
