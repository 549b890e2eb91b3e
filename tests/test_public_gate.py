"""Issue 12's must-show: nothing personal reaches the public, on any surface.

One meeting is built through the services — its body, place and status note, public and secret agenda items,
documents, a posted protocol with attendance and paragraphs — a commitment update, an annual-report section and the
books (a unit, an ansvar, an account group and the note of each year's publication of figures),
with every free-text field of every one of them holding a different valid personnummer (12 and 10 digits, `+`,
samordningsnummer, spaced, broken over a line, full-width, with a soft hyphen) and a `[[marked name]]`. Then every
public surface is fetched: the pages, the protocol and report PDFs (pypdf), the Atom feeds (feedparser), the
calendars (icalendar), the budget pages and their CSV downloads, search, every API list and detail in JSON and CSV,
and the mails in the outbox. None of them
shows a number or a name, while case numbers, dates, amounts and phone numbers survive.

Which fields are free text is read from the models (every CharField and TextField that is not a choice, a slug, an
e-mail address, a validated code or set by the portal itself), so a field added tomorrow is filled here too.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata

import feedparser
import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import RegexValidator
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from budget.models import AccountGroup, FigurePublication, FiscalYear, ResponsibilityCode, Unit
from budget.services.publishing import figures_publish
from goals.models import CommitmentStatus
from goals.services.commitments import commitment_update_create
from meetings.models import (
    AgendaItem,
    Ballot,
    Body,
    Document,
    Membership,
    Notice,
    Party,
    Person,
    Proposal,
    Protocol,
    Statement,
    Subscription,
    Vote,
)
from meetings.services import (
    agenda_item_add,
    agenda_publish,
    delegation_notice_create,
    document_add,
    meeting_create,
    meeting_move,
    notice_board_take_down,
    other_notice_create,
    paragraph_update,
    protocol_adjust,
    protocol_correct,
    protocol_create,
    protocol_post,
    protocol_update,
)
from meetings.services.attendance import attendance_update
from meetings.services.votes import proposal_add, statement_add, vote_record
from reports.models import AnnualReport
from reports.services_staff import section_update
from tests.conftest import require_service
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    CommitmentFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    account_group,
    administrator,
    ledger_line,
    local,
    make_pdf,
    secretary_of,
)

pytestmark = [pytest.mark.django_db(transaction=False)]

SURNAME = "Qvarnström"  # in every marked name and nowhere else
SURVIVORS = ["Ks 181/2022", "019-21 10 00", "12 417 tkr", "2024-06-03"]
KEEP = " Se Ks 181/2022, ring 019-21 10 00; underskott 12 417 tkr sedan 2024-06-03."


def _luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def _full_width(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else "－" if c == "-" else c for c in text)


_NOTATIONS = [
    lambda c, d, s: f"{c}{d}-{s}",  # 12 digits
    lambda c, d, s: f"{c}{d}{s}",
    lambda c, d, s: f"{d}-{s}",  # 10 digits
    lambda c, d, s: f"{d}+{s}",  # aged 100 or more
    lambda c, d, s: f"{d[:2]} {d[2:4]} {d[4:]} - {s[:2]} {s[2:]}",  # spaced
    lambda c, d, s: f"{d}-\n{s}",  # broken over a line
    lambda c, d, s: _full_width(f"{d}-{s}"),  # full-width
    lambda c, d, s: f"{d[:3]}\u00ad{d[3:]}-{s}",  # a soft hyphen
    lambda c, d, s: f"{d} {s}",
]


class Secrets:
    """Hands out a different valid number for every field, and remembers what must never be seen."""

    def __init__(self) -> None:
        self.numbers: list[tuple[str, str]] = []  # (as written, its ten digits)
        self.names: list[str] = []
        self._counter = itertools.count()

    def number(self) -> str:
        n = next(self._counter)
        born = dt.date(1931, 1, 1) + dt.timedelta(days=397 * n)
        day = born.day + (60 if n % 4 == 3 else 0)  # every fourth a samordningsnummer
        yymmdd = f"{born:%y%m}{day:02d}"
        serial = f"{(137 * n) % 1000:03d}"
        serial += _luhn_digit(yymmdd + serial)
        written = _NOTATIONS[n % len(_NOTATIONS)](f"{born.year}"[:2], yymmdd, serial)
        self.numbers.append((written, yymmdd + serial))
        return written

    def name(self) -> str:
        name = f"Ida {SURNAME} {chr(65 + len(self.names) % 26)}{len(self.names)}"
        self.names.append(name)
        return name

    def text(self, *, single_line: bool = False, keep: bool = False, limit: int | None = None) -> str:
        """A text with a number and a marked name in it; `keep` adds the case number, phone, amount and date."""
        number = self.number()
        if single_line:
            number = number.replace("\n", " ")
        value = f"Från {number} och [[{self.name()}]]." + (KEEP if keep else "")
        if limit is not None and len(value) > limit:
            value = f"{number} [[{self.names[-1]}]]"
        assert limit is None or len(value) <= limit
        return value

    def assert_absent(self, where: str, text: str) -> None:
        normal = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
        digits = re.sub(r"\D", "", normal)
        for written, ten in self.numbers:
            assert written not in text, f"{where}: {written!r} is published"
            assert ten not in digits, f"{where}: the digits of {written!r} are published"
        assert SURNAME.lower() not in normal.lower(), f"{where}: a marked name is published"
        assert "[[" not in normal, f"{where}: a marker is published"


def _free_text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField | models.EmailField)
        and not any(isinstance(v, RegexValidator) for v in field.validators)
    ]


def _fill(secrets: Secrets, model: type[models.Model], *, skip: tuple[str, ...] = (), keep: str = "") -> dict:
    """A different secret for every free-text field of `model` (single line for CharFields)."""
    values = {}
    for field in _free_text_fields(model):
        if field.name in skip:
            continue
        single = isinstance(field, models.CharField)
        values[field.name] = secrets.text(single_line=single, keep=field.name == keep, limit=field.max_length)
    return values


# --- building everything through the services -------------------------------------------------------------------


@pytest.fixture
def world(request, settings, eager_celery, django_capture_on_commit_callbacks):
    settings.PORTAL_BASE_URL = "https://politik.example.se"
    secrets = Secrets()
    body_texts = _fill(secrets, Body, keep="description")
    body = BodyFactory(slug="kommunstyrelsen", kind=Body.Kind.BOARD, **body_texts)
    secretary = secretary_of(body)
    Subscription.objects.create(email="medborgare@example.org", body=body, confirmed_at=timezone.now())
    # Kommunfullmäktige, whose published agenda is announced on the notice board with its matters.
    council = BodyFactory(slug="kommunfullmaktige", kind=Body.Kind.COUNCIL, **_fill(secrets, Body))

    # Tasks queued after commit (the alert mails, the text extraction, the protocol PDF) run at once, in-process.
    capture = django_capture_on_commit_callbacks(execute=True)
    capture.__enter__()
    with time_machine.travel(local(2027, 5, 20, 9, 0), tick=False):
        meeting = meeting_create(body=body, start=local(2027, 6, 1), place=secrets.text(single_line=True))
        items = []
        for is_public in (True, True, False):
            texts = _fill(secrets, AgendaItem, skip=("number",), keep="proposal")
            # The item number is free text too (up to 20 characters): the last one's is a personnummer.
            number = str(len(items) + 1) if len(items) < 2 else secrets.number().replace("\n", " ")
            items.append(
                agenda_item_add(meeting=meeting, number=number, case_number="Ks 181/2022", is_public=is_public, **texts)
            )
        for owner in ({"meeting": meeting}, {"agenda_item": items[0]}):
            document_add(
                title=secrets.text(single_line=True, limit=300),
                kind=Document.Kind.ATTACHMENT,
                content=make_pdf("Bilaga utan personuppgifter, Ks 181/2022, telefon 019-21 10 00"),
                is_published=True,
                **owner,
            )
        # Someone follows the case the items carry ("bevaka ärendet"): the agenda and protocol mails reach them too.
        Subscription.objects.create(email="foljer-arendet@example.org", case=items[0].case, confirmed_at=timezone.now())
        agenda_publish(meeting=meeting)
        meeting = meeting_move(meeting=meeting, start=local(2027, 6, 3), reason=secrets.text(keep=True))

        council_meeting = meeting_create(body=council, start=local(2027, 6, 14), place=secrets.text(single_line=True))
        for is_public in (True, False):
            agenda_item_add(
                meeting=council_meeting,
                number=str(len(council_meeting.items.all()) + 1),
                case_number="Ks 181/2022",
                is_public=is_public,
                **_fill(secrets, AgendaItem, skip=("number",), keep="proposal"),
            )
        agenda_publish(meeting=council_meeting)  # more than a week ahead: the kungörelse goes up
        notice_texts = _fill(secrets, Notice, keep="text")
        notices = [
            delegation_notice_create(
                body=body,
                case_number="Ks 181/2022",
                decided_on=dt.date(2027, 5, 19),
                posted_on=dt.date(2027, 5, 20),
                user=secretary,
                **{name: notice_texts[name] for name in ("title", "text", "decided_by")},
            ),
            other_notice_create(
                body=body,
                posted_on=dt.date(2027, 5, 20),
                taken_down_on=dt.date(2027, 7, 1),
                file=SimpleUploadedFile("plan.pdf", make_pdf("Granskningshandling, Ks 181/2022"), "application/pdf"),
                user=secretary,
                **_fill(secrets, Notice, keep="text", skip=("decided_by",)),
            ),
            # Taken down before the rest of the test: it is in the archive.
            other_notice_create(
                posted_on=dt.date(2027, 5, 20),
                taken_down_on=dt.date(2027, 6, 1),
                user=administrator(),
                **_fill(secrets, Notice, skip=("decided_by",)),
            ),
        ]

    # The elected: their names and their party's name are typed by staff too.
    party = Party.objects.create(abbreviation="S", **_fill(secrets, Party))
    memberships = [
        Membership.objects.create(
            person=Person.objects.create(slug=f"ledamot-{index}", party=party, **_fill(secrets, Person)),
            body=body,
            role=role,
            party=party,
            start=dt.date(2027, 1, 1),
        )
        for index, role in enumerate((Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.SUBSTITUTE))
    ]

    with time_machine.travel(local(2027, 6, 3, 17, 0), tick=False):
        protocol = protocol_create(meeting=meeting, user=secretary)  # the attendance comes from the roster
        attendance_update(protocol=protocol, rows=[{"membership": memberships[1], "is_adjuster": True}], user=secretary)
        first = protocol.paragraphs.order_by("position").first()
        proposal_add(paragraph=first, membership=memberships[1], user=secretary, **_fill(secrets, Proposal))
        vote_record(
            paragraph=first,
            is_secret=False,
            yes_count=1,
            no_count=1,
            abstain_count=0,
            ballots={memberships[0].pk: Ballot.Choice.YES, memberships[1].pk: Ballot.Choice.NO},
            user=secretary,
            **_fill(secrets, Vote),
        )
        for kind in Statement.Kind.values:
            statement_add(
                paragraph=first, membership=memberships[1], kind=kind, user=secretary, **_fill(secrets, Statement)
            )
        header = _fill(secrets, Protocol, skip=("correction_note",))
        for field in ("adjusters", "members", "substitutes", "officials"):
            header[field] = f"Anna Berg (S)\n{header[field]}\nOla Ek (M)"
        protocol_update(protocol=protocol, user=secretary, **header)
        for paragraph in protocol.paragraphs.all():
            paragraph_update(paragraph=paragraph, user=secretary, **_fill(secrets, type(paragraph), keep="matter"))
    with time_machine.travel(local(2027, 6, 7, 10, 0), tick=False):
        protocol_adjust(protocol=protocol, adjusted_on=dt.date(2027, 6, 7), user=secretary)
        protocol_post(protocol=protocol, user=secretary)
        # A corrected version, whose note citizens read.
        corrected = protocol_correct(protocol=protocol, note=secrets.text(keep=True), user=secretary)
        protocol_adjust(protocol=corrected, adjusted_on=dt.date(2027, 6, 7), user=secretary)
        protocol_post(protocol=corrected, user=secretary)

    later = time_machine.travel(local(2027, 6, 10, 12, 0))  # the rest of the test happens a few days later
    later.start()
    request.addfinalizer(later.stop)
    assert notice_board_take_down() == 1  # the periodic task: the third notice goes to the archive
    commitment = CommitmentFactory(text=secrets.text(keep=True))
    commitment_update_create(
        commitment=commitment,
        date=dt.date(2027, 6, 8),
        status=CommitmentStatus.IN_PROGRESS,
        comment=secrets.text(keep=True),
        agenda_items=[items[0]],
        user=secretary,
    )
    report = AnnualReportFactory(body=body, year=2026, **_fill(secrets, AnnualReport))
    section = SectionFactory(report=report, number="1", heading="Förslag till beslut", text="x")
    section_update(
        section=section, heading=secrets.text(single_line=True, limit=300), text=secrets.text(keep=True), user=secretary
    )
    # The books: names typed by staff, and an interim publication whose note (shown with the figures) holds a number.
    unit = UnitFactory(slug="kommunledning", **_fill(secrets, Unit))
    code = ResponsibilityCodeFactory(code="KLC", unit=unit, **_fill(secrets, ResponsibilityCode, skip=("code",)))
    group = account_group("5")
    for name, value in _fill(secrets, AccountGroup, skip=("code",)).items():
        setattr(group, name, value)
    group.save()
    ledger_line(year=2025, code=code, group="5", outcome=-2_900_000)
    ledger_line(year=2026, code=code, group="5", outcome=-3_170_000, budget=-4_134_000)
    for year in FiscalYear.objects.order_by("year"):
        figures_publish(year=year, user=administrator(), note=_fill(secrets, FigurePublication)["note"])
    capture.__exit__(None, None, None)
    return {
        "secrets": secrets,
        "body": body,
        "meeting": meeting,
        "items": items,
        "protocol": protocol,
        "persons": [membership.person for membership in memberships],
        "commitment": commitment,
        "report": report,
        "case": items[0].case,
        "notices": [*notices, council_meeting.notice],
    }


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return "\n".join(page.extract_text() for page in reader.pages) + "\n" + metadata


def _get(client: Client, url: str, *, status: int = 200):
    response = client.get(url, follow=True)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response


def _page_urls(world) -> list[str]:
    meeting, body, report = world["meeting"], world["body"], world["report"]
    return [
        "/",
        "/organ/",
        f"/organ/{body.slug}/",
        "/sammantraden/",
        f"/sammantraden/?organ={body.slug}",
        f"/sammantraden/{meeting.pk}/",
        f"/sammantraden/{meeting.pk}/protokoll/",
        f"/sammantraden/{meeting.pk}/protokoll/1/",
        f"/sammantraden/{meeting.pk}/protokoll/2/",
        "/anslagstavla/",
        "/anslagstavla/arkiv/",
        "/anslagstavla/arkiv/?q=Fr%C3%A5n",
        "/anslagstavla/overklaga/",
        *(reverse("meetings:notice_detail", kwargs={"pk": notice.pk}) for notice in world["notices"]),
        "/arenden/",
        world["case"].get_absolute_url(),
        reverse("meetings:case_subscribe", kwargs={"key": world["case"].key}),
        "/sok/?q=KS+181/22",
        "/ledamoter/",
        "/ledamoter/?tidigare=on",
        *(person.get_absolute_url() for person in world["persons"]),
        "/mal/plattform/",
        f"/mal/plattform/atagande/{world['commitment'].pk}/",
        "/arsberattelser/",
        f"/arsberattelser/{body.slug}/{report.year}/",
        f"/organ/{body.slug}/bevaka/",
        "/ekonomi/",
        "/ekonomi/2026/",
        "/ekonomi/2026/enheter.csv",
        "/ekonomi/2026/kommunledning/",
        "/ekonomi/2026/kommunledning/ansvar.csv",
        "/ekonomi/2026/kommunledning/kontogrupp.csv",
        "/ekonomi/2026/kommunledning/ansvar/KLC/",
        "/ekonomi/2026/kommunledning/ansvar/KLC/kontogrupp.csv",
        "/ekonomi/jamfor/?enhet=kommunledning",
    ]


def test_no_page_shows_a_personnummer_or_a_marked_name(world, client):
    secrets = world["secrets"]
    for url in _page_urls(world):
        secrets.assert_absent(url, _get(client, url).content.decode())


def test_the_budget_pages_name_the_publication_they_show_with_its_note_masked(world, client):
    for path in ("/ekonomi/2026/", "/ekonomi/2026/kommunledning/", "/ekonomi/2026/kommunledning/ansvar/KLC/"):
        page = _get(client, path).content.decode()
        assert "Preliminära siffror, publicerade torsdag 10 juni 2027: Från [personnummer maskerat] och " in page
        assert "[personuppgift maskerad]" in page
    listing = _get(client, "/ekonomi/").content.decode()
    assert "Preliminära siffror, publicerade torsdag 10 juni 2027: Från [personnummer maskerat]" in listing


def test_the_pages_still_show_case_numbers_phone_numbers_amounts_and_dates(world, client):
    meeting_page = _get(client, f"/sammantraden/{world['meeting'].pk}/").content.decode()
    protocol_page = _get(client, f"/sammantraden/{world['meeting'].pk}/protokoll/").content.decode()
    for page in (meeting_page, protocol_page):
        text = page.replace("\u00a0", " ")
        for survivor in SURVIVORS:
            assert survivor in text, survivor
    assert "[personnummer maskerat]" in meeting_page
    assert "[personuppgift maskerad]" in protocol_page
    assert "Sekretessärende" in meeting_page
    assert "Anna Berg (S)" in protocol_page  # elected members are public


def test_the_notice_board_and_the_case_show_their_staff_texts_masked(world, client):
    """Not vacuous: the postings, the archived notice, the council's matters and the case's steps are on the pages."""
    board = _get(client, "/anslagstavla/").content.decode().replace("\u00a0", " ")
    assert board.count("[personnummer maskerat]") >= 3  # the delegation decision, the plan notice, the council matter
    assert (
        "Sekretessärende" in board
        or "Sekretessärende" in _get(client, world["notices"][-1].get_absolute_url()).content.decode()
    )
    assert "[personnummer maskerat]" in _get(client, "/anslagstavla/arkiv/").content.decode()
    case_page = _get(client, world["case"].get_absolute_url()).content.decode().replace("\u00a0", " ")
    assert "Ks 181/2022" in case_page and "[personnummer maskerat]" in case_page
    assert "[personuppgift maskerad]" in case_page  # the decision, masked with the protocol's marked names


def test_the_elected_their_votes_and_reservations_are_shown_with_every_typed_number_masked(world, client):
    """Not vacuous: the attendance table, the vote per member and both statements are on the pages, masked."""
    protocol_page = _get(client, f"/sammantraden/{world['meeting'].pk}/protokoll/").content.decode()
    for shown in ("Ledamöter och ersättare i", "Så röstade ledamöterna", "Reservation", "Protokollsanteckning"):
        assert shown in protocol_page, shown
    person_page = _get(client, world["persons"][1].get_absolute_url()).content.decode()
    assert "[personnummer maskerat]" in person_page  # the name, as typed, held one
    assert "Nej" in person_page and "[personuppgift maskerad]" in person_page  # the ballot and a statement's text


def test_the_protocol_and_report_pdfs_show_nothing_personal(world, client, django_capture_on_commit_callbacks):
    secrets, meeting = world["secrets"], world["meeting"]
    for version in (1, 2):
        protocol_pdf = _get(client, f"/sammantraden/{meeting.pk}/protokoll/{version}.pdf")
        assert protocol_pdf["Content-Type"] == "application/pdf"
        text = _pdf_text(b"".join(protocol_pdf.streaming_content) if protocol_pdf.streaming else protocol_pdf.content)
        secrets.assert_absent(f"protocol PDF version {version}", text)
        assert "Ks 181/2022" in text
    report_url = f"/arsberattelser/{world['body'].slug}/{world['report'].year}.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        client.get(report_url)  # queues the rendering (eagerly here), then serves it
    report_pdf = _get(client, report_url)
    assert report_pdf["Content-Type"] == "application/pdf"
    content = b"".join(report_pdf.streaming_content) if report_pdf.streaming else report_pdf.content
    secrets.assert_absent("report PDF", _pdf_text(content))


def test_the_feeds_and_calendars_show_nothing_personal(world, client):
    secrets, meeting, body = world["secrets"], world["meeting"], world["body"]
    for url in ("/flode/", f"/organ/{body.slug}/flode/", reverse("meetings:feed_case", kwargs={"key": "ks-181-2022"})):
        raw = _get(client, url).content.decode()
        secrets.assert_absent(url, raw)
        feed = feedparser.parse(raw)
        assert feed.entries, url
        for entry in feed.entries:
            secrets.assert_absent(f"{url} entry", f"{entry.title} {entry.get('summary', '')}")
    for url in (
        "/sammantraden/kalender.ics",
        f"/organ/{body.slug}/kalender.ics",
        f"/sammantraden/{meeting.pk}/kalender.ics",
        reverse("meetings:person_calendar", kwargs={"slug": world["persons"][0].slug}),
    ):
        raw = _get(client, url).content
        calendar = icalendar.Calendar.from_ical(raw)
        events = [c for c in calendar.walk("VEVENT")]
        assert events, url
        unfolded = " ".join(f"{e.get('summary')} {e.get('location')} {e.get('description')}" for e in events)
        secrets.assert_absent(url, unfolded + raw.decode())
        assert "[personnummer maskerat]" in unfolded


def test_the_mails_show_nothing_personal(world, client):
    secrets = world["secrets"]
    client.post(f"/organ/{world['body'].slug}/bevaka/", {"email": "ny@example.org"})
    client.post(reverse("meetings:case_subscribe", kwargs={"key": world["case"].key}), {"email": "ny@example.org"})
    recipients = {address for message in mail.outbox for address in message.to}
    assert "foljer-arendet@example.org" in recipients  # the case's follower was told of the agenda and protocol
    assert len(mail.outbox) >= 5  # agenda and protocol alerts to both followers, the two confirmations
    for message in mail.outbox:
        secrets.assert_absent(f"mail {message.subject!r}", f"{message.subject}\n{message.body}")
        assert "testserver" not in message.body and "example.com" not in message.body
        assert "https://politik.example.se/" in message.body


def _api_lists(client: Client) -> dict[str, str]:
    return dict(_get(client, "/api/v1/").json())


def test_the_api_shows_nothing_personal_in_json_or_csv(world, client):
    secrets = world["secrets"]
    lists = _api_lists(client)
    assert {"bodies", "meetings", "agenda-items", "documents", "protocols", "commitments"} <= set(lists)
    assert {"budget/units", "budget/codes", "budget/account-groups", "budget/figures"} <= set(lists)
    seen_details = 0
    for name, url in lists.items():
        listing = _get(client, url + "?page_size=1000")
        secrets.assert_absent(f"API {name}", listing.content.decode())
        csv_text = _get(client, url + "?format=csv&page_size=1000").content.decode("utf-8-sig")
        secrets.assert_absent(f"API {name} CSV", csv_text)
        for row in listing.json()["results"]:
            detail = _get(client, row["url"])
            secrets.assert_absent(f"API {row['url']}", detail.content.decode())
            seen_details += 1
    assert seen_details >= 8
    items = _get(client, lists["agenda-items"] + "?page_size=1000").json()["results"]
    assert "Sekretessärende" in [item["title"] for item in items]
    assert any("Ks 181/2022" in (item["proposal"] or "") for item in items)


def test_search_finds_the_surrounding_words_but_never_the_secrets(world, client):
    secrets = world["secrets"]
    # (The page repeats the query itself, so the surname is not searched for here: tests/search covers that.)
    for query in ("9876", "Ida", secrets.numbers[0][1][:6]):
        page = _get(client, f"/sok/?q={query}").content.decode()
        secrets.assert_absent(f"search {query}", page)
    assert "Ks 181/2022" in _get(client, "/sok/?q=underskott").content.decode().replace("\u00a0", " ")


def test_search_on_postgresql_finds_no_secret(world, client):
    require_service(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL) for full-text search")
    secrets = world["secrets"]
    from search.models import SearchEntry

    for entry in SearchEntry.objects.all():
        secrets.assert_absent(f"search entry {entry.kind} {entry.object_id}", f"{entry.title}\n{entry.text}")
    for _written, ten in secrets.numbers[:6]:
        page = _get(client, f"/sok/?q={ten}").content.decode()
        assert "0 träffar för" in page, ten
    hits = _get(client, "/sok/?q=underskottet").content.decode()
    secrets.assert_absent("search underskottet", hits)
    assert "underskott" in hits
