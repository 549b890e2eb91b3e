"""One reading of amounts: any text the budget grid accepts, the ledger import reads to the same value, and the
reverse; any text one refuses, the other refuses with the same message. Only an empty cell differs: no figure in the
grid, 0 kr in an imported file."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from budget.forms import KronorField
from budget.importing import parse_ledger

CODES = {"KLC": 1}
GROUPS = {"5": 1}
DIGITS = "0123456789"
# Between thousands: the four accepted spaces, and what people also type (none, a point, a comma, an apostrophe).
GAPS = ["", " ", "\u00a0", "\u202f", "\u2009", ".", ",", "'", "  "]
SIGNS = ["", "+", "-", "\u2212", "\u2013", "- ", "\u2212 ", "--", "+-", "(", "\u2014"]
SUFFIXES = ["", " kr", "kr", " kr.", " KR", "Kr", " %", "-", " sek", ")"]


@st.composite
def written_amounts(draw) -> str:
    """Texts built like amounts: a sign, digits in groups with gaps, a decimal separator and decimals, a unit,
    spaces around — valid and not."""
    groups = draw(st.lists(st.text(DIGITS, min_size=1, max_size=4), min_size=1, max_size=6))
    whole = groups[0] + "".join(draw(st.sampled_from(GAPS)) + group for group in groups[1:])
    point = draw(st.sampled_from(["", ",", ".", ", ", ".."]))
    fraction = draw(st.text(DIGITS, min_size=1, max_size=5)) if point else ""
    if point and draw(st.booleans()):
        fraction = fraction[:1] + draw(st.sampled_from(GAPS)) + fraction[1:]
    pad = draw(st.sampled_from(["", " ", "\u00a0"]))
    return pad + draw(st.sampled_from(SIGNS)) + whole + point + fraction + draw(st.sampled_from(SUFFIXES)) + pad


@st.composite
def well_written_amounts(draw) -> str:
    """Texts built like accepted amounts, so that many are: thousands in threes, a comma or a point, a minus."""
    whole = str(draw(st.integers(min_value=0, max_value=10**14)))
    if draw(st.booleans()):
        head, whole = whole[: len(whole) % 3 or 3], whole[len(whole) % 3 or 3 :]
        gaps = [" ", "\u00a0", "\u202f", "\u2009"]
        whole = head + "".join(draw(st.sampled_from(gaps)) + whole[i : i + 3] for i in range(0, len(whole), 3))
    point = draw(st.sampled_from(["", ",", ",", "."]))
    fraction = draw(st.text(DIGITS, min_size=1, max_size=4)) if point else ""
    sign = draw(st.sampled_from(["", "-", "\u2212", "\u2013", "+", "\u2212 "]))
    return sign + whole + point + fraction + draw(st.sampled_from(["", " kr", "kr"]))


# Any text a person could type or a file could hold in a cell (control characters are refused before either reads).
any_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
excel_errors = st.sampled_from(["#DIVISION/0!", "#DIV/0!", "#VÄRDEFEL!", "#SAKNAS!", "#N/A", "#REF!"])


def grid(text: str) -> tuple[str, Decimal | str | None]:
    """What the grid makes of a typed cell: ("value", amount or None) or ("refused", the message shown)."""
    try:
        return "value", KronorField().clean(text)
    except ValidationError as error:
        (message,) = error.messages
        return "refused", message


def importer(text: str) -> tuple[str, Decimal | str]:
    """What the import makes of the same text as the Utfall cell of a CSV file: ("value", amount) or ("refused",
    the message without its "Rad 2, kolumn Utfall: ")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([["År", "Ansvar", "Kontogrupp", "Budget", "Utfall"], ["2025", "KLC", "5", "0", text]])
    parsed = parse_ledger(buffer.getvalue().encode(), codes=CODES, groups=GROUPS)
    if parsed.ok:
        ((_budget, outcome),) = parsed.lines.values()
        return "value", outcome
    (message,) = parsed.messages()
    prefix = "Rad 2, kolumn Utfall: "
    assert message.startswith(prefix), message
    return "refused", message.removeprefix(prefix)


@settings(max_examples=400)
@given(st.one_of(well_written_amounts(), written_amounts(), any_text, excel_errors))
@example("1.500")
@example("1.234,50")
@example("1 234.56")
@example("-0")
@example("  ")
@example("9 999 999 999 999,99")
@example("10 000 000 000 000")
@example("1,5000")
@example("12 kr.")
def test_the_grid_and_the_import_read_every_text_alike(text):
    by_grid, by_import = grid(text), importer(text)
    if by_grid == ("value", None):  # the one difference: an empty cell is no figure in the grid, 0 kr in a file
        assert by_import == ("value", Decimal(0))
    else:
        assert by_import == by_grid
        if by_grid[0] == "value":
            assert str(by_import[1]) == str(by_grid[1])  # the same Decimal, digits and all


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.500", "”1.500” är tvetydigt: skriv decimaler med komma (1 234,56) och tusental med mellanslag."),
        ("1.234", "”1.234” är tvetydigt: skriv decimaler med komma (1 234,56) och tusental med mellanslag."),
        ("#DIVISION/0!", "Excel-felvärde ”#DIVISION/0!” i stället för ett belopp."),
        ("3,175", "”3,175” har fler än två decimaler (öre)."),
        ("12 34", "”12 34” är inget belopp: mellanrummen ska skilja tusental, tre siffror i varje grupp (1 234 567)."),
    ],
)
def test_the_grid_refuses_what_the_import_refuses_with_its_words(text, message):
    assert grid(text) == ("refused", message)
    assert importer(text) == ("refused", message)


def test_a_point_with_one_or_two_decimals_is_a_decimal_point_in_both():
    assert grid("1.5") == importer("1.5") == ("value", Decimal("1.5"))
    assert grid("1 234.56") == importer("1 234.56") == ("value", Decimal("1234.56"))
