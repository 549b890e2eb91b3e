"""Report demo data: Kommunstyrelsens årsberättelse 2021 (Ks 181/2022) from seed 001, as a draft in the portal.

Every chapter and subchapter of the seed's contents list is here with its number and heading, and its text converted
to Markdown (see docs/0007-reports-demo-data.md): hard-wrapped lines rejoined into paragraphs, "•" bullets as "- "
items, page headers, page breaks and the retyped table fragments removed. The seed's wording is kept, slips included
("2021finansierat", "resgleras").

The tables are not retyped: chapter 3 gets a goal-observations block for 2021, chapter 6.1 the deviation summary and
one unit-tables block per unit (its ansvar table and its kontogrupp table, so 6.1 shows what the seed prints in 6.1
and 6.2), chapter 7 an indicator table, all computed from the budget and goals demo data — so the figures are the
published ones. The investment table of 6.3 is not in the portal's data: its prose is kept and a note says so.

The seed does not say when or at which meeting the report was adopted, so the demo report is a draft: adopting it is
left to the staff pages (which freezes the blocks).

`load_reports_demo` is idempotent: the report is keyed on body and year, its sections on number; nothing that exists
is changed (staff may have edited it), a missing section is added, and blocks are added only with a new section.

The module is long because it is mostly text: kept in one file so it reads top to bottom next to the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from django.db import transaction

from budget.demo import load_budget_demo
from budget.models import Unit
from goals.demo import load_goals_demo
from meetings.models import Body

from .models import AnnualReport, Block, Section

KS_SLUG = "kommunstyrelsen"
YEAR = 2021
TITLE = "Kommunstyrelsens årsberättelse 2021"
CASE_NUMBER = "Ks 181/2022"

GOAL_OBSERVATIONS = Block.Kind.GOAL_OBSERVATIONS
DEVIATION_SUMMARY = Block.Kind.DEVIATION_SUMMARY
UNIT_TABLES = Block.Kind.UNIT_TABLES
INDICATOR_TABLE = Block.Kind.INDICATOR_TABLE


@dataclass(frozen=True)
class Planned:
    """A generated block of the demo: its kind and, for unit tables, the budget unit's slug (all for YEAR)."""

    kind: Block.Kind
    unit: str | None = None


@dataclass(frozen=True)
class Chapter:
    number: str
    heading: str
    paragraphs: tuple[str, ...]  # Markdown blocks, joined by a blank line
    blocks: tuple[Planned, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --- Seed 001, chapter by chapter ----------------------------------------------------------------------------------
# Numbers and headings as in the seed's contents list ("3." is "3"; double spaces single). Sub-headings inside a
# chapter are Markdown headings one level below the chapter's (### under a chapter, #### under a subchapter); the
# unit names of 6.1 are bold lead-ins because they sit under the #### "Enheternas delårsresultat och prognos".
# Lines in italics (6.2, 6.3) are the portal's, not the seed's: they say where a table went, or that it is missing.

CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        "1",
        "Förslag till beslut",
        (
            (
                "Kommunstyrelseförvaltningen har sammanställt Kommunstyrelsens årsberättelse 2021. Resultatet visar "
                "på att verksamheten under Kommunstyrelsen trots coronapandemins påverkan i allt väsentligt "
                "bedrivits utifrån givet reglemente, egna styrregler, givna uppdrag och levererat positiva bidrag "
                "till Örebro kommuns samlade utveckling och ekonomiska ställning. Bedömningen grundar sig på "
                "Kommunstyrelseförvaltningens uppföljning utifrån av Kommunfullmäktige fastställda målområden och "
                "bidrag till kommunfullmäktigemål för god ekonomisk hushållning med tillhörande åtaganden. "
                "Prioriterade områden inom ramen för Kommunstyrelsens uppsiktsplikt har hanterats genom styrelsens "
                "beredningsordning."
            ),
            (
                "Kommunstyrelseförvaltningens uppföljning är fokuserad på avvikelserapportering, vilket är i linje "
                "med den tillitsstyrning som kommunen tillämpar. Beskrivningar av goda resultat hålls korta eller "
                "utelämnas för att ge utrymme för att beskriva de områden där ytterligare förbättringar bör ske."
            ),
            (
                "Den sammanställda budgetavvikelsen för Kommunstyrelsen är negativ och uppgår till totalt -113 mnkr. "
                "Avvikelsen märks framför allt inom statsbidrag, eftersom ändrade redovisningsregler medförde "
                "ombokning av kostnader om 73 mnkr från driftsnämnder till kommungemensamma nivån. Avvikelsen "
                "påverkas också av portföljfinansiering, då kostnader under året bokas in under Kommungemensam "
                "verksamhet, ianspråktagande av eget kapital. Kommunledning har en positiv avvikelse om 12,8 mnkr. "
                "Där ingår överfört resultat från år 2019 och 2020 med sammantaget 9,9 mnkr för de politiska "
                "kanslierna."
            ),
            (
                "Kommunstyrelseförvaltningen visar på negativ budgetavvikelse på – 12,4 mnkr vilket är bättre än "
                "prognos som pekade mot ett underskott på - 25 mnkr. Det pågående arbetet med en förändrad "
                "förvaltningsorganisation kommer bli viktigt för att uppnå en budget i balans och långsiktigt "
                "hållbar ekonomi."
            ),
            "### Beslutsunderlag",
            (
                "- Kommunstyrelseförvaltningens tjänsteskrivelse Ks 181/2022\n"
                "- Kommunstyrelsens årsberättelse Ks 181/2022"
            ),
            "### Förslag till beslut",
            "Kommunstyrelseförvaltningens förslag till Kommunstyrelsen:",
            (
                "1. Kommunstyrelsen fastställer årsberättelse 2021 för Kommunstyrelsens egen verksamhet.\n"
                "2. Årsberättelsen överlämnas för vidare hantering inom ramen för Örebro kommuns årsredovisning 2021."
            ),
            ("Peter Larsson  \nKommundirektör tillika förvaltningschef för Kommunstyrelseförvaltningen"),
        ),
    ),
    Chapter(
        "2",
        "Kommundirektörens bedömning och analys",
        (),
    ),
    Chapter(
        "2.1",
        "Kommundirektörens analys av verksamhetens resultat",
        (
            (
                "Kommunen har kunnat upprätthålla en fungerande verksamhet trots stora osäkerheter i omvärlden, "
                "främst kopplat till den fortfarande pågående pandemin. Hårt arbetande medarbetare gör varje dag "
                "sitt yttersta för att medborgarna ska få den service och omvårdnad som de behöver."
            ),
            (
                "Årets skatteintäkter blev markant bättre än budgeterat, detta beror på en mycket snabbare och "
                "kraftigare återhämtning av ekonomin än beräknat."
            ),
            (
                "Den senaste befolkningsprognosen visar på en avtagande befolkningstillväxt vilket ger kommunen nya "
                "utmaningar. Det är vanligtvis svårt att göra befolkningsprognoser och nu är det ännu osäkrare. "
                "Frågan är om förändringen är en tillfällig pandemieffekt eller ett trendbrott i utvecklingen."
            ),
            (
                "Det är fortsatt en utmaning att skapa rätt incitament för att nämndernas verksamheter arbetar "
                "vidare med att förändra arbetssätt och dra nytta av de möjligheter som digitaliseringen ger. De "
                "beräknade effekterna har inte uppstått."
            ),
            (
                "Ledarskapet i kommunen står inför stora utmaningar den närmaste tiden. Stora mått av "
                "förändringsledning kommer att behövas för att klara omställningen till en ny organisation inför "
                "2023. Nytillträdd kommundirektör har påbörjat ett arbete med att omforma sin ledningsorganisation "
                "för att kunna möta kommunens utmaningar på ett bra sätt."
            ),
            (
                "Ett stort arbete har lagts ned av kommunens förvaltningar för att tillsammans arbeta fram ett "
                "förslag på en ny förvaltningsorganisation inför 2023."
            ),
        ),
    ),
    Chapter(
        "2.2",
        "Händelser av väsentlig betydelse",
        (
            (
                "Kulturkvarteret har nu slagit upp sina portar. Biblioteket, Kulturskolan och Konsthallen har "
                "flyttat in i huset. Invigningsevenemang ägde rum i omgångar under hösten. Kulturkvarteret har "
                "uppmärksammats på olika sätt och tilldelats både Nerikes Allehandas Kulturpris och Örebro kommuns "
                "byggnadspris 2021."
            ),
            (
                "I Samhällsbarometerns undersökning av medborgarnas syn på hållbarheten i sina städer kom Örebro på "
                "andra plats efter Lund. SIFO ställde 19 frågor till 5000 svenskar och fick minst 300 svar per stad."
            ),
            (
                "Pandemin medförde att den centrala krisledningsstaben var aktiv under årets första halvår. Under "
                "hösten övergick den centrala staben till en arbetsgrupp sammansatt av representanter från de mest "
                "berörda förvaltningarna med samordning av Säkerhetsavdelningen. Anledningen till det är att våra "
                "förvaltningar har god kunskap och erfarenhet av rutiner samt behov av att ställa om sina "
                "verksamheter vid behov. Under senare delen av hösten 2021 ökade smittspridningen på nationell nivå "
                "och även i Örebro kommun, och likaså ökade de krav som ställs på den kommunala samordnade "
                "hanteringen. Ett förstärkt ledningsstöd till kommundirektören aktiverades. I början av 2022 ser vi "
                "att smittspridningen når nya nivåer och läget försämrades. Under första kvartalet av 2022 förväntas "
                "trycket på våra verksamheter, utifrån hantering av pandemin, förvärras. Samtidigt så ökar antalet "
                "vaccinationer med dos 3. Kommunstyrelsen beslutade i december 2021 om att tillåta medarbetare att "
                "vaccinera sig på arbetstid, i syfte att underlätta för fler att vaccinera sig och på så vis minska "
                "risken för allvarlig sjukdom. Effekterna av pandemin märks av inom flera av de kommunala "
                "verksamheterna, bland annat genom en hög påverkan på medarbetare inom de mest drabbade "
                "förvaltningarna samt att ett flertal uppdrag inte har kunnat prioriteras eller genomföras då fokus "
                "har behövt vara på pandemihanteringen. Men det finns även positiva effekter. Under pandemin har "
                "samverkan över både förvaltnings- och programområdesgränserna förstärkts, nya arbetsformer och "
                "effektiva arbetssätt har tagits fram. Dessa positiva lärdomar och arbetssätt bör införlivas även i "
                "vardagen för att säkra på effektiva arbetssätt även när pandemin är över."
            ),
            (
                "Distansarbete för administrativ personal har varit möjligt tack vare en fungerande teknisk "
                "plattform. Även de förtroendevalda har kunnat genomföra möten digitalt. Digital e-signering är nu "
                "införd i Örebro kommun. Vilket har medfört att kommunen nu har en helt digital ärendeprocess från "
                "registrering av handling till e-signerat protokoll efter genomfört politiskt nämndsammanträde."
            ),
            (
                "Under våren har de förtroendevalda tagit fram förslag till ny nämndorganisation som ska träda i "
                "kraft 2023."
            ),
        ),
    ),
    Chapter(
        "2.3",
        "Förväntad utveckling",
        (
            (
                "Under våren 2022 kommer kommunstyrelseförvaltningen behöva göra ett stort arbete för att skapa "
                "förutsättningar för en förändrad förvaltningsorganisation. I samband med detta görs också ett "
                "arbete kring kommunens ekonomistyrning och informationshantering."
            ),
            (
                "Nya förvaltningsdirektörer kommer att tillsättas under våren 2022. De kommer att ha till uppgift "
                "att forma de nya förvaltningarna som stöd till de nya nämnderna inför 2023."
            ),
            "En förbättrad lokalförsörjningsprocess kommer att vara prioriterad.",
            (
                "Kommunens servicecenter kommer att samlokaliseras med Statens servicecenter i bibliotekets gamla "
                "lokaler."
            ),
        ),
    ),
    Chapter(
        "3",
        "Sammanfattande iakttagelser",
        (
            (
                "Nedan sammanfattas nämndens bidrag till utveckling inom de sex målområdena. Nämnden redovisar de "
                "viktigaste Positiva iakttagelser och Förbättringsområden som finnas inom varje målområde"
            ),
        ),
        blocks=(Planned(GOAL_OBSERVATIONS),),
    ),
    Chapter(
        "4",
        "Kommunstyrelsens utvecklingsportföljer och riktade satsningar",
        (),
    ),
    Chapter(
        "4.1.1",
        "Portföljstyrning",
        (
            (
                "I januari 2021 initierades ett projekt i syfte att införa och etablera portföljstyrning som "
                "styrform och arbetssätt för det kommunövergripande strategiska utvecklingsarbetet. "
                "Portföljstyrningen förväntas bli ett viktigt verktyg för kommunledningen att fokuserat arbeta med "
                "prioritering och styrning av de utvecklingsprojekt som bedöms som angelägna för att realisera "
                "politiskt beslutade strategier. Genom en etablerad portföljstyrning förväntas organisationen uppnå "
                "ett förbättrat nyttjande av den egna kapaciteten, men också uppnå en ökad grad av transparens kring "
                "vad som prioriteras och på vilka grunder, samt ökade förutsättningar till överblick av pågående "
                "utvecklingsarbete och dess förväntade effekter och nytta."
            ),
            (
                "Under året har en process för hantering och beslut av nya utvecklingsbehov utarbetats, liksom en "
                "process för portföljstyrning och alla dess ingående delar. Därtill har projektet levererat "
                "grundförutsättningar till att i januari 2022 starta upp en objektportfölj för hantering och "
                "prioritering av objektens vidareutveckling, inklusive ekonomistyrning för objektstyrning. Under "
                "året har även en kommungemensam modell för resursstyrning tagits fram, innefattande "
                "kapacitetsplanering, rutin för äskande av resurser till utvecklingsarbete och kommungemensamma "
                "principer."
            ),
            (
                "Arbetet bedrivs i nära samarbete med pågående projekt kring förändrad ekonomistyrning, vilket ses "
                "vara en förutsättning för ett lyckat resultat. Arbetet har bedrivits i enlighet med beslutad "
                "tidsplan och beräknas färdigställas under första kvartalet 2022. En av de kvarvarande leveranserna "
                "avser färdig etablering av de nya portföljer som ska finnas från 2022 och framåt – "
                "objektportföljen, digitaliseringsportföljen och kompetensförsörjningsportföljen. Därtill krävs "
                "säkerställande av utbildning till samtliga berörda målgrupper utifrån deras olika roller kopplat "
                "till portföljstyrningen för att få styrformen att fungera fullt ut."
            ),
        ),
    ),
    Chapter(
        "4.1.2",
        "Digitaliseringsportföljen Digitalt först",
        (
            (
                "Digitalt först portföljens uppdrag var att under perioden 2017-2021 utveckla kommunen i enlighet "
                "med Kommunens digitaliseringsstrategi för 2017-2019 samt 2020-2025. Strategin anger fyra områden "
                "som grundar sig på Sveriges Kommuner och Regioners (SKR) handlingsplan. Det de fyra "
                "strategiområdena är: “förbättrad styrning och organisering, att förbättra de juridiska, "
                "upphandlingsrelaterade och ekonomiska förutsättningarna”, “stärka och strukturera den tekniska "
                "infrastrukturen”, ”utgå från medborgarnas behov och livshändelser” samt ”digitala tjänster för ökad "
                "delaktighet och innovation”."
            ),
            (
                "Beslutade prioriteringar och de arbeten som kommunens förvaltningsledningar arbetar med visar att "
                "det är drygt 95 procent av de angivna aktiviteterna som är genomförda. Ett grundläggande arbete är "
                "nu slutfört i och med etableringen enligt ny objektarkitektur (PM3) vilket skapat förutsättningar "
                "för samordning och effektivisering av kommunens samlade IT-stöd."
            ),
            (
                "Av de 200 mnkr som avsatts till portföljen har cirka 183 mnkr använts för utvecklingsinsatser när "
                "portföljen nu stängs."
            ),
            (
                "Inom portföljen har ett 70-tal prioriterade utvecklingsinsatser färdigställts varav ett 50-tal "
                "projekt värderats utifrån kommunens effekthemtagningsmodell. Portföljens insatser har under åren "
                "skapat möjligheter för kommunen att få den digitala utvecklingen i den riktning som "
                "Digitaliseringsstrategin anger. Det finns nu en bra grund att bygga vidare på för en fortsatt "
                "digital utveckling som är ändamålsenlig, effektiv och mer i tiden."
            ),
            (
                "Under portföljens sista år har arbete fortsatt med slutföra de projekt som satts i gång och "
                "prioriterats så att effekterna kan bli realiserbara i verksamheterna. Arbetet pågår nu med att "
                "avsluta portföljen samt ta fram de resultat, effekter och nyttor som utvecklingsinsatserna lett "
                "till eller skapat förutsättningar för. De fåtal projekt som inte kunnat slutföras inom "
                "portföljtiden kommer att färdigställas inom ramen för den utveckling som planeras i de nya "
                "portföljerna."
            ),
            (
                "Från och med 2022 kommer kommunens digitala utveckling att fördelas inom två nya portföljer: "
                "Objektportföljen som samordnar och prioriterar inom objektens behov för vidmakthållande och "
                "vidareutveckling samt Digitaliseringsportföljen som prioriterar den nyutveckling som behövs för en "
                "stabil och modern digitalisering i Örebro kommun."
            ),
        ),
    ),
    Chapter(
        "4.1.3",
        "Kompetensförsörjningsportföljen",
        (
            (
                "Portföljen ska bidra till försörjning av den kompetens som behövs för att nå verksamhetsmålen, "
                "effekter och nyttor är ett förbättrat kompetensläge, att det testats och/eller införts nya "
                "lösningar och arbetssätt samt att organisationen behåller kompetenta medarbetare."
            ),
            "Den aktuella portföljen består av fyra projekt i olika faser:",
            (
                "- Införande av digitalt kompetenshanteringsverktyg – arbetet med projektdirektiv är i sin "
                "avslutningsfas och projektet är berett att påbörja upphandling.\n"
                "- Kompetenshöjning för outbildade medarbetare inom Vård- och omsorgsförvaltningen, Förvaltningen "
                "för funktionsstöd/Sociala insatser, och Förvaltningen förskola och skola (KOM) – förstudien har "
                "kompletterats och skall nu värderas för uppstart.\n"
                "- Kompetensutveckling inom svenska språket inom Förvaltningen förskola och skola – förstudie är "
                "genomförd och inväntar validering och startbeslut.\n"
                "- Chefs- och ledarskapsprogram – har varit pausat med anledning av brist på resurser på grund av "
                "pandemin. Arbete har återstartat under december."
            ),
            (
                "Portföljen har under 2021finansierat även andra kommunövergripande stöd och insatser så som HR-stöd "
                "i kompetensförsörjningsarbetet, utvecklingsuppdrag kring resursfördelning och utvecklingsuppdraget "
                "Tillitsbaserad styrning och ledning i praktiken samt projektet etablering av portföljstyrning. "
                "Förvaltningarna har under hösten 2021 genomfört steg 1 i Säkra kompetensen, Kartläggning och "
                "Analys. I steg 2, som genomförs under våren 2022 kommer utmaningar som kan hanteras via portföljen "
                "att kunna identifieras. Totalt uppbundet kapital är 11 410 440 kr av portföljens 13 000 000 kr. "
                "Hittills har använts 2 380 000 kr. Under senare delen av året har ett arbete med konsolidering av "
                "portföljens styrning samt portföljens inriktning gjorts. Portföljen kommer under den kommande "
                "perioden att ha ett större fokus på tex bemanningsstrategi och chefs/ledarskap som får tydliga "
                "effekter på kommunnivå."
            ),
            (
                "Portföljens förutsättningar för leverans har kraftigt påverkats av pandemin och dess konsekvenser "
                "vad gäller prioritering av resurser inom HR såväl som övriga förvaltningar."
            ),
        ),
    ),
    Chapter(
        "4.1.4",
        "Sociala investeringar",
        (
            (
                "Under 2021 fortsatte arbetet med att genomföra uppföljande utvärderingar av tidigare avslutade och "
                "implementerade satsningar. Rapporterna är del i arbete för att följa resultatet av sociala "
                "investeringar och dess medelfristiga effekter. I januari fattade Kommunstyrelsen beslut om att "
                "godkänna en uppföljande utvärdering utav Samverkan för teckenspråkiga. Utvärderingen visade på att "
                "insatsen bidrog till en förflyttning av individuell ekonomisk ersättningsform från försörjningsstöd "
                "till Försäkringskassan eller arbete för 23 procent av deltagarna. Under våren har NP-samverkan "
                "effektutvärderats för att se huruvida satsningen har uppnått de övergripande målsättningarna i form "
                "av gymnasieexamen och meningsfull sysselsättning för de individer som tog del av insatsen. "
                "Rapporten godkändes av Kommunstyrelsen i augusti."
            ),
            (
                "Den pågående satsningen Seniorpuls kunde under hösten genomföras enligt reviderad plan, då pandemin "
                "tidigare medfört paus i arbetet. Under året har idéinflödet varit fortsatt lågt och styrgruppen "
                "beslutade under våren att psykisk hälsa är ett prioriterat område. Samverkan har skett med "
                "uppdraget om att främja psykisk hälsa och dess ansökningsomgång under våren med möjlighet att "
                "identifiera idéer, vilket resulterade i en förstudie till en eventuell social investering. "
                "Informationsinsatser till nämnder och ledningsgrupper genomfördes under hösten för att informera om "
                "arbetet och tidigare ändringar i finansieringsmodellen. Med anledning av det låga idéinflödet och "
                "som varat under en längre tid har arbete påbörjats under hösten för analys av hinder och "
                "utvecklingsmöjligheter i processen och möjliga vägar framåt."
            ),
            (
                "För 2021 har tre miljoner kronor funnits avsatta i central driftsbudget för sociala investeringar. "
                "Då inga nya investeringar startats har endast finansiering av pågående Seniorpuls finansierats med "
                "medlen. Kvarvarande medel i reservationen används inte för finansiering av nya satsningar, dock "
                "sker ett fortsatt flöde av återföringar till reservationen från tidigare beslutade "
                "återföringsplaner."
            ),
        ),
    ),
    Chapter(
        "4.1.5",
        "Den växande kommunen",
        (
            (
                "Portföljen syftar till att hålla ihop projekt som dels är viktiga för kommunens utveckling, dels "
                "har haft svårt att hitta snabba lösningar. Projekt Kulturkvarteret avslutades under våren 2021 och "
                "vid årsskiftet ingick fyra projekt i portföljen. Inom projektet Karlslunds framtida utveckling har "
                "en utvecklingsstrategi samt en investeringsplan tagits fram. Även en ny organisation för mer "
                "effektiv och samordnad förvaltning och utveckling har beslutats. Ytterligare ett friluftsbad har "
                "anlagts och utredning inför ett tredje pågår. Renoveringen av Strömsborg etapp 1 är i princip "
                "avslutat och etapp 2 har påbörjats. Upphandling för nytt stall och övriga åtgärder i "
                "ridanläggningen har annonserats. Koncept för Hästhagen och Barnens trädgård har tagits fram och "
                "investeringsmedel finns under 2022. Projekt Brunnsparken inväntar antagande av ny detaljplan våren "
                "2022. Dialog med potentiella fastighetsägare för kvartersmarken fortgår. I projektet Hjälmarens "
                "framtida utveckling har en strategi som visar Örebro kommuns ambition kring Hjälmaren som "
                "rekreationsområde tagits fram och remitterats under hösten med planerat antagande våren 2022. Ett "
                "samverkansprojekt med övriga kommuner, regioner, länsstyrelser och besöksorganisationer som gränsar "
                "till Hjälmaren har påbörjats med mål att ta fram en gemensam utvecklingsstrategi samt en formell "
                "samverkansfunktion för sjön. Flera konkreta delprojekt kring bland annat Hampetorp, Skebäcks "
                "småbåtshamn, Alnängarna och Ässundet har påbörjats under året. Projektet Odlingslotter är avslutat "
                "då riktlinjerna är antagna och odlingslotten i Vivalla är färdigställd. Ett nytt projekt inom "
                "portföljen är Underhållsplan för belysning som ska ta fram underhållsplaner för programområdet "
                "Samhällsbyggnads belysningsanläggningar."
            ),
        ),
    ),
    Chapter(
        "4.1.6",
        "Strukturförändringsprogram för hemvården",
        (
            (
                "Resultatet för Hemvården har under 2021 förbättrats med 18,9 mnkr jämfört med 2020 (covid-19 "
                "effekter). Av detta går 10,1 mnkr att härleda till arbetet med strukturförändring inom Hemvård LOV. "
                "I övrigt har den nya ersättningsmodellen samt ersättning för yttersta ansvaret gett en positiv "
                "resultateffekt. Slutmålet är en hemvårdsverksamhet som ska bedrivas med ekonomi i balans från och "
                "med 2022 och en bidragande orsak till att effekterna av strukturförändringsprogrammet inte nått "
                "målet är i den stora påverkan av pandemin och stora utmaningar i att behålla och rekrytera "
                "personal. Positivt är att effekterna av de genomförda aktiviteterna inom hemvård LOV varit hållbara "
                "över tid, då resultatet fortsatt att förbättras under 2021."
            ),
            (
                "Bland de mått som verksamheten följer finns nyttjandegrad (mått på hur mycket av medarbetarnas "
                "arbetstid som är utförd hemma hos kund), utförd tid över biståndsbeslutad tid, gap mellan utförd "
                "och planerad tid, bomtid (planerad tid som av någon anledning inte kan utföras), personkontinuitet "
                "samt korttidssjukfrånvaro. Under 2021 har samtliga hemvårdsenheter tydligare egna målsättningar för "
                "respektive mått utifrån eget utgångsläge i syfte att skapa en rimlig möjlighet till måluppfyllelse "
                "för samtliga enheter och detta förväntas i sin tur leda till en större förbättrande effekt för "
                "hemvården totalt. Sett över lång tid har alla dessa mått förbättrats, och sammantaget bidrar det "
                "till att medarbetarnas tid nu används mer effektivt. För att kunna bibehålla denna positiva "
                "utveckling krävs fortsatt kontinuerligt arbete på samtliga hemvårdsenheter. Under 2021 har "
                "samtidigt mycket kraft lagts på att ställa om hemvårdsverksamheternas fokus på de nya parametrar "
                "som den nya ersättningsmodellen prioriterar. Det största fokusområdet har varit att säkerställa "
                "rätt biståndsbeslutad nivå kopplat till det faktiska behovet hos samtliga individer och utförandet "
                "av denna insats av hemvårdsmedarbetarna och detta arbete är tidskrävande och sker i nära samarbete "
                "med både den enskilde individen och biståndshandläggarna."
            ),
            (
                "Hemvårdsverksamheten fortsätter att arbeta för att hitta flera nya arbetssätt i syfte att kunna "
                "bedriva en effektiv hemvård med hög kvalitet för den enskilde individen. Hittills har "
                "onlinehandling breddinförts och arbete pågår för att öka volymerna. Förarbete pågår inför utökad "
                "användning av GPS-larm och tillsyn via länk. Under hösten har test med självstyrande enheter "
                "startats upp. Utbildningsinsatser pågår via fortsatta valideringar samt äldreomsorgslyftet där "
                "stora möjligheter till kompetenshöjande utbildning erbjuds undersköterskor och vårdbiträden. "
                "Dessutom har antalet medbetare som kommer att utbildas till specialistundersköterskor ökat vilket "
                "också leder till ökad kompetens inom hemvårdsverksamheten. Ett arbete pågår även att säkerställa "
                "att alla medborgare inom hela kommunen får lika vård och omsorg oavsett geografiskt område."
            ),
            (
                "Hemvårdsverksamhetens alla pågående förändringar leder till att de ekonomiska resultaten får en "
                "positiv utveckling. Dock bör även lyftas att hemvården är en verksamhet som nu har varit i "
                "förändring under en lång tid och detta får även effekter i form av en förändringstrött organisation "
                "då detta är och har varit påfrestande för både medarbetare och chefer under en längre tid."
            ),
        ),
    ),
    Chapter(
        "5",
        "Kommunstyrelsens verksamhet och utveckling",
        (),
    ),
    Chapter(
        "5.1",
        "Styrning, verkställighet och uppsiktsplikt",
        (
            (
                "Under våren har företrädare för de politiska partierna tillsammans arbetat fram ett förslag till ny "
                "nämndorganisation inför ny mandatperiod 2023. Kommundirektören har inom förvaltningsorganisationen "
                "satt en projektorganisation som har till uppgift att ta fram förslag till en förändrad "
                "förvaltningsorganisation som förmår ge kommunstyrelsen och de nya nämnderna ett ändamålsenligt "
                "stöd. Under januari 2022 kommer det att finnas ett förslag till en ny förvaltningsorganisation."
            ),
            (
                "Arbete pågår med en översyn av investeringsprogrammet med syftet att tydliggöra "
                "investeringsprocessen och förenkla arbetet med att möta och hantera kommunens investeringsbehov."
            ),
            (
                "Under våren har arbetet med att synkronisera lokalförsörjningsprocessen med investeringsprocessen "
                "fortgått, bland annat genom arbete med kommungemensam lokalförsörjningsplan som underlag till "
                "budgetarbetet och den långsiktiga ekonomiska planeringen men arbetet har gått långsamt på grund av "
                "komplexitet och vakanser. En ny lokalförsörjningsdirektör är rekryterad med målet att processen ska "
                "bli tydligare och mer integrerad med övrig styrning."
            ),
            (
                "En grundprincip för god ekonomisk hushållning är att varje generation själv ska bära kostnaderna "
                "för den kommunala service som konsumeras, och god ekonomisk hushållning handlar om att styra "
                "ekonomin både på kort och lång sikt. Under 2021 fattade Kommunfullmäktige beslut om uppdaterad "
                "riktlinje för god ekonomisk hushållning."
            ),
            (
                "Ett projekt har pågått under våren 2021 för att införa styrformen portföljstyrning för "
                "kommungemensam utveckling. Arbetet har bedrivits i samklang med arbetet kring förändrad "
                "ekonomistyrning där ett delmål är att ta fram riktlinje för ekonomi- och målstyrning för att "
                "ytterligare tydliggöra hur vi ska arbeta med ekonomistyrning i kommunen."
            ),
            "En utvärdering av kommunens krishantering med anledning av Coronapandemin har påbörjats.",
        ),
    ),
    Chapter(
        "5.2",
        "Extern serviceyta",
        (
            (
                "Örebro kommuns externa serviceyta är den samlade ingången för privatpersoner, företag och "
                "organisationer. Mötet med kommunen kan ske genom fysiskt möte, digitala kanaler eller via telefon."
            ),
            (
                "I slutet av 2020 genomfördes en tillgänglighetsgranskning av orebro.se samt e-tjänster. Under 2021 "
                "har de prioriterade brister som rapporten visade åtgärdats. Att göra våra webbplatser och "
                "e-tjänster tillgängliga för alla medborgare är ett ständigt pågående arbete."
            ),
            (
                "För att medborgare ska få samlad service från både stat och kommun tecknade "
                "samlokaliseringsprojektet mellan kommunen och Statens servicecenter under 2021 ett avtal om en "
                "gemensam lokal, f.d. Stadsbiblioteket på Olof Palmes torg. Kommunen satte fokus på fortsatt "
                "utveckling av arbetssätt, teckenspråkskompetens och förenklad myndighetskontakt för medborgare. "
                "Invigning av och inflyttning till den gemensamma lokalen sker enligt tidplan 25 april 2022."
            ),
            (
                "Arbetet med att underlätta för medborgare att få svar på och lösa sina ärenden inom den externa "
                "serviceytans kanaler pågick under hela 2021. Som en del av denna utveckling förbereds ett införande "
                "av ett gemensamt system. Fokus är att fånga krav från både kommunvägledning (Servicecenter) samt "
                "olika verksamheters medborgarkontakter (ex. felanmälan inom Park och gata). Det nya systemet kommer "
                "att göra det möjligt att hålla samman kontakt och återkoppling till medborgarna inom kommunens alla "
                "verksamheter."
            ),
            (
                "Digitalisering av handläggningsflöden med hjälp av e-tjänster har pågått under hela året. Ett stort "
                "fokus har varit på fortsatt utveckling av ansökan om förskola och fritidshem. Ansökningsprocessen "
                "är numera helt digital både för vårdnadshavare och handläggare. Andra fokusområden har varit "
                "e-tjänster inom hälso- och miljöskydd, förbättring av e-tjänster inom bygglov samt vård och omsorg. "
                "Arbetet har främst varit inriktat på att digitalisera handläggningsflödena men även förenkla för "
                "privatpersoner och företag."
            ),
        ),
    ),
    Chapter(
        "5.3",
        "Intern serviceyta",
        (
            (
                "Pandemin har påtagligt präglat verksamheten inom den interna serviceytan under året. Resurser har "
                "omfördelats till att både finnas i den centrala staben, men även inom befintliga avdelningar har "
                "tid för pandemirelaterade frågor prioriterats vilket medfört att vissa områden fått pausats."
            ),
            (
                "Utvecklingsuppdraget Digitalisering av administrativa processer har slutförts under första "
                "halvåret. Flertalet av flödena som omfattats av digitaliseringsprojektet har nått i mål genom "
                "driftsättning av t ex e-tjänster och RPA (robotisering). Resultatet och effektiviseringsvinsten som "
                "projektet medför är enklare hantering för både chefer och medarbetare inom både anställnings-, och "
                "lönehanteringsprocessen och ekonomiadministrationen. Digitalisering av administrativa processer ger "
                "positiva effekter ur flera väsentliga perspektiv såsom ekonomisk effektivitet och tidsbesparing "
                "inom administrationen. Ökad digitalisering medför förändrade arbetssätt vilket kan upplevas "
                "negativt för både de som arbetar med administrationen som för tjänstemottagarna. För att nå ett "
                "gott resultat ur alla perspektiv så är förändringsledning och förändringskommunikation samt ett "
                "stort engagemang hos projektets deltagare en framgångsfaktor i det här arbetet."
            ),
            (
                "Tjänstekatalogen som tydliggör utbud och vilka förväntningar som kan ställas på den centrala "
                "förvaltningen finns publicerad på Intranätet. Rutiner kring avrop har varit en stor utmaning för "
                "det interna stödet men genom tydliggörande av hur beställningar ska skickas in så har det "
                "successivt blivit enklare för dem stödet är till för. Den pågående pandemin påverkar fortsatt "
                "utbudet. Dialogen med tjänstemottagarna är viktig för att prioritera och komma överens om i vilken "
                "ordning planering ska göras för de uppgifter som ska genomföras. I takt med att det interna stödet "
                "omdanas till att vara ett stöd från den centrala förvaltningen till kommunens verksamheter så pågår "
                "dialog mellan avdelningarna inom Kommunstyrelseförvaltningen och förvaltningscheferna i syfte att "
                "säkerställa ett relevant och effektivt stöd till kommunens verksamheter."
            ),
        ),
    ),
    Chapter(
        "5.4",
        "Inköp och upphandling samt ekonomisk förvaltning",
        (
            (
                "Ett arbete med att analysera och långsiktigt utveckla förutsättningarna för att hantera "
                "pensionsskulden pågår. I och med att eventuella förändringar av pensionsskuldhanteringen och "
                "förvaltningen av avsättningen till framtida pensioner påverkar riskhanteringen, av hela vår "
                "kapitalförvaltning, så kommer analysen att omfatta all kapitalförvaltning. Samt även ge underlag "
                "till för- och nackdelar med olika strategier framåt."
            ),
            (
                "I och med att olika strategier för pensionsskuldhanteringen lämpar sig väl till olika ekonomiska "
                "situationer så kommer analysen och slutförslag även omfatta förslag på mix av strategier för att "
                "möjliggöra optimal hantering av kort- och långsiktig ekonomisk planering. Analys och rapport "
                "förväntas vara klara under hösten 2021."
            ),
            (
                "Branschråd har startats och underhållits under början av detta år. I samband med att "
                "upphandlingschef slutade bestämdes att vi får avvakta med att fortsätta dessa utifrån att det blev "
                "ett tapp i resursen som höll i dessa branschråd. Upphandlingsenheten har arbetat med några Request "
                "for information (RFI) men inte någon större utsträckning, utifrån att trycket på att arbeta med "
                "löpande/operativt arbete har varit högt under året."
            ),
            (
                "Kategoristyrning som styrform har varit uppe för information i kommundirektörens ledningsgrupp. Men "
                "det har sedan prioriterats ner utifrån att arbetet med nya organisationen har prioriterats."
            ),
            (
                "Arbetet med att få in flera avtal i e-handelsplattformen fortsätter liksom dialogen med "
                "verksamheterna kring prioritering av upphandlingar."
            ),
            (
                "Upphandlingsplan för kommunen finns publicerad på intranätet och tillgänglig för näringslivet. Utan "
                "att man har utgått från en lista med samtliga upphandlingar där vi ställt antingen dialogkravet "
                "eller anställningskravet och tillsammans med FUFA valt ut de avtal som varit mest relevanta och där "
                "FUFA ser att det hade funkat bra. Tidigare har det varit mycket fokus på bygg- och anläggning, men "
                "framöver kommer det breddas till andra områden. Vi har ett samarbete med ÖBO, Örebroporten, Futurum "
                "fastigheter och Region Örebro län när det gäller ökad sysselsättning i upphandlingar."
            ),
            (
                "I början av året upprättades ett projekt, vars syfte är att utveckla och etablera en förändrad "
                "ekonomistyrning för kommunen. Förändringarna ska skapa förbättrade och likvärdiga förutsättningar "
                "för nämnderna att kunna möta och tillgodose morgondagens behov och arbetssätt. Arbetet ska också "
                "bidra till att öka transparensen och tydligheten i hur och på vilka grunder den ekonomiska "
                "fördelningen sker, samt utveckla finansieringsmodeller för de nyetablerade styrformerna portfölj- "
                "och objektstyrning."
            ),
            (
                "Fokus har för våren varit att utveckla en modell för resursbedömning som syftar till att tydliggöra "
                "hur den ekonomiska fördelningen från Kommunfullmäktige till nämnderna ska ske på ett sätt som "
                "skapar likvärdiga förutsättningar för nämndernas uppdrag och ansvarsområden. Målet är att arbetet "
                "ska resultera i en modell som kan tas i bruk i samband med att den nya nämndorganisationen börjar "
                "gälla, 1 januari 2023."
            ),
        ),
    ),
    Chapter(
        "5.5",
        "Hållbar samhällsutveckling, förnyelse och övergripande kvalitetsarbete",
        (
            (
                "Arbetet med att skapa förutsättningar för implementering av programmet för hållbar utveckling "
                "pågår. I ansträngningarna för att hållbarhetssäkra styrmodellen och årsprocessen har "
                "utvecklingsbehov identifierats och utvecklingsarbete påbörjats. Till exempel kommer "
                "årsredovisningen för 2021 att följa upp hur verksamheten utvecklas i relation till Vårt hållbara "
                "Örebros 2030-mål. Vidare har VP-dialoger med fokus på 2030-målen genomförts med förvaltningarna."
            ),
            (
                "En utbildningsbank för mänskliga rättigheter är under framtagande och översyn av det Kommunala "
                "tillgänglighetsrådets uppdrag har skett under året för att undersöka vilka förutsättningar som "
                "behövs för ett framgångsrikt arbete. En utbildningsdag har genomförts och planeringen för ett "
                "ungdomsråd pågår. Avsiktsförklaringen för Europas teckenspråkhuvudstad har reviderats och arbetet "
                "med att ta fram en avsiktsplan har påbörjats. Alla förvaltningar och nämnder är nu anslutna till "
                "Överenskommelsen om samverkan, samtidigt som behovet av den samverkan som initierats i syfte att "
                "motverka ensamhet och exkludering tydliggjorts än mer under pandemin. Under hösten har en "
                "uppföljning av Örebro kommuns arbete inom jämställdhet och området våld i nära relationer och "
                "hedersrelaterat våld genomförts. Vidare intensifierades utvecklingen av stöd kring prövningar av "
                "barnets bästa, vilket är tydligt kopplat till konsekvensbeskrivningsarbetet. Uppföljning av "
                "handlingsplan för barn i ekonomiskt utsatta familjer pågår med resultat våren 2022. Under året har "
                "den första Liv och hälsa ung undersökningen för särskolan genomförts. Inom psykisk hälsa-området "
                "har förlag på samverkansorganisation och kartläggning av insatser genomförts. En ny hantering av "
                "stimulansmedel arbetats fram och medel har beviljats tolv utvecklingsarbeten i organisationen. "
                "Framtagande av temarapport och riktlinje för suicidprevention har påbörjats. Under hösten har "
                "utbildningar i första hjälpen till psykisk hälsa (MHFA) återigen kunnat genomföras. Pilotprojekt "
                "med införande av YAM (youth aware of mental health) har påbörjats med utbildning av instruktörer. "
                "Under hösten startade föräldrakurser i Föräldraskap i Sverige som en del för mer jämlikt "
                "föräldraskapsstöd."
            ),
            (
                "Klimatsmart vardag och Energi- och klimatrådgivningen har med viss anpassning kunnat fortsätta "
                "under året. En nulägesanalys med tillhörande koldioxidbudget har tagits fram som underlag för vilka "
                "åtgärder som behöver vidtas för att minska klimatpåverkan och vilken takt som krävs för att nå de "
                "globala klimatmålen och målen i program för hållbar utveckling. I oktober blev Örebro en av 23 "
                "kommuner i klimatsamarbetet inom det strategiska innovationsprogrammet Viable Cities. Med "
                "Klimatkontrakt 2030 ska Örebro visa att vi vill fortsätta vara en föregångare i "
                "klimatomställningen, genom ökat samarbete, kunskap och innovation. De flesta av Avfallsplanens "
                "åtgärder är påbörjade och förvaltningens åtgärder i Klimatanpassningsplanen är genomförda. Under "
                "hösten har förslag till nya Fordonsriktlinjer liksom förslag till Strategi mot hemlöshet varit på "
                "remiss och ska beslutas våren 2022."
            ),
            (
                "Kulturkvarterets åtagande att “Genomföra ett projekt mellan Kulturkvarterets verksamhet och "
                "kommunen förskolor och skolor i syfte att möjliggöra skapande och medborgarinflytande med särskilt "
                "fokus på barn och ungdomar” har realiserats. Inom ramen för Kulturkvarterets verksamhet genomförs "
                "ett projekt mellan Kulturkvarterets verksamhet och kommunens förskolor och skolor i syfte att "
                "möjliggöra skapande och medborgarinflytande med särskilt fokus på barn och ungdomar. "
                "Kulturkvarteret genomför tillsammans med barn och utbildningsförvaltningen ett ”Skapande-skola "
                "projekt” som möjliggör för alla förskoleklassbarn i kommunen, närmare 2000 barn, att möta "
                "kulturskolan, bibliotek, konsthallen och konserthuset. De flesta förskoleklasser i Örebro kommun "
                "har nu besökt alla verksamheter i Kulturkvarteret, besöken pågår fram till februari 2022."
            ),
            (
                "Utöver detta stora projekt har det anordnats en mängd olika aktiviteter riktade till barn och unga, "
                "med särskilt fokus på medbestämmande och inkludering. Det har rört sig om allt från sagostunder på "
                "teckenspråk till att möjliggöra för aktiviteter som drivs och genomförs av ungdomarna själva. "
                "Exempelvis har en grupp ungdomar anordnat workshops för andra unga i syfte att skapa "
                "egentillverkade kläder av återvunnet material och sedan visat upp dessa genom att arrangera en "
                "modeshow för allmänheten."
            ),
            (
                "Samarbeten med föreningslivet har varit livfullt under hösten. Kulturkvarteret har genomfört över "
                "100 visningar av lokalerna där merparten av visningarna varit riktade till föreningar. "
                "Kulturkvarteret har dessutom i samarbete med kulturförvaltningen bjudit in alla kulturföreningar "
                "till dialogmöte och visning av Kulturkvarteret. Ca 170 externa arrangemang har genomförts i "
                "Kulturkvarterets lokaler under perioden 20210901–20211231 av dessa arrangemang står föreningslivet "
                "för majoriteten av aktiviteterna."
            ),
            (
                "I och med detta resultat kan konstateras att måluppfyllelsen vad gäller att “etablera samverkan med "
                "föreningsliv, studieförbund och övrigt civilsamhälle för dialog om olika aktörers behov kring "
                "nyttjande av Kulturkvarterets lokaler” inte enbart är uppnått utan har också genererat ett rikt "
                "utbud av aktiviteter för Örebro kommuns invånare."
            ),
        ),
    ),
    Chapter(
        "5.6",
        "Demokratistöd, nämndadministration, arkiv, diarium och juridik",
        (
            (
                "Kansli och demokratistöd tillhandahåller stöd för nämndadministration, ärendeberedning, hantering "
                "av allmänna handlingar och utredningsarbeten. Arbetet ska säkra offentlighetsprincipen samt en "
                "rättssäker och demokratisk beslutsprocess som präglas av öppenhet och delaktighet gentemot dem "
                "kommunens finns till för. I uppdraget ingår att biträda Kommunstyrelsen, nämnder, förvaltningar och "
                "kommunala bolag med juridisk rådgivning och agera ombud för kommunen i domstol. Kommunens "
                "beslutsprocess ska säkra att politiska beslut föregås av konsekvensbeskrivningar utifrån "
                "perspektiven genus, jämställdhet, folkhälsa, barnperspektiv, ekonomisk, ekologisk och social "
                "hållbarhet."
            ),
            (
                "Under andra delen av 2021 tillträdde ny Informationsförsörjningsdirektör och fokus har legat på att "
                "arbeta med uppstarten av ny avdelning. Ett arbete har påbörjats för att kartlägga organisationens "
                "nuläge men även ett framtida läge inom informationsförsörjningsområdet. Delar av verksamheten har "
                "stort fokus på att arbete med projekt FIHA samt förberedelser kring kommande "
                "organisationsförändringar under 2022. Därutöver har flera delar av verksamheten varit inblandade i "
                "det arbete som varit förenat med det initiativ till folkomröstning som varit aktuellt under 2021."
            ),
        ),
    ),
    Chapter(
        "5.7",
        "Socialt förebyggande arbete, tryggt, säkert och inkluderande samhälle",
        (
            (
                "Ett fortsatt intensivt arbete med Covid 19 har påverkat möjligheterna att utveckla övrig "
                "krisberedskap med bla kontinuitetsplanering. Arbetet med en bredare kontinuitetsplanering kommer "
                "förhoppningsvis att kunna komma igång under hösten om smittspridningen inte går in i en ny stor våg "
                "och erfarenheterna från arbetet med Covid 19 kommer att tas tillvara i det arbetet. Även "
                "totalförsvarsplaneringen förväntas kunna öka i omfattning under hösten."
            ),
            (
                "Inom det strategiska förebyggande arbetet mot alkohol, narkotika, dopning och tobak och spel om "
                "pengar (ANDTS) fortsätter planering för uppstart ANDT coacher. Samverkan med länsstyrelsen och "
                "länets kommuner har gått över till ett arbete gällande provtagning av avloppsvatten för analys av "
                "narkotikabruk."
            ),
            (
                "Innan sommaren antogs en brottsförebyggande strategi för kommunen som anger den politiska "
                "inriktningen av det brottsförebyggande arbetet. Den följer de nationella styrdokument som finns och "
                "den regionala brottsförebyggande strategin. Utifrån strategin kommer en årlig handlingsplan att tas "
                "fram."
            ),
            (
                "En ny leverantör av så kallade §3 ordningsvakter påbörjade sitt arbete vid årsskiftet och dess "
                "personal utbildas löpande av kommunen och verksamheten är i drift."
            ),
            (
                "Det regelbundna arbetet med EST (Effektiv samordning för trygghet) fortsätter och vi har utbildat "
                "nya rapportörer. Beslut om förstärkning i form av en operativ samordnare på heltid är tagen. Syftet "
                "är att förstärka samverkan och utveckling av EST. Tertial analyser genomförs som en del i det "
                "fortsatta utvecklingsarbetet."
            ),
            (
                "Under hösten beslutade KSUS att kommunen tillsammans med Polisen och Kriminalvården ska "
                "implementera metoden GVI (group Violence Intervention, i Malmö kallad “Sluta skjut”). Arbetet "
                "påbörjades under slutet av året men har sitt stora genomförande under 2022."
            ),
            (
                "Kommunen har rekvirerat 10,2 mnkr i statsbidrag via Socialstyrelsen för att stärka insatserna för "
                "barn och unga med psykisk ohälsa. Kommunstyrelsens utskott för socialt förebyggande arbete "
                "beslutade innan sommaren om hur medlen ska användas."
            ),
            (
                "I arbetet med att ta fram en strategi för ett programövergripande nollvisionsarbete mot hemlöshet i "
                "Örebro kommun kommer ett remissförslag att presenteras för KSUS i september. Därefter förväntas "
                "förslaget att gå ut på remiss för inhämtande av synpunkter både internt och externt under hösten."
            ),
            (
                "I arbetet med våld i nära relation och hedersrelaterat våld och förtryck kommer en uppföljning att "
                "genomföras av de mål som är satta inom områdena jämställdhet och våld i nära relationer och "
                "hedersrelaterat förtryck. Arbetet är påbörjat och en rapport kommer att levereras i slutet av året."
            ),
            (
                "Under hösten 2021 genomfördes en uppföljning av Handlingsplan för barn i ekonomiskt utsatta hushåll "
                "för att identifiera positiva iakttagelser och förbättringsområden för att minska andelen barn i "
                "ekonomisk utsatta familjer. Det övergripande målet i handlingsplanen var att halvera "
                "barnfattigdomen från 15 % fram till 2020. Senaste resultat som finns tillgängligt gäller 2019 då "
                "barnfattigdomsindex låg på 11 %, vilket tyder på att vi inte uppnått det uppsatta målet ännu. Det "
                "finns stora skillnader mellan bostadsområdena i kommunen, vilket behöver beaktas och vägleda i det "
                "fortsatta arbetet. Uppföljningen bör påvisa viktiga inriktningar framöver för att arbetet ska "
                "integreras på ett tydligt och närvarande sätt i arbetet med Program för hållbar utveckling och "
                "Övergripande strategier och budget."
            ),
        ),
    ),
    Chapter(
        "5.8",
        "Digitalisering, informationshantering, informationssäkerhet",
        (
            (
                "Under året har digitaliseringsarbetet fortskridit i stort sett enligt plan. Stort fokus har legat "
                "på att fortsatt skapa förutsättningar för ökad digital styrning genom att fullt ut etablera vår "
                "beslutade styr- och samverkansmodell för hantering av digitala stöd (PM3). Samtliga objekt är nu "
                "etablerade, men ännu inte fullt bemannade."
            ),
            (
                "Under våren flyttades digitaliseringsresurser från avdelningen Samhällsutveckling för att slås "
                "samman med dåvarande IT-avdelningens resurser. Det innebär att alla resurser nu finns samlade under "
                "Digitaliseringsavdelningen som leds av digitaliseringsdirektören. Arbetet med att säkra rätt "
                "kompetenser och förmågor i organisationen fortskrider enligt plan."
            ),
            (
                "Den pågående pandemin har kraftigt accelererat behovet av digitala tjänster. En utmaning är att "
                "balansera behovet och genomförandetakten med en adekvat skyddsnivå avseende IT och "
                "informationssäkerhet."
            ),
            (
                "Den digitala portföljen ”Digitalt Först” stängdes vid årsskiftet och arbete pågår för att formellt "
                "avsluta och avrapportera resultatet. Fem projekt kunde av olika skäl inte slutföras och kommer att "
                "föras över till den nya Digitaliseringsportföljen som nu upprättas. Flera av dessa projekt är "
                "kopplade till kommunens långsiktiga digitaliseringsstrategi och den pågående "
                "organisationsöversynen. Digitaliseringsarbetet är en viktig förutsättning för kommande års "
                "effektiviseringar och verksamhetsutveckling. Detta arbete kommer nu i huvudsak att fortsätta i "
                "objektportföljen som nu behöver bemannas med rätt kompetens för att säkerställa framdrift och "
                "möjliggöra effekthemtagningen."
            ),
            (
                "Örebro kommun har fortsatt en aktiv roll i det regionala digitaliseringsrådet och har där medverkat "
                "till att det tagits fram en Digital handlingsplan som bryter ner den sedan tidigare beslutade "
                "Regionala digitaliseringsstrategin."
            ),
            (
                "Örebro kommun är i början av sin resa inom informationssäkerhetsområdet och grundstenarna för att "
                "kunna bygga en tillförlitlig informationshantering börjar komma på plats. Förvaltningarna har även "
                "utsett informationssäkerhetssamordnare som kan samordna respektive förvaltnings arbete med skyddet "
                "av verksamhetens information."
            ),
            (
                "Arbetet med att genomföra de beslutade aktiviteterna i Handlingsplan för informationssäkerhet 2020 "
                "– 2021 har fortgått under året, dock finns ett antal aktiviteter kvar på restlistan. Den pågående "
                "pandemin har påverkat tempot inom vissa områden."
            ),
            (
                "En ny handlingsplan för åren 2022–2023 har tagits fram och kommer fortsatt hantera överskjutande "
                "uppgifter och dessutom hantera ett antal övergripande risker inom informationssäkerhetsområdet."
            ),
            (
                "Vid interna granskningar är det tydligt att det finns stora brister eller mycket stora brister inom "
                "flera områden. Att hantera bristerna så att kommunen hamnar på en acceptabel nivå beräknas ta tid "
                "men detta arbete bör prioriteras."
            ),
        ),
    ),
    Chapter(
        "5.9",
        "Lokalförsörjning",
        (
            (
                "Under våren 2021 gjordes en översyn av lokalförsörjningsverksamheten och den kommungemensamma "
                "processen kring lokalplanering. Rapporten rekommenderar att en lokalförsörjningsverksamhet "
                "etableras inom den centrala förvaltningen med ett tydligt kommunövergripande och strategiskt ansvar "
                "och mandat. I det ingår ansvar och mandat att styra, koordinera och följa upp kommunens "
                "lokalförsörjning, samt ansvar och mandat att beställa, kravställa och följa upp gentemot bolagen. "
                "Uppdraget som processansvarig föreslås läggas på ansvarig chef. Arbetet med att rekrytera en "
                "lokalförsörjningsdirektör är slutfört."
            ),
            (
                "Arbetet inom NOD-projektet, vars syfte är att minska lokalyta för administrativa lokaler har kommit "
                "en bra bit på väg. Det är nu bestämt att det ska finnas tre s k administrativa noder inom kommunen. "
                "Norra noden består av Citypassagen och Kexen, den centrala noden utgörs av gamla delen av Rådhuset "
                "och den södra noden består av Stadsbyggnadshus 1 och 2. Renoveringen av SBH I är påbörjad och "
                "projektering för ombyggnad pågår för Kexen och SBH II. I avvaktan på de färdiga noderna ställs "
                "lokalerna om på Ringgatan och i Medborgarhuset för att medarbetarna redan nu ska kunna prova på ett "
                "aktivitetsbaserat arbetssätt. Projektet förväntas pågå fram till 2024 då hyresavtalen för lokaler "
                "på Ringgatan, Medborgarhuset och delar av Rådhuskvarteret löper ut."
            ),
            (
                "Lokal för gemensamt servicecenter mellan Statens servicecenter och Örebro kommun är nu bestämd till "
                "Stadsbibliotekets gamla lokaler vid Olof Palmes torg. Överenskommelse om hur gemensamma resurser "
                "ska nyttjas är tecknad."
            ),
            (
                "Projektet gällande byggnation av en ny brandstation fortgår och under våren har beslut om justerat "
                "igångsättningsbeslut fattats av Kommunfullmäktige efter att de bedömda saneringskostnaderna på "
                "fastigheten visat sig högre än tidigare känt. Finansiering av de högre kostnaderna kommer ske genom "
                "exploateringsintäkter upp till 15 miljoner kronor. Skulle kostnaden överstiga detta belopp kommer "
                "det att belasta hyran för brandstationen."
            ),
        ),
    ),
    Chapter(
        "5.10",
        "HR, arbetsgivarfrågor, ledar- och medarbetarskap",
        (
            (
                "Kommunstyrelsens PA-beredning har initierat en översyn av befintliga styrdokument inom "
                "arbetsgivarområdet och uppdragit till förvaltningen att ta fram ett övergripande måldokument, en "
                "arbetsgivarpolicy. Arbetsgivarpolicyn har arbetats med under året i dialog med PA-beredningen och "
                "den ska tydliggöra Örebro kommuns önskade förhållningssätt som arbetsgivare. Under våren 2022 "
                "kommer representanter från organisationen att bjudas in för att ge input på policyn och som ett led "
                "i förankringsarbetet. Arbetsgivarpolicyn beräknas vara klar under 2022."
            ),
            (
                "I arbetet med att utveckla kommunövergripande chefs- och ledarutvecklingsinsatser har en förstudie "
                "gjorts där nuläget kartlagts och en övergripande målbild för framtida struktur och innehåll tagits "
                "fram. Då pandemin påverkat prioritering av resurser har det övergripande genomförandet skjutits "
                "fram. Under hösten har det genomförts en kartläggning och uppdatering av befintliga basutbildningar "
                "för chefer som leds av Kommunstyrelseförvaltningen. Med utgångspunkt från det har en "
                "behovsinventering gjorts med sikte på vilka utbildningar förvaltningen behöver komplettera "
                "basutbudet med."
            ),
            (
                "I juni 2020 fattade KS beslut om nya riktlinjer för omställning. Det nya arbetssättet har lett till "
                "en tydligare och effektivare process. Antalet omställningsärenden har minskat under året till följd "
                "av att den nya processen innefattar en tydligare avstämning med chef om kandidatens "
                "placeringsbarhet, samt ett ökat behov av personal i verksamheterna."
            ),
            (
                "En förstudie för införande av ett kommungemensamt digitalt kompetenshanteringsverktyg som ska "
                "stödja arbetet med kompetens och lärande i organisationen genomfördes 2020. Under hösten 2021 har "
                "ett projektdirektiv tagits fram och förstudien har uppdaterats. Projektet planeras genomföras under "
                "större delen av 2022."
            ),
            (
                "Under hösten 2021 har kartläggning och analys inom processen Säkra kompetensen genomförts av nästan "
                "alla förvaltningar. Under våren 2022 genomförs planering av kompetensförsörjningsinsatser utifrån "
                "höstens kartläggningar och analyser. Det kommunövergripande resultatet av "
                "kompetensförsörjningsläget kommer att analyseras och presenteras av Kommunstyrelseförvaltningen för "
                "kommunledningen i början av 2022."
            ),
            (
                "Stöd för systematiskt arbetsmiljöarbete samt för rehabilitering och anpassning som utvecklades "
                "under 2020 har implementerats under 2021. Arbetsmiljöverket har under våren 2021 genomfört tillsyn "
                "av kommunens uppföljning av det systematiska arbetsmiljöarbetet på kommunövergripande nivå. Som en "
                "följd av tillsynen har en arbetsordning för fördelning av arbetsmiljöuppgifter och en rutin för "
                "uppföljning av det systematiska arbetsmiljöarbetet tagits fram och genomförts under hösten 2021."
            ),
            (
                "Den pågående pandemin har inneburit påfrestningar i arbetsmiljön för många medarbetare. En särskild "
                "satsning på uppsökande och förebyggande arbetsmiljöarbete för enheter som är särskilt påverkade av "
                "pandemin genomfördes under året. Cheferna fick stöd av HR i att kartlägga, planera och genomföra "
                "åtgärder för att stärka enheterna ur krisen, och även med fokus på långsiktig hållbarhet."
            ),
            (
                "Kommunens nuvarande lönestrategi som visar på den långsiktiga inriktningen för lönepolitiken och "
                "önskad lönestruktur gäller t o m 2021. I oktober 2021 beslutade Kommunstyrelsen att förlänga "
                "nuvarande strategi över hela året 2022 vilket även inkluderar önskad lönestruktur. Efter avslutad "
                "löneöversyn 2022 kommer strategin att följas upp med fokus på önskad lönestruktur och dess "
                "måluppfyllelse. Parallellt med uppföljningen påbörjas arbetet med att ta fram nästkommande "
                "strategidokument."
            ),
            ("Under året beslutade Kommunstyrelsen en Riktlinje för distansarbete och stödmaterial har tagits fram."),
        ),
    ),
    Chapter(
        "5.11",
        "Näringslivsutveckling och marknadsföring av kommunen",
        (
            (
                "Pandemins konsekvenser har fortsatt påverkat förutsättningarna till kommunikation och dialog med "
                "näringslivet då många forum och kontaktytor varit otillgängliga under året. Omställning mot "
                "digitala möten har tillämpats, bl.a. genom upphandlingsträffar och inom Tillväxt- och "
                "arbetsmarknadspaketet och företagsbesök. Örebromötet, som skjutits upp från 2020, har under året "
                "planerats med ett mål om genomförande under 2022. Information, kommunikation och dialog mellan "
                "kommunen och näringslivet är ett fortsatt prioriteringsområde framgent, vilket ses som särskilt "
                "viktigt under pandemin samt vid återstart efter denna."
            ),
            (
                "Näringslivsprogrammet vilar på fem fokusområden där flera positiva iakttagelser noteras under året. "
                "Genom samverkansplattformen Business Region Örebro (BRO) stärks arbetet för bl.a. tillväxt i "
                "befintligt näringsliv, nya företagsetableringar och inflyttning av kompetens. Just den attraktiva "
                "platsen som möjliggör näringslivets kompetensförsörjning ses fortsatt som en nyckelfråga. Under "
                "året har insatser genom Tillväxt- och arbetsmarknadspaketet fortsatt med särskild inriktning mot "
                "tillverkande industri i syfte att främja fortsatt tillväxt och sänka arbetslösheten i kommunen."
            ),
            (
                "Under året noteras ett rekordhögt nyföretagande i Örebro kommun med 1 097 nya företag. Ett "
                "ytterligare utvecklingsarbete för entreprenörskap i skolan har påbörjats som möjliggörs genom "
                "Tillväxt- och arbetsmarknadspaketet. En positiv iakttagelse är att kundnöjdheten hos företag "
                "avseende kommunens myndighetsutövning bibehålls på en mycket hög nivå om NKI 77. Löpande utveckling "
                "av digitala tjänster tillsammans med än bättre information och dialog är viktiga nycklar för ett "
                "ännu bättre NKI och företagsklimat som helhet."
            ),
            (
                "Intresset för att investera och etablera verksamheter i Örebro kommun är fortsatt högt i en bredd "
                "av branscher och företagsstorlekar, även i branscher som sargats hårt av pandemins konsekvenser. "
                "Särskilt fokus finns framgent på logistik, IT/ICT samt tillverkande industri, vilket sker i "
                "samverkan med BRO, Örebro Universitet och Stockholm Business Alliance. Ett nytt arbetssätt för "
                "”soft landing” har under årets prövats med framgång, vilket både lett till hög nöjdhet hos "
                "etablerande företag samt ökad inflyttning av medarbetare. En mycket stor utmaning för att bibehålla "
                "takten i nyetableringar är tillgången till detaljplanelagd verksamhetsmark som utgör en begränsning "
                "idag. Örebro kommun fortsätter få in förfrågningar av mark, även under pandemin, för etableringar "
                "som kräver stora sammanhängande markarealer."
            ),
        ),
    ),
    Chapter(
        "6",
        "Kostnadsutveckling och budgetavvikelse",
        (),
    ),
    Chapter(
        "6.1",
        "Budgetavvikelse, intäkts- och kostnadsutveckling",
        (
            (
                "Den sammanställda budgetavvikelsen är negativ och uppgår till totalt -113 mnkr. Avvikelsen märks "
                "till framför allt inom statsbidrag, där ändrade redovisningsregler medförde ombokning av kostnader "
                "motsvarande två statsbidrag från driftsnämnder till kommungemensamma nivån. Detta gäller "
                "statsbidragen Skolmiljarden respektive God vård och omsorg om äldre. Sammantaget uppgår dessa två "
                "poster till 73 mnkr. Övrig negativ avvikelse beror på lägre statsbidrag än budgeterat för "
                "flyktingar, emedan avvikelse är positiv för maxtaxa för barnomsorg. Den kommungemensamma nivån har "
                "också negativ avvikelse inom portföljfinansiering, då kostnader under året bokas in under "
                "Kommungemensam verksamhet, Ianspråktagande av eget kapital."
            ),
            (
                "Kommunledning visar på positiv budgetavvikelse om 12,8 mnkr. Däri ingår överfört resultat från år "
                "2019 och 2020 med sammantaget 9,9 mnkr hos de politiska kanslierna. Kommunstyrelseförvaltningen "
                "visar på negativ budgetavvikelse på – 12,4 mnkr vilket är bättre än prognos som pekade mot ett "
                "underskott på - 25,0 mnkr. Avvikelsen beror till stor del på det riktade utvecklingsuppdraget "
                "hänförligt till budgetdirektivet enligt ÖSB:n 2021, -18,2 mnkr. Inom förvaltningen har genomgång av "
                "portföljfinansierade kostnader gjorts, då finansiering från portföljer upphört i takt med att "
                "projekt avslutas. De pandemirelaterade merkostnaderna (såsom personalkostnader, inköp av teknisk "
                "utrustning, kommunikation, extra lokalvård, förbrukningsmaterial) har bokförts med 4,9 mnkr. "
                "Ersättning från staten för sjuklönekostnader uppgår till 1,4 mnkr. Tackgåva till anställda (p g a "
                "pandemin) uppgår till 24,6 mnkr av tilläggsanslag om 26 mnkr (föregående år var kostnaden 6 mnkr "
                "och tilläggsanslaget 8 mnkr)."
            ),
            (
                "Under året startade verksamheten Kulturkvarteret i intraprenadform. Verksamheterna från olika "
                "nämnder har etappvis flyttat in i Kulturkvarteret. Ombudgetering från berörda nämnder har "
                "genomförts och fortsätter under nästa år. Finansiering för vissa flyttkostnader erhölls från "
                "portfölj Växande kommunen. Pandemin har påverkat Kulturkvarterets invigningsår då flertal planerade "
                "aktiviteter bokats om/ändrats, samt även intäktsbudget, då möjligheterna för lokaluthyrning starkt "
                "begränsats."
            ),
            "#### Effektivisering",
            (
                "Kommunstyrelseförvaltningen var fram till delår 2 indelad i fyra chefsområden; en kommundirektör "
                "och tre biträdande förvaltningschefer. Från och med september månad har en central "
                "kommunledningsförvaltning bildats under ledning av kommundirektör som tillika är förvaltningschef."
            ),
            (
                "- Kommundirektören har ansvar för Stab inklusive hållbarhet, kvalitet, övergripande verksamhet. "
                "Kommundirektören är från och med september ansvarig för det centrala stödet, vilket innefattar "
                "förvaltningsgemensam nivå, och avdelningarna Digitalisering, Ekonomi, HR, Kansli- och "
                "demokratistöd/ Informationsförsörjning, Kommunikation, Näringsliv och Samhällsutveckling.\n"
                "- En biträdande förvaltningschef har ansvar för Myndighetsverksamheten (även verksamheter från "
                "andra nämnder ingår i ansvarsområdet).\n"
                "- En biträdande förvaltningschef har ansvar för Stödjande och förebyggande verksamhet "
                "(avdelningarna Centralt skolstöd och Säkerhet, men även verksamheter från andra nämnder ingår i "
                "ansvarsområdet)."
            ),
            (
                "Under hösten 2020 fördelades ett gemensamt, under de senaste åren samlat effektiveringskrav, ut "
                "till förvaltningens verksamhetsområden och per chefsnivå enligt ovan. Under 2021 fortsatte "
                "budgetarbetet med beräkningar av respektive avdelnings budgetram, men av olika anledningar fanns "
                "tidigare problematik kvar, bland annat svårighet att budgetera då olika finansieringsmöjligheter "
                "upphört (framförallt portföljfinansiering)."
            ),
            (
                "Budgeten som Kommunstyrelseförvaltningen tilldelades inför 2021 innehöll ett generellt "
                "effektiviseringsuppdrag på -3 mnkr, samt ett riktat utvecklingsuppdrag hänförliga till "
                "budgetdirektivet på -18,2 mnkr som ålades kommundirektören. Av det sistnämnda har 4,5 mnkr "
                "realiserats: 3,5 mnkr avser lägre hyreskostnad för Englandaskolan och Tybblelundskolan samt 1 mnkr "
                "lägre lokalkostnader utifrån samordning av administrativa lokaler enligt NOD-utredning (berör "
                "Centralt skolstöd, Myndighetsverksamheten och Fackliga organisationernas administrativa lokaler)."
            ),
            (
                "Förvaltningsledningen har upprättat en strategisk färdplan med syfte att stödja arbetet med "
                "nödvändiga effektiviseringar på kort och lång sikt samtidigt som ett omställningsarbete pågår för "
                "att säkerställa realisering av effektiviseringar genom digitalisering och förändrade arbetssätt. "
                "Inom förvaltningen återstår att finna finansiering för resurser på 0,5 mnkr för strategiska "
                "informationssäkerhetshöjande aktiviteter och granskningar. Resurserna ska enligt beslut av "
                "kommundirektör hanteras inom ramen för kommunstyrelseförvaltningens omställningsarbete. Inför "
                "budgetår 2022 har ett omtag gjorts där man fastställt en modell för att beräkna budgetutrymme per "
                "avdelning framöver."
            ),
            (
                "Inom Myndighetsavdelningen har ett fortsatt arbete med att hålla bemanningsmodell uppdaterad och "
                "att följa kostnaderna, då finansiering för flertal tjänster upphört vilka tidigare bekostats av "
                "programområde Social Välfärd. Utredning har också gjorts gällande kostnader och bemanning för "
                "verksamheten som finansieras av programnämnd Barn och utbildning, då avvikelse mellan erhållen "
                "budget och upparbetade kostnader har visat allt större avvikelse de senaste åren. Arbetsgrupp "
                "bestående av ekonomer och chefer har presenterat slutrapport till Programnämnd BoU, vilket "
                "resulterat i att budgetförstärkning erhålls till verksamheten från år 2022. Inom "
                "Myndighetsverksamheten visade Vård o Omsorgsdelen ett överskott med ca 0,9 mnkr och Barn och "
                "Utbildningsdelen ett underskott med -1,1 mnkr. Budgetavvikelserna har reglerats mot respektive "
                "nämnd varför tabellen visar 0 (noll)."
            ),
            (
                "Inom Stödjande och förebyggande verksamhet har Centralt skolstöd noggrant anpassat verksamheten för "
                "att hålla budgetram från Programnämnd Barn- och utbildning. Centralt skolstöd har under året "
                "flyttat fysiskt från lokalerna på gamla Stadsbiblioteket till Fabriksgatan, Järntorgsgatan, "
                "Ringgatan, Vasatorget. Årets slutade med en positiv avvikelse om 1,4 mnkr som reglerats mot "
                "programnämnd Barn o Utbildning. Säkerhetsavdelningen har negativ budgetavvikelse med -1,1 mnkr på "
                "grund av förstärkning av bemanning utifrån pandemin."
            ),
            "#### Enheternas delårsresultat och prognos",
            "**Kommunledning**",
            (
                "Bokslutet visar på positiv avvikelse med 12,8 mnkr, varav de politiska kansliernas andel är positiv "
                "avvikelse med 13,2 mnkr. Resterande avvikelse består av underskott inom övrig kommunledning, där "
                "avgångspremier har bokförts med 1,1 mnkr under kommunstyrelsen. Kommunledning har ett "
                "reduceringskrav med 0,7 mnkr vilket har klarats ut genom (enligt beslutad ÖSB) 10 procent lägre "
                "budgeterat belopp för partigruppsresurser samt generell reducering på 1 procent på vissa "
                "kostnadsposter. De politiska kanslierna har erhållit överfört resultat från bokslut 2020 med 9,9 "
                "mnkr, i enlighet med den 4-åriga budgetmodellen, vilket till stor del förklarar positiva avvikelsen "
                "inom kommunledning. Ersättning från staten för sjuklönekostnader p g a pandemin uppgår till 0,1 "
                "mnkr. Merkostnader p g a pandemin har bokförts med 0,1 mnkr (inom fullmäktige). För fullmäktige och "
                "kommunstyrelsen innebär ett fortsatt digitalt arbetssätt med digitala möten och sammanträden att "
                "kringkostnaderna fortsatt varit låga."
            ),
            "**Kommungemensam nivå**",
            (
                "Kommungemensam verksamhet visar sammantaget en negativ budgetavvikelse med -113,4 mnkr vilket till "
                "största del förklaras av negativ avvikelse inom statsbidragen, -88 mnkr och negativ avvikelse inom "
                "Ianspråktagande av eget kapital med – 48 mnkr."
            ),
            (
                "På grund av ändrade redovisningsregler, ombokades kostnader motsvarande två statsbidrag från "
                "driftsnämnd till kommungemensamma nivån. Detta gäller statsbidragen Skolmiljarden respektive God "
                "vård och omsorg om äldre. Sammantaget uppgår dessa två poster till 73 mnkr. Budgeterad nivå för "
                "statsbidrag från migrationsverket uppnås inte, underskott med -16,5, emedan maxtaxan lämnade "
                "positiv avvikelse med 1,1 mnkr. Budgeten anpassades inför år 2021 att motsvara de senaste årens "
                "erhållna statsbidrag för flyktingar, men fortsatt lägre statsbidrag har erhållits."
            ),
            (
                "Under året har sökts och erhållits två statsbidrag från Socialstyrelsen om ca 14 mnkr och ett "
                "statsbidrag från Tillväxtverket om 5,3 mnkr. Ett bidrag från Socialstyrelsen på 10,2 mnkr var "
                "riktad till insatser i utsatta områden, varav 5,7 mnkr har använts; resterande 4,5 mnkr har förts "
                "över till år 2022. Statsbidraget från Tillväxtverket har använts till insatser mot segregation och "
                "ett bidrag från Socialstyrelsen om 3,5 mnkr har använts till insatser riktade mot lovaktiviteter "
                "för barn."
            ),
            (
                "Negativ avvikelse om -48 mnkr finns inom nivå ianspråktagande av eget kapital, där kostnaderna för "
                "Sociala investeringar, Strukturförändring Hemvården, Tillväxtpaketet, portfölj Digitalisering, "
                "portfölj Växande kommunen samt portfölj Utökat arbetsmiljöstöd bokförs. Driftbudget läggs år 2021 "
                "för Sociala investeringar med 3 mnkr, övriga portföljer är obudgeterade. Därmed uppstår negativ "
                "budgetavvikelse med sammantaget -48,3 mnkr (bokförs inom eget kapital i balansräkning). "
                "Digitaliseringsportföljen var planerad att avslutas till bokslut 2021, dock återstår ett antal "
                "projekt att färdigställa varför ytterligare 5 mnkr beräknas åtgå år 2022. Sammantaget uppgår "
                "portföljen till beslutad nivå om 200 mnkr för åren 2017 till 2022."
            ),
            (
                "Positiv avvikelse om 8,3 mnkr inom Arbetsmiljötjänster beror på utdelat överskott från den "
                "gemensamma nämnden för Företagshälsa och tolkförmedling. I nämnden ingår Regionen och flertal "
                "kommuner i länet. Ett ackumulerat överskott inom företagshälsovården har uppkommit åren 2005-2020, "
                "och beslut fattades innan årsskiftet om utfördelning. Örebro kommuns andel av överskottet är 7,7 "
                "mnkr."
            ),
            (
                "Kommungemensam IT lämnar positiv avvikelse, 7,4 mnkr. Rutinen med förhyrning av dataarbetsplatser – "
                "som infördes år 2019, följer uppgjord plan."
            ),
            (
                "Kompetens lämnar också positiv avvikelse, 7,4 mnkr. Planerade insatser har beviljats och startats, "
                "insatserna har dock ej till fullo slutförts under året. Årets budgetmedel har i jämförelse med "
                "föregående år sänkts från 18 mnkr till 13 mnkr."
            ),
            "Kommungemensamma kostnader för omställning personal, visar på positiv budgetavvikelse 8,2 mnkr.",
            (
                "Inom budgetnivå för Universitet märks positiv avvikelse med 2,3 mnkr. Detta beror på fortsatt lägre "
                "kostnadsnivå för forsknings- och utvecklingsaktiviteter. Inom Universitetet ingår också kostnad för "
                "presentkort till studenter; även här landar årets kostnader lägre än budgetnivå."
            ),
            (
                "Större negativ avvikelse, -7,7 mnkr, återfinnes inom försäkringar, vilket är ungefär samma "
                "kostnadsläge som de senaste åren. Högre kostnader för försäkringspremier samt obudgeterade interna "
                "kostnader för skadereglering (rutin finns i kommunen där kommunens verksamheter ersättes internt "
                "från kostnadsställe för försäkringar och den externa ersättningen tillfaller i sin tur "
                "kostnadsställe för försäkringar). Ersättning från försäkringsbolag följer inte kalenderår vilket "
                "innebär att ersättning för uppkommen skada erhålls senare år än skadeåret. Årets kostnader för "
                "skador i kommunens verksamheter som ersatts via den interna försäkringsrutinen uppgår till 6,4 mnkr."
            ),
            (
                "Ersättning från staten för sjuklönekostnader p g a pandemin uppgår till 0,1 mnkr, och återfinns "
                "inom facklig verksamhet."
            ),
            (
                "För övrigt pågår undersökning varför facklig verksamhet ej tilldelats kompensation för "
                "löneökningar; troligen har denna kompensation lagts på de nämnder där de fackliga förtroendevalda "
                "har sin grundanställning. Budget för facklig verksamhet ses över inför kommande budgetår."
            ),
            (
                "Merkostnader p g a pandemin uppgår hittills i år till 3,5 mnkr, varav en större post om 2,8 mnkr "
                "finns inom Centralt skyddslager."
            ),
            (
                "Inom kommungemensam verksamhet ingår effektiviseringskrav om 4 mnkr som härrör från "
                "effektiviseringskravet om 8 mnkr som kommunstyrelseförvaltningen ålades 2019 (ks 230/2019)."
            ),
            "**Kommunstyrelseförvaltning**",
            (
                "Årets resultat visar en negativ budgetavvikelse på totalt -12,4 mnkr, vilket är en lägre avvikelse "
                "än vad som räknades i delår2, då prognosen visade på avvikelse med -25 mnkr. Nedan kommenteras "
                "större avvikelser per avdelning."
            ),
            (
                "I tabellen är Centralt skolstöd och Myndighetsverksamheten på 0 (noll) eftersom dessa finansieras "
                "av Programnämnd Barn och utbildning och Social Välfärd; justering av över-/underskott sker vid "
                "bokslut. Innan justering var avvikelsen positiv för Centralt skolstöd med 2,4 mnkr och negativ för "
                "Myndighetsverksamheten med -0,3 mnkr."
            ),
            (
                "Genomgående för samtliga verksamhetsområden är påverkan av pandemin; obudgeterade intäkter i form "
                "av ersättning för sjuklönekostnader har erhållits med 1,3 mnkr. Direkta merkostnader har bokförts "
                "med 1,2 mnkr. Lägre kostnader för kompetensutveckling (kurser, hotell, resor) än budgeterat för "
                "samtliga avdelningar. Vissa avdelningar har ökade personalkostnader p g a pandemin."
            ),
            (
                "Kommundirektörens ansvarsområde visar sammantaget på negativ budgetavvikelse med -8,4 mnkr. "
                "Avvikelsen till största del finns inom ramavstämning, där Utvecklingsuppdrag enligt budgetdirektiv "
                "i ÖSB:n -18,2 riktat till kommundirektören, finns budgeterad (- minuspost). Av detta belopp har ca "
                "4 mnkr klarats ut, varvid resterande minusbelopp återstår. Effektiviseringen är dock inarbetat i "
                "kommunens övergripande budgetarbete och klaras ut på några års sikt bland annat via NOD-uppdraget."
            ),
            (
                "Tackgåva till anställda (p g a pandemin) uppgår till 24,6 mnkr av tilläggsanslag om 26 mnkr "
                "(föregående år var kostnaden 6 mnkr och tilläggsanslaget 8 mnkr)."
            ),
            (
                "Intraprenaden Kulturkvarteret har startat under våren/sommaren, ombudgetering från berörda nämnder "
                "har genomförts under hösten, återstående poster resgleras nästa år. Lägre intäkter i höst än "
                "budgeterat, eftersom pandemin påverkat intresset/möjligheterna att hyra ut lokaler. Genomgång av "
                "samtliga lokalkostnader har gjorts."
            ),
            (
                "Det centrala stödet visar sammantaget på negativ avvikelse med -2,8 mnkr. Finansiering för flertal "
                "tjänster och konsultkostnader utifrån utvecklingsbehov, har fasats ut från olika "
                "portföljfinansieringar. Det interna stödet har upprättat strategisk färdplan för att matcha "
                "kostnadsnivån med budget, där digitaliserat arbetssätt och NOD-utredningen är viktiga faktorer för "
                "ett lyckat resultat."
            ),
            (
                "Kommunikationsavdelningen uppvisar på positiv avvikelse med 4,6 mnkr, bestående till största del "
                "inom lägre personalkostnader kopplat till vakanser. Även medel kvar inom poster för olika "
                "aktiviteter som ej genomförts p g a pandemin. Arbete pågår med gemensamt Servicecenter tillsammans "
                "med staten."
            ),
            (
                "Digitaliseringsavdelningen visar på positiv avvikelse om 6,4 mnkr vilket beror på att "
                "utvecklingsarbete finansierats via digitaliseringsportföljen, varigenom avdelningens "
                "utvecklingsmedel ej åtgått. Enhet har flyttats från Samhällsutveckling till "
                "Digitaliseringsavdelningen, vilket förklarar budgetförändring mellan avdelningarna."
            ),
            (
                "Inom ett flertal avdelningar pågår ett fortsatt omställningsarbete genom digitaliseringssatsningen, "
                "där vissa utvecklingssatsningar året ut finansieras via projektmedel från Digitaliseringskommittén. "
                "Arbete genomförs också av HR-avdelningen där kompetensutvecklingssatsningar riktat till kommunens "
                "verksamheter finansieras av Kompetensförsörjningspotten. Inom Näringslivsavdelningen pågår ett "
                "arbete utifrån uppdrag i Tillväxtpaketet, och en tjänst inom avdelningen finansieras via dessa "
                "medel."
            ),
            (
                "Myndighetsverksamheten visade negativ avvikelse om -0,3 mnkr innan avvikelsen reglerades mot "
                "programnämnderna. Dessa fördelades med +0,9 mnkr för Programnämnd Social Välfärd och -1,2 mnkr för "
                "Programnämnd Barn och Utbildning. Myndighetsverksamheten har klarat ut ett ansträngt "
                "reduceringsbehov som uppkommit då finansiering av flertal tjänster inom "
                "strukturförändringsprogrammet inom äldreomsorg, upphört, samt att Barn och utbildningsdelen har "
                "svårigheter att klara ut ställda reduceringskrav från programnämnden. Sedan tidigare år har "
                "grundlig uppföljning och bevakning av bemanningen upprätthållits så att personalkostnaderna hålls "
                "på lägsta möjliga nivå. Inom verksamheten som finansieras av Programnämnd Social välfärd har "
                "ombudgetering gjorts under våren/sommaren av verksamheterna MAS/MAR, Palliativa vårdsamordnare och "
                "projektet Rehabiliterande arbetssätt till vårdboendenämnd respektive hemvårdsnämnd. Inom barn- och "
                "utbildningsdelen slutfördes under hösten ett utredningsarbete gällande avstämning av "
                "budgettilldelning och kostnadsuppföljning, och innebär stärkt budget inför år 2022."
            ),
            (
                "Stödjande och förebyggande verksamhet (Centralt skolstöd och Säkerhetsavdelningen) visar på negativ "
                "avvikelse med 1,1 mnkr. Centralt skolstöd har noggrant anpassat budgetnivån till finansieringen "
                "från Programnämnd Barn och utbildning. Tilläggsanslag har erhållits från Socialnämnd och "
                "programnämnd Barn och utbildning till verksamheten Bryggan, som tidigare var en social investering "
                "(avslutades 2020). Årets avvikelse innan justering mot Programnämnd Barn och Utbildning, visade på "
                "överskott om 1,4 mnkr vilket återfinnes inom bland annat lokalhyra då vissa hyror bokförts inom "
                "programnämnd. Kostnader har hållits låga dels p g a pandemin då aktiviteter ej genomförts, dels p g "
                "a att verksamheten flyttat till andra lokaler. Personalkostnaderna har hållits till stor del inom "
                "budgeterad ram (hel- och delvakanser)."
            ),
            (
                "Säkerhetsavdelningen visar på negativ budgetavvikelse med -1,1 mnkr inom ökade personalkostnader på "
                "grund av förstärkning av bemanning utifrån pandemin. Under året startade ny enhet inom "
                "Säkerhetsavdelningen: förvaltarenhet. Anslag har erhållits från Programnämnd Social Välfärd med 800 "
                "tkr."
            ),
            (
                "Planeringsreserven och Ramavstämning återfinnes inom chefsnivåerna, och innehåller flertal poster "
                "som förvaltningen måste budgetera så att budget ryms inom tilldelad budgetram."
            ),
            "**Stadsrevisionen**",
            (
                "Stadsrevisionen visar en positiv avvikelse med 0,6 mnkr. Avvikelsen återfinns inom "
                "personalkostnader, 0,2 mnkr och inom övriga kostnader, 0,4 mnkr. Vårens arbete har i huvudsak "
                "fokuserats på granskning av kommunens bokslut och årsredovisning. Nytt biträde har upphandlats och "
                "överklagan gjorde att Stadsrevisionen temporärt tappade tempo i granskningsarbetet. Under hösten "
                "genomfördes Primärkommunal revisionskonferens. En stor del ideella arbetsinsatser och ett högt "
                "deltagande med betalande revisorer från andra kommuner innebar betydligt lägre kostnader för "
                "konferensen."
            ),
            "**Valnämnden**",
            (
                "Valnämnden visar ingen avvikelse. Hösten 2021 genomfördes Kyrkoval, ersättning erhölls av Örebro "
                "pastorat. Från och med november har valnämnden vissa kostnader för tillfälliga lokaler, kostnaden "
                "för dessa ryms ej i tilldelad budgetram, men har klarats ut genom att använda en del av ett "
                "överskjutande medel från tidigare år. Resterande statsbidrag från tidigare år har förts över till "
                "kommande år för att finansiera vissa insatser gällande ny organisation för valnämnden."
            ),
        ),
        blocks=(
            Planned(DEVIATION_SUMMARY),
            Planned(UNIT_TABLES, "kommunledning"),
            Planned(UNIT_TABLES, "kommungemensam-niva"),
            Planned(UNIT_TABLES, "kommunstyrelseforvaltning"),
            Planned(UNIT_TABLES, "stadsrevisionen"),
            Planned(UNIT_TABLES, "valnamnden"),
        ),
    ),
    Chapter(
        "6.2",
        "Sammanställning intäkts- och kostnadsutveckling",
        (
            "*Tabellerna per kontogrupp står i avsnitt 6.1, under tabellen per ansvar för varje enhet.*",
            "#### Kommunledning",
            (
                "Personalkostnaderna är lägre än budget beroende på att de politiska kansliernas överskott från "
                "tidigare år lagts huvudsakligen inom personalkostnaderna. Obudgeterade intäkter från "
                "styrelseuppdrag tillfaller enligt regelverket de politiska kanslierna, och uppgår till 530 tkr. Ett "
                "gemensamt budget- och uppföljningsarbete har påbörjats under föregående år tillsammans med de "
                "politiska kanslierna."
            ),
            "#### Kommungemensamt",
            (
                "Intäkterna (kontogrupp 3) och kostnaderna (kontogrupp 4) påverkas av obudgeterade interna intäkter "
                "och kostnader inom hantering av kommungemensam IT, och av projekt inom portföljerna och sociala "
                "investeringar som finansieras via ianspråktagande av eget kapital. För året märks också ombokningen "
                "av statsbidraget för Skolmiljarden och God vård och omsorg om äldre, från driftsnämnderna till "
                "kommungemensam nivå, 73 mnkr, ingår i kontogrupp 4."
            ),
            "#### Kommunstyrelseförvaltning",
            (
                "Tabellen över intäkter och kostnader visar att projekten inom förvaltningen påverkar, framförallt "
                "digitaliseringsprojekten. Obudgeterade kostnader (finns inom kontogrupperna 4, 5 och 7) ersättes "
                "med intäkter från Digitaliseringsportföljen, vilket sker i form av interna intäkter, kontogrupp 3. "
                "Ökning av Lokalhyror (kontogrupp 6A) beror på ombudgetering av lokalhyror för Kulturkvarteret. "
                "Tackgåva till anställda (p g a pandemin) uppgår till 24,6 mnkr av tilläggsanslag om 26 mnkr "
                "(föregående år var kostnaden 6 mnkr och tilläggsanslaget 8 mnkr), bokförs och budgeteras inom "
                "kontogrupp 7."
            ),
            "#### Stadsrevisionen",
            (
                "Mellan åren förändring inom personalkostnader och övriga kostnader; pandemin påverkar kostnadsnivå "
                "utifrån vilka aktiviteter som varit/är möjliga att genomföra."
            ),
            "#### Valnämnden",
            (
                "Vid jämförelse mellan åren visar att kostnaderna ökat eftersom Kyrkoval genomfördes. Kostnaderna "
                "för kyrkovalet täcks av intäkter från Örebro pastorat. År 2020 var ett mellanvalsår. Statsbidrag "
                "från tidigare år har förts över till år 2021."
            ),
        ),
    ),
    Chapter(
        "6.3",
        "Investeringar",
        (
            (
                "*Tabellen över investeringarna som texten hänvisar till finns inte i portalens data och visas "
                "därför inte här.*"
            ),
            (
                "Kommunstyrelseförvaltningen har en investeringsbudget på 61 mnkr vilken fördelas mellan "
                "avdelningarna enligt tabellen ovan. Under Staben är investeringsanslaget riktat till "
                "Kulturkvarteret och har använts till inventarier och utrustning. Kansli- och demokratistöd "
                "investerar i inventarier till förvaltningshus Rådhuskvarteret, Ringgatan, Stadsbyggnadshus och "
                "Stadsarkivet. Digitaliseringsavdelningen har investerat i nätverks- och serverutrustning för att "
                "säkerställa god datakommunikation för de kommunala behoven. Myndighetsavdelningen investerar i "
                "inventarier till de lokaler som de nyttjar men årets anslag har ej förbrukats då samnyttjande har "
                "skett i samband med lokalomflyttning."
            ),
        ),
    ),
    Chapter(
        "7",
        "Kommunstyrelsens ansvar som anställningsmyndighet",
        (
            (
                "Kommunstyrelsen är anställande myndighet inom sitt verksamhetsområde och har arbetsgivar- och "
                "arbetsmiljöansvar för Kommunstyrelseförvaltningens medarbetare. Kommunen som juridisk person är "
                "arbetsgivare. Kommunstyrelsens förtroendevalda har det yttersta ansvaret för hur förvaltningen "
                "uppträder som arbetsgivare och ansvaret för att de anställda i förvaltningen har en god "
                "arbetsmiljö. Delegationsordningen och beslut ger tjänstemannaledningen uppdrag att företräda, agera "
                "och verkställa. Den politiska ledningen ska följa upp fattade beslut. I arbetsgivaransvaret ingår "
                "förutom arbetsmiljöansvaret även att arbeta systematiskt med:"
            ),
            ("- Kompetensförsörjning\n- Lönepolitik\n- Jämställdhet och ickediskriminering"),
            (
                "Det stora flertalet medarbetare inom förvaltningen kan arbeta hemifrån och har gjort det under "
                "året. Hösten medgav en succesiv återgång till arbetsplatserna men på grund av den ökade "
                "smittspridningen i slutet av året så blev hemarbete återigen aktuellt för alla vars arbete medger "
                "det. Dialogen mellan chef/medarbetare och mellan chef och arbetsgrupper har utvecklats och "
                "förändrats i och med pandemin. Det är varje chefs ansvar att tillgodose en god och säker "
                "arbetsmiljö och vi har under det senaste året bl a genomfört digitala skyddsronder där chef och "
                "medarbetare med stöd av företagshälsovården säkrat en fungerande arbetsmiljö när man arbetar "
                "hemifrån. För dem som är fysiskt på arbetsplatsen finns goda förutsättningar att glesa ut och hålla "
                "avstånd när flertalet inte är på plats. Vid pauser för fika och luncher så har det också fungerat "
                "med att anpassningar görs så att trängsel inte uppstår."
            ),
            (
                "Den sociala arbetsmiljön har också den påverkats under pandemin och medarbetare har på olika sätt "
                "varit engagerade i att utforma digitala arbetsplatsträffar (APT), digitala fikapauser, möten "
                "utomhus, promenadmöten mm i samarbete med sina kollegor och chefer. I förvaltningens skyddskommitté "
                "har uppföljning skett av hur det digitala chefskapet har fungerat under året genom enkätfrågor till "
                "samtliga enhetschefer."
            ),
            (
                "Processen Säkra kompetensen pausades med anledning av pandemin men återupptogs under hösten. För "
                "att kunna planera och säkra rätt kompetens ur ett långsiktigt perspektiv lyfter avdelningarna fram "
                "sina kompetensbehov och bedömer vilka insatser som behöver vidtas i syfte att säkra framtida behov."
            ),
            (
                "Under våren 2021 påbörjades en uppdatering av arbetsvärderingen som gjordes i förvaltningen under "
                "åren 2015/2016. Justering och kvalitetssäkring av arbetsvärdering för befattningsgrupper inom "
                "Kommunstyrelseförvaltningen fortgår."
            ),
            (
                "Kommunstyrelseförvaltningen formar en ny central förvaltning i syfte att stödja ny nämnd-, och "
                "förvaltningsorganisation i Örebro kommun. För att rusta sig inför det har det under året 2021 "
                "genomförts avdelningsförändringar inom den egna verksamheten. IT-avdelningen är ny "
                "Digitaliseringsavdelning och Kansli och demokratistödsavdelningen är ny "
                "Informationsförsörjnings-avdelning. Till dessa avdelningar har förts nödvändig kompetens genom "
                "interna förflyttningar och via rekrytering av kompetenser som kommunen efterfrågar."
            ),
            (
                "Med anledning av Coronapandemin och den ökade användningen av riskbedömningar har "
                "arbetsmiljöarbetet stärkts och haft en betydande del i arbetsgivaransvaret vad gäller att förhindra "
                "smittspridning."
            ),
            (
                "Korttids sjukfrånvaron och sjukfrånvaro i procent av arbetstiden har minskat. Troligtvis har en "
                "ökade graden av hemarbete bidragit till minskningen."
            ),
        ),
        blocks=(Planned(INDICATOR_TABLE),),
    ),
    Chapter(
        "8",
        "Bilagor",
        ("- Kommunstyrelsens plan med budget 2021",),
    ),
)


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _kommunstyrelsen(stdout: TextIO | None) -> Body:
    body = Body.objects.filter(slug=KS_SLUG).first()
    if body is None:
        # Only when the meetings demo was never loaded: it renders agenda PDFs, which is slow.
        from meetings.demo import load_demo_data

        load_demo_data(stdout=stdout)
        body = Body.objects.get(slug=KS_SLUG)
    return body


def _parent(number: str, sections: dict[str, Section]) -> Section | None:
    """The nearest existing section above: "4.1.1" hangs under "4.1" if there is one, else under "4"."""
    parts = number.split(".")
    while len(parts) > 1:
        parts.pop()
        if ".".join(parts) in sections:
            return sections[".".join(parts)]
    return None


@transaction.atomic
def _report(body: Body, counts: dict[str, int], stdout: TextIO | None) -> AnnualReport:
    report, created = AnnualReport.objects.get_or_create(
        body=body,
        year=YEAR,
        defaults={"title": TITLE, "case_number": CASE_NUMBER, "status": AnnualReport.Status.DRAFT},
    )
    counts["reports"] += created
    if created:
        _say(stdout, f"Skapade årsberättelse: {report}")
    sections = {section.number: section for section in report.sections.all()}
    units = {unit.slug: unit for unit in Unit.objects.filter(slug__in={p.unit for c in CHAPTERS for p in c.blocks})}
    for position, chapter in enumerate(CHAPTERS, 1):
        if chapter.number in sections:
            continue
        # One by one, not bulk_create: simple-history records each section's creation.
        section = Section.objects.create(
            report=report,
            parent=_parent(chapter.number, sections),
            number=chapter.number,
            heading=chapter.heading,
            text=chapter.text,
            position=position * 10,  # gaps, so staff can insert a section without renumbering the rest
        )
        sections[chapter.number] = section
        counts["sections"] += 1
        for block_position, planned in enumerate(chapter.blocks, 1):
            Block.objects.create(
                section=section,
                kind=planned.kind,
                unit=units[planned.unit] if planned.unit else None,
                year=YEAR,
                position=block_position,
            )
            counts["blocks"] += 1
    return report


def load_reports_demo(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Create Kommunstyrelsens årsberättelse 2021 (a draft) with every chapter of seed 001 and its generated blocks.

    Loads what the blocks are computed from first: the budget and goals demos (both idempotent), and the meetings demo
    only if Kommunstyrelsen is missing. Returns how many reports, sections and blocks were created — all zero on a
    second run, which changes nothing.
    """
    body = _kommunstyrelsen(stdout)
    load_budget_demo()
    load_goals_demo(stdout=stdout)
    counts = {"reports": 0, "sections": 0, "blocks": 0}
    _report(body, counts, stdout)
    return counts
