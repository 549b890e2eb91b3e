"""Reading text files people export: the encodings and separators every importer accepts."""

import pytest

from orebro_portal.lib.spreadsheets import NotText, csv_delimiter, decode_csv, decode_text


@pytest.mark.parametrize(
    ("content", "text", "encoding"),
    [
        ("Kön;Värde".encode(), "Kön;Värde", "UTF-8"),
        ("\ufeffKön;Värde".encode(), "Kön;Värde", "UTF-8"),
        ("Kön;Värde".encode("cp1252"), "Kön;Värde", "Windows-1252"),
        ("Kön\tVärde\r\n".encode("utf-16"), "Kön\tVärde\r\n", "UTF-16"),  # Excel's "Unicode text": LE with BOM
        (b"\xfe\xff" + "Kön\tVärde".encode("utf-16-be"), "Kön\tVärde", "UTF-16"),
    ],
)
def test_text_is_decoded_and_its_encoding_named(content, text, encoding):
    assert decode_text(content) == (text, encoding)
    assert decode_csv(content) == text


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00", b"Indikator;\x81\x8d", b"\xff\xfeK\x00\x00\xd8", "a\x00b".encode("utf-16")],
    ids=["png", "undefined-in-cp1252", "lone-surrogate", "nul-in-utf-16"],
)
def test_bytes_that_are_not_text_are_refused(content):
    with pytest.raises(NotText):
        decode_text(content)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Indikator;År;Kön;Värde\r\n", ";"),
        ("Indikator,År,Kön,Värde\r\n", ","),
        ("Indikator\tÅr\tKön\tVärde\r\n", "\t"),
        ("\r\nÅr;Ansvar, namn;Budget\r\n", ";"),  # the first non-blank line decides
        ("Värde\r\n", ";"),
    ],
)
def test_the_separator_is_the_header_lines(text, delimiter):
    assert csv_delimiter(text) == delimiter
