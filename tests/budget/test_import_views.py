"""The import pages: upload → preview → confirm or discard, each role against each URL, progress of a big file."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import FigureChange, LedgerImport, LedgerLine
from tests.factories import (
    ResponsibilityCodeFactory,
    UserFactory,
    administrator,
    ledger_line,
    unit_controller,
)

pytestmark = pytest.mark.django_db

HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"
UPLOAD = reverse("budget_staff:import_upload")


def csv_file(*lines: str, name: str = "bokslut.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\r\n".join((HEADER, *lines)) + "\r\n").encode(), content_type="text/csv")


@pytest.fixture
def klc(unit):
    code = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2021, code=code, group="5", budget=-4_134_000, outcome=-3_170_000)
    return code


@pytest.fixture
def controller(unit):
    return unit_controller(unit, first_name="Cecilia", last_name="Controller")


def outcome_of_klc() -> Decimal:
    return LedgerLine.objects.get(code__code="KLC", year_id=2021, group__code="5").outcome


def preview_by(client, user, *lines: str) -> LedgerImport:
    client.force_login(user)
    response = client.post(UPLOAD, {"file": csv_file(*lines)})
    ledger_import = LedgerImport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("budget_staff:import_detail", args=[ledger_import.pk])
    return ledger_import


def test_controller_uploads_previews_and_confirms(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-4 134 000;-3 000 000")
    assert outcome_of_klc() == Decimal(-3_170_000)  # the preview changed nothing

    page = client.get(reverse("budget_staff:import_detail", args=[ledger_import.pk])).content.decode()
    assert "Förhandsgranskning: det här ändras" in page
    assert "KLC" in page and "Ändras" in page
    assert "−3\u00a0170" in page and "−3\u00a0000" in page  # outcome before and after, in tkr
    assert "Bekräfta och läs in" in page

    response = client.post(reverse("budget_staff:import_confirm", args=[ledger_import.pk]), follow=True)
    page = response.content.decode()
    assert "Filen är inläst. 1 siffror ändrades." in page
    # An open year's figures are a draft until published: the page links to the grid, and to publishing the year
    # for whoever may (this controller controls every unit with 2021 figures).
    assert reverse("budget_staff:grid", args=[2021, "kommunledning"]) in page
    assert f'href="{reverse("budget:unit", args=[2021, "kommunledning"])}"' not in page
    assert f'<a href="{reverse("budget_staff:publish", args=[2021])}">Publicera siffrorna för 2021</a>' in page
    assert outcome_of_klc() == Decimal(-3_000_000)
    assert "Bekräfta och läs in" not in page


def test_confirming_twice_does_not_apply_twice(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1")
    confirm = reverse("budget_staff:import_confirm", args=[ledger_import.pk])
    client.post(confirm)
    recorded = FigureChange.objects.count()
    response = client.post(confirm, follow=True)
    assert "Importen är redan inläst." in response.content.decode()
    assert FigureChange.objects.count() == recorded


def test_confirm_and_discard_take_post_only(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1")
    assert client.get(reverse("budget_staff:import_confirm", args=[ledger_import.pk])).status_code == 405
    assert client.get(reverse("budget_staff:import_discard", args=[ledger_import.pk])).status_code == 405
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.PREVIEW


def test_discard_changes_nothing(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1")
    response = client.post(reverse("budget_staff:import_discard", args=[ledger_import.pk]), follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert "Importen av ”bokslut.csv” är avbruten. Ingenting ändrades." in response.content.decode()
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.DISCARDED
    assert outcome_of_klc() == Decimal(-3_170_000)


def test_errors_are_listed_with_row_and_column(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1", "2021;KLC;;4;-1;#DIV/0!")
    page = client.get(reverse("budget_staff:import_detail", args=[ledger_import.pk])).content.decode()
    assert "Filen kan inte läsas in" in page
    assert "Rad 3, kolumn Utfall: Excel-felvärde ”#DIV/0!” i stället för ett belopp." in page
    assert "Bekräfta och läs in" not in page
    assert outcome_of_klc() == Decimal(-3_170_000)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # The reader's exact wording (which encodings and delimiter it tried) is tested in test_importing.py.
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Filen går inte att läsa som"),
        (b"", "Filen är tom."),
        (b"Ansvar;Belopp\r\nKLC;12\r\n", "rubrikraden (rad 1) saknar kolumnerna År, Kontogrupp"),
    ],
    ids=["garbage", "empty", "wrong-header"],
)
def test_unreadable_files_get_a_clear_message(client, controller, klc, content, message):
    client.force_login(controller)
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("fil.csv", content)}, follow=True)
    assert message in response.content.decode()
    if content == b"":  # the form refuses an empty upload before the importer sees it
        assert not LedgerImport.objects.exists()


def test_too_big_file_is_refused_before_reading(client, controller, klc, settings):
    settings.BUDGET_IMPORT_MAX_BYTES = 50
    client.force_login(controller)
    response = client.post(UPLOAD, {"file": csv_file("2021;KLC;;5;-1;-1")})
    assert response.status_code == 200
    assert "Filen ”bokslut.csv” är för stor" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_another_controllers_import_is_403(client, controller, klc, unit):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1")
    client.force_login(unit_controller(unit))
    for name in ("import_confirm", "import_discard"):
        assert client.post(reverse(f"budget_staff:{name}", args=[ledger_import.pk])).status_code == 403
    assert client.get(reverse("budget_staff:import_detail", args=[ledger_import.pk])).status_code == 403
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.PREVIEW
    assert outcome_of_klc() == Decimal(-3_170_000)


def test_administrator_sees_every_import(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1")
    client.force_login(administrator())
    assert client.get(reverse("budget_staff:import_detail", args=[ledger_import.pk])).status_code == 200
    assert "bokslut.csv" in client.get(UPLOAD).content.decode()


def test_user_who_is_no_controller_gets_403(client, klc):
    client.force_login(UserFactory())
    assert client.get(UPLOAD).status_code == 403


def test_anonymous_is_sent_to_log_in(client, controller, klc):
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-1")
    client.logout()
    for url in (UPLOAD, reverse("budget_staff:import_detail", args=[ledger_import.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("budget_staff:import_confirm", args=[ledger_import.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_running_import_shows_progress_and_updates_it_by_script_or_by_hand(client, controller, klc):
    ledger_import = preview_by(client, controller, *[f"2021;KLC;;5;-{n};-1" for n in range(1, 6)])
    LedgerImport.objects.filter(pk=ledger_import.pk).update(status=LedgerImport.Status.RUNNING, progress=2)
    url = reverse("budget_staff:import_detail", args=[ledger_import.pk])
    page = client.get(url).content.decode()
    assert "2 av 5 rader" in page
    assert '<progress id="import-progress" max="5" value="2">' in page
    assert "js/import-progress.js" in page
    assert f'<a href="{url}">Uppdatera sidan' in page  # without JavaScript
    assert "http-equiv" not in page  # no meta refresh: axe's meta-refresh rule (WCAG 2.2.1)
    LedgerImport.objects.filter(pk=ledger_import.pk).update(status=LedgerImport.Status.APPLIED)
    assert "js/import-progress.js" not in client.get(url).content.decode()


def test_big_file_is_queued_and_applied_by_the_task(
    client, controller, klc, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.BUDGET_IMPORT_SYNC_ROWS = 1
    ledger_import = preview_by(client, controller, "2021;KLC;;5;-1;-100", "2021;KLC;;5;0;-200")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("budget_staff:import_confirm", args=[ledger_import.pk]))
    assert response.status_code == 302
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED
    assert outcome_of_klc() == Decimal(-300)
