"""Reading the CSV files people export from Excel and Swedish finance systems (and Excel's tab-separated "Unicode
text"): one decoder and one separator rule for every importer, so they all accept (and refuse) the same files."""

import re

# Text files hold tabs and line breaks; other control characters mean the bytes are not text (a PDF, an image …).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes are not a text file in UTF-16 (with its byte order mark), UTF-8 or Windows-1252."""


# The encodings tried, by the names messages give them.
UTF_16, UTF_8, WINDOWS_1252 = "UTF-16", "UTF-8", "Windows-1252"
_UTF_16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # little-endian (Excel's "Unicode text"), big-endian

# The separators a header line is searched for, the first winning a tie.
DELIMITERS = (";", ",", "\t")


def decode_text(content: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-16 when it starts with a byte order mark (Excel's "Unicode text"),
    else UTF-8 with or without BOM, else Windows-1252 (what Excel on Swedish Windows saves). Never silently replaced:
    raises NotText for bytes that are none of these, or hold control characters other than tab and line breaks."""
    if content.startswith(_UTF_16_BOMS):
        try:
            text, encoding = content.decode("utf-16"), UTF_16  # the BOM decides the byte order and is dropped
        except UnicodeDecodeError as error:  # an odd length or a lone surrogate
            raise NotText from error
    else:
        try:
            text, encoding = content.decode("utf-8-sig"), UTF_8
        except UnicodeDecodeError:
            try:
                text, encoding = content.decode("cp1252"), WINDOWS_1252
            except UnicodeDecodeError as error:  # bytes cp1252 leaves undefined (0x81, 0x8D …): not text
                raise NotText from error
    if _CONTROL.search(text):
        raise NotText
    return text, encoding


def decode_csv(content: bytes) -> str:
    """The text of a CSV file (see `decode_text`)."""
    return decode_text(content)[0]


def line_delimiter(line: str) -> str:
    """The separator of one line: the most frequent of `;` (Swedish Excel), `,` and tab; `;` when there is none."""
    return max(DELIMITERS, key=line.count)  # max keeps the first of equals, so `;` wins a tie


def csv_delimiter(text: str) -> str:
    """The separator of a CSV file as its first non-blank line, the header, shows (see `line_delimiter`)."""
    return line_delimiter(next((line for line in text.splitlines() if line.strip()), ""))


# What Excel and LibreOffice read as the start of a formula, or of a cell they would trim into one (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, a leading tab or CR)
    gets an apostrophe in front, so it is shown as the text it is. Numbers, dates and None pass unchanged: only text
    that people wrote can carry a formula, and a negative amount must stay a number. Every CSV and XLSX the portal
    writes passes its text cells through this."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
