"""Goals demo data, transcribed from the portal's source material (see docs/0005-goals-demo-data.md):

- seed 002 ("Vägen mot våra mål", orebro.se): the vision, the four strategic areas of 2017–2019 and every målområde
  with its means, word for word;
- seed 001 (Kommunstyrelsens årsberättelse 2021): the six målområden of 2021 with Kommunstyrelsen's positive
  observations and areas to improve (chapter 3), and the indicators of chapter 7 with their 2019–2021 values;
- seed 004 (Politisk plattform 2022–2026): the platform, its policy areas in order and one commitment per promise.

Where a seed says nothing, the data says nothing rather than guess: missing values are NULL, the garbled
Anställningstrygghetsindex keeps only the values that can be assigned and says why, no commitment gets a status
update (no seed says one is under way), no indicator gets a Kolada id (none is given in the seeds).

`load_goals_demo` is idempotent: periods, areas, indicators, values and the platform are keyed on name, slug or
(indicator, year, gender) and never changed once they exist (staff may have edited them); the means of a goal area,
its observations of a year and the commitments of a policy area are added only where there are none yet.

The module is long because it is mostly data: it is kept in one file so the transcription reads top to bottom
next to the seeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils.text import slugify

from meetings.models import Body

from .models import (
    Commitment,
    GoalArea,
    GoalPeriod,
    Indicator,
    IndicatorValue,
    Means,
    Observation,
    Platform,
    PolicyArea,
    StrategicArea,
)

KS_SLUG = "kommunstyrelsen"
POSITIVE = Observation.Kind.POSITIVE
IMPROVE = Observation.Kind.IMPROVE

# --- Seed 002: vision, strategic areas and målområden 2017–2019 ----------------------------------------------------

PERIOD_2017 = {
    "name": "2017–2019",
    "start_year": 2017,
    "end_year": 2019,
    "vision": "Skandinaviens mest attraktiva medelstora stad",
    "introduction": "\n\n".join(
        [
            "Örebro kommun ska vara en kommun där människor ges möjligheter att utvecklas och bidra, kommunen "
            "ska växa både socialt, ekologiskt och ekonomiskt.",
            'Kommunens vision "Skandinaviens mest attraktiva medelstora stad" utgör tillsammans med fyra '
            "strategiområden den styrmodell som ska stödja verksamheterna att använda resurserna effektiv och att "
            "erbjuda tjänster med god kvalitet.",
            "Till strategiområdena knyts en rad målområden som gäller för perioden 2017–2019.",
            "Varje år mäts hur väl verksamheterna har klarat av att nå målen, resultatet finns i kommunens "
            "årsredovisning.",
        ]
    ),
    "source": "Örebro kommun, ”Vägen mot våra mål” (orebro.se)",
}


@dataclass(frozen=True)
class Goal:
    number: int
    statement: str
    means_intro: str = ""  # exactly as printed, colon included where the seed has one
    means: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    name: str
    description: str
    goals: tuple[Goal, ...] = field(default_factory=tuple)


# The seed ends the last item of each list with a full stop (it closes the sentence "Detta ska ske genom …"); as
# separate list items on the page they are stored without it.
STRATEGIC_AREAS: tuple[Area, ...] = (
    Area(
        "Hållbar tillväxt",
        "Örebro kommun ska verka för både tillväxt och minskad klimatpåverkan.",
        (
            Goal(
                1,
                "Sysselsättningen ska öka.",
                "Detta ska ske genom",
                (
                    "stärkt samverkan med näringslivet",
                    "ökade insatser för att fler ska få jobb",
                    "ökat samarbete med grannkommuner",
                    "att stimulera nyföretagande",
                    "partnerskap med näringsliv och andra offentliga aktörer",
                ),
            ),
            Goal(
                2,
                "Örebro ska vara en ekologiskt hållbar kommun.",
                "Detta ska ske genom att",
                (
                    "Örebro kommun arbetar för att minska sin klimatpåverkan",
                    "ge förutsättningar för medborgarna att aktivt delta i arbetet",
                ),
            ),
            Goal(
                3,
                "Det ska vara enkelt för medborgare och företag att få kontakt med kommunen.",
                "Detta ska ske genom",
                (
                    "en öppen och tillgänglig kommun som ger snabba svar",
                    "en enklare vardag för privatpersoner och företag",
                    "en smartare och öppnare förvaltning",
                    "högre kvalitet och effektivitet i arbetet",
                ),
            ),
            Goal(
                4,
                "Det ska finnas bra kommunikationer för en fungerande vardag.",
                "Detta ska ske genom att",
                (
                    "kommunikationer till och från Örebro binder samman arbetsmarknadsregioner i Mellansverige",
                    "den digitala infrastrukturen utvecklas",
                ),
            ),
            Goal(
                5,
                "Den kommunala förvaltningen ska sträva efter att använda resurserna på bästa sätt.",
                "Detta ska ske genom",
                (
                    "ständiga förbättringar i verksamheternas alla delar",
                    "en ekonomi som är långsiktigt hållbar",
                    "att Örebro kommun är en attraktiv arbetsgivare med hög kvalitet på välfärden för medborgarna",
                ),
            ),
        ),
    ),
    Area(
        "Människors egenmakt",
        "Örebro kommun ska bli bättre på att släppa lös den kraft som finns hos medborgare som kan och vill bidra "
        "till kommunens utveckling.",
        (
            Goal(
                1,
                "Människors möjlighet att påverka sin egen vardag ska öka.",
                "Detta ska ske genom:",
                (
                    "en stärkt dialog med medborgarna inför politiska beslut",
                    "att medborgarnas möjlighet att välja utförare av olika tjänster fortsätter att utvecklas",
                ),
            ),
            Goal(
                2,
                "Människors ojämlika livsvillkor i våra stadsdelar ska minska.",
                "Detta ska ske genom att:",
                (
                    "utjämna skillnader och knyta ihop staden",
                    "kommunens verksamheter samverkar för att utveckla stadsdelarna på väster",
                ),
            ),
            Goal(
                3,
                "En meningsfull fritid och möjlighet till eget engagemang ska bidra till livskvalitet.",
                "Detta ska ske genom:",
                (
                    "att kommunen tar ansvar för att förenings- och kulturlivet fortsätter att utvecklas",
                    "ett stärkt samarbete med det civila samhället",
                ),
            ),
            Goal(
                4,
                "Örebro kommun ska verka för alla människors lika värde.",
                "Detta ska ske genom:",
                (
                    "att all form av diskriminering motarbetas",
                    "stärkt jämställdhet",
                    "att de mänskliga rättigheterna respekteras och efterlevs",
                ),
            ),
        ),
    ),
    # The goal areas of the last two strategic areas have no "Detta ska ske genom" in the seed: no means.
    Area(
        "Barn och ungas behov",
        "Genom samordnande insatser från olika samhällsaktörer ska alla barns möjligheter till goda "
        "uppväxtvillkor stärkas.",
        (
            Goal(
                1,
                "Alla barn och ungdomar ska ges förutsättningar att klara godkända resultat i skolan. Barn och "
                "ungas välmående ska stärkas, med särskilt fokus på unga tjejer.",
            ),
            Goal(
                2,
                "Förskolan i Örebro kommun ska hålla högsta kvalitet. Förskolan ska vara en omsorgsfull och trygg "
                "plats för barnen, med god pedagogisk verksamhet.",
            ),
            Goal(
                3,
                "Örebro kommun har ett ansvar för att kompensera barns ojämlika uppväxtvillkor. Barnfattigdomen "
                "ska minska. Kommunen ska tillsammans med föreningslivet, näringslivet och de kommunala bolagen "
                "verka för att fler barn och ungdomar får en meningsfull fritid.",
            ),
        ),
    ),
    Area(
        "Trygg välfärd",
        "Örebro ska vara en kommun där människor vill bo, arbeta och bli gamla. Då krävs en trygg välfärd så att "
        "människornas upplevda trygghet ökar.",
        (
            Goal(
                1,
                # "Möjligheterna att för brukare …" sic: the seed's wording is kept.
                "Örebro erbjuder en trygg och god omsorg för alla äldre och människor i behov av stöd. "
                "Möjligheterna att för brukare av kommunens välfärdstjänster att själva påverka sin vardag ska "
                "öka och kvaliteten på omsorgen ska höjas.",
            ),
            Goal(
                2,
                "En god tillgång på bostäder är en förutsättning för att Örebro kommun ska kunna fortsätta att "
                "växa. Kommunen ska underlätta så att fler bostäder kan byggas.",
            ),
            Goal(
                3,
                "Örebro ska vara en trygg kommun för kvinnor, män och barn. Stadsmiljön ska utvecklas så att "
                "tryggheten ökar och de kommunala verksamheterna ska verka för att understödja medborgarnas "
                "trygghet. Kommunen ska vara en viktig aktör i det brottsförebyggande arbetet.",
            ),
        ),
    ),
)


def goal_area_2017_slug(area: Area, goal: Goal) -> str:
    """E.g. "2017-2019-hallbar-tillvaxt-1": unique across periods, stable, ASCII."""
    return f"2017-2019-{slugify(area.name)}-{goal.number}"


# --- Seed 001 chapter 3: the six målområden of 2021 and Kommunstyrelsen's observations ------------------------------

# The seed does not name the period these målområden belong to: it only says they are "av Kommunfullmäktige
# fastställda" and follows them in the årsberättelse for 2021. The period is therefore named for the one year the
# source attests, not for a span it does not give.
PERIOD_2021 = {
    "name": "Målområden 2021",
    "start_year": 2021,
    "end_year": 2021,
    "vision": "",
    "introduction": (
        "Kommunstyrelsens årsberättelse 2021 följer upp nämndens bidrag till utvecklingen inom sex av "
        "Kommunfullmäktige fastställda målområden. Källan anger inte vilken period målområdena gäller för, bara "
        "att de följs upp för 2021."
    ),
    "source": "Kommunstyrelsens årsberättelse 2021 (Ks 181/2022), kapitel 3",
}

OBSERVATION_YEAR = 2021


@dataclass(frozen=True)
class Assessed:
    slug: str
    statement: str
    positive: tuple[str, ...]
    improve: tuple[str, ...]


# Chapter 3 is a three-column table (Målområden | Positiva iakttagelser | Förbättringsområden) flattened to text:
# within each row the positive column comes first, then the improvement column, and a bullet broken by a page break
# continues after the repeated header. Bullets are joined across line breaks, the source's wording and punctuation
# kept ("bla", "E-handelsorganisation"). Where the column is not certain, the comment says how it was decided.
GOAL_AREAS_2021: tuple[Assessed, ...] = (
    Assessed(
        "orebro-i-sin-fulla-kraft",
        "Örebro i sin fulla kraft",
        (
            "Utformningen och tillgängliggörandet av Kulturkvarterets innehåll",
            "Intresset för entreprenörskap har ökat under pandemin och nyföretagandet är rekordhögt.",
            "Gemensam målbild för innovation och välfungerande samverkan med näringslivets aktörer.",
            "Intresset för att investera och etablera verksamheter i Örebro kommun är fortsatt högt.",
        ),
        (
            "Fortsätta det påbörjade arbetet med att tillgängliggöra beslutshandlingar i kommunens externa kanaler.",
            "Vidareutveckla innovativt tänkande, tillsammans med näringsliv och kommunkoncern",
            "Fortsätta samverkan på lokal, regional och nationell nivå med ett brett spektrum av offentliga aktörer.",
            "Fortsätta arbetet med marknadsdialog inför upphandling för att bidra till innovativa kravställningar",
        ),
    ),
    Assessed(
        "larande-utbildning-och-arbete-genom-hela-livet-i-orebro",
        "Lärande, utbildning och arbete genom hela livet i Örebro",
        (
            "Fördjupad och stärkt dialog med näringslivet",
            "Dialogträffar om upphandling",
            "Fortsatt mycket gott resultat i Insiktsmätning",
        ),
        (
            "Styra näringslivets aktörer mot hållbarhetsprogrammets intentioner kring hållbara affärsmodeller.",
            # Ambiguous: "Ökad …" could read as a result achieved. It comes after the first bullet of the
            # improvement column ("Styra …"), and the flattening never returns to the positive column within a
            # row without a page break, so it is taken as an area to improve.
            "Ökad intern samverkan med Business Region Örebro",
        ),
    ),
    Assessed(
        "ett-tryggt-och-gott-liv-for-alla-i-orebro",
        "Ett tryggt och gott liv för alla i Örebro",
        # This row is split by a page break: both columns' first bullets are cut ("… anger den politiska" /
        # "… med bla") and continue after the repeated header, each in its own column's order.
        (
            "En brottsförebyggande strategi är antagen för kommunen som anger den politiska inriktningen av det "
            "brottsförebyggande arbetet.",
            "Samverkansöverenskommelse ANDT",
            "Stärkt förmåga att arbeta i stabsläge",
            "Central krisledningsplan",
        ),
        (
            "Fortsätta arbetet med en sammantagen krisberedskap med bla kontinuitetsplanering och "
            "totalförsvarsplanering.",
            # These two follow the continuation of the improvement column's first bullet, so they are in that
            # column; both read as work still to do.
            "Lägesbilder ANDT",
            "Översyn av handlingsplan för barn i ekonomiskt utsatta hushåll",
        ),
    ),
    Assessed(
        "orebro-skapar-livsmiljoer-for-god-livskvalitet",
        "Örebro skapar livsmiljöer för god livskvalitet",
        (
            "Hög efterfrågan på verksamhetsmark",
            "Örebro är en attraktiv plats för nya etableringar inom ett brett spektrum av branscher.",
        ),
        (
            "Fortsätta påbörjat arbete för psykisk hälsa och suicidprevention.",
            "Fortsätta arbetet för ökad jämlikhet i hälsa",
            "Fortsätta påbörjat arbetet kring hemlöshet.",
            "Bredda arbetet och samverkan till att innefatta fler aktörer i arbetet för Örebros attraktionskraft",
        ),
    ),
    Assessed(
        "ett-klimatpositivt-orebro",
        "Ett klimatpositivt Örebro med friska ekosystem och god biologisk mångfald",
        (
            "Kommunens första koldioxidbudget är framtagen",
            "De flesta av Avfallsplanens åtgärder är påbörjade.",
            "Flertal åtgärder i Klimatanpassningsplanen är genomförda.",
        ),
        (
            "Samverka med civila samhället för att möta klimatutmaningen",
            "Intensifiera arbetet kring hållbara investeringar.",
            "Arbetssätt för återbruk av inventarier och utrustning i kommunen.",
        ),
    ),
    Assessed(
        "hallbara-och-resurseffektiva-orebro",
        "Hållbara och resurseffektiva Örebro",
        (
            "En upphandlingsplan för kommunen finns framtagen och är tillgänglig för näringslivet.",
            # Ambiguous: a noun phrase without a verb. It comes before the first clear improvement ("Jobba för
            # …") and names something that exists, like "Central krisledningsplan" above: a positive observation.
            "Strukturomvandlingsprogram för kommunkoncernen",
        ),
        (
            "Jobba för en lokalförsörjningsprocess som är tydligare och mer integrerad med övrig styrning.",
            "Utveckla digital inköpsprocess och E-handelsorganisation",
            "Etablera ett långsiktigt hållbart arbetssätt inom kommunen för att skydda verksamheternas information.",
        ),
    ),
)

# --- Seed 001 chapter 7: indicators of Kommunstyrelsen as employer ------------------------------------------------

CHAPTER_7 = "Kommunstyrelsens ansvar som anställningsmyndighet (årsberättelse 2021, kapitel 7)."

# The table's footnotes, without their asterisks (the portal marks the values itself).
NOTE_HME = (
    "Hållbart medarbetarengagemang (HME), exkl. Socialnämndens verksamheter (utförande, förebyggande och "
    "myndighet). HME för 2021 redovisas i årsberättelsen då mätningen genomförs i oktober"
)
NOTE_NOT_COMPARABLE = (
    "2019 och 2020 års resultat är inte fullt jämförbara då det statistiska underlaget utifrån gruppers "
    "formeringar inte är identiska."
)
NOTE_MEASURED_AUTUMN = "Mätning sker under hösten 2021"
VALUE_NOTE_NOT_COMPARABLE = "Inte fullt jämförbart med 2020 (markerat ** i källan)."

YEARS = (2019, 2020, 2021)


@dataclass(frozen=True)
class IndicatorData:
    slug: str
    name: str
    unit: str
    direction: str
    # gender → the three values 2019, 2020, 2021 as printed (decimal comma), None where nothing can be assigned
    values: dict[str, tuple[str | None, str | None, str | None]]
    description: str = CHAPTER_7
    footnotes: tuple[str, ...] = ()
    not_comparable_years: frozenset[int] = frozenset()
    incomplete_note: str = ""
    value_notes: dict[tuple[int, str], str] = field(default_factory=dict)


PERCENT = Indicator.Unit.PERCENT
INDEX = Indicator.Unit.INDEX
COUNT = Indicator.Unit.COUNT
INCREASE = Indicator.Direction.INCREASE
DECREASE = Indicator.Direction.DECREASE

ATI_INCOMPLETE = (
    "Tabellraden i årsberättelsen är delvis förvrängd. Indikatorn består enligt källan av fyra delar (andel "
    "timavlönade årsarbetare, antal personer per timavlönad, andel med heltidsanställning och andel med "
    "tillsvidareanställning), men raden har bara en uppsättning Tot/K/M och nio tal i tre grupper: "
    "85,4 85,8 84,6 – 83,7 84,9 81,9 – 8,9 5,9 2,9. De två första grupperna står där 2019 och 2020 står i "
    "tabellens övriga rader och ligger rimligt (totalen mellan kvinnors och mäns värden); de redovisas här för "
    "2019 och 2020. Den tredje gruppen (8,9 5,9 2,9) kan inte vara indexets värden för 2021: den är en tiondel "
    "av de andra årens, och totalen 8,9 ligger utanför kvinnors (5,9) och mäns (2,9) värden, vilket en total "
    "aldrig gör. Vilken del av indexet eller vilket år talen hör till går inte att avgöra, så 2021 saknar värde."
)

INDICATORS: tuple[IndicatorData, ...] = (
    IndicatorData(
        "andel-enheter-med-hme-minst-78",
        "Andel enheter/grupper med HME-värde på minst 78, procent",
        PERCENT,
        INCREASE,
        {"T": ("32", "37", "38")},
        footnotes=(NOTE_HME, NOTE_NOT_COMPARABLE),
        not_comparable_years=frozenset({2019}),  # "32**"
    ),
    IndicatorData(
        "andel-chefer-med-10-30-medarbetare",
        "Andel chefer med 10–30 medarbetare, procent",
        PERCENT,
        INCREASE,
        # The row prints no Tot/K/M label and one value a year: the total.
        {"T": ("68", "69", "69")},
        footnotes=(NOTE_NOT_COMPARABLE,),
        # The ** stands at the indicator's name, not at a value; the footnote names 2019 against 2020, so the
        # 2019 value is the one not compared.
        not_comparable_years=frozenset({2019}),
        value_notes={(2019, "T"): "Inte fullt jämförbart med 2020 (fotnot ** vid indikatorns namn i källan)."},
    ),
    IndicatorData(
        "anstallningstrygghetsindex",
        "Anställningstrygghetsindex",
        INDEX,
        INCREASE,
        {
            "T": ("85,4", "83,7", None),
            "K": ("85,8", "84,9", None),
            "M": ("84,6", "81,9", None),
        },
        description=(
            "Består av: andel timavlönade årsarbetare (åa), antal personer per timavlönad (åa), andel med "
            "heltidsanställning och andel med tillsvidareanställning. " + CHAPTER_7
        ),
        incomplete_note=ATI_INCOMPLETE,
        value_notes={
            (2020, "M"): "Tryckt ”81.9” i källan (med punkt).",
            (2021, "T"): "Källans tal för raden (8,9) går inte att tillskriva 2021, se ovan.",
            (2021, "K"): "Källans tal för raden (5,9) går inte att tillskriva 2021, se ovan.",
            (2021, "M"): "Källans tal för raden (2,9) går inte att tillskriva 2021, se ovan.",
        },
    ),
    IndicatorData(
        "sjukfranvaro",
        "Sjukfrånvaro i procent av arbetstiden",
        PERCENT,
        DECREASE,
        {
            "T": ("4,4", "3,8", "3,4"),
            "K": ("4,9", "4,4", "4,3"),
            "M": ("3,0", "2,6", "1,5"),
        },
    ),
    IndicatorData(
        "korttidssjukfranvaro",
        "Korttidssjukfrånvaro",
        # The source gives no unit. The values (5,4 in 2019) are higher than sick leave in per cent of working
        # time (4,4), so they cannot be per cent of working time; they are shown as plain numbers.
        COUNT,
        DECREASE,
        {
            "T": ("5,4", "5,1", "4,1"),
            "K": ("5,8", "5,7", "4,7"),
            "M": ("4,4", "3,8", "2,9"),
        },
        description=("Källan anger ingen enhet för korttidssjukfrånvaron; talen redovisas som de står. " + CHAPTER_7),
    ),
    IndicatorData(
        "styrningsindex",
        "Styrningsindex",
        INDEX,
        INCREASE,
        {
            "T": ("66", "69", "70"),
            "K": ("68", "71", "71"),
            "M": ("62", "66", "67"),
        },
        footnotes=(NOTE_NOT_COMPARABLE, NOTE_MEASURED_AUTUMN),  # ** at the 2019 values, *** at the name
        not_comparable_years=frozenset({2019}),
    ),
)


def seed_decimal(text: str) -> Decimal:
    """A number as the seed prints it ("4,4"; once "81.9") → Decimal."""
    return Decimal(text.strip().replace(",", "."))


# --- Seed 004: Politisk plattform 2022–2026 ---------------------------------------------------------------------

# The paragraphs before the first heading (the agreement and its economic ground rules) stand under no policy area
# in the seed; they are the platform's introduction, not commitments of an invented area. Spelling as printed
# ("utifrån rådande ekonomiskt länge").
PLATFORM = {
    "name": "Politisk plattform 2022–2026",
    "parties": "Socialdemokraterna, Moderaterna, Centerpartiet",
    "start_year": 2022,
    "end_year": 2026,
    "introduction": "\n\n".join(
        [
            "Socialdemokraterna, Moderaterna och Centerpartiet har ingått en överenskommelse om att bilda "
            "kommunledning för mandatperioden 2022–2026.",
            "Överenskommelsen bygger på en gemensam syn om en ekonomisk verklighet där det rådande världsläget med "
            "stigande inflation, begynnande lågkonjunktur och oro i vår omvärld förtydligar behovet av ekonomisk "
            "återhållsamhet, följsamhet i finansiella mål samt budgetdisciplin.",
            "Kommunledningen är överens om att en skattehöjning eller skattesänkning utifrån rådande ekonomiskt "
            "länge inte är aktuell för budgeten 2023 – 2024. Om en samstämmig kommunledning anser att en "
            "justering är nödvändig ska inget beslut fattas innan en genomlysning av ekonomin och olika "
            "alternativ är belyst.",
            "Kommunledningen är överens om att de finansiella målen ska värnas. Låneskulden ska inte öka, om det "
            "inte är till förmån för kostnadsminskande eller nödvändiga investeringar.",
            "Kommunkoncernen ska stå för den största delen av utbyggnaden av välfärdens lokaler. Andra aktörer än "
            "kommunen kan och ska bidra till utbyggnaden av välfärden när det bedöms som socialt eller ekonomiskt "
            "försvarbart.",
        ]
    ),
}

# Policy area → its commitments, in the seed's order. One commitment per promise; a sentence that only gives the
# reason or the manner of the promise before or after it stays with it. The seed's wording is kept, spelling
# included ("oöch").
COMMITMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Näringsliv och tillväxt",
        (
            "Kommunledningen är överens om att ta fram nya attraktiva verksamhetsområden för företag att växa och "
            "etablera sig på.",
            "Arbetet med att strategiskt använda markreserven ska utvecklas. Exploateringsfrågor ska knytas till "
            "näringslivsutvecklingen för eventuella avvägningar.",
            "Elförsörjning och elinfrastruktur ska inte vara ett hinder för etableringar i Örebro kommun och "
            "kommunledningen vill samla näringslivet i en dialog kring dessa frågor med "
            "elförsörjningsleverantörer och ledningsägare.",
            "Kommunledningen är överens om att fortsätta arbetet med sociala krav i upphandlingar och sociala "
            "klausuler så att människor som står långt ifrån arbetsmarknaden går vidare till jobb. Arbetssättet "
            "ska inte vara konkurrenshämmande utan utformas på ett sätt som även inkluderar mindre entreprenörer.",
            "Ett näringslivspaket för landsbygden ska tas fram med syfte att underlätta etablering men också skapa "
            "förutsättningar att driva företag.",
            "Den lokala och kommunala administrationen och regelbördan för företag ska förenklas och effektiviseras.",
            "Ett nytt näringslivsprogram ska utformas i dialog med näringslivet.",
            "Nya former för samtal och dialog med näringslivet ska tas fram, med separata mötesplatser för dialog "
            "kring exempelvis småföretagarfrågor och förutsättningar för besöksföretag.",
        ),
    ),
    (
        "Förskola och skola",
        (
            "Kommunledningens mål är tydligt – alla barn och elever ska klara målen i skolan. "
            "Resursfördelningsmodellen ska därför i än högre utsträckning riktas så att kunskapsresultaten ökar, "
            "skolsegregationen minskar och förutsättningarna för att bedriva en god skolverksamhet för barn och "
            "elever i hela Örebro kommun ökar.",
            "Resurser ska tidigt sättas in för elever i behov av särskilt stöd.",
            "Fler lärare ska anställas i skolan och lärarnas administrativa börda ska minska.",
            "Ett extra år i grundskolan, obligatorisk lovskola, läxhjälp och mindre undervisningsgrupper är "
            "exempel på åtgärder som kommunledningen vill utreda för att öka kunskapsresultaten.",
            "Varje elev ska ha en plan för hur just den elevens kunskaper ska öka.",
            "En översyn ska göras över regelverket för pedagogisk omsorg med syfte att främja arbetslinjen, barns "
            "delaktighet och kunskaper.",
            "Vi ska säkerställa tvåspråkigheten i förskola för barn som använder teckenspråk.",
            "Förskolan ska ses som obligatorisk och vikten av att öka deltagandet i förskolan är stort.",
            "Även rätten till fritids ska utvecklas, med arbetslinjen, jämställdhet och integration i fokus.",
            "Elevhälsan ska stärkas.",
            "Samarbetet med barn- och ungdomspsykiatrin ska förbättras.",
            "Alla skolor ska NPF-säkras, det betyder att kompetens om neuropsykiatriska funktionsnedsättningar ska "
            "finnas på varje skola.",
            "Barn och elever behöver goda förutsättningar för att klara skoldagen. Fysisk aktivitet på skolor ska "
            "främjas och målet är att alla barn äter av skolmaten.",
            "Studie- och yrkesvägledningen i grundskolan ska stärkas.",
            "Skolorna ska ha tydliga ordningsregler.",
            "Trygghets- och värdegrundsarbetet ska utvecklas.",
            "Det ska råda nolltolerans mot mobbning och kränkande behandling i skolan.",
            "Kommunledningen ser positivt på användandet av trygghetskameror på skolor där det är nödvändigt och "
            "är överens om att kostnaden för kameror inte ska belasta skolpengen.",
            "Kommunledningen ser positivt på skolutveckling på landsbygden.",
        ),
    ),
    (
        "Äldreomsorg och funktionsstöd",
        (
            "Örebro ska ha en värdig äldreomsorg med hög kvalitet. Utmaningarna inom äldreomsorgen är stora "
            "framöver och insatser för att locka fler medarbetare till vårdyrken behövs.",
            "Kommunledningen vill se ett arbetsmiljöarbete där representanter för kommun, privata arbetsgivare och "
            "fackförbunden tillsammans utformar strategier för hur det ska bli mer attraktivt att jobba inom vård- "
            "och omsorg.",
            "För att klara rekryteringen framöver vill kommunledningen också verka för ett regionalt kompetensråd.",
            "Örebro kommun har i förhållande till utfall en förhållandevis dyr äldreomsorg jämfört med andra "
            "kommuner. Därför behövs en övergripande ekonomisk plan för kostnadsutvecklingen med jämförelser mot "
            "andra kommuners upplägg så att de resurser som läggs används på ett optimalt sätt med kvaliteten "
            "inom omsorgen i fokus.",
            "Örebro kommuns äldreomsorg ska utvecklas på ett mer kostnadseffektivt sätt.",
            "Underskottet i den kommunala hemvården måste skyndsamt minska ner till en budget i balans. Uppdraget "
            "om en åtgärdsplan med riktningar och delmål ges i Övergripande Strategi och Budget (ÖSB) 2023.",
            "Kommunledningen är överens om att Lagen om valfrihetssystem, LOV, är kvar i sin nuvarande form. "
            "Justeringar kan behöva genomföras i valfrihetssystemet för att arbetet om att nå en ekonomi i balans "
            "inte ska hindras.",
            "Fusk, överutnyttjande och bristande kvalitet måste beivras. Kontrollsystemet ska utvecklas och den "
            "aktör som missköter sig ska snabbare kunna stängas av.",
            "Personal som jobbar inom vård och omsorg ska vara skyldig att meddela brister till kommunen.",
            "Den som jobbar inom äldreomsorgen ska kunna uttrycka sig på tillräckligt bra svenska. När man är i en "
            "vårdande situation nära en omsorgstagare ska man prata svenska om inte omsorgstagaren föredrar annat "
            "språk.",
            "Teckenspråkskompetens inom vård och omsorg ska finnas när det behövs.",
            "Vi vill se en översyn av arbetsinsatser inom äldreomsorgen med syfte att avlasta undersköterskor och "
            "vårdpersonal.",
            "Inte minst efter pandemin är arbetet med att motverka ofrivillig ensamhet viktigt. Kommunledningen är "
            "därför överens om att exempelvis öppna upp skolor – särskilt på landsbygden och på platser där inte "
            "privata restauranger finns – för att äldre ska kunna träffas och äta tillsammans.",
            "Kommunledningen är överens om att fortsätta prioritera att minska kön till grupp- och servicebostad "
            "inom LSS. För att nå dit är byggandet, men också upphandling och köp av platser, nödvändigt.",
            "Den fysiska tillgängligheten i kommunens lokaler ska förbättras.",
            "Daglig verksamhet ska reformeras med syfte att stärka arbetslinjen.",
        ),
    ),
    (
        "Trygghet",
        (
            "Kommunledningen är överens om att örebroarnas trygghet är ett av de viktigaste områdena att "
            "prioritera de kommande åren. En miljard ska satsas fördelat över åtta år på örebroarnas trygghet.",
            "Gängen och narkotikahandeln ska trängas tillbaka.",
            "Kommunledningen är överens om att införa ett Narkotikateam i Örebro kommun.",
            "Vi vill ge förvaltningen i uppdrag att utreda och utveckla metoder för hur snabbare insatser mot "
            "narkotika kan se ut.",
            "En plan ska tas fram för att Vivalla senast år 2027 inte ska vara ett särskilt utsatt område. Planen "
            "tas fram i dialog med polisen, civilsamhälle och näringsliv.",
            "Kommunens bolag får i uppdrag att bidra till att samlingslokaler som möjliggör samverkan mellan "
            "relevanta aktörer i trygghetsarbetet tas fram.",
            "Vi vill ge bolagen i uppdrag att starta ett Trygghetscenter i Varberga och Oxhagen, en samlingsplats "
            "för det trygghetsskapande arbetet där bland andra säkerhetspersonal, polisen och civilsamhället ska "
            "kunna samlas.",
            "Kommunens säkerhetsavdelning ska stärkas och bli mer operativ.",
            "Kommunledningen ser positivt på användandet av trygghetskameror och vill även se fler synliga "
            "ordningsvakter och väktare.",
            "Ett trygghetspaket för de centrala delarna av Örebro ska tas fram.",
            "Kommunledningen är överens om socialtjänstens viktiga roll i det trygghetsskapande arbetet. För att "
            "kunna stärka socialtjänsten där det behövs måste först resurser frigöras inom verksamheten. En "
            "ordentlig översyn av kostnadsutvecklingen och en utvärdering av effekterna av de förebyggande "
            "insatserna behöver göras.",
            "Socialtjänstens medarbetare behöver stärkas.",
            "Vi ser positivt på en ökad samverkan mellan socialtjänst, skola och polisen.",
            "Arbetet med våld i nära relationer samt hedersrelaterat våld och förtryck ska stärkas. "
            "Föräldrastödsutbildningar är en viktig del i det arbetet.",
            "Kommunledningen är överens om ett krafttag mot välfärdsbrottslighet. En kommission mot välfärdsbrott "
            "inrättas med syfte att stävja bidragsfusk och fusk med skattemedel, oavsett om det handlar om fusk av "
            "föreningar, företag eller enskilda individer. Kommissionen ska även ha en kommunintern "
            "kontrollfunktion.",
            "Insatser för att möta social problematik och ordningsstörningar kopplat till delar av motorburen "
            "ungdom ska prioriteras.",
        ),
    ),
    (
        "Socialt förebyggande arbete",
        (
            "Kommunledningen är överens om att det trygghetsskapande arbetet på kort sikt måste kombineras med ett "
            "ordentligt socialt förebyggande arbete på lång sikt.",
            "Förskola och fritids är viktiga insatser för att arbeta socialt förebyggande. LOV Örebro, avgiftsfria "
            "lovaktiviteter i hela Örebro kommun, utvecklas ihop med civilsamhället.",
            "Arbetet med Tillsammans för Alla Barns Bästa (kallas också TABB eller Skottlandsmodellen), ska fortsätta.",
            "Samverkan med civilsamhället för att locka människor till engagemang och föreningsliv ska utvecklas.",
            "I samarbete med socialtjänsten och försörjningsstöd, men även Region Örebro län och "
            "familjecentralerna, bör kommunens uppsökande arbete förbättras. Syftet är att hitta barn och unga som "
            "far illa och social problematik som exempelvis extrem trångboddhet.",
            "Satsningar på spontanidrott och multiarenor i områden där förutsättningarna att idrotta är begränsade "
            "ska genomföras.",
            "Familjecentralernas arbete ska utvecklas genom tydligare uppdrag och uppföljning. Arbetet vid "
            "familjecentralerna ska inriktas på socialt förebyggande arbete och integrationsinsatser i främst "
            "utsatta stadsdelar.",
            "Kommunledningen är överens om att arbeta för att en ungdomsgård för äldre ungdomar i centrala Örebro "
            "ska inrättas.",
        ),
    ),
    (
        "Klimat och miljö",
        (
            "Kommunledningen är överens om att Örebro kommun ska arbeta utifrån FN:s klimatmål.",
            "Örebro kommun ska bli självförsörjande på klimatsmart energi. För att åstadkomma detta behöver "
            "kommunen fortsätta producera egen förnybar el.",
            "Ett uppdrag läggs för att säkra Kumbro vinds ekonomi på sikt där även arbetet med egenproducerad "
            "solkraft tydliggörs.",
            "Kommunledningen är överens om att utifrån affärsmässiga principer ge de kommunala fastighetsbolagen "
            "ägardirektiv om att öka den egna solenergiproduktionen.",
            "Vi vill också möjliggöra och förenkla för fler privatpersoner och fastighetsägare att kunna installera "
            "solceller.",
            "Arbetet med bostadsområdet Tamarinden ska fortgå. En utvärdering ska göras och därefter bör "
            "arbetssättet spridas till övriga staden så att Örebro blir Sveriges första smarta stad.",
            "Kommunledningen vill fortsätta arbetet med att utveckla Hjälmaren. En kostnadsanalys av alternativen "
            "för muddring genomförs – målet är att delar av Hjälmaren ska muddras så att Örebro kan utveckla "
            "fördelarna med att vara en sjönära stad.",
        ),
    ),
    (
        "Jämställdhet, hbtqi och mänskliga rättigheter",
        (
            "Kvinnor och män ska ha lika möjligheter att leva och verka i Örebro kommun. Insatser för att främja "
            "jämställdhet ska prioriteras där utmaningarna är som störst.",
            "Vi vill främja kvinnligt företagande och stärka förutsättningarna för kvinnor på arbetsmarknaden. En "
            "god tillgång till barnsomsorg på kvällar och helger är viktigt för människor som arbetar på "
            "oregelbundna arbetstider.",
            "En tydlig åtgärdsplan för hur Örebro kommun ska bli en bättre, tryggare och säkrare plats att leva, "
            "bo, studera och arbeta i för hbtqi-personer, unga som gamla, ska tas fram.",
        ),
    ),
    (
        "Kultur, demokrati och civilsamhälle",
        (
            "Vi ska bredda kulturskolan så att fler barn och unga har möjlighet att delta oavsett var i kommunen de "
            "bor. Skollokaler i hela kommunen och inte minst på landsbygden kan nyttjas. Kulturen är en naturlig "
            "del av skolans verksamhet.",
            "Open Art ska finnas kvar, men vi ger ett uppdrag att se över samarbetsformer och gemensam finansiering "
            "med näringslivet.",
            "Dessutom vill vi utreda förutsättningarna för Open Art att synas mer i hela kommunen.",
            "Stödet till civilsamhället ska bidra till en bra verksamhet. I den nya kommunorganisationen som börjar "
            "gälla 2023 kommer principen om ”En väg in” för föreningslivet gälla i högre grad.",
            "En översyn av föreningsbidrag och kontroller av vad pengarna används till ska genomföras.",
            "Föreningar som arbetar mot demokrati och alla människors lika värde ska inte erhålla medel.",
            "Kommunen ska vara en viktig katalysator i kulturlivet. En översyn av Kulturkvarterets ekonomi ska "
            "genomföras för att säkerställa en budget i balans.",
            "Kommunledningen är överens om att arbeta för att öka tillgängligheten till kultur digitalt.",
        ),
    ),
    (
        "Trafik",
        (
            "Kommunledningen är överens om att arbetet med framtidens trafiklösningar behöver anpassas till "
            "förändrande omvärldsfaktorer som exempelvis ökande kostnader. Förvaltningen får i uppdrag att jobba "
            "med kostnadskontroll och avstämningar för etapp 1 av BRT.",
            "Inför beslut om etapp 2 är kommunledningen överens om att en utvärdering av hittillsvarande "
            "effektresultat ska göras.",
            "Kommunledningen ser positivt på medborgardialog som metod i frågor kopplade kring trafik. En "
            "utredning om framtidens trafik och trafikflöden ska genomföras och kommuniceras brett.",
            "Vi vill fortsätta arbetet med att göra det enklare för fler att åka kollektivt eller välja cykel.",
            "Kommunledningen ser positivt på mobilitetshubbar oöch pendlarparkeringar.",
            "Vi vill göra det lättare att parkera i centrum genom exempelvis parkeringsledningssystem i mobilen.",
            "Vi uppdrar till de kommunala bolagen att verka för fler laddstolpar.",
            "Kommunledningen vill minska onödiga transporter genom samordning. Vi vill bland annat utreda "
            "samordning av kollektivtrafik och skolskjutsar.",
            "Kommunledningen är överens om att väg- och brounderhållet i Örebro kommun ska förbättras.",
            "Om ekonomin tillåter är kommunledningen överens om att arbeta för att ge förvaltningen i uppdrag att "
            "i dialog med representanter för pensionärs- och funktionshinderrörelsen utreda införandet av en "
            "kostnadseffektiv och anropsstyrd kollektivtrafik i Örebro kommun.",
        ),
    ),
    (
        "Stadsbyggnad",
        (
            "Örebro kommun ska fortsätta utvecklas och fler bostäder behövs. Vi vill se en ökad tillgång av "
            "villatomter, underlätta för byggandet av nya lägenheter som fler har råd att bo i, samt se en blandad "
            "bebyggelse i hela kommunen.",
            "Dessutom behöver arbetet med ännu smidigare och enklare bygglovsprocesser fortsätta prioriteras.",
            "Underhållsarbetet av gator och belysning ska förbättras. Underhållsplaner ska prioriteras och tas fram.",
            "Snöröjning, sopsaltning och sandning ska förbättras – en möjlighet för fler aktörer att bidra ses över.",
            "Bedömningen av bygglovsärenden generellt ska vara mer positiv, inte minst i ärenden som rör "
            "klimatsmarta åtgärder som till exempel att montera solceller.",
            "För att förenkla regelverket kring bygglov ska en översyn genomföras.",
            "Byggande i trä är en viktig del för att klara klimatutmaningen och bör uppmuntras.",
            "Kommunledningen är överens om att när Örebro växer ska jordbruksmark i så stor utsträckning som "
            "möjligt värnas.",
            "Kommunledningen vill se fler boenden för äldre, exempelvis trygghetsboenden, lägenheter och "
            "seniorboenden i hela kommunen, även på landsbygden.",
        ),
    ),
    (
        "Gymnasieskola och arbetsmarknad",
        (
            "Kommunledningen är överens om att reformera Individuella Programmen, IM, så att fler kan nå en "
            "gymnasieexamen.",
            "Studie- och yrkesvägledningen på gymnasiet behöver utvecklas så att fler kan göra avvägda val.",
            "Trygghetsarbetet på gymnasiet ska förbättras.",
            "Lantbruks- och skogsbruksutbildningen ska utvecklas.",
            "Samverkan mellan gymnasieskolan och näringslivet ska bli bättre och möjligheten för Ung "
            "Företagsamhet (UF) att verka på gymnasieskolan ska förbättras.",
            "Kommunledningen är överens om att införa tydligare krav på aktivitet eller studier för personer i "
            "långvarigt försörjningsstöd. Ett aktivitetskrav på 100 procent av individens förmåga är målet.",
            "Nya modeller för att få fler människor snabbt i arbete och egen försörjning, exempelvis ett krav "
            "anpassat för individen om att söka ett visst antal jobb per månad, ska utredas.",
            "I princip och på sikt bör Örebro kommuns norm för försörjningsstöd överensstämma med den nationella.",
            "SFI ska kombineras med praktik eller yrkesspår för att möjliggöra snabbare och bättre språkinlärning "
            "samt en snabbare väg till jobb eller studier för nyanlända.",
            "Kommunledningen är överens om att utöka antalet platser och bredda inriktningarna inom "
            "yrkesutbildningen för att kunna lösa utmaningarna med kompetensförsörjning och samtidigt minska "
            "försörjningsstödsberoendet. Här kan och bör fler aktörer än kommunen bidra och andelen privata "
            "arbetsmarknadsinsatser och upphandlade praktikplatser kan öka.",
            "En auktorisationsmodell för vuxenutbildning och SFI ska utredas så att den på ett kostnadseffektivt "
            "och kvalitetsmässigt jämbördigt sätt kan komplettera den kommunala verksamheten där kvaliteten idag "
            "är otillräcklig.",
        ),
    ),
    (
        "Bolagskoncernen",
        (
            "Kommunledningen är överens om att Örebrobostäder AB (ÖBO) fortsatt ska vara en fastighetsaktör med "
            "intresse för socialt och ekologiskt hållbart arbete. Vikten av ett starkt allmännyttigt "
            "bostadsbolag som bidrar i samhället ska värnas. Därför är ekonomin för ÖBO central.",
            "Senast år 2023 ska ÖBO:s analys av den nya renoveringsstrategins påverkan på bolagets framtida "
            "kapitalbehov vara klar. Med den som grund ska en ekonomisk plan för ÖBO arbetas fram med tydliga "
            "insatser som är nödvändiga för att säkra upp ekonomin.",
            "Vi är överens om att Örebroporten ska pröva en modell för Eyrafältet med gemensamt offentligt och "
            "privat ägande.",
            "Kommunledningen är överens om att värna privata investeringar och etableringar.",
            "Västerporten ska användas mer aktivt för att skapa jobb och utveckling i Örebros större stadsdelar.",
            "Resan att utveckla Örebro Airport på ett än mer hållbart sätt ska fortsätta. Målet är att göra Örebro "
            "Airport till Sveriges grönaste flygplats. Det kommunala bolaget Kumbro bör inkluderas i det arbetet.",
            "Örebro kommun ska vara en fortsatt aktiv part i arbetet med en snabb tågförbindelse mellan Stockholm "
            "och Oslo.",
            "Kommunledningen är överens om att Törsjö Logistik ska fortsätta arbetet med att utveckla "
            "verksamhetsområdet för järnvägsnära logistik.",
            "Program för hållbar utveckling ska utgöra en viktig del i bolagens kommande direktiv.",
        ),
    ),
    (
        "Fritid och idrott",
        (
            "Kommunledningen är överens om att göra en ordentlig översyn av allt stöd till idrottsföreningar för "
            "att öka jämställdheten och jämlikheten samt öka flickors möjlighet till idrottande.",
            "Lekmiljöer i naturen, lekotoper samt vattenlek i lekparker ska utvecklas, även i landsbygdsorter.",
            "Vi är överens om att fortsätta framtidssäkra motionsspår med bättre belysning, ökad tillgänglighet "
            "och mer trygghet.",
            "Kommunledningen är överens om att utreda en större satsning för ökad möjlighet till "
            "breddidrottsutövning. Issport, gymnastik, ridsport och simning är exempel på idrotter där "
            "förbättrade möjligheter kan behövas.",
            "Arbetet med att bevara och utveckla Fritidsbankens verksamhet ska prioriteras.",
            "Fritidsgårdsverksamheten är viktig och ska ses över med fokus på tillgänglighet, innehåll och "
            "målgruppsanpassning.",
        ),
    ),
    (
        "Landsbygd",
        (
            "Kommunledningen är överens om att utveckla centrumkärnorna i de mindre orterna tillsammans med "
            "medborgare, markägare, näringsliv och civilsamhälle.",
            "Fler cykelvägar till och mellan orterna behövs.",
            "Kommunledningen är överens om att ge ett uppdrag till förvaltningen att utreda hur man kan underlätta "
            "för fler på landsbygden att kunna koppla upp sig mot VA-nätet.",
        ),
    ),
)

# --- Loading ------------------------------------------------------------------------------------------------------

COUNT_KEYS = (
    "bodies",
    "periods",
    "strategic_areas",
    "goal_areas",
    "means",
    "observations",
    "indicators",
    "values",
    "platforms",
    "policy_areas",
    "commitments",
)


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _kommunstyrelsen() -> tuple[Body, bool]:
    """Kommunstyrelsen as `meetings.demo` creates it, so loading the meetings demo later changes nothing."""
    body = Body.objects.filter(slug=KS_SLUG).first()
    if body is not None:
        return body, False
    from meetings.demo import BODIES  # only its data: loading the meetings demo would render agenda PDFs

    data = next(item for item in BODIES if item["slug"] == KS_SLUG)
    body = Body(**{key: value for key, value in data.items() if key != "parent"})
    body.full_clean()
    body.save()
    return body, True


def _period(data: dict, counts: dict[str, int]) -> GoalPeriod:
    period, created = GoalPeriod.objects.get_or_create(
        name=data["name"], defaults={key: value for key, value in data.items() if key != "name"}
    )
    counts["periods"] += created
    return period


def _goal_area(*, slug: str, defaults: dict, means: tuple[str, ...], counts: dict[str, int]) -> GoalArea:
    goal_area, created = GoalArea.objects.get_or_create(slug=slug, defaults=defaults)
    counts["goal_areas"] += created
    if means and not goal_area.means.exists():
        Means.objects.bulk_create(
            Means(goal_area=goal_area, text=text, position=position) for position, text in enumerate(means, 1)
        )
        counts["means"] += len(means)
    return goal_area


def _structure_2017(counts: dict[str, int]) -> None:
    period = _period(PERIOD_2017, counts)
    for area_position, area in enumerate(STRATEGIC_AREAS, 1):
        strategic_area, created = StrategicArea.objects.get_or_create(
            period=period,
            slug=slugify(area.name),
            defaults={"name": area.name, "description": area.description, "position": area_position},
        )
        counts["strategic_areas"] += created
        for goal in area.goals:
            _goal_area(
                slug=goal_area_2017_slug(area, goal),
                defaults={
                    "period": period,
                    "strategic_area": strategic_area,
                    "number": goal.number,
                    "statement": goal.statement,
                    "means_intro": goal.means_intro,
                    "position": goal.number,
                },
                means=goal.means,
                counts=counts,
            )


def _structure_2021(body: Body, counts: dict[str, int]) -> None:
    period = _period(PERIOD_2021, counts)
    for position, assessed in enumerate(GOAL_AREAS_2021, 1):
        goal_area = _goal_area(
            slug=assessed.slug,
            # The seed does not number these målområden: no number, only their order.
            defaults={"period": period, "number": None, "statement": assessed.statement, "position": position},
            means=(),
            counts=counts,
        )
        if Observation.objects.filter(goal_area=goal_area, body=body, year=OBSERVATION_YEAR).exists():
            continue
        observations = [
            Observation(goal_area=goal_area, body=body, year=OBSERVATION_YEAR, kind=kind, text=text, position=number)
            for kind, texts in ((POSITIVE, assessed.positive), (IMPROVE, assessed.improve))
            for number, text in enumerate(texts, 1)
        ]
        Observation.objects.bulk_create(observations)
        counts["observations"] += len(observations)


def _indicators(body: Body, counts: dict[str, int]) -> None:
    for position, data in enumerate(INDICATORS, 1):
        indicator, created = Indicator.objects.get_or_create(
            slug=data.slug,
            defaults={
                "name": data.name,
                "description": data.description,
                "unit": data.unit,
                "direction": data.direction,
                "owner": body,
                "footnotes": "\n".join(data.footnotes),
                "incomplete_note": data.incomplete_note,
                "position": position,
            },
        )
        counts["indicators"] += created
        for gender, printed in data.values.items():
            for year, text in zip(YEARS, printed, strict=True):
                not_comparable = year in data.not_comparable_years and text is not None
                note = data.value_notes.get((year, gender), VALUE_NOTE_NOT_COMPARABLE if not_comparable else "")
                # get_or_create, one at a time: simple-history records each value's creation (bulk_create would
                # skip it), and a value entered by staff since is kept.
                _, created = IndicatorValue.objects.get_or_create(
                    indicator=indicator,
                    year=year,
                    gender=gender,
                    defaults={
                        "value": None if text is None else seed_decimal(text),
                        "not_comparable": not_comparable,
                        "note": note,
                    },
                )
                counts["values"] += created


def _platform(counts: dict[str, int]) -> None:
    platform, created = Platform.objects.get_or_create(
        name=PLATFORM["name"], defaults={key: value for key, value in PLATFORM.items() if key != "name"}
    )
    counts["platforms"] += created
    for area_position, (name, promises) in enumerate(COMMITMENTS, 1):
        area, created = PolicyArea.objects.get_or_create(
            platform=platform, slug=slugify(name), defaults={"name": name, "position": area_position}
        )
        counts["policy_areas"] += created
        if area.commitments.exists():
            continue
        for position, text in enumerate(promises, 1):
            # One by one for simple-history. No status update: the seeds say nothing of progress, so every
            # commitment is "ej påbörjad".
            Commitment.objects.create(area=area, text=text, position=position)
        counts["commitments"] += len(promises)


@transaction.atomic
def load_goals_demo(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the goal structure of 2017–2019 and 2021, Kommunstyrelsen's observations and indicators, and the
    political platform 2022–2026; running it again creates and changes nothing.

    Returns how many of each were created (all zero on a second run). Creates Kommunstyrelsen, as the meetings demo
    would, if it is missing.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    body, created = _kommunstyrelsen()
    counts["bodies"] += created
    if created:
        _say(stdout, f"Skapade organ: {body.name}")
    _structure_2017(counts)
    _structure_2021(body, counts)
    _indicators(body, counts)
    _platform(counts)
    return counts
