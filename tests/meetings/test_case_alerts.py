"""Following a case ("bevaka ärendet"): double opt-in like a body's alerts, with the same limits; a mail when a public
item or paragraph names the case, one per address and publication however many things it follows; never for a secret
item's case; and a mail when a published agenda is changed, at most one per meeting and day."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from celery.app.task import Task
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import alerts
from meetings.models import AlertLimitEvent, Case, Meeting, Subscription
from meetings.tasks import publication_alert_send
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolParagraphFactory,
    SubscriptionFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

CASE = "Ks 181/2022"
FORM = "/arenden/ks-181-2022/bevaka/"
NEUTRAL = "Om adressen kan ta emot bevakningar skickar vi ett mejl"


@pytest.fixture(autouse=True)
def _tasks(eager_celery, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://politik.orebro.se"


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")


@pytest.fixture
def committee():
    return BodyFactory(name="Programnämnd samhällsbyggnad", slug="programnamnd-samhallsbyggnad", kind="committee")


@pytest.fixture
def public_case(committee):
    """Ks 181/2022 on the committee's published agenda (its first public step)."""
    meeting = MeetingFactory(body=committee, start=local(2024, 5, 20), agenda_published_at=local(2024, 5, 13, 9, 0))
    AgendaItemFactory(meeting=meeting, title="Detaljplan för Vivalla 3:1", case_number=CASE)
    return Case.objects.get(key="ks-181-2022")


def follow(case, email="anna@example.org"):
    return SubscriptionFactory(email=email, body=None, case=case)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(email, path=FORM, ip="203.0.113.5"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, {"email": email}, REMOTE_ADDR=ip)

    return send


def link_in(message, name: str) -> str:
    (url,) = re.findall(rf"https://politik\.orebro\.se/bevakning/[\w-]+/{name}/", message.body)
    return urlsplit(url).path


def ks_meeting(board, **kwargs) -> Meeting:
    return MeetingFactory(body=board, start=local(2024, 6, 3), place="Rådhuset, sessionssalen", **kwargs)


def publish(meeting) -> int:
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    return publication_alert_send("agenda", meeting.pk)


# --- The form and double opt-in ----------------------------------------------------------------------------------


def test_the_form_names_the_case_by_number_and_public_title(client, public_case):
    response = client.get(FORM)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Bevaka ärende Ks 181/2022</h1>" in html
    assert "Detaljplan för Vivalla 3:1" in html
    assert f'<form method="post" action="{FORM}" novalidate>' in html
    assert 'href="/arenden/ks-181-2022/"' in html


def test_double_opt_in_for_a_case(client, public_case, post, mailoutbox):
    response = post("  Anna@Example.org ")

    assert response.status_code == 200
    assert f"{NEUTRAL} till anna@example.org" in response.content.decode()
    assert "ärende Ks 181/2022 – Detaljplan för Vivalla 3:1 kommer upp" in response.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.body, subscription.case, subscription.confirmed_at) == (
        "anna@example.org",
        None,
        public_case,
        None,
    )
    (message,) = mailoutbox
    assert message.subject == "Bekräfta din bevakning av ärende Ks 181/2022 – Detaljplan för Vivalla 3:1"
    assert "i vilket organ det än behandlas" in message.body
    assert "https://politik.orebro.se/arenden/ks-181-2022/" in message.body

    confirm = link_in(message, "bekrafta")
    assert "Bekräfta bevakningen" in client.get(confirm).content.decode()
    assert Subscription.objects.get().confirmed_at is None
    done = client.post(confirm).content.decode()

    assert "Klart! Du får ett mejl när ärende Ks 181/2022 – Detaljplan för Vivalla 3:1 kommer upp" in done
    assert Subscription.objects.get().confirmed_at is not None
    assert 'href="/arenden/ks-181-2022/"' in done


def test_the_same_answer_for_a_new_a_waiting_and_a_following_address(public_case, post, mailoutbox):
    new = post("anna@example.org")
    waiting = post("anna@example.org")
    Subscription.objects.update(confirmed_at=timezone.now())
    following = post("anna@example.org")

    assert new.content == waiting.content == following.content
    assert len(mailoutbox) == 1
    assert Subscription.objects.count() == 1


def test_a_title_from_a_public_step_is_masked(client, committee):
    meeting = MeetingFactory(body=committee, agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, title="Bygglov för 811218-9876", case_number=CASE)

    html = client.get(FORM).content.decode()

    assert "811218" not in html
    assert "Bygglov för [personnummer maskerat]" in html


def test_a_case_only_a_secret_item_names_cannot_be_followed(client, post, committee, mailoutbox):
    meeting = MeetingFactory(body=committee, agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, title="Markaffär Rudbeckia", case_number=CASE, is_public=False)
    assert Case.objects.filter(key="ks-181-2022").exists()

    assert client.get(FORM).status_code == 404
    assert post("anna@example.org").status_code == 404
    assert "Rudbeckia" not in client.get(FORM).content.decode()
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_a_case_on_an_unpublished_agenda_or_unknown_cannot_be_followed(client, committee):
    AgendaItemFactory(meeting=MeetingFactory(body=committee), case_number=CASE)

    assert client.get(FORM).status_code == 404
    assert client.get("/arenden/ks-999-2022/bevaka/").status_code == 404
    assert client.get("/arenden/inte-ett-nummer/bevaka/").status_code == 404


def test_a_key_in_another_notation_leads_to_the_case_form(client, public_case):
    response = client.get("/arenden/KS-181-22/bevaka/")

    assert response.status_code == 301
    assert response["Location"] == FORM


def test_a_request_for_a_case_that_became_secret_before_the_worker_ran_stores_nothing(public_case, mailoutbox):
    public_case.agendaitems.update(is_public=False)

    assert alerts.subscription_request(email="anna@example.org", case_id=public_case.pk) is False
    assert not Subscription.objects.exists()
    assert mailoutbox == []


# --- Limits: the same as a body's, counted together ----------------------------------------------------------------


def test_confirmation_mails_to_one_mailbox_are_limited_across_bodies_and_cases(client, committee, post, mailoutbox):
    keys = []
    for n in range(1, 4):
        meeting = MeetingFactory(body=committee, agenda_published_at=timezone.now())
        AgendaItemFactory(meeting=meeting, case_number=f"Ks {n}/2024")
        keys.append(f"ks-{n}-2024")
    bodies = [BodyFactory(name=f"Nämnd {n}", slug=f"namnd-{n}") for n in range(2)]

    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False):
        for body in bodies:
            post("anna@example.org", path=f"/organ/{body.slug}/bevaka/")
        for key in keys:
            assert NEUTRAL in post("anna+case@example.org", path=f"/arenden/{key}/bevaka/").content.decode()

    assert len(mailoutbox) == alerts.ADDRESS_MAILS_PER_HOUR == 3
    assert Subscription.objects.filter(case__isnull=False).count() == 1  # a case that got no mail is not stored


def test_the_same_case_is_mailed_at_most_once_an_hour(public_case, post, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False) as traveller:
        post("anna@example.org")
        traveller.shift(dt.timedelta(minutes=59))
        post("anna@example.org")
        assert len(mailoutbox) == 1
        traveller.shift(dt.timedelta(minutes=2))
        post("anna@example.org")

    assert len(mailoutbox) == 2


def test_a_client_over_its_limit_gets_429_on_the_case_form(public_case, board, post):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False):
        for n in range(alerts.CLIENT_POSTS_PER_HOUR):
            path = FORM if n % 2 else "/organ/kommunstyrelsen/bevaka/"
            assert post(f"person{n}@example.org", path=path).status_code == 200

        refused = post("sista@example.org")

    assert refused.status_code == 429
    assert "För många förfrågningar från din adress" in refused.content.decode()
    assert 'value="sista@example.org"' in refused.content.decode()
    assert not Subscription.objects.filter(email="sista@example.org").exists()


def _normalized(queries) -> list[str]:
    return [re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", query["sql"]) for query in queries]


def test_known_and_unknown_addresses_get_the_same_response_queries_and_task(public_case, client, monkeypatch):
    sent = []
    monkeypatch.setattr(
        Task, "apply_async", lambda self, args=None, kwargs=None, **options: sent.append((self.name, args, kwargs))
    )

    def request():
        sent.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(FORM, {"email": "anna@example.org"})
        return response, _normalized(queries), list(sent)

    unknown = request()
    SubscriptionFactory(email="anna@example.org", body=None, case=public_case, confirmed_at=None)
    pending = request()
    Subscription.objects.update(confirmed_at=timezone.now())
    following = request()

    for response, queries, tasks in (unknown, pending, following):
        assert response.status_code == 200
        assert response.content == unknown[0].content
        assert queries == unknown[1]
        assert tasks == [("meetings.tasks.subscription_request_handle", ("anna@example.org", None, public_case.pk), {})]


def test_with_the_broker_down_nothing_is_pending(public_case, client, broker_down, mailoutbox):
    response = client.post(FORM, {"email": "anna@example.org"})

    assert response.status_code == 503
    assert "Inget är sparat som väntande" in response.content.decode()
    assert not Subscription.objects.exists()
    assert not AlertLimitEvent.objects.exists()


# --- Publication mails to case followers -------------------------------------------------------------------------


def test_an_agenda_naming_the_case_is_mailed_to_its_followers(board, public_case, mailoutbox):
    follower = follow(public_case)
    follow(Case.objects.create(prefix="Ks", serial=7, year=2022), email="bo@example.org")  # another case
    SubscriptionFactory(email="cecilia@example.org", body=None, case=public_case, confirmed_at=None)
    meeting = ks_meeting(board)
    AgendaItemFactory(meeting=meeting, number="4", title="Detaljplan för Vivalla 3:1", case_number="Ks 181/2022")
    AgendaItemFactory(meeting=meeting, number="5", title="Budget", case_number="Ks 9/2024")

    assert publish(meeting) == 1

    (message,) = mailoutbox
    cancel = f"https://politik.orebro.se/bevakning/{follower.token}/avsluta/"
    assert message.to == ["anna@example.org"]
    assert message.subject == "Ny ärendelista: Kommunstyrelsen, måndag 3 juni 2024"
    assert "Ärende Ks 181/2022, som du bevakar:\n4. Detaljplan för Vivalla 3:1\n" in message.body
    assert "Du får det här mejlet eftersom du bevakar ärende Ks 181/2022 på" in message.body
    assert f"Avsluta bevakningen av ärende Ks 181/2022:\n{cancel}" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{cancel}>"


def test_a_posted_protocol_naming_the_case_is_mailed_to_its_followers(board, public_case, mailoutbox):
    follow(public_case)
    meeting = ks_meeting(board, agenda_published_at=timezone.now())
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)
    ProtocolParagraphFactory(protocol=protocol, number=112, title="Detaljplan för Vivalla", case_number=CASE)

    assert publication_alert_send("protocol", protocol.pk) == 1

    (message,) = mailoutbox
    assert message.subject == "Nytt protokoll: Kommunstyrelsen, måndag 3 juni 2024"
    assert "Ärende Ks 181/2022, som du bevakar:\n§ 112 Detaljplan för Vivalla\n" in message.body


def test_one_mail_per_address_when_it_follows_the_body_and_two_of_its_cases(board, public_case, mailoutbox):
    body_follower = SubscriptionFactory(email="anna@example.org", body=board)
    other = Case.objects.create(prefix="Ks", serial=9, year=2024)
    case_followers = [follow(public_case), follow(other)]
    SubscriptionFactory(email="bo@example.org", body=board)
    meeting = ks_meeting(board)
    AgendaItemFactory(meeting=meeting, number="4", title="Vivalla", case_number=CASE)
    AgendaItemFactory(meeting=meeting, number="5", title="Budget", case_number="Ks 9/2024")

    assert publish(meeting) == 2
    assert publish(meeting) == 0  # a rerun of the task sends nothing again

    assert sorted(message.to[0] for message in mailoutbox) == ["anna@example.org", "bo@example.org"]
    (anna,) = [message for message in mailoutbox if message.to == ["anna@example.org"]]
    assert "du bevakar Kommunstyrelsen, ärende Ks 181/2022 och ärende Ks 9/2024 på" in anna.body
    assert f"https://politik.orebro.se/bevakning/{body_follower.token}/avsluta/" in anna.body
    for subscription in case_followers:
        assert f"https://politik.orebro.se/bevakning/{subscription.token}/avsluta/" in anna.body
    assert anna.extra_headers["List-Unsubscribe"] == (
        f"<https://politik.orebro.se/bevakning/{body_follower.token}/avsluta/>"
    )


def test_a_rerun_after_the_address_followed_one_more_case_sends_nothing_again(board, public_case, mailoutbox):
    SubscriptionFactory(email="anna@example.org", body=board)
    meeting = ks_meeting(board)
    AgendaItemFactory(meeting=meeting, title="Vivalla", case_number=CASE)
    assert publish(meeting) == 1

    follow(public_case)

    assert publication_alert_send("agenda", meeting.pk) == 0
    assert len(mailoutbox) == 1


def test_a_secret_items_case_triggers_nothing_and_is_never_named(board, public_case, mailoutbox):
    follow(public_case)
    SubscriptionFactory(email="bo@example.org", body=board)
    meeting = ks_meeting(board)
    AgendaItemFactory(meeting=meeting, number="1", title="Markaffär Rudbeckia", case_number=CASE, is_public=False)
    AgendaItemFactory(meeting=meeting, number="2", title="Budget", case_number="Ks 9/2024")

    assert publish(meeting) == 1

    (message,) = mailoutbox
    assert message.to == ["bo@example.org"]
    assert "181" not in message.body
    assert "Rudbeckia" not in message.body
    assert "1. Sekretessärende" in message.body


def test_a_secret_paragraphs_case_triggers_nothing(board, public_case, mailoutbox):
    follow(public_case)
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=ks_meeting(board, agenda_published_at=None))
    ProtocolParagraphFactory(protocol=protocol, title="Markaffär", case_number=CASE, is_public=False)

    assert publication_alert_send("protocol", protocol.pk) == 0
    assert mailoutbox == []


# --- The agenda changed after publication --------------------------------------------------------------------------


def change(meeting, when) -> int:
    Meeting.objects.filter(pk=meeting.pk).update(agenda_changed_at=when)
    with time_machine.travel(when + dt.timedelta(minutes=1), tick=False):
        return publication_alert_send(alerts.AlertKind.AGENDA_CHANGED, meeting.pk)


def test_a_changed_agenda_is_mailed_to_the_body_and_case_followers_once_a_day(board, public_case, mailoutbox):
    SubscriptionFactory(email="bo@example.org", body=board)
    follow(public_case)
    SubscriptionFactory(email="cecilia@example.org", body=BodyFactory(name="Annan nämnd"))
    meeting = ks_meeting(board, agenda_published_at=local(2024, 5, 27, 9, 0))
    AgendaItemFactory(meeting=meeting, number="4", title="Vivalla", case_number=CASE)

    assert change(meeting, local(2024, 5, 28, 10, 0)) == 2
    assert change(meeting, local(2024, 5, 28, 16, 30)) == 0  # the same day: no second mail
    assert change(meeting, local(2024, 5, 29, 8, 0)) == 2  # the next day: one more

    assert len(mailoutbox) == 4
    first = mailoutbox[0]
    assert first.subject == "Ärendelistan till Kommunstyrelsen, måndag 3 juni 2024, har ändrats 28 maj 2024"
    assert f"https://politik.orebro.se/sammantraden/{meeting.pk}/" in first.body
    assert "har ändrats 28 maj 2024" in first.body
    assert "Ärenden:\n4. Vivalla" in first.body
    assert mailoutbox[2].subject.endswith("har ändrats 29 maj 2024")
    (case_mail,) = [message for message in mailoutbox[:2] if message.to == ["anna@example.org"]]
    assert "Ärende Ks 181/2022, som du bevakar:\n4. Vivalla" in case_mail.body


@pytest.mark.parametrize("state", ["cancelled", "withdrawn", "never changed"])
def test_no_change_mail_for_a_cancelled_meeting_or_an_unpublished_agenda(board, mailoutbox, state):
    SubscriptionFactory(body=board)
    meeting = ks_meeting(board, agenda_published_at=local(2024, 5, 27, 9, 0))
    if state == "cancelled":
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    elif state == "withdrawn":
        Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=None)

    if state == "never changed":
        assert publication_alert_send(alerts.AlertKind.AGENDA_CHANGED, meeting.pk) == 0
    else:
        assert change(meeting, local(2024, 5, 28, 10, 0)) == 0
    assert mailoutbox == []


def test_a_change_mail_lists_a_secret_item_as_sekretessarende_and_mails_not_its_cases_followers(
    board, public_case, mailoutbox
):
    follow(public_case)
    SubscriptionFactory(email="bo@example.org", body=board)
    meeting = ks_meeting(board, agenda_published_at=local(2024, 5, 27, 9, 0))
    AgendaItemFactory(meeting=meeting, number="1", title="Markaffär Rudbeckia", case_number=CASE, is_public=False)

    assert change(meeting, local(2024, 5, 28, 10, 0)) == 1

    (message,) = mailoutbox
    assert message.to == ["bo@example.org"]
    assert "1. Sekretessärende" in message.body
    assert "Rudbeckia" not in message.body and "181" not in message.body
