import datetime as dt

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.masking import (
    IDENTITY_LABEL,
    MANUAL_LABEL,
    MaskKind,
    Segment,
    find_identity_numbers,
    is_identity_number,
    original_text,
    public_text,
    segments,
    unclosed_markers,
)

IDENTITY = "[personnummer maskerat]"
MANUAL = "[personuppgift maskerad]"


def luhn_digit(nine_digits: str) -> str:
    """The check digit for a number's first nine digits, worked out here rather than by the code under test."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def luhn_ok(ten_digits: str) -> bool:
    return luhn_digit(ten_digits[:9]) == ten_digits[9]


def notations(century: str, yymmdd: str, serial: str) -> list[str]:
    """Every common way to write one number; `serial` is the last four digits."""
    return [
        f"{century}{yymmdd}-{serial}",
        f"{century}{yymmdd}{serial}",
        f"{century}{yymmdd} {serial}",
        f"{yymmdd}-{serial}",
        f"{yymmdd}+{serial}",
        f"{yymmdd}{serial}",
        f"{yymmdd} {serial}",
    ]


def with_wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def render(template: str, text: str) -> str:
    return Template("{% load masking %}" + template).render(Context({"text": text}))


@pytest.mark.parametrize("digits", ["8112189876", "7010632391", "8507099805"])
def test_the_numbers_used_here_pass_luhn(digits):
    assert luhn_ok(digits)


def test_the_labels_are_swedish():
    assert str(IDENTITY_LABEL) == IDENTITY
    assert str(MANUAL_LABEL) == MANUAL


@pytest.mark.parametrize(
    "number",
    [
        "811218-9876",
        "811218+9876",  # 100 years or older
        "8112189876",
        "811218 9876",
        "19811218-9876",
        "198112189876",
        "19811218 9876",
        "701063-2391",  # samordningsnummer: 3 October 1970, day + 60
        "19701063-2391",
        "197010632391",
        "811218\u20139876",  # Word turns the hyphen into an en dash
        "811218\u00a09876",
    ],
)
def test_valid_numbers_in_every_notation_are_masked(number):
    assert is_identity_number(number)
    assert public_text(f"Klagande: {number}.") == f"Klagande: {IDENTITY}."


@pytest.mark.parametrize(
    "number",
    [
        "811218-9877",  # check digit off by one
        "19811218-9875",
        "8112189870",
        "701063-2392",
        "212000-1967",  # Örebro kommuns organisationsnummer: Luhn passes, but there is no month 20
        "811318-9876",  # month 13
        "811200-9876",  # day 0
        "811232-9876",  # day 32
        "811292-9876",  # samordningsnummer day 92
        "810231-9876",  # 31 February
        "19811218+9876",  # "+" belongs to the 10-digit form only
        "21811218-9876",  # no 22nd century yet
    ],
)
def test_invalid_numbers_stay_visible(number):
    assert not is_identity_number(number)
    assert public_text(f"Klagande: {number}.") == f"Klagande: {number}."


def test_29_february_needs_a_leap_year_unless_the_century_is_left_out():
    nine = "000229123"
    number = nine + luhn_digit(nine)
    assert is_identity_number(f"20{number[:6]}-{number[6:]}")
    assert not is_identity_number(f"19{number[:6]}-{number[6:]}")  # 1900 was no leap year
    assert is_identity_number(f"{number[:6]}-{number[6:]}")  # could be 2000


BIRTH_DATES = [
    dt.date(1923, 1, 1),
    dt.date(1958, 2, 28),
    dt.date(1981, 12, 18),
    dt.date(2000, 2, 29),
    dt.date(2012, 7, 31),
]
SERIALS = ["001", "238", "550", "987"]


def generated_numbers():
    """(valid number, the same with a wrong check digit) in every notation, personnummer and samordningsnummer."""
    for born in BIRTH_DATES:
        for day_offset in (0, 60):
            yymmdd = f"{born:%y%m}{born.day + day_offset:02d}"
            for serial in SERIALS:
                check = luhn_digit(yymmdd + serial)
                for number in notations(f"{born:%Y}"[:2], yymmdd, serial + check):
                    yield number, with_wrong_check_digit(number)


def test_generated_numbers_in_every_notation_leave_no_digit_behind():
    count = 0
    for number, wrong in generated_numbers():
        text = f"Yttrande från {number}, inkommet i tid."
        published = public_text(text)
        assert published == f"Yttrande från {IDENTITY}, inkommet i tid.", number
        assert not any(char.isdigit() for char in published), number
        assert public_text(f"Yttrande från {wrong}, inkommet i tid.") == f"Yttrande från {wrong}, inkommet i tid."
        assert find_identity_numbers(text) == [(len("Yttrande från "), len("Yttrande från ") + len(number))]
        count += 1
    assert count == len(BIRTH_DATES) * 2 * len(SERIALS) * 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(811218-9876)", f"({IDENTITY})"),
        ("»811218-9876«", f"»{IDENTITY}«"),
        ('"8112189876"', f'"{IDENTITY}"'),
        ("811218-9876, 701063-2391 och 19811218 9876.", f"{IDENTITY}, {IDENTITY} och {IDENTITY}."),
        ("811218-9876\n701063-2391", f"{IDENTITY}\n{IDENTITY}"),
        ("811218-9876 701063-2391", f"{IDENTITY} {IDENTITY}"),  # a list, not one long digit sequence
        ("pnr:811218-9876", f"pnr:{IDENTITY}"),
        ("Nordea personkonto 3300 811218-9876", f"Nordea personkonto 3300 {IDENTITY}"),  # the account is the number
        ("Konto 3300-8112189876.", f"Konto 3300-{IDENTITY}."),
    ],
)
def test_punctuation_around_a_number_does_not_hide_it(text, expected):
    assert public_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "08112189876",
        "81121898761",
        "0811218-9876",
        "811218-98761",
        "1234567890123",
        "0701234567890",
        "nr811218-9876",
        "811218-9876a",
        "Konto 8327-9,811218 9876",
        "IBAN SE45 5000 0000 0583 9825 7466",
        "8112189876,50 kronor",  # a decimal amount
        "7.811218-9876",
    ],
)
def test_digits_inside_a_longer_sequence_are_not_masked(text):
    assert find_identity_numbers(text) == []
    assert public_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Bilaga 2 811218-9876",
        "sökande nr 3 811218-9876",
        "Konto 3301 811218-9876",
        "Konto 8327-9 811218 9876",
        "Konto 3300 811218-9876 0",
    ],
)
def test_a_number_next_to_other_digits_across_a_space_is_masked(text):
    """Privacy first: a space does not join digit groups, so a valid number after "Bilaga 2" is masked."""
    assert "811218" not in public_text(text)
    assert "9876" not in public_text(text)


def test_a_paragraph_full_of_other_numbers_comes_out_unchanged():
    text = (
        "§ 112 Delårsrapport per den 30 april 2024, Ks 181/2022 och KS 2024/123\n\n"
        "Sammanträdet den 2024-06-03 (3 juni 2024, dokument 20240603) började kl. 14.15 och avslutades kl. 16.40. "
        "Kommunstyrelsen redovisar ett underskott på 12 417 tkr mot budget, varav −3 170 tkr avser "
        "vård och omsorg; investeringar om 1 234 567 kronor och 4 500 000 kronor skjuts till 2025. "
        "Beslutet gäller från 2024-07-01 till 2025-06-30.\n\n"
        "Upplysningar: Örebro kommun (212000-1967), 701 35 Örebro, telefon 019-21 10 00 eller 019-21 21 21, "
        "mobil 070-123 45 67, bankgiro 5050-1055, IBAN SE45 5000 0000 0583 9825 7466.\n"
        "- Protokollet justeras 2024-06-05.\n"
        "- Överklagande ska ha kommit in senast 2024-06-27, se § 5 och 13 kap. 5 § KL (2017:725)."
    )
    assert find_identity_numbers(text) == []
    assert segments(text) == [Segment(text, None)]
    assert public_text(text) == text
    assert original_text(text) == text


def test_a_manual_marker_hides_its_whole_content():
    text = "Synpunkt från [[Anna Andersson, Storgatan 1, 019-12 34 56]] om bygglovet."
    assert public_text(text) == f"Synpunkt från {MANUAL} om bygglovet."
    assert original_text(text) == "Synpunkt från Anna Andersson, Storgatan 1, 019-12 34 56 om bygglovet."
    assert segments(text) == [
        Segment("Synpunkt från ", None),
        Segment("Anna Andersson, Storgatan 1, 019-12 34 56", MaskKind.MANUAL),
        Segment(" om bygglovet.", None),
    ]
    assert unclosed_markers(text) == 0


def test_a_marker_may_span_lines_and_swallows_the_numbers_inside_it():
    text = "Klagande:\n[[Anna Andersson\n811218-9876\nanna@example.se]]\nBifall."
    assert segments(text) == [
        Segment("Klagande:\n", None),
        Segment("Anna Andersson\n811218-9876\nanna@example.se", MaskKind.MANUAL),
        Segment("\nBifall.", None),
    ]
    assert public_text(text) == f"Klagande:\n{MANUAL}\nBifall."


def test_numbers_and_markers_mix():
    text = "[[Bo Ek]] (811218-9876) och [[Eva Ek]] (19701063-2391) yrkar avslag."
    assert segments(text) == [
        Segment("Bo Ek", MaskKind.MANUAL),
        Segment(" (", None),
        Segment("811218-9876", MaskKind.IDENTITY),
        Segment(") och ", None),
        Segment("Eva Ek", MaskKind.MANUAL),
        Segment(" (", None),
        Segment("19701063-2391", MaskKind.IDENTITY),
        Segment(") yrkar avslag.", None),
    ]
    assert public_text(text) == f"{MANUAL} ({IDENTITY}) och {MANUAL} ({IDENTITY}) yrkar avslag."
    assert original_text(text) == "Bo Ek (811218-9876) och Eva Ek (19701063-2391) yrkar avslag."


def test_markers_do_not_nest_the_first_closing_bracket_ends_the_span():
    text = "[[Anna [[Bo]] Ceder]] yrkar."
    assert segments(text)[0] == Segment("Anna [[Bo", MaskKind.MANUAL)
    assert public_text(text) == f"{MANUAL} Ceder]] yrkar."
    assert unclosed_markers(text) == 0


@pytest.mark.parametrize(
    ("text", "unclosed"),
    [
        ("Inga markeringar alls.", 0),
        ("[[Anna]] och [[Bo]]", 0),
        ("[[Anna Andersson yrkar bifall.", 1),
        ("[[Anna]] och [[Bo och [[Ceder", 2),
        ("Bara ]] stängande.", 0),
    ],
)
def test_unclosed_markers_are_counted(text, unclosed):
    assert unclosed_markers(text) == unclosed


def test_an_unclosed_marker_stays_literal_text_and_numbers_after_it_are_still_masked():
    text = "[[Anna Andersson 811218-9876 yrkar bifall."
    assert public_text(text) == f"[[Anna Andersson {IDENTITY} yrkar bifall."
    assert original_text(text) == text


def test_an_empty_marker_hides_nothing_and_publishes_nothing():
    assert segments("Före[[]]efter") == [Segment("Före", None), Segment("efter", None)]
    assert public_text("Före[[]]efter") == "Föreefter"


MASKED_CASES = [
    # (text, what must not be published, expected public text)
    ("811218-9876", ["811218", "9876"], IDENTITY),
    ("Sökande [[Anna Andersson]], Vasagatan 16", ["Anna", "Andersson"], f"Sökande {MANUAL}, Vasagatan 16"),
    ("[[anna.andersson@example.se]]", ["anna", "@", "example"], MANUAL),
    (
        "Telefon [[070-123 45 67]], personnummer 19811218 9876.",
        ["070", "123", "45", "67", "1981", "1218", "9876"],
        f"Telefon {MANUAL}, personnummer {IDENTITY}.",
    ),
    ("[[Anna\n\nAndersson]]", ["Anna", "Andersson", "\n"], MANUAL),
    ("[[Bo]][[Ek]]811218+9876", ["Bo", "Ek", "8", "9"], f"{MANUAL}{MANUAL}{IDENTITY}"),
]


@pytest.mark.parametrize(("text", "secrets", "expected"), MASKED_CASES)
def test_the_public_text_keeps_nothing_of_a_masked_span(text, secrets, expected):
    published = public_text(text)
    assert published == expected
    for secret in secrets:
        assert secret not in published


# Template filters


def test_public_html_escapes_builds_paragraphs_and_lists_and_hides_the_spans():
    text = (
        "Yttrande från [[Anna <Andersson>]] & 811218-9876.\nInkom i tid.\n\n"
        "Yrkanden:\n- bifall från [[Bo Ek]]\n- avslag\n\n<script>alert(1)</script>"
    )
    html = render("{{ text|public_html }}", text)
    assert html == (
        '<p>Yttrande från <span class="masked masked--manual">[personuppgift maskerad]</span> &amp; '
        '<span class="masked masked--identity">[personnummer maskerat]</span>.<br>Inkom i tid.</p>\n'
        "<p>Yrkanden:</p>\n"
        '<ul><li>bifall från <span class="masked masked--manual">[personuppgift maskerad]</span></li>'
        "<li>avslag</li></ul>\n"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    for secret in ("Anna", "Andersson", "811218", "9876", "Bo Ek"):
        assert secret not in html


def test_public_html_keeps_a_manual_span_over_a_blank_line_in_one_place():
    html = render("{{ text|public_html }}", "Klagande: [[Anna Andersson\n\nStorgatan 1]] yrkar.")
    assert html == '<p>Klagande: <span class="masked masked--manual">[personuppgift maskerad]</span> yrkar.</p>'


def test_public_html_escapes_markup_inside_a_marker_away_with_the_content():
    html = render("{{ text|public_html }}", "[[<b>x</b>]]")
    assert html == '<p><span class="masked masked--manual">[personuppgift maskerad]</span></p>'


def test_preview_html_shows_the_original_with_each_span_highlighted():
    text = "Yttrande från [[Anna Andersson]], 850709-9805.\n\n- [[Bo Ek]] yrkar bifall"
    html = render("{{ text|preview_html }}", text)
    assert html == (
        '<p>Yttrande från <mark class="mask mask--manual" title="Maskeras: markerad av sekreteraren">'
        'Anna Andersson</mark>, <mark class="mask mask--identity" title="Maskeras: personnummer">850709-9805</mark>.'
        "</p>\n"
        '<ul><li><mark class="mask mask--manual" title="Maskeras: markerad av sekreteraren">Bo Ek</mark>'
        " yrkar bifall</li></ul>"
    )


def test_preview_html_escapes_everything():
    html = render("{{ text|preview_html }}", "<script>alert(1)</script> [[<b>x</b>]]")
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; "
        '<mark class="mask mask--manual" title="Maskeras: markerad av sekreteraren">&lt;b&gt;x&lt;/b&gt;</mark></p>'
    )
    assert "<b>" not in html
    assert "<script>" not in html


def test_preview_html_marks_each_line_of_a_span_over_several_lines():
    html = render("{{ text|preview_html }}", "Klagande: [[Anna Andersson\nStorgatan 1\n\n701 35 Örebro]] yrkar.")
    mark = '<mark class="mask mask--manual" title="Maskeras: markerad av sekreteraren">'
    assert html == (
        f"<p>Klagande: {mark}Anna Andersson</mark><br>{mark}Storgatan 1</mark></p>\n"
        f"<p>{mark}701 35 Örebro</mark> yrkar.</p>"
    )


def test_text_that_looks_like_a_placeholder_is_not_taken_for_one():
    html = render("{{ text|public_html }}", "Före \ue0000\ue001 efter [[Anna]]")
    assert html == '<p>Före 0 efter <span class="masked masked--manual">[personuppgift maskerad]</span></p>'


def test_original_html_removes_markers_and_highlights_nothing():
    text = "Yttrande från [[Anna <Andersson>]], 811218-9876.\n\n- bifall\n- avslag"
    html = render("{{ text|original_html }}", text)
    assert html == (
        "<p>Yttrande från Anna &lt;Andersson&gt;, 811218-9876.</p>\n<ul><li>bifall</li><li>avslag</li></ul>"
    )


@pytest.mark.parametrize("filter_name", ["public_html", "preview_html", "original_html"])
def test_filters_accept_no_text(filter_name):
    assert render(f"{{{{ text|{filter_name} }}}}", None) == ""
    assert render(f"{{{{ text|{filter_name} }}}}", "") == ""


@pytest.mark.parametrize("filter_name", ["public_html", "preview_html", "original_html"])
def test_filters_give_the_same_html_as_plain_text_when_nothing_is_masked(filter_name):
    text = "Första stycket, kl. 14.15.\nAndra raden.\n\n- en punkt\n- två\n\n<i>slut</i>"
    assert render(f"{{{{ text|{filter_name} }}}}", text) == render("{{ text|plain_text }}", text)


def test_a_number_with_a_genitive_s_is_masked_but_not_one_glued_to_a_word():
    assert public_text("811218-9876s ansökan beviljas.") == "[personnummer maskerat]s ansökan beviljas."
    assert find_identity_numbers("811218-9876sx") == []


# --- detection on normalised text (issue 12) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "８１１２１８－９８７６",  # full-width digits and hyphen, as pasted from an East Asian input method
        "８１１２１８-９８７６",
        "19８１１２１８９８７６",
        "811\u00ad218-9876",  # a soft hyphen Word left inside the date part
        "811218\u200b-9876",  # a zero-width space
        "811218 - 9876",
        "811218\t9876",
        "811218-\n9876",  # broken over a line
        "811218\n9876",
        "811218 –\n 9876",
        "811218\u20149876",  # em dash
        "811218.9876",
        "811218/9876",
        "811218 + 9876",
        "81 12 18-98 76",  # spaces between the pairs
        "1981 12 18 - 9876",
        "811218-98 76",
    ],
)
def test_numbers_are_found_after_normalising_the_text(written):
    text = f"Sökande: {written}, ansökan bifogas."
    assert public_text(text) == f"Sökande: {IDENTITY}, ansökan bifogas.", written
    (start, end), *rest = find_identity_numbers(text)
    assert not rest
    assert text[start:end] == written


@pytest.mark.parametrize(
    "text",
    [
        "mobil 070 123 45 67",  # a space after three digits is no pair boundary
        "telefon 019-21 10 00, 019 21 10 00",
        "701 35 Örebro",
        "Ks 811218/2022 och Dnr 811218/2022",  # a diarienummer, whatever its serial
        "belopp 811 218 987 6 kr",
        "12 417 tkr och 1 234 567 kronor",
        "den 18.12.1981 kl. 14.15",
        "2021-12-18 9876",
    ],
)
def test_normalising_keeps_phone_numbers_case_numbers_and_amounts(text):
    assert public_text(text) == text


def test_a_case_number_is_kept_even_when_its_digits_pass_as_a_personnummer():
    serial_year = next(f"20{yy:02d}" for yy in range(100) if luhn_ok(f"811218{20:02d}{yy:02d}"))
    assert is_identity_number(f"811218-{serial_year}")
    text = f"Ärendet Ks 811218/{serial_year} avgjordes."
    assert public_text(text) == text


def test_full_width_and_invisible_characters_are_masked_as_written_leaving_nothing_behind():
    text = "A ８１１２\u00ad１８－９８７６ B"
    assert public_text(text) == f"A {IDENTITY} B"


def test_a_name_marked_once_is_masked_wherever_it_appears():
    from meetings.masking import marked_names

    names = marked_names("Yttrande från [[Anna Berg]].", "Inget här.")
    assert names == ("Anna Berg",)
    assert public_text("Anna Berg och ANNA\nBERG, Anna Bergs hund; Anna Bergström.", names) == (
        f"{MANUAL} och {MANUAL}, {MANUAL}s hund; Anna Bergström."
    )


def test_short_marked_spans_are_not_looked_for_elsewhere():
    from meetings.masking import marked_names

    assert marked_names("[[A]] och [[12]] och [[ Ola ]]") == ()
    assert marked_names("[[Anna\n  Berg]]") == ("Anna Berg",)


def test_a_marker_across_lines_masks_everything_inside_it():
    assert public_text("Från [[Anna\nBerg,\nStorgatan 1]] kom") == f"Från {MANUAL} kom"


_SEPARATOR_RUNS = ["-", " ", "\u2013", "\u2014", "\u2212", ".", "/", " - ", "-\n", "\n", " \u2013 ", "\t", "+", " + "]


@settings(max_examples=300, deadline=None)
@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)),
    coordination=st.booleans(),
    serial=st.integers(min_value=0, max_value=999),
    century=st.booleans(),
    separator=st.sampled_from(["", *_SEPARATOR_RUNS]),
    full_width=st.booleans(),
    before=st.sampled_from(["", "Sökande ", "(", "pnr: ", "Bilaga 2 "]),
    after=st.sampled_from(["", ".", ")", " inkom", ", och", "s ansökan"]),
)
def test_any_valid_number_in_any_notation_is_masked_with_no_digit_left(
    born, coordination, serial, century, separator, full_width, before, after
):
    yymmdd = f"{born:%y%m}{born.day + (60 if coordination else 0):02d}"
    nine = yymmdd + f"{serial:03d}"
    last_four = nine[6:] + luhn_digit(nine)
    if century and "+" in separator:
        separator = "-"  # "+" belongs to the 10-digit form
    written = f"{born:%Y}"[:2] * century + yymmdd + separator + last_four
    if full_width:
        written = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in written)
    published = public_text(f"{before}{written}{after}")
    assert published == f"{before}{IDENTITY}{after}"


def test_a_marked_personnummer_is_labelled_as_one():
    assert public_text("Sökande [[811218-9876]] och [[Anna Berg]].") == f"Sökande {IDENTITY} och {MANUAL}."
