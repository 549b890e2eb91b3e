"""Ledger files as controllers have them: formulas saved without values, a decimal comma splitting a row, a title
above the header, total rows, an instructions sheet before the data, Excel's "Unicode text", tab-separated text and
a file in tkr. Each is read right or refused with a message naming the row, the cell or how the file was read."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from budget.importing import parse_ledger
from tests.factories import ResponsibilityCodeFactory, account_group

HEADER = ["År", "Ansvar", "Ansvarsbenämning", "Kontogrupp", "Budget", "Utfall"]
FORMULA = "formeln har inget sparat värde – öppna filen i Excel och spara den igen."


def text_bytes(*lines: str, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n").encode(encoding)


def workbook_bytes(
    sheets: dict[str, list[list]], cached: dict[str, str] | None = None, shared_strings: bool = False
) -> bytes:
    """An .xlsx with the given sheets, as openpyxl writes it: formulas without saved values, text inline.

    `cached` gives some formula cells of the first sheet a saved value, as Excel would ("E3": "-2"; "" for a formula
    that returned an empty text); `shared_strings` moves the text into the workbook's table of strings, as Excel
    does."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source, target = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    strings: list[str] = []

    def share(match: re.Match) -> str:
        strings.append(match[2])
        return f'<c r="{match[1]}" t="s"><v>{len(strings) - 1}</v></c>'

    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            xml = source.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                for cell, value in (cached or {}).items():
                    kind = ' t="str"' if value == "" else ""
                    xml, count = re.subn(
                        rf'<c r="{cell}"([^>]*)>(<f>.*?</f>)<v></v></c>',
                        rf'<c r="{cell}"\1{kind}>\2<v>{value}</v></c>',
                        xml,
                    )
                    assert count == 1, cell
            if shared_strings and item.filename.startswith("xl/worksheets/"):
                xml = re.sub(r'<c r="(\w+)" t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', share, xml)
            out.writestr(item, xml)
        if shared_strings:
            items = "".join(f"<si><t>{text}</t></si>" for text in strings)
            out.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
                f'uniqueCount="{len(strings)}">{items}</sst>',
            )
    if not shared_strings:
        return target.getvalue()
    # The table of strings is a part of the workbook: named in its relationships and in the content types.
    source, final = zipfile.ZipFile(io.BytesIO(target.getvalue())), io.BytesIO()
    with zipfile.ZipFile(final, "w") as out:
        for item in source.infolist():
            xml = source.read(item.filename).decode()
            if item.filename == "[Content_Types].xml":
                xml = xml.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                xml = xml.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            out.writestr(item, xml)
    return final.getvalue()


@pytest.fixture
def codes(db):
    return {
        "KLC": ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet"),
        "KLFÖ": ResponsibilityCodeFactory(code="KLFÖ", name="Kommunledn Fördelning"),
    }


def amounts(parsed, codes) -> dict[tuple[int, str, str], tuple[Decimal, Decimal]]:
    code_by_id = {code.pk: name for name, code in codes.items()}
    group_by_id = {account_group(g).pk: g for g in ("3", "4", "5", "6A", "6B", "7")}
    return {(y, code_by_id[c], group_by_id[g]): value for (y, c, g), value in parsed.lines.items()}


# --- formulas without a saved value -------------------------------------------------------------------------------


def test_formulas_saved_without_a_value_are_errors_naming_each_cell(codes):
    content = workbook_bytes(
        {
            "Blad1": [
                HEADER,
                [2025, "KLC", "Kansli Centerpartiet", 5, -4_134_000, -3_170_000],
                [2025, "KLC", "=B3", 4, -100, "=E3*2"],  # a formula in Ansvarsbenämning is not read: no error
                ["=2020+5", '="KL"&"C"', None, "=3", "=1", "=2"],  # a row of formulas only is no blank row
            ]
        }
    )
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        f"Rad 3, kolumn Utfall: {FORMULA}",
        f"Rad 4, kolumn Ansvar: {FORMULA}",
        f"Rad 4, kolumn Budget: {FORMULA}",
        f"Rad 4, kolumn Kontogrupp: {FORMULA}",
        f"Rad 4, kolumn Utfall: {FORMULA}",
        f"Rad 4, kolumn År: {FORMULA}",
    ]
    assert parsed.row_count == 3


def test_formulas_with_the_value_excel_saved_are_read_by_that_value(codes):
    content = workbook_bytes(
        {"Blad1": [HEADER, [2025, "KLC", None, 4, -100, "=E2*2"], [2025, "KLC", None, 5, '=""', "=-3170000"]]},
        cached={"F2": "-200", "E3": "", "F3": "-3170000"},  # E3: a formula that returned an empty text
    )
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert amounts(parsed, codes) == {
        (2025, "KLC", "4"): (Decimal(-100), Decimal(-200)),
        (2025, "KLC", "5"): (Decimal(0), Decimal(-3_170_000)),
    }


# --- the width of a row -------------------------------------------------------------------------------------------


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_an_error_saying_why(codes):
    content = text_bytes(
        "År,Ansvar,Ansvarsbenämning,Kontogrupp,Budget,Utfall",
        "2025,KLC,Kansli Centerpartiet,5,-4134000,-3170000",
        '2025,KLC,Kansli Centerpartiet,4,-2600000,"-2531829,39"',  # quoted: read right
        "2025,KLC,Kansli Centerpartiet,3,0,0,,",  # trailing empty cells are fine
        "2025,KLC,Kansli Centerpartiet,6A,-2600000,2531829,39",
        delimiter=",",
    )
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        "Rad 5 har 7 celler men rubrikraden har 6. I en kommaseparerad fil delar ett decimalkomma utan citattecken "
        "beloppet i två (2531829,39) – spara filen med semikolon som avgränsare eller sätt beloppen inom citattecken."
    ]
    assert (parsed.encoding, parsed.delimiter) == ("UTF-8", ",")


def test_a_row_too_wide_or_too_short_for_the_header_is_an_error(codes):
    content = text_bytes(
        ";".join(HEADER),
        "2025;KLC;;5;-1;-1;en anteckning",
        "2025;KLC;;4;-1",
        "2025;KLC;;3;-1;-1;;;",
    )
    assert parse_ledger(content).messages() == [
        "Rad 2 har 7 celler men rubrikraden har 6.",  # no decimal comma hint: the separator is not a comma
        "Rad 3 har 5 celler men rubrikraden har 6: kolumnen Utfall saknas.",
    ]


# --- rows above the header ----------------------------------------------------------------------------------------


def test_a_title_above_the_header_is_skipped_and_named(codes):
    content = text_bytes(
        "Huvudbok 2025, Örebro kommun", "", ";".join(HEADER), "2025;KLC;;5;-1 234;-1 000", "2025;X;;5;0;0"
    )
    parsed = parse_ledger(content)
    assert parsed.notes == ["Raderna 1–2 ovanför rubrikraden hoppades över (”Huvudbok 2025, Örebro kommun”)."]
    assert parsed.messages() == [  # rows keep the numbers the spreadsheet gives them
        "Rad 5, kolumn Ansvar: okänt ansvar ”X”. Ett nytt ansvar läggs upp av enhetens controller under "
        "Ekonomi → Ansvar."
    ]
    assert parsed.row_count == 2


def test_a_title_row_in_a_workbook_is_skipped_and_named(codes):
    content = workbook_bytes({"Huvudbok": [["Huvudbok 2025", "Örebro kommun"], HEADER, [2025, "KLC", None, 5, -1, -2]]})
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert parsed.notes == [
        "Bladet ”Huvudbok” lästes.",
        "Rad 1 ovanför rubrikraden hoppades över (”Huvudbok 2025 Örebro kommun”).",
    ]
    assert amounts(parsed, codes) == {(2025, "KLC", "5"): (Decimal(-1), Decimal(-2))}


def test_a_header_below_the_first_20_rows_is_not_looked_for(codes):
    content = text_bytes(*[f"Rubrik {n}" for n in range(1, 21)], ";".join(HEADER), "2025;KLC;;5;-1;-1")
    (message,) = parse_ledger(content).messages()
    assert message.startswith(
        "Filen lästes som UTF-8 med semikolon som avgränsare, men rubrikraden (rad 1) saknar kolumnerna År, Ansvar, "
        "Kontogrupp, Budget och Utfall."
    )
    assert message.endswith("Hittade: Rubrik 1.")


# --- total rows ---------------------------------------------------------------------------------------------------


def test_total_rows_that_match_the_rows_above_are_noted_and_not_imported(codes):
    content = text_bytes(
        ";".join(HEADER),
        "2025;KLC;;5;-4 134 000;-3 170 000",
        "2025;KLC;;4;-100 000;-90 000,50",
        "Summa KLC;;;;-4 234 000;-3 260 000,50",
        "2025;KLFÖ;;7;0;-500",
        ";;;;;-500",  # no key, an amount: a total row; its empty budget claims nothing
        "TOTALT;;;;-4 234 000;-3 260 500,50",  # the grand total: the sum of every data row
    )
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert parsed.notes == [
        "Rad 4 är en summarad och stämmer med raderna ovanför; den lästes inte in.",
        "Rad 6 är en summarad och stämmer med raderna ovanför; den lästes inte in.",
        "Rad 7 är en summarad och stämmer med raderna ovanför; den lästes inte in.",
    ]
    assert parsed.row_count == 3
    assert amounts(parsed, codes) == {
        (2025, "KLC", "5"): (Decimal(-4_134_000), Decimal(-3_170_000)),
        (2025, "KLC", "4"): (Decimal(-100_000), Decimal("-90000.50")),
        (2025, "KLFÖ", "7"): (Decimal(0), Decimal(-500)),
    }


def test_a_total_row_that_does_not_match_is_an_error_with_both_sums(codes):
    content = text_bytes(
        ";".join(HEADER),
        "2025;KLC;;5;-1 000 000;-1 000 000",
        "2025;KLC;;4;-234 000;-234 000",
        "Summa;;;;-1 234 000;-1 234 567",
    )
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        "Rad 4, kolumn Utfall: summaraden säger −1\u00a0234\u00a0567\u00a0kr men raderna ovanför summerar till "
        "−1\u00a0234\u00a0000\u00a0kr."
    ]
    assert parsed.notes == []


def test_a_total_row_in_a_workbook_is_checked_with_its_numbers(codes):
    content = workbook_bytes(
        {
            "Blad1": [
                HEADER,
                [2025, "KLC", None, 5, -1000.5, -10],
                [2025, "KLC", None, 4, -0.25, 0],
                [None, "Total", None, None, -1000.75, -11],
            ]
        }
    )
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        "Rad 4, kolumn Utfall: summaraden säger −11\u00a0kr men raderna ovanför summerar till −10\u00a0kr."
    ]


# --- the sheet ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shared_strings", [False, True], ids=["inline text", "shared strings, as Excel writes"])
def test_the_sheet_with_the_header_is_read_and_named_after_an_instructions_sheet(codes, shared_strings):
    content = workbook_bytes(
        {
            "Instruktioner": [["Så fyller du i huvudboken"], ["Ett belopp per rad, i kronor."]],
            "Huvudbok": [HEADER, [2025, "KLC", "Kansli Centerpartiet", "5", -4_134_000, "−3 170 000"]],
            "Tomt": [],
        },
        shared_strings=shared_strings,
    )
    if shared_strings:
        assert b"<is>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet2.xml")
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert parsed.sheet == "Huvudbok"
    assert parsed.notes == ["Bladet ”Huvudbok” lästes; bladet ”Instruktioner” saknar rubrikrad och hoppades över."]
    assert amounts(parsed, codes) == {(2025, "KLC", "5"): (Decimal(-4_134_000), Decimal(-3_170_000))}


def test_a_sheet_after_the_one_read_is_named_as_not_read(codes):
    content = workbook_bytes(
        {"2025": [HEADER, [2025, "KLC", None, 5, -1, -1]], "2024": [HEADER, [2024, "KLC", None, 5, -1, -1]]}
    )
    parsed = parse_ledger(content)
    assert parsed.notes == ["Bladet ”2025” lästes; bladet ”2024” efter det lästes inte (importen läser ett blad)."]
    assert list(amounts(parsed, codes)) == [(2025, "KLC", "5")]


def test_a_workbook_without_a_header_names_every_sheet_tried(codes):
    content = workbook_bytes({"Instruktioner": [["Fyll i bladet Data"]], "Data": [["År", "Ansvar", "Belopp"]]})
    assert parse_ledger(content).messages() == [
        "Filen lästes som Excel (xlsx), men inget av bladen ”Instruktioner” och ”Data” har rubrikraden bland sina 20 "
        "första rader. Närmast kommer bladet ”Data”: rubrikraden (rad 1) saknar kolumnerna Kontogrupp, Budget och "
        "Utfall. Den ska vara År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall (Ansvarsbenämning får utelämnas, "
        "ordningen är fri). Hittade: År; Ansvar; Belopp."
    ]


# --- encodings and separators -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding",
    ["utf-16", "utf-16-be-bom"],
    ids=["little-endian (Excel's Unicode text)", "big-endian"],
)
def test_utf_16_tab_separated_text_is_read(codes, encoding):
    lines = (";".join(HEADER), "2025;KLFÖ;Kommunledn Fördelning;5;−4 134 000;-3 170 000,50")
    if encoding == "utf-16":
        content = text_bytes(*lines, delimiter="\t", encoding="utf-16")  # Python writes the little-endian BOM
        assert content.startswith(b"\xff\xfe")
    else:
        content = b"\xfe\xff" + text_bytes(*lines, delimiter="\t", encoding="utf-16-be")
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert (parsed.kind, parsed.encoding, parsed.delimiter) == ("csv", "UTF-16", "\t")
    assert amounts(parsed, codes) == {(2025, "KLFÖ", "5"): (Decimal(-4_134_000), Decimal("-3170000.50"))}


def test_plain_tab_separated_text_is_read(codes):
    content = text_bytes(";".join(HEADER), "2025;KLC;Kansli, Centerpartiet;5;-1 234,50;-12", delimiter="\t")
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert (parsed.encoding, parsed.delimiter) == ("UTF-8", "\t")
    assert amounts(parsed, codes) == {(2025, "KLC", "5"): (Decimal("-1234.50"), Decimal(-12))}


def test_a_refused_header_names_the_encoding_and_separator_tried(codes):
    content = text_bytes("År Ansvar Kontogrupp Budget Utfall", "2025 KLC 5 -1 -1", encoding="cp1252")
    (message,) = parse_ledger(content).messages()
    assert message.startswith(
        "Filen lästes som Windows-1252 med semikolon som avgränsare, men rubrikraden (rad 1) saknar kolumnerna År, "
        "Ansvar, Kontogrupp, Budget och Utfall."
    )


# --- units in the header ------------------------------------------------------------------------------------------


def test_a_file_in_tkr_is_refused_never_multiplied(codes):
    content = text_bytes("År;Ansvar;Kontogrupp;Budget (tkr);Utfall tkr", "2025;KLC;5;-4 134;-3 170")
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        "Rad 1, kolumn Budget (tkr): beloppen är i tkr, men importen tar belopp i kronor. Ta ut filen med beloppen i "
        "kronor och kalla kolumnen Budget (importen räknar aldrig om belopp).",
        "Rad 1, kolumn Utfall tkr: beloppen är i tkr, men importen tar belopp i kronor. Ta ut filen med beloppen i "
        "kronor och kalla kolumnen Utfall (importen räknar aldrig om belopp).",
    ]
    assert parsed.lines == {}


def test_a_header_in_kronor_is_read(codes):
    content = text_bytes("År;Ansvar;Kontogrupp;Budget (kr);Utfall kr", "2025;KLC;5;-4 134 000;-3 170 000")
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert amounts(parsed, codes) == {(2025, "KLC", "5"): (Decimal(-4_134_000), Decimal(-3_170_000))}
