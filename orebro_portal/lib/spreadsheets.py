"""Reading the CSV files people export from Excel and Swedish finance systems: one decoder and one separator rule
for every importer, so they all accept (and refuse) the same files."""

import re

# Text files hold tabs and line breaks; other control characters mean the bytes are not text (a PDF, an image …).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes are not a text file in UTF-8 or Windows-1252."""


def decode_csv(content: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (what Excel on Swedish Windows saves); never silently replaced."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:  # bytes cp1252 leaves undefined (0x81, 0x8D …): not text
            raise NotText from error
    if _CONTROL.search(text):
        raise NotText
    return text


def csv_delimiter(text: str) -> str:
    """`;` (Swedish Excel) or `,`, as the first non-blank line, the header, shows."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") >= header.count(",") else ","


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
