"""Demo data: Kommunfullmäktige, Kommunstyrelsen, its committees and meetings in 2024, and the regional
collaboration councils.

Texts are taken from the portal's source material (Kommunstyrelsen's page on orebro.se and the description of
the collaboration organisation in Örebro län); where the material says nothing, the data says nothing rather
than guess (Kommunfullmäktige has the one sentence seed 000 says of it, and no meetings: no seed gives their
dates). Two things are demo assumptions, not facts from the sources:

- The committees' meetings start at 08.30 (`COMMITTEE_START`): the source gives only Kommunstyrelsen's time
  (14.15) and, for the committees, only the dates of their published agendas.
- An agenda is taken to be published one week before its meeting at 09.00 (`agenda_published_at`), and
  the agenda PDFs are stand-ins rendered by `meetings.demo_pdf`, labelled as such, because the originals are
  not in the sources.

`load_demo_data` is idempotent: bodies are keyed on their slug and brought up to date only where a field
differs; meetings are keyed on (body, start) and never changed once they exist (staff may have cancelled or
moved them); an agenda document is added only to a meeting that has none.
"""

from datetime import date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .demo_members import load_member_demo
from .models import Body, Document, Meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")

KS_START = time(14, 15)  # "Alla möten är kl. 14.15" (Kommunstyrelsen's page)
COMMITTEE_START = time(8, 30)  # demo assumption: the source gives no time for the committees' meetings
KS_CONTACT = "kommunstyrelsen@orebro.se"

# --- Bodies -------------------------------------------------------------------------------------------------

# Seed 000's one sentence about the council, with its quotation marks as ”…”: Kommunstyrelsen's description opens
# with it too.
KF_SEED_SENTENCE = "Om Kommunfullmäktige fungerar som örebroarnas ”riksdag”, är Kommunstyrelsen Örebros ”regering”."

KS_DESCRIPTION = "\n\n".join(
    [
        f"{KF_SEED_SENTENCE} "
        "Kommunstyrelsen är kommunens ledande politiska förvaltningsorgan och har helhetsansvar för "
        "kommunens verksamheter, utveckling och ekonomiska ställning.",
        "Kommunstyrelsen ska leda och samordna förvaltningen av kommunens angelägenheter och ha uppsikt "
        "över övriga nämnders och eventuella gemensamma nämnders verksamhet. Kommunstyrelsen ska också ha "
        "uppsikt över verksamhet som bedrivs i kommunala företag, stiftelser och kommunalförbund.",
        "Kommunstyrelsen ska leda kommunens verksamhet genom att utöva en samordnad styrning och initiera "
        "arbetet med att ta fram koncern- och kommunövergripande styrdokument för kommunen.",
        "Kommunstyrelsen ska följa de frågor som kan inverka på kommunens utveckling och ekonomiska "
        "ställning och fortlöpande i samråd med nämnderna följa upp de fastställda målen och "
        "återrapportera till Kommunfullmäktige.",
        "Kommunstyrelsen ansvarar för de uppgifter som finns angivna i detta reglemente jämte sådana "
        "uppgifter som inte lagts på annan nämnd. Härutöver ansvarar Kommunstyrelsen för de uppgifter som "
        "framgår av kommunallagen och annan lagstiftning.",
        "Kommunstyrelsen har en förvaltning, Kommunledningsförvaltningen, med anställda tjänstemän. "
        "Kontoret ansvarar för styrning, uppföljning och utveckling av kommunens verksamhet, samt för att "
        "de politiska besluten genomförs.",
    ]
)

KS_RESPONSIBILITIES = "\n\n".join(
    [
        "\n".join(
            [
                "Kommunstyrelsen har helhetsansvar för kommunens verksamheter, utveckling och ekonomiska "
                "ställning genom:",
                "- ledningsfunktionen",
                "- styrfunktionen",
                "- uppföljningsfunktionen",
                "- särskilda uppgifter.",
            ]
        ),
        "\n".join(
            [
                "Därutöver har Kommunstyrelsen ansvar för de kommunövergripande stödverksamheterna inom områdena:",
                "- ekonomi",
                "- upphandling",
                "- HR",
                "- säkerhet och trygghetsfrågor",
                "- informationsförsörjning",
                "- nämndstöd",
                "- juridik",
                "- digitalisering",
                "- kommunikation",
                "- näringsliv",
                "- lokalförsörjning",
                "- hållbar utveckling",
                "- statistik och analys.",
            ]
        ),
    ]
)

# What the source says of all the political collaboration councils ("Råden", "vardera av dessa fem").
_COUNCILS_NO_LEGAL_STATUS = (
    "Råden har ingen egen juridisk status och därmed ingen formell beslutanderätt utan kan endast bereda "
    "och rekommendera regionen och kommunerna inför beslut."
)
_COUNCILS_MEET = "Råden ska sammanträda minst 4 gånger per år."
_COUNCILS_OFFICIALS = (
    "Till vardera av de fem politiska samverkansråden finns ett tjänstemannastöd med tjänstepersoner från "
    "Region Örebro län och länets alla kommuner."
)
_SPECIFIC_COUNCIL_ROLE = (
    "Rådet är ett av fyra specifika samverkansråd som Regionala samverkansrådet har beslutat om. För varje "
    "råd finns en överenskommelse som reglerar rådets uppdrag och arbetsformer. De specifika "
    "samverkansråden är kopplade till facknämnderna i kommunerna och Region Örebro län."
)
_SPECIFIC_COUNCIL_SUMMARY = (
    "Ett av de fyra specifika politiska samverkansråden mellan kommunerna i Örebro län och Region Örebro län."
)


def _derived_name_note(chefsgrupp: str) -> str:
    return (
        "Källmaterialet anger inte rådets namn, bara den chefsgrupp som är kopplad till det: ”Chefsgrupp "
        f"{chefsgrupp}”. Namnet här är härlett från den chefsgruppen."
    )


def _specific_council_description(*first: str) -> str:
    return "\n\n".join([*first, _SPECIFIC_COUNCIL_ROLE, _COUNCILS_NO_LEGAL_STATUS, _COUNCILS_MEET, _COUNCILS_OFFICIALS])


_KS_COMMITTEE = {
    "kind": Body.Kind.SUB_COMMITTEE,
    "parent": "kommunstyrelsen",
    "contact_email": KS_CONTACT,
    "meetings_public": False,
    "default_start_time": None,
    "default_place": "",
    "description": "",
    "responsibilities": "",
}

_COUNCIL = {
    "kind": Body.Kind.COLLABORATION,
    "parent": None,
    "contact_email": "",
    "meetings_public": False,
    "default_start_time": None,
    "default_place": "",
}

# Listed parents first: a sub-committee's parent must exist before it does.
BODIES: list[dict[str, Any]] = [
    {
        # No meetings: the seeds give none of the council's dates, and none are invented.
        "slug": "kommunfullmaktige",
        "name": "Kommunfullmäktige",
        "kind": Body.Kind.COUNCIL,
        "parent": None,
        "position": 5,
        "summary": "Kommunfullmäktige fungerar som örebroarnas ”riksdag”.",
        "description": KF_SEED_SENTENCE,
        "responsibilities": "",
        "contact_email": "",
        "meetings_public": True,  # a council's meetings are open to the public (kommunallagen 5 kap. 38 §)
        "default_start_time": None,
        "default_place": "",
    },
    {
        "slug": "kommunstyrelsen",
        "name": "Kommunstyrelsen",
        "kind": Body.Kind.BOARD,
        "parent": None,
        "position": 10,
        "summary": (
            "Kommunens ledande politiska förvaltningsorgan, med helhetsansvar för kommunens verksamheter, "
            "utveckling och ekonomiska ställning."
        ),
        "description": KS_DESCRIPTION,
        "responsibilities": KS_RESPONSIBILITIES,
        "contact_email": KS_CONTACT,
        "meetings_public": False,
        "default_start_time": KS_START,
        "default_place": "",  # "plats ser du i aktuell ärendelista"
    },
    {
        **_KS_COMMITTEE,
        "slug": "hallbarhetsutskottet",
        "name": "Kommunstyrelsens hållbarhetsutskott",
        "position": 20,
        "summary": "Utskott under Kommunstyrelsen för hållbarhetsfrågor.",
    },
    {
        **_KS_COMMITTEE,
        "slug": "trygghetsutskottet",
        "name": "Kommunstyrelsens trygghetsutskott",
        "position": 30,
        "summary": "Utskott under Kommunstyrelsen för trygghetsfrågor.",
    },
    {
        **_KS_COMMITTEE,
        "slug": "personalutskottet",
        "name": "Kommunstyrelsens personalutskott",
        "position": 40,
        "summary": "Utskott under Kommunstyrelsen för personalfrågor.",
    },
    {
        **_COUNCIL,
        "slug": "regionala-samverkansradet",
        "name": "Regionala samverkansrådet",
        "position": 100,
        "summary": (
            "Politiskt samverkansråd för kommunerna i Örebro län och Region Örebro län, kopplat till "
            "kommunstyrelserna och regionstyrelsen."
        ),
        "description": "\n\n".join(
            [
                "Rådets uppdrag och arbetsformer regleras i ”Överenskommelsen om samverkan mellan "
                "kommunerna i Örebro län och Region Örebro län”.",
                "Regionala samverkansrådet har i sitt uppdrag att tillsätta och avsluta olika regionala "
                "politiska permanenta/tillfälliga samverkansgrupper. För mandatperioden 2019-2022 har "
                "Regionala samverkansrådet beslutat om fyra specifika samverkansråd och för varje råd "
                "finns en överenskommelse som reglerar respektive råds uppdrag och arbetsformer.",
                _COUNCILS_NO_LEGAL_STATUS,
                _COUNCILS_MEET,
                "Samverkansråden kan även användas som mötesplats för kommunerna för mellankommunala frågor.",
                "Frågor som tas upp i de specifika samverkansråden och har strategisk betydelse eller på "
                "annat sätt har större ekonomiska konsekvenser för huvudmännen skall beredas i Regionala "
                "samverkansrådet innan frågan/ärendet skickas vidare till huvudmännens politiska "
                "församlingar för ställningstagande/beslut.",
                _COUNCILS_OFFICIALS,
            ]
        ),
        "responsibilities": "\n".join(
            [
                "Regionala samverkansrådets uppgifter är:",
                "- Samråd om frågor som är strategiska och viktiga för regionen, exempelvis frågor omkring "
                "tillväxt och regional utveckling.",
                "- Samråd kring det regionala utvecklingsarbetet och det lokala utvecklingsarbetet.",
                "- Vara ett forum för regional och kommunal omvärlds- och intressebevakning.",
            ]
        ),
    },
    {
        **_COUNCIL,
        "slug": "samverkansradet-for-kultur",
        "name": "Specifika samverkansrådet för kultur",
        "position": 110,
        "summary": _SPECIFIC_COUNCIL_SUMMARY,
        "description": _specific_council_description(
            "Specifika samverkansrådet för kultur ska bestå av minst tretton (13) ledamöter, respektive "
            "organisation utser en ordinarie ledamot och en ersättare.",
        ),
        "responsibilities": "\n".join(
            [
                "Specifika samverkansrådet för kultur har i uppdrag att inom sitt verksamhetsområde:",
                "- Initiera och samråda om frågor inom verksamhetsområdet som är strategiska och viktiga "
                "för regionen, exempelvis frågor omkring Kulturplanen som också är kopplad till RUSen.",
                "- Samordna det regionala utvecklingsarbetet med det lokala utvecklingsarbetet.",
                "- Vara ett forum för regional och kommunal omvärlds- och intressebevakning.",
            ]
        ),
    },
    {
        **_COUNCIL,
        "slug": "samverkansradet-for-utbildning-och-kompetensforsorjning",
        "name": "Specifika samverkansrådet för utbildning och kompetensförsörjning",
        "position": 120,
        "summary": _SPECIFIC_COUNCIL_SUMMARY,
        "description": _specific_council_description(_derived_name_note("skola, utbildning och kompetensförsörjning")),
        "responsibilities": "",
    },
    {
        **_COUNCIL,
        "slug": "samverkansradet-for-social-valfard-samt-vard-och-omsorg",
        "name": "Specifika samverkansrådet för social välfärd samt vård och omsorg",
        "position": 130,
        "summary": _SPECIFIC_COUNCIL_SUMMARY,
        "description": _specific_council_description(_derived_name_note("social välfärd samt vård och omsorg")),
        "responsibilities": "",
    },
    {
        **_COUNCIL,
        "slug": "samverkansradet-for-folkhalsa",
        "name": "Specifika samverkansrådet för folkhälsa",
        "position": 140,
        "summary": _SPECIFIC_COUNCIL_SUMMARY,
        "description": _specific_council_description(_derived_name_note("folkhälsa")),
        "responsibilities": "",
    },
]

# --- Meetings -----------------------------------------------------------------------------------------------

# Kommunstyrelsen's meetings in 2024, all at 14.15; 3 juni is a Monday, the others are Tuesdays.
KS_MEETING_DATES = [
    date(2024, 1, 16),
    date(2024, 2, 6),
    date(2024, 3, 12),
    date(2024, 4, 9),
    date(2024, 5, 7),
    date(2024, 6, 3),
    date(2024, 8, 27),
    date(2024, 9, 17),
    date(2024, 10, 15),
    date(2024, 11, 12),
    date(2024, 12, 3),
]

# (body slug, meeting date, start time, document title): the four agendas on Kommunstyrelsen's page.
AGENDAS: list[tuple[str, date, time, str]] = [
    ("kommunstyrelsen", date(2024, 6, 3), KS_START, "Ärendelista för 3 juni 2024"),
    ("hallbarhetsutskottet", date(2024, 5, 7), COMMITTEE_START, "Ärendelista för 7 maj 2024"),
    ("trygghetsutskottet", date(2024, 6, 3), COMMITTEE_START, "Ärendelista för 3 juni 2024"),
    ("personalutskottet", date(2024, 2, 1), COMMITTEE_START, "Ärendelista för 1 februari 2024"),
]

AGENDA_LEAD_DAYS = 7  # demo assumption: agendas are published a week ahead …
AGENDA_PUBLISHED_TIME = time(9, 0)  # … at 09.00


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=STOCKHOLM)


def _agenda_published_at(day: date) -> datetime:
    return _local(day - timedelta(days=AGENDA_LEAD_DAYS), AGENDA_PUBLISHED_TIME)


def _meetings() -> list[dict[str, Any]]:
    """Every demo meeting, one per (body, start): Kommunstyrelsen's year, then the committees' meetings."""
    agendas = {(slug, _local(day, at)): title for slug, day, at, title in AGENDAS}
    starts = [("kommunstyrelsen", _local(day, KS_START)) for day in KS_MEETING_DATES]
    starts += [key for key in agendas if key not in starts]
    return [{"slug": slug, "start": start, "agenda_title": agendas.get((slug, start))} for slug, start in starts]


# --- Loading ------------------------------------------------------------------------------------------------


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _body_upsert(data: dict[str, Any], bodies: dict[str, Body]) -> tuple[Body, bool, bool]:
    """Create the body or bring the fields that differ up to date; saves nothing when all agree."""
    fields = {key: value for key, value in data.items() if key not in {"slug", "parent"}}
    fields["parent"] = bodies[data["parent"]] if data["parent"] else None
    body = Body.objects.filter(slug=data["slug"]).first()
    if body is None:
        body = Body(slug=data["slug"], **fields)
        body.full_clean()
        body.save()
        return body, True, False
    changed = [name for name, value in fields.items() if getattr(body, name) != value]
    if changed:
        for name in changed:
            setattr(body, name, fields[name])
        body.full_clean()
        body.save(update_fields=changed)
    return body, False, bool(changed)


@transaction.atomic
def load_demo_data(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the demo bodies, meetings and agenda documents; running it again creates and changes nothing.

    Returns how many bodies, meetings and documents were created, and how many existing bodies were updated
    (only when this module's texts have changed since the last run); and, from `demo_members`, how many parties,
    example persons and memberships were created.
    """
    counts = {"bodies": 0, "bodies_updated": 0, "meetings": 0, "documents": 0}
    now = timezone.now()

    bodies: dict[str, Body] = {}
    for data in BODIES:
        body, created, updated = _body_upsert(data, bodies)
        bodies[body.slug] = body
        counts["bodies"] += created
        counts["bodies_updated"] += updated
        if created or updated:
            _say(stdout, f"{'Skapade' if created else 'Uppdaterade'} organ: {body.name}")

    for data in _meetings():
        start, agenda_title = data["start"], data["agenda_title"]
        meeting, created = Meeting.objects.get_or_create(
            body=bodies[data["slug"]],
            start=start,
            defaults={
                "place": "",  # given in each agenda, says the source
                "is_public": False,
                "status": Meeting.Status.HELD if start < now else Meeting.Status.PLANNED,
                # Set once its agenda document is stored below: a document added to a published agenda would be
                # recorded as a change of it ("Ändrad").
                "agenda_published_at": None,
            },
        )
        if created:
            counts["meetings"] += 1
            _say(stdout, f"Skapade sammanträde: {meeting}")
        if agenda_title is None or meeting.documents.filter(kind=Document.Kind.AGENDA).exists():
            continue
        from .demo_pdf import render_demo_agenda  # WeasyPrint is slow to import: only when needed
        from .services import document_add

        document_add(
            title=agenda_title,
            kind=Document.Kind.AGENDA,
            content=render_demo_agenda(meeting=meeting, title=agenda_title),
            meeting=meeting,
            is_published=True,
        )
        if meeting.agenda_published_at is None:  # published with its agenda document, as on the source's page
            meeting.agenda_published_at = _agenda_published_at(start.date())
            meeting.save(update_fields=["agenda_published_at", "updated_at"])
        counts["documents"] += 1
        _say(stdout, f"Skapade dokument: {agenda_title} ({meeting})")

    counts.update(load_member_demo(stdout=stdout))  # parties and invented example rosters of the bodies above
    return counts
