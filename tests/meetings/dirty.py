"""Builders for the tests of the public surfaces (`test_gate_*`): a meeting, its items, documents and a posted,
corrected protocol whose every free-text field holds its own personnummer and `[[marked]]` name, and `assert_clean`,
which finds none of them while case numbers, dates and phone numbers stay readable. The fixtures are in conftest.py.
"""

import datetime as dt
import re
import unicodedata
from html import unescape

from meetings.models import Body, Document
from meetings.services import agenda_publish, meeting_move
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolParagraphFactory,
    local,
    make_document,
    posted_protocol,
)

# Birth dates of the personnummer used below, one per field, so that a failure names the field that leaked.
_DAYS = ["811218", *(f"{30 + n:02d}{n % 12 + 1:02d}{n * 5 % 28 + 1:02d}" for n in range(1, 70))]
SURVIVORS = ("Ks 181/2022", "3 juni 2024", "019-21 10 00")
SECRET_WORDS = ("Vivallagården", "Köpeskilling", "Värdering")


def _luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def personnummer(index: int) -> str:
    """A valid personnummer, YYMMDD-NNNC, different for each field."""
    day = _DAYS[index]
    serial = f"{(index * 37 + 101) % 1000:03d}"
    return f"{day}-{serial}{_luhn_digit(day + serial)}"


def written(number: str, index: int) -> str:
    """The number as a secretary might type or paste it: plain, full-width, or broken over a line."""
    form = index % 3
    if form == 1:
        return "".join(chr(ord(char) + 0xFEE0) if char.isdigit() else "－" for char in number)
    if form == 2:
        return number.replace("-", "-\n")
    return number


class Dirt:
    """Free text for field after field, each with its own personnummer and its own marked name."""

    def __init__(self) -> None:
        self.numbers: dict[str, str] = {}

    def __call__(self, field: str, before: str = "", after: str = "", *, entry_per_line: bool = False) -> str:
        """`entry_per_line`: a list field, where a line break ends an entry, so the number is not broken."""
        index = len(self.numbers)
        number = personnummer(index)
        self.numbers[field] = number
        text = number if entry_per_line and index % 3 == 2 else written(number, index)
        return f"{before}{text} [[Anna Marked {chr(65 + index)}]]{after}".strip()


def assert_clean(text: str, dirt: Dirt, *, survivors=SURVIVORS, where: str = "the page") -> None:
    """No number of `dirt` and no marked name in `text`, read as a reader would (NFKC); every survivor is there."""
    flat = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u200b", "")
    for field, number in dirt.numbers.items():
        day, tail = number[:6], number[7:]
        assert not re.search(rf"{day}[\s\-–—./+]*{tail}", flat), f"{field}: {number} is in {where}"
        assert not re.search(rf"(?<!\d){day}(?!\d)", flat), f"{field}: {day} is in {where}"
    assert "Marked" not in flat, f"a marked name is in {where}: …{flat[flat.find('Marked') - 40 :][:80]}…"
    assert "[[" not in flat and "]]" not in flat
    folded = " ".join(flat.split())
    for survivor in survivors:
        assert survivor in folded, f"{survivor} is missing from {where}"


def make_board() -> Body:
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


def build_dirty_meeting(board, dirt: Dirt):
    """A meeting of 3 June 2024 moved to 4 June, its agenda published through the service: a public item, a secret
    one, and documents, every free-text field holding a personnummer and a marked name."""
    meeting = MeetingFactory(
        body=board,
        start=local(2024, 6, 3),
        place=dirt("meeting place", "Rådhuset, rum ", ", tel 019-21 10 00"),
    )
    item = AgendaItemFactory(
        meeting=meeting,
        number="1",
        position=1,
        title=dirt("item title", "Bidrag till ", " (Ks 181/2022)"),
        case_number="Ks 181/2022",
        proposal=dirt("item proposal", "Kommunstyrelsen beslutar den 3 juni 2024 att bevilja\n\n", "."),
    )
    secret = AgendaItemFactory(
        meeting=meeting,
        number="2",
        position=2,
        title="Förvärv av Vivallagården",
        case_number="Ks 99/2024",
        proposal="Köpeskilling 811218-9876.",
        is_public=False,
    )
    make_document(
        title=dirt("item document title", "Tjänsteskrivelse "),
        text="Tjänsteskrivelse",
        kind=Document.Kind.REPORT,
        agenda_item=item,
    )
    make_document(title=dirt("meeting document title", "Ärendelista "), text="Ärendelista", meeting=meeting)
    make_document(title="Värdering Vivallagården", text="Värdering", kind=Document.Kind.ATTACHMENT, agenda_item=secret)
    agenda_publish(meeting=meeting)
    meeting_move(meeting=meeting, start=local(2024, 6, 4), reason=dirt("status note", "Lokalen är upptagen, ", "."))
    meeting.refresh_from_db()
    return meeting


def build_dirty_protocol(meeting, dirt: Dirt, *, posted_on=dt.date(2024, 6, 10)):
    """Version 1 and a corrected version 2 of the meeting's protocol, both posted, every text dirty. "Bertil Hemlig"
    is marked once, in § 112, and written unmarked in § 113 and the members list."""
    protocols = []
    for version in (1, 2):
        extra = {"correction_note": dirt(f"v{version} correction note", "Rättat ", ".")} if version == 2 else {}
        protocol = posted_protocol(
            posted_on=posted_on + dt.timedelta(days=7 * (version - 1)),
            meeting=meeting,
            version=version,
            chair=dirt(f"v{version} chair", "Marie Johansson (S) "),
            secretary=dirt(f"v{version} secretary", "Karin Lund "),
            adjusters=dirt(f"v{version} adjusters", "Jan Berg (M)\n", entry_per_line=True),
            members=dirt(f"v{version} members", "Bertil Hemlig (S)\nLena Ek (C)\n", entry_per_line=True),
            substitutes=dirt(f"v{version} substitutes", "Per Holm (S)\n", entry_per_line=True),
            officials=dirt(
                f"v{version} officials", "Karin Lund, nämndsekreterare, tel 019-21 10 00\n", entry_per_line=True
            ),
            **extra,
        )
        ProtocolParagraphFactory(
            protocol=protocol,
            number=112,
            title=dirt(f"v{version} paragraph title", "Bidrag till "),
            case_number="Ks 181/2022",
            matter=dirt(f"v{version} matter", "Ansökan från [[Bertil Hemlig]] den 3 juni 2024,\n", "."),
            decision=dirt(f"v{version} decision", "Kommunstyrelsen beslutar att bevilja ", "."),
            reservations=dirt(f"v{version} reservations", "Jan Berg (M) reserverar sig, ", "."),
        )
        ProtocolParagraphFactory(
            protocol=protocol, number=113, title="Yttrande", decision="Bertil Hemlig yttrar sig. Bifall."
        )
        ProtocolParagraphFactory(
            protocol=protocol,
            number=114,
            title="Förvärv av Vivallagården",
            matter="Köpeskilling 811218-9876.",
            decision="Hemligt beslut.",
            is_public=False,
        )
        protocols.append(protocol)
    return protocols


def page_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main_of(html: str) -> str:
    return html.split('<main id="innehall"', 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" .", ".").replace(" ,", ",")


# --- the meeting page ------------------------------------------------------------------------------------------------
