"""Reading query and path values (`orebro_portal.lib.params`), the refusal of control characters
(`orebro_portal.middleware`) and the 400 page."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client, RequestFactory

from orebro_portal.lib import params
from orebro_portal.middleware import RefuseControlCharactersMiddleware
from tests.factories import BodyFactory, MeetingFactory, administrator, local

CONTROL_MESSAGE = "Adressen innehåller tecken som inte kan användas."
FORM_MESSAGE = "Formuläret innehåller tecken som inte kan användas."


# --- params --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("-3", -3),
        ("0", 0),
        ("100", 100),
        ("101", None),
        ("-11", None),
        ("²", None),
        ("①", None),
        ("٢٠", None),  # Arabic-Indic digits: int() reads them, no link of ours writes them
        ("4.0", None),
        ("1e3", None),
        ("0x10", None),
        ("", None),
        (None, None),
        ("1\x00", None),
        ("9" * 5000, None),
    ],
)
def test_parse_int_reads_ascii_digits_within_bounds_only(raw, expected):
    assert params.parse_int(raw, minimum=-10, maximum=100) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025", 2025),
        ("1900", 1900),
        ("2200", 2200),
        ("1899", None),
        ("9999", None),
        ("0001", None),
        ("202", None),
        ("20250", None),
        ("-2025", None),
        ("²⁰²⁵", None),
        ("２０２５", None),  # full-width digits
        ("2025\x00", None),
        ("", None),
    ],
)
def test_parse_year_is_four_ascii_digits_in_the_given_range(raw, expected):
    assert params.parse_year(raw, minimum=1900, maximum=2200) == expected


def test_parse_slug_refuses_what_the_slug_converter_would_not_match():
    assert params.parse_slug("kommunstyrelsen") == "kommunstyrelsen"
    assert params.parse_slug("ks_2-b") == "ks_2-b"
    assert params.parse_slug("../etc") is None
    assert params.parse_slug("ks\x00") is None
    assert params.parse_slug("nämnd") is None
    assert params.parse_slug("a" * 101) is None
    assert params.parse_slug("") is None


def test_clean_text_drops_control_characters_and_caps_the_length():
    assert params.clean_text("  budget\x00 för\tbrandkåren\n ", max_length=200) == "budget för brandkåren"
    assert params.clean_text("x" * 500, max_length=200) == "x" * 200
    assert params.clean_text("\x00\x01\x7f", max_length=10) == ""
    assert params.clean_text(None, max_length=10) == ""


def test_query_year_is_none_when_absent_and_a_swedish_400_naming_the_parameter_when_unreadable():
    read = dict(label="Året", minimum=1900, maximum=2200)
    assert params.query_year(QueryDict("ar=2024"), "ar", **read) == 2024
    assert params.query_year(QueryDict(""), "ar", **read) is None
    assert params.query_year(QueryDict("ar="), "ar", **read) is None
    with pytest.raises(params.InvalidParameter) as refused:
        params.query_year(QueryDict("ar=%C2%B2"), "ar", **read)
    assert refused.value.message == "Året i adressen (ar=) ska vara ett år med fyra siffror, 1900–2200."
    assert "²" not in refused.value.message


def test_query_int_refuses_unicode_digits_and_values_out_of_bounds():
    read = dict(label="Sidan", minimum=1, maximum=1000)
    assert params.query_int(QueryDict("sida=3"), "sida", **read) == 3
    for raw in ("%E2%91%A0", "0", "1001", "abc"):
        with pytest.raises(params.InvalidParameter, match="Sidan i adressen"):
            params.query_int(QueryDict(f"sida={raw}"), "sida", **read)


def test_query_text_is_never_refused():
    assert params.query_text(QueryDict("q=%00budget%09%E2%91%A0"), "q", max_length=50) == "budget ①"
    assert params.query_text(QueryDict(""), "q", max_length=50) == ""


# --- The middleware -------------------------------------------------------------------------------------------------


def _through_middleware(request):
    seen = []

    def view(request):
        seen.append(request)
        return "svar från vyn"

    return RefuseControlCharactersMiddleware(view)(request), seen


def _assert_refused(request, message: str) -> None:
    """Answered 400 by the middleware itself, with the message, and the view never reached."""
    response, seen = _through_middleware(request)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not seen


@pytest.mark.parametrize(
    "url",
    ["/sok/?q=%00", "/sok/?q=a%01b", "/sok/?%00=1", "/sok/?q=%1B", "/organ/ks%00/", "/sok/%7F/", "/sok/%09/"],
)
def test_middleware_refuses_control_characters_in_path_and_query_before_the_view(url):
    path, _, query = url.partition("?")
    _assert_refused(RequestFactory().get(path, QueryDict(query)), CONTROL_MESSAGE)


def test_middleware_lets_a_pasted_tab_or_line_break_through_in_a_query_value():
    response, seen = _through_middleware(RequestFactory().get("/sok/", {"q": "budget\tbrandkår\r\n"}))
    assert response == "svar från vyn" and seen


def test_middleware_refuses_nul_in_a_form_value_and_in_a_field_name():
    for data in ({"title": "Budget\x00"}, {"ti\x00tle": "Budget"}, {"title": "a\x1bb"}):
        _assert_refused(RequestFactory().post("/redigera/", data), FORM_MESSAGE)


def test_middleware_turns_word_processor_breaks_into_line_breaks_in_a_form_value():
    request = RequestFactory().post("/redigera/", {"description": "Rad ett\x0bRad två\x0cSida två", "n": "1"})
    _, seen = _through_middleware(request)
    assert seen[0].POST["description"] == "Rad ett\nRad två\nSida två"
    assert seen[0].POST["n"] == "1"


def test_middleware_looks_at_upload_names_not_at_their_contents():
    pdf = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.7\x00\x01\x02 binary \x00", content_type="application/pdf")
    response, seen = _through_middleware(RequestFactory().post("/redigera/", {"title": "Protokoll", "file": pdf}))
    assert response == "svar från vyn"
    assert seen[0].FILES["file"].read().startswith(b"%PDF-1.7\x00")
    upload = SimpleUploadedFile("p.pdf", b"%PDF", content_type="application/pdf")
    _assert_refused(RequestFactory().post("/redigera/", {"title\x00": "Protokoll", "file": upload}), FORM_MESSAGE)


def test_middleware_leaves_a_json_body_to_the_view():
    request = RequestFactory().post("/api/v1/", data=json.dumps({"q": "\u0000"}), content_type="application/json")
    response, _seen = _through_middleware(request)
    assert response == "svar från vyn"


# --- Through the whole stack: the 400 page -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/sok/?q=%00",
        "/sok/?q=budget&organ=%00",
        "/organ/kommunstyrelsen/?ar=%00",
        "/ekonomi/2024/kommunstyrelsen/ansvar/KL%00/",
        "/bevakning/abc%00/bekrafta/",
        "/bevakning/%00/avsluta/",
        "/dokument/1/a%00.pdf",
    ],
)
def test_nul_anywhere_in_the_address_is_a_swedish_400_page_for_everyone(url):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert CONTROL_MESSAGE in html
    assert "<title>Sidan kan inte visas – Politik och beslut – Örebro kommun</title>" in html
    assert 'href="#innehall"' in html and "Traceback" not in html
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/redigera/?organ=%00", "/redigera/mal/plattform/?omrade=%00", "/redigera/ekonomi/ansvar/KL%00/historik/"],
)
def test_nul_in_a_staff_address_is_a_400_too(url):
    client = Client(raise_request_exception=False)
    client.force_login(administrator())
    response = client.get(url)
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_nul_in_a_posted_form_is_a_400_before_any_view():
    client = Client(raise_request_exception=False)
    response = client.post("/logga-in/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400
    assert FORM_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_its_400_in_json():
    response = Client(raise_request_exception=False).get("/api/v1/meetings/?body=%00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"body": [CONTROL_MESSAGE]}  # as DRF names a bad filter


@pytest.mark.django_db
def test_another_bad_request_gets_a_general_swedish_sentence_without_django_s_english(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    response = Client(raise_request_exception=False, HTTP_HOST="angripare.example").get("/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Begäran kunde inte läsas." in html
    assert "angripare" not in html and "ALLOWED_HOSTS" not in html


# --- Unicode digits in the views' own parameters ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "①", "٢٠٢٤", "２０２４", "20245", "abc", "0001"])
def test_a_body_page_with_an_unreadable_year_is_a_swedish_400_naming_the_year(year):
    body = BodyFactory(slug="kommunstyrelsen")
    MeetingFactory(body=body, start=local(2024, 3, 4))
    response = Client(raise_request_exception=False).get("/organ/kommunstyrelsen/", {"ar": year})
    assert response.status_code == 400
    assert "Året i adressen (ar=) ska vara ett år med fyra siffror" in response.content.decode()


@pytest.mark.django_db
def test_a_body_page_with_a_year_without_meetings_shows_the_nearest_year_as_before(client):
    body = BodyFactory(slug="kommunstyrelsen")
    MeetingFactory(body=body, start=local(2024, 3, 4))
    response = client.get("/organ/kommunstyrelsen/", {"ar": "1999"})
    assert response.status_code == 200
    assert response.context["year"] == 2024
    assert client.get("/organ/kommunstyrelsen/", {"ar": "2024"}).context["year"] == 2024


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "①", "٢٠٢٤", "0001", "9999"])
def test_search_drops_an_unreadable_year_filter_and_still_searches(client, year):
    response = client.get("/sok/", {"q": "budget", "ar": year})
    assert response.status_code == 200
    assert response.context["requested"]["year"] is None


def test_a_kolada_period_in_unicode_digits_is_skipped_with_a_message_not_a_crash():
    from goals.kolada import Skip, _entry_points

    entry = {"kpi": "N00941", "municipality": "1880", "period": "²⁰²⁴", "values": []}
    skipped = _entry_points(entry, "post 1")
    assert isinstance(skipped, Skip)
    assert "är inget år" in skipped.reason
    ok = _entry_points({**entry, "period": "2024"}, "post 1")
    assert ok == ([], [])


@pytest.mark.django_db
def test_the_api_answers_a_nul_in_its_path_with_a_non_field_error():
    response = Client(raise_request_exception=False).get("/api/v1/meetings/%00/")
    assert response.status_code == 400
    assert json.loads(response.content) == {"non_field_errors": [CONTROL_MESSAGE]}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sok/?q=%00", "/organ/kommunstyrelsen/?ar=%C2%B2"])
def test_a_refused_address_is_logged_in_one_line_without_a_traceback(client, caplog, url):
    # A script sending NULs or odd digits must not fill the log with tracebacks: the middleware answers.
    BodyFactory(slug="kommunstyrelsen")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 400
    records = [record for record in caplog.records if record.name == "django.request"]
    assert records and all(record.exc_info is None for record in records)
