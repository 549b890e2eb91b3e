"""The budget tables of Kommunstyrelsens årsberättelse 2021 (Ks 181/2022), chapter 6, transcribed as printed.

Nothing here is computed. Amounts are tkr as printed (costs negative, income positive); `change` is the printed
"Förändr% 2020 o 2021" text exactly ("-9,3"), the text "#DIVISION/0!" where the source printed that error (the
previous year is zero, so the portal shows "–"), or None where the source prints nothing in that column. Names keep
the source's spelling ("Kansli Svergiedemokraterna", "Kommmungemensamt Brandkåren"): they are what was published.

Which table belongs to which unit: the ansvar tables (RN3, RN5, RN3, RN1) are printed under the unit's heading in
6.1, Valnämnden's in the middle of 6.2; the four KONTOGRUPP tables after "6.2" are, in order, Kommunledning,
Kommungemensam nivå, Kommunstyrelseförvaltning and Stadsrevisionen; the fifth, Valnämnden's, is printed after the
investment prose of 6.3. Stadsrevisionen prints no ansvar table (the demo gives it a placeholder code).

A printed percentage of 1 000 or more keeps the source's space between thousands ("477 317,7", "5 902,3").

`budget/demo_data/derive.py` turns these tables into kronor; `budget/demo.py` loads the result.
"""

from __future__ import annotations

from dataclasses import dataclass

DIVISION_ERROR = "#DIVISION/0!"


@dataclass(frozen=True)
class PublishedRow:
    """One printed row: ansvar code or kontogrupp code, its printed name, and the five printed figures."""

    key: str
    name: str
    previous_outcome: int  # 2020 Bokslut, tkr
    outcome: int  # 2021 Utfall Ack dec, tkr
    budget: int  # 2021 Budget, tkr
    deviation: int  # 2021 Avv Budg o Utf, tkr
    change: str | None  # Förändr% 2020 o 2021 as printed, DIVISION_ERROR, or None (nothing printed)


@dataclass(frozen=True)
class PublishedUnit:
    slug: str
    name: str
    parent: str | None  # slug of the parent unit
    position: int
    code_rows: tuple[PublishedRow, ...] | None  # the ansvar table; None where none is printed
    group_rows: tuple[PublishedRow, ...] | None  # the kontogrupp table; None where none is printed
    total: PublishedRow | None  # the printed total row both tables end in; None for a parent without codes


def _row(key, name, previous_outcome, outcome, budget, deviation, change=None) -> PublishedRow:
    return PublishedRow(key, name, previous_outcome, outcome, budget, deviation, change)


def _total(previous_outcome, outcome, budget, deviation, change) -> PublishedRow:
    return PublishedRow("total", "Totalt", previous_outcome, outcome, budget, deviation, change)


# --- Kommunledning: ansvar table "RN3" in 6.1, first KONTOGRUPP table in 6.2 ------------------------------------

KOMMUNLEDNING_CODES = (
    _row("KLC", "Kansli Centerpartiet", -3_495, -3_170, -4_134, 964, "-9,3"),
    _row("KLFÖ", "Kommunledn Fördelning", 0, 0, 0, 0, DIVISION_ERROR),
    _row("KLKD", "Kansli Kristdemokraterna", -2_738, -2_497, -3_709, 1_212, "-8,8"),
    _row("KLKF", "Kommunfullmäktige", -3_968, -4_666, -5_118, 452, "17,6"),
    _row("KLKS", "Kommunstyrelse", -4_426, -4_455, -3_649, -806, "0,7"),
    _row("KLL", "Kansli Liberalerna", -2_602, -2_719, -3_700, 981, "4,5"),
    _row("KLM", "Kansli Moderaterna", -3_861, -4_655, -7_109, 2_454, "20,6"),
    _row("KLMP", "Kansli Miljöpartiet", -523, -424, -840, 417, "-19,1"),
    _row("KLPG", "Kansli Partigemensamt", -52, -26, -90, 64, "-50,7"),
    _row("KLPS", "Kommunalt partistöd", -6_509, -6_548, -6_548, 0, "0,6"),
    _row("KLS", "Kansli Socialdemokraterna", -6_212, -6_842, -11_440, 4_599, "10,1"),
    _row("KLSD", "Kansli Svergiedemokraterna", -2_190, -2_623, -3_545, 922, "19,8"),
    _row("KLV", "Kansli Vänsterpartiet", -2_204, -2_574, -3_986, 1_412, "16,8"),
    _row("KLÖP", "Kansli Örebropartiet", -1_762, -2_272, -2_413, 141, "29,0"),
    _row("KLÖS", "Övriga Styrelser", -6, -25, -5, -20, "331,6"),
)

KOMMUNLEDNING_GROUPS = (
    _row("3", "Intäkter", 489, 661, 56, 605, "35,3"),
    _row("4", "Inköp tillg o vhet samt bidrag", -7_465, -7_777, -7_718, -59, "4,2"),
    _row("5", "Personalkostnader", -30_275, -33_895, -46_302, 12_406, "12,0"),
    _row("6A", "Lokalhyror", -30, -49, 0, -49),
    _row("6B", "Entrpr,fastighetskostn, övr. m", -501, -596, -674, 78, "19,0"),
    _row("7", "Övriga kostnader", -2_765, -1_839, -1_648, -191, "-33,5"),
)

KOMMUNLEDNING_TOTAL = _total(-40_548, -43_495, -56_286, 12_791, "7,3")

# --- Kommungemensam nivå: ansvar table "RN5" in 6.1, second KONTOGRUPP table in 6.2 -----------------------------

KOMMUNGEMENSAM_CODES = (
    _row("KGAMT", "Arbetsmiljötjänster", -2_296, 5_055, -3_495, 8_550, "-320,2"),
    _row("KGBR", "Kommmungemensamt Brandkåren", -84_172, -85_753, -86_527, 774, "1,9"),
    _row("KGEM", "Kommungemensamt", -17_496, -34_695, -31_734, -2_961, "98,3"),
    _row("KGFA", "Kommungem Facklig verksamhet", -18_297, -17_299, -18_084, 786, "-5,5"),
    _row("KGFC", "Kommungemensamt Förmånscykel", 711, 843, 784, 59, "18,5"),
    _row("KGFL", "Kommungem Flygplatsen", -15_383, -17_039, -17_021, -18, "10,8"),
    _row("KGFÖ", "Kommungemensamt Försäkringar", -15_726, -17_029, -9_271, -7_758, "8,3"),
    _row("KGHR", "Kommungemensamt HR", -2_208, -1_488, -1_490, 2),
    _row("KGI", "Ianspråktagande av Eget kap.", -62_124, -51_365, -3_000, -48_365, "-17,3"),
    _row("KGIT", "Kommungem IT", -836, 7_442, 0, 7_442, "-989,8"),
    _row("KGK", "Kommungemensamt Kompetens", -7_746, -5_552, -13_000, 7_448, "-28,3"),
    _row("KGM", "Kommungemensamt Länsmusiken", -39_616, -40_616, -38_616, -2_000, "2,5"),
    _row("KGOMS", "Kommungem, omställning", -2_556, -1_806, -10_000, 8_194, "-29,3"),
    _row("KGOS", "Kommungem Oslo-SHLM", -1_000, -1_000, -1_000, 0),
    _row("KGST", "Kommungemensamt Statsbidrag", 94_107, -2_146, 86_000, -88_146, "-102,3"),
    _row("KGU", "Kommungem Universitetet", -2_787, -3_953, -6_350, 2_397, "41,8"),
    _row("KGÖK", "Kommungem Ö:o Kompaniet AB", -22_870, -24_414, -24_569, 155, "6,8"),
)

KOMMUNGEMENSAM_GROUPS = (
    _row("3", "Intäkter", 186_687, 157_688, 126_087, 31_601, "-15,5"),
    _row("4", "Inköp tillg o vhet samt bidrag", -306_086, -378_834, -223_562, -155_272, "23,8"),
    _row("5", "Personalkostnader", -19_812, -16_592, -18_327, 1_735, "-16,3"),
    _row("6A", "Lokalhyror", -1_275, -957, -981, 24, "-24,9"),
    _row("6B", "Entrpr,fastighetskostn, övr. m", -13_714, -13_281, -8_602, -4_679, "-3,2"),
    _row("7", "Övriga kostnader", -46_095, -38_838, -51_988, 13_150, "-15,7"),
)

KOMMUNGEMENSAM_TOTAL = _total(-200_296, -290_814, -177_373, -113_441, "45,2")

# --- Kommunstyrelseförvaltning: ansvar table "RN3" in 6.1, third KONTOGRUPP table in 6.2 ------------------------

FORVALTNING_CODES = (
    _row("KAA", "Staben", -22_810, -88_101, -93_331, 5_230, "286,2"),
    _row("KAF", "Förvaltningsgemensamt", -3_066, -4_383, 13_640, -18_023, "42,9"),
    _row("KAFP", "KSF Plan.reserv o Avstämn RAM", 62, 0, 13_603, -13_603, "-100,0"),
    _row("KAI", "Kommunikation", -50_786, -52_862, -57_489, 4_626, "4,1"),
    _row("KAK", "Kansli och Demokratistöd", -73_487, -76_202, -77_249, 1_047, "3,7"),
    _row("KAN", "Näringsliv", -12_224, -11_305, -12_232, 927, "-7,5"),
    _row("KAS", "Samhällsutveckling", -41_232, -31_570, -31_992, 422, "-23,4"),
    _row("KCS", "Centralt skolstöd", 2, 0, 0, 0, "-101,9"),
    _row("KEK", "Ekonomiavdelningen", -59_273, -57_199, -56_121, -1_078, "-3,5"),
    _row("KHR", "HR-avdelningen", -42_401, -49_213, -51_980, 2_767, "16,1"),
    _row("KIT", "IT-avdelningen", -66_150, -75_740, -82_164, 6_424, "14,5"),
    _row("KMY", "Myndighetsavdelning", 0, 0, 0, 0, "-149,6"),
    _row("KSÄ", "Säkerhetsavdelningen", -11_692, -13_406, -12_249, -1_157, "14,7"),
)

FORVALTNING_GROUPS = (
    _row("3", "Intäkter", 335_208, 326_619, 297_417, 29_202, "-2,6"),
    _row("4", "Inköp tillg o vhet samt bidrag", -46_782, -48_072, -34_266, -13_806, "2,8"),
    _row("5", "Personalkostnader", -464_759, -478_925, -481_921, 2_997, "3,0"),
    _row("6A", "Lokalhyror", -38_203, -72_635, -72_087, -548, "90,1"),
    _row("6B", "Entrpr,fastighetskostn, övr. m", -42_358, -42_160, -43_494, 1_334, "-0,5"),
    _row("7", "Övriga kostnader", -126_163, -144_808, -113_213, -31_596, "14,8"),
)

FORVALTNING_TOTAL = _total(-383_057, -459_981, -447_564, -12_417, "20,1")

# --- Stadsrevisionen: fourth KONTOGRUPP table in 6.2 (no 6A row printed); no ansvar table ------------------------

STADSREVISIONEN_GROUPS = (
    _row("3", "Intäkter", 3, 3, 0, 3),
    _row("4", "Inköp tillg o vhet samt bidrag", -52, -57, -53, -4, "8,0"),
    _row("5", "Personalkostnader", -1_111, -1_185, -1_394, 209, "6,7"),
    _row("6B", "Entrpr,fastighetskostn, övr. m", -1, -1, -1, 0, "-2,8"),
    _row("7", "Övriga kostnader", -2_449, -2_016, -2_446, 430, "-17,7"),
)

STADSREVISIONEN_TOTAL = _total(-3_611, -3_256, -3_894, 639, "-9,8")

# The ansvar code of Stadsrevisionen is not printed: the demo needs one to hang its lines on.
STADSREVISIONEN_PLACEHOLDER = ("SR", "Stadsrevisionen (kod ej publicerad)")

# --- Valnämnden: ansvar table "RN1" (printed in 6.2), KONTOGRUPP table after the investment prose of 6.3 ----------

VALNAMNDEN_CODES = (_row("ÖVA", "Valnämnd", -202, -223, -223, 0, "10,2"),)

# The percentages are the source's, computed from kronor: a 2020 outcome of a few hundred kronor (0 tkr) gives
# Intäkter 477 317,7 %, and Lokalhyror prints 0 throughout with 0,0 % (the same non-zero kronor in both years).
VALNAMNDEN_GROUPS = (
    _row("3", "Intäkter", 0, 1_184, 549, 635, "477 317,7"),
    _row("4", "Inköp tillg o vhet samt bidrag", -49, -511, 0, -511, "943,6"),
    _row("5", "Personalkostnader", -104, -160, -707, 548, "54,0"),
    _row("6A", "Lokalhyror", 0, 0, 0, 0, "0,0"),
    _row("6B", "Entrpr,fastighetskostn, övr. m", -10, -571, 0, -571, "5 902,3"),
    _row("7", "Övriga kostnader", -40, -165, -65, -100, "309,7"),
)

VALNAMNDEN_TOTAL = _total(-202, -223, -223, 0, "10,2")

UNITS = (
    PublishedUnit("kommunstyrelsen", "Kommunstyrelsen", None, 1, None, None, None),
    PublishedUnit(
        "kommunledning",
        "Kommunledning",
        "kommunstyrelsen",
        2,
        KOMMUNLEDNING_CODES,
        KOMMUNLEDNING_GROUPS,
        KOMMUNLEDNING_TOTAL,
    ),
    PublishedUnit(
        "kommungemensam-niva",
        "Kommungemensam nivå",
        "kommunstyrelsen",
        3,
        KOMMUNGEMENSAM_CODES,
        KOMMUNGEMENSAM_GROUPS,
        KOMMUNGEMENSAM_TOTAL,
    ),
    PublishedUnit(
        "kommunstyrelseforvaltning",
        "Kommunstyrelseförvaltning",
        "kommunstyrelsen",
        4,
        FORVALTNING_CODES,
        FORVALTNING_GROUPS,
        FORVALTNING_TOTAL,
    ),
    PublishedUnit("stadsrevisionen", "Stadsrevisionen", None, 5, None, STADSREVISIONEN_GROUPS, STADSREVISIONEN_TOTAL),
    PublishedUnit("valnamnden", "Valnämnden", None, 6, VALNAMNDEN_CODES, VALNAMNDEN_GROUPS, VALNAMNDEN_TOTAL),
)

# code -> (name, unit slug, is_placeholder): every ansvar the demo creates.
CODES: dict[str, tuple[str, str, bool]] = {
    **{row.key: (row.name, unit.slug, False) for unit in UNITS for row in (unit.code_rows or ())},
    STADSREVISIONEN_PLACEHOLDER[0]: (STADSREVISIONEN_PLACEHOLDER[1], "stadsrevisionen", True),
}
