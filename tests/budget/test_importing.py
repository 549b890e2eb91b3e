"""The ledger file parser: every accepted format reads the same amounts; every problem names its row and column."""

import io
import os
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook

from budget.importing import AmountError, parse_amount, parse_ledger
from tests.factories import ResponsibilityCodeFactory, account_group

HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def codes(db):
    return {
        "KLC": ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet"),
        "KLFÖ": ResponsibilityCodeFactory(code="KLFÖ", name="Kommunledn Fördelning"),
        "ÖVA": ResponsibilityCodeFactory(code="ÖVA", name="Valnämnden"),
    }


def amounts(parsed, codes) -> dict[tuple[int, str, str], tuple[Decimal, Decimal]]:
    """The parsed lines keyed by readable codes: (2021, "KLC", "5") → (budget, outcome)."""
    code_by_id = {code.pk: name for name, code in codes.items()}
    group_by_id = {account_group(g).pk: g for g in ("3", "4", "5", "6A", "6B", "7")}
    return {(y, code_by_id[c], group_by_id[g]): value for (y, c, g), value in parsed.lines.items()}


# --- amounts ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-3 170 000", "-3170000"),
        ("−3 170 000", "-3170000"),  # minus sign U+2212
        ("–4 134 000", "-4134000"),  # en dash
        ("– 4 134", "-4134"),  # a space after the sign, as typeset text has it
        ("3\u00a0170\u00a0000", "3170000"),  # no-break spaces
        ("3\u202f170\u202f000", "3170000"),  # narrow no-break spaces
        ("1 234,50", "1234.50"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),  # a decimal point with one or two digits is not ambiguous
        ("1 234.56", "1234.56"),
        ("+12", "12"),
        ("12 kr", "12"),
        ("-12,00 kr", "-12"),
        ("0,50", "0.5"),
        ("1,5000", "1.5"),  # extra zero decimals change nothing
        ("  964  ", "964"),
        ("-0", "0"),
        ("", "0"),  # an empty cell is 0 kr
        ("9 999 999 999 999,99", "9999999999999.99"),
    ],
)
def test_parse_amount_reads_swedish_formats_exactly(text, expected):
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,3,4", "”12,3,4” är inget belopp."),
        ("12a", "”12a” är inget belopp."),
        ("tolv", "”tolv” är inget belopp."),
        ("12 34", "”12 34” är inget belopp: mellanrummen ska skilja tusental"),
        ("1 2345", "”1 2345” är inget belopp: mellanrummen ska skilja tusental"),
        ("1 234,5 6", "mellanrum i decimalerna"),
        ("1,234", "”1,234” har fler än två decimaler (öre)."),
        ("1.234", "”1.234” är tvetydigt"),
        ("1.234.567", "”1.234.567” är inget belopp."),
        ("--5", "”--5” är inget belopp."),
        ("-", "”-” är inget belopp."),
        ("10 000 000 000 000", "är ett för stort belopp."),
    ],
)
def test_parse_amount_refuses_malformed_amounts_with_a_reason(text, message):
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "value", ["#DIVISION/0!", "#DIV/0!", "#VÄRDEFEL!", "#VALUE!", "#REF!", "#N/A", "#SAKNAS!", "#NAMN?", "#NAME?"]
)
def test_excel_error_values_are_refused_as_such(value):
    with pytest.raises(AmountError) as raised:
        parse_amount(value)
    assert str(raised.value) == f"Excel-felvärde ”{value}” i stället för ett belopp."


MINUSES = ["-", "\u2212", "\u2013"]
SEPARATORS = [" ", "\u00a0", "\u202f", "\u2009"]


@st.composite
def written_amounts(draw):
    """A Decimal with at most two decimals and the way a Swedish export might write it."""
    value = draw(
        st.decimals(
            min_value=Decimal("-9999999999999.99"),
            max_value=Decimal("9999999999999.99"),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    whole, _, fraction = format(abs(value), "f").partition(".")
    if draw(st.booleans()):  # grouped in threes, each gap any of the separators
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        text = whole
        for group in groups:
            text += draw(st.sampled_from(SEPARATORS)) + group
    else:
        text = whole
    fraction = fraction.rstrip("0") if draw(st.booleans()) else fraction
    if fraction:
        text += draw(st.sampled_from([",", "."])) + fraction
    elif draw(st.booleans()):
        text += ",00"
    if value < 0:
        text = draw(st.sampled_from(MINUSES)) + draw(st.sampled_from(["", " "])) + text
    elif draw(st.booleans()):
        text = "+" + text
    if draw(st.booleans()):
        text += " kr"
    return value, text


@given(written_amounts())
@example((Decimal("-3170000"), "−3\u202f170\u202f000"))
@example((Decimal("0.05"), "0,05"))
def test_any_amount_written_in_an_accepted_swedish_format_parses_back_exactly(case):
    value, text = case
    assert parse_amount(text) == value


# --- files --------------------------------------------------------------------------------------------------------


def test_semicolon_csv_with_bom_is_read(codes):
    content = "\ufeff".encode() + csv_bytes(
        HEADER, "2021;KLC;Kansli Centerpartiet;5;-4 134 000;-3 170 000", "2020;KLC;;5;;-3 495 000"
    )
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert parsed.kind == "csv"
    assert parsed.row_count == 2
    assert amounts(parsed, codes) == {
        (2021, "KLC", "5"): (Decimal(-4134000), Decimal(-3170000)),
        (2020, "KLC", "5"): (Decimal(0), Decimal(-3495000)),  # the empty budget is 0 kr
    }


def test_comma_csv_without_bom_with_quoted_decimal_commas_is_read(codes):
    content = csv_bytes("År,Ansvar,Kontogrupp,Budget,Utfall", '2021,KLC,4,"-1 234,50",-12', '2021,KLC,3,1000.25,"2,5"')
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert amounts(parsed, codes) == {
        (2021, "KLC", "4"): (Decimal("-1234.50"), Decimal(-12)),
        (2021, "KLC", "3"): (Decimal("1000.25"), Decimal("2.5")),
    }


def test_windows_1252_csv_with_swedish_letters_is_read(codes):
    content = csv_bytes(
        HEADER,
        "2021;KLFÖ;Kommunledn Fördelning;7;0;0",
        "2021;ÖVA;Valnämnden;5;–1\u00a0000;-900",  # en dash and no-break space exist in Windows-1252
        encoding="cp1252",
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert amounts(parsed, codes) == {
        (2021, "KLFÖ", "7"): (Decimal(0), Decimal(0)),
        (2021, "ÖVA", "5"): (Decimal(-1000), Decimal(-900)),
    }


def test_xlsx_with_numeric_and_text_cells_is_read(codes):
    content = xlsx_bytes(
        ["År", "Ansvar", "Ansvarsbenämning", "Kontogrupp", "Budget", "Utfall"],
        [2021, "KLC", "Kansli Centerpartiet", 5, -4134000, -3170000.5],
        [2021.0, "KLFÖ", None, 3.0, "-1 234,50", None],
        ["2020", "ÖVA", "Valnämnden", "6a", 0.1 + 0.2, "−12"],
    )
    parsed = parse_ledger(content)
    assert parsed.ok, parsed.messages()
    assert parsed.kind == "xlsx"
    assert amounts(parsed, codes) == {
        (2021, "KLC", "5"): (Decimal(-4134000), Decimal("-3170000.5")),
        (2021, "KLFÖ", "3"): (Decimal("-1234.50"), Decimal(0)),
        (2020, "ÖVA", "6A"): (Decimal("0.30"), Decimal(-12)),  # 0.30000000000000004 is float noise
    }


def test_xlsx_error_cells_and_too_precise_numbers_name_row_and_column(codes):
    content = xlsx_bytes(
        ["År", "Ansvar", "Kontogrupp", "Budget", "Utfall"],
        [2021, "KLC", "5", "#DIV/0!", 1],
        [2021, "KLC", "4", 1.234, 1],
    )
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        "Rad 2, kolumn Budget: Excel-felvärde ”#DIV/0!” i stället för ett belopp.",
        "Rad 3, kolumn Budget: ”1,234” har fler än två decimaler (öre).",
    ]


@pytest.mark.parametrize(
    "header",
    [
        "år;ansvar;kontogrupp;budget;utfall",
        " ÅR ; Ansvar ;KONTOGRUPP; Budget;Utfall ",
        "Utfall;Budget;Kontogrupp;Ansvarsbenämning;Ansvar;År",
        "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall;Kommentar",
    ],
)
def test_header_is_case_insensitive_in_any_order_with_optional_name(codes, header):
    names = [name.strip().casefold() for name in header.split(";")]
    values = {"år": "2021", "ansvar": "KLC", "ansvarsbenämning": "x", "kontogrupp": "5", "budget": "-2", "utfall": "-1"}
    row = ";".join(values.get(name, "anything") for name in names)
    parsed = parse_ledger(csv_bytes(header, row))
    assert parsed.ok, parsed.messages()
    assert amounts(parsed, codes) == {(2021, "KLC", "5"): (Decimal(-2), Decimal(-1))}


def test_wrong_header_names_what_is_missing_and_what_was_found_and_how_the_file_was_read(codes):
    parsed = parse_ledger(csv_bytes("År;Ansvar;Konto;Belopp", "2021;KLC;5;12"))
    assert not parsed.ok
    assert parsed.messages() == [
        "Filen lästes som UTF-8 med semikolon som avgränsare, men rubrikraden (rad 1) saknar kolumnerna Kontogrupp, "
        "Budget och Utfall. Den ska vara År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall (Ansvarsbenämning får "
        "utelämnas, ordningen är fri). Hittade: År; Ansvar; Konto; Belopp."
    ]


def test_data_instead_of_a_header_is_a_wrong_header(codes):
    (message,) = parse_ledger(csv_bytes("2021;KLC;5;-4134000;-3170000")).messages()
    assert message.startswith(
        "Filen lästes som UTF-8 med semikolon som avgränsare, men rubrikraden (rad 1) saknar kolumnerna År, Ansvar, "
        "Kontogrupp, Budget och Utfall."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, "Filen går inte att läsa som text (provade UTF-16, UTF-8 och Windows-1252) eller som Excel (xlsx)."),
        (
            os.urandom(4096) + b"\x00",
            "Filen går inte att läsa som text (provade UTF-16, UTF-8 och Windows-1252) eller som Excel (xlsx).",
        ),
        (
            b"\xff\xfe\x00\xd8",  # UTF-16's mark, then half a surrogate pair
            "Filen går inte att läsa som text (provade UTF-16, UTF-8 och Windows-1252) eller som Excel (xlsx).",
        ),
        (
            b"PK\x03\x04 not really a zip file",
            "Filen går inte att läsa som Excel (xlsx): den är skadad eller ingen Excel-arbetsbok.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old",
            "Filen går inte att läsa: gamla Excel-filer (.xls) behöver sparas som .xlsx eller CSV först.",
        ),
    ],
    ids=["png", "random", "broken-utf-16", "broken-zip", "old-xls"],
)
def test_garbage_bytes_are_not_read(codes, content, message):
    assert parse_ledger(content).messages() == [message]


@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf", b"\r\n \r\n", b";;;;\r\n"], ids=["0", "bom", "blank", "semi"]
)
def test_empty_file_has_its_own_message(codes, content):
    assert parse_ledger(content).messages() == ["Filen är tom."]


def test_header_without_rows_has_its_own_message(codes):
    assert parse_ledger(csv_bytes(HEADER, "", ";;;;;")).messages() == [
        "Filen har bara en rubrikrad och inga rader med belopp."
    ]


def test_each_error_names_row_and_column(codes):
    content = csv_bytes(
        HEADER,
        "2021;KLC;;5;-1;-1",
        "",  # a blank row is skipped but still counted, as the spreadsheet numbers rows
        "21;KLC;;5;-1;-1",
        "2021;XYZ;;5;-1;-1",
        "2021;KLC;;8;-1;-1",
        "2021;KLC;;5;12,3,4;-1",
        "2021;KLC;;5;-1;#DIVISION/0!",
        "2021;;;;-1;-1",
    )
    parsed = parse_ledger(content)
    assert parsed.messages() == [
        "Rad 4, kolumn År: ”21” är inget år (fyra siffror, t.ex. 2021).",
        "Rad 5, kolumn Ansvar: okänt ansvar ”XYZ”. Ett nytt ansvar läggs upp av enhetens controller under "
        "Ekonomi → Ansvar.",
        "Rad 6, kolumn Kontogrupp: okänd kontogrupp ”8” (giltiga: 3, 4, 5, 6A, 6B, 7).",
        "Rad 7, kolumn Budget: ”12,3,4” är inget belopp.",
        "Rad 8, kolumn Utfall: Excel-felvärde ”#DIVISION/0!” i stället för ett belopp.",
        "Rad 9, kolumn Ansvar: ansvar saknas.",
        "Rad 9, kolumn Kontogrupp: kontogrupp saknas.",
    ]


def test_lines_with_same_year_code_and_group_are_summed(codes):
    content = csv_bytes(HEADER, "2021;KLC;;5;-100;-60", "2021;klc;;5;-50,50;-40", "2021;KLC;;4;-1;-1")
    parsed = parse_ledger(content)
    assert parsed.row_count == 3
    assert amounts(parsed, codes) == {
        (2021, "KLC", "5"): (Decimal("-150.50"), Decimal(-100)),
        (2021, "KLC", "4"): (Decimal(-1), Decimal(-1)),
    }
    assert parsed.first_row == {(2021, codes["KLC"].pk): 2}


def test_many_errors_are_capped_with_a_count_of_the_rest(codes):
    rows = [f"2021;KLC;;5;x{n};1" for n in range(60)]
    messages = parse_ledger(csv_bytes(HEADER, *rows)).messages()
    assert len(messages) == 51
    assert messages[0] == "Rad 2, kolumn Budget: ”x0” är inget belopp."
    assert messages[-1] == "… och 10 fel till."


def test_digest_changes_with_any_amount(codes):
    first = parse_ledger(csv_bytes(HEADER, "2021;KLC;;5;-1;-1")).digest()
    assert first == parse_ledger(csv_bytes(HEADER, "2021;KLC;;5;-1,00;−1")).digest()
    assert first != parse_ledger(csv_bytes(HEADER, "2021;KLC;;5;-1;-1,01")).digest()
