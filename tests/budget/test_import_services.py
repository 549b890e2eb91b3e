"""Previewing and applying a ledger import: the books change exactly as previewed, all or nothing, with an audit
trail; refusals (bad cell, closed year, another unit's code, stale preview) change nothing."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budget.models import FigureChange, FiscalYear, LedgerImport, LedgerLine
from budget.services import importing as services
from budget.services.importing import (
    ledger_import_apply,
    ledger_import_confirm,
    ledger_import_discard,
    ledger_import_preview,
)
from tests.conftest import require_service
from tests.factories import (
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    administrator,
    ledger_line,
    unit_controller,
)

pytestmark = pytest.mark.django_db

HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"


def upload(*lines: str, name: str = "huvudbok.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\r\n".join((HEADER, *lines)) + "\r\n").encode())


def books() -> dict[tuple[int, str, str], tuple[Decimal | None, Decimal]]:
    return {
        (line.year_id, line.code.code, line.group.code): (line.budget, line.outcome)
        for line in LedgerLine.objects.select_related("code", "group")
    }


@pytest.fixture
def units():
    kommunledning = UnitFactory(name="Kommunledning", slug="kommunledning")
    revision = UnitFactory(name="Stadsrevisionen", slug="stadsrevisionen")
    return kommunledning, revision


@pytest.fixture
def klc(units):
    return ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=units[0])


@pytest.fixture
def klks(units):
    return ResponsibilityCodeFactory(code="KLKS", name="Kommunstyrelse", unit=units[0])


@pytest.fixture
def revision_code(units):
    return ResponsibilityCodeFactory(code="SR", name="Stadsrevisionen", unit=units[1])


@pytest.fixture
def controller(units):
    return unit_controller(units[0])


@pytest.fixture
def stored(klc, klks):
    """2021 in the books: KLC in groups 4, 5 and 7; KLKS in group 5."""
    ledger_line(year=2021, code=klc, group="4", budget=-100_000, outcome=-90_000)
    ledger_line(year=2021, code=klc, group="5", budget=-4_134_000, outcome=-3_170_000)
    ledger_line(year=2021, code=klc, group="7", budget=None, outcome=-10_000)
    ledger_line(year=2021, code=klks, group="5", budget=-3_649_000, outcome=-4_455_000)


def test_valid_file_changes_exactly_what_the_preview_said(stored, controller, klc, klks):
    before = books()
    ledger_import = ledger_import_preview(
        uploaded_file=upload(
            "2021;KLC;Kansli Centerpartiet;4;-100 000;-90 000",  # unchanged
            "2021;KLC;Kansli Centerpartiet;5;-4 200 000;−3 300 000,50",  # changed
            "2021;KLC;Kansli Centerpartiet;3;50 000;60 000",  # new group; group 7 is left out: deleted
            "2022;KLC;Kansli Centerpartiet;5;-4 000 000;0",  # a year not in the books yet
        ),
        user=controller,
    )
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
    assert ledger_import.file
    assert books() == before  # a preview changes nothing
    preview = ledger_import.preview
    assert preview["counts"] == {"new": 1, "changed": 1, "unchanged": 0}
    entries = {(entry["year"], entry["code"]): entry for entry in preview["codes"]}
    assert entries[(2021, "KLC")]["status"] == "changed"
    assert (entries[(2021, "KLC")]["added"], entries[(2021, "KLC")]["updated"]) == (1, 1)
    assert entries[(2021, "KLC")]["deleted"] == 1
    assert entries[(2021, "KLC")]["before"] == {"budget": "-4234000.00", "outcome": "-3270000.00"}
    assert entries[(2021, "KLC")]["after"] == {"budget": "-4250000.00", "outcome": "-3330000.50"}
    assert entries[(2022, "KLC")]["status"] == "new"
    years = {entry["year"]: entry for entry in preview["years"]}
    assert years[2022]["new_year"] is True
    assert years[2021]["all_before"] == {"budget": "-7883000.00", "outcome": "-7725000.00"}
    # budget: 2021 −7 883 000 − KLC's −4 234 000 + −4 250 000; outcome likewise
    assert years[2021]["all_after"] == {"budget": "-7899000.00", "outcome": "-7785000.50"}
    # group 5: budget and outcome; group 3: both new; group 7: outcome deleted (its budget was unknown); 2022: both
    assert preview["figure_changes"] == 2 + 2 + 1 + 2
    assert preview["new_years"] == [2022]

    # 2022 is new: it is created only with the controller's tick (tests/budget/test_import_years_scale.py).
    ledger_import_confirm(ledger_import=ledger_import, user=controller, create_years=[2022])

    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED
    assert ledger_import.applied_at is not None
    expected = dict(before)
    del expected[(2021, "KLC", "7")]
    expected[(2021, "KLC", "5")] = (Decimal(-4_200_000), Decimal("-3300000.50"))
    expected[(2021, "KLC", "3")] = (Decimal(50_000), Decimal(60_000))
    expected[(2022, "KLC", "5")] = (Decimal(-4_000_000), Decimal(0))
    assert books() == expected
    assert FiscalYear.objects.get(year=2022).status == FiscalYear.Status.OPEN
    totals = LedgerLine.objects.filter(year_id=2021).aggregate(budget=Sum("budget"), outcome=Sum("outcome"))
    assert totals == {
        "budget": Decimal(years[2021]["all_after"]["budget"]),
        "outcome": Decimal(years[2021]["all_after"]["outcome"]),
    }
    assert FigureChange.objects.filter(ledger_import=ledger_import).count() == preview["figure_changes"]


def test_every_changed_figure_is_recorded_with_the_import(stored, controller, klc):
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2021;KLC;;4;-100 000;-95 000", "2021;KLC;;5;-4 134 000;-3 170 000", "2021;KLC;;3;1;2"),
        user=controller,
    )
    ledger_import_apply(ledger_import=ledger_import, user=controller)
    changes = {
        (change.group.code, change.field): (change.old_value, change.new_value)
        for change in FigureChange.objects.select_related("group")
    }
    assert changes == {
        ("4", "outcome"): (Decimal(-90_000), Decimal(-95_000)),
        ("3", "budget"): (None, Decimal(1)),
        ("3", "outcome"): (None, Decimal(2)),
        ("7", "outcome"): (Decimal(-10_000), None),  # deleted; its unknown budget stays unknown, nothing to record
    }
    for change in FigureChange.objects.all():
        assert change.source == FigureChange.Source.IMPORT
        assert change.ledger_import == ledger_import
        assert change.changed_by == controller
        assert change.code == klc


def test_a_file_with_one_bad_cell_changes_nothing_and_names_row_and_column(stored, controller):
    before = books()
    rows = [f"2021;KLC;;{group};-1;-1" for group in ("3", "4", "5", "6A", "6B")]
    rows.insert(3, "2021;KLC;;7;-1;12,3,4")
    ledger_import = ledger_import_preview(uploaded_file=upload(*rows), user=controller)
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert ledger_import.message == "Rad 5, kolumn Utfall: ”12,3,4” är inget belopp."
    assert ledger_import.preview["errors"] == [ledger_import.message]
    assert not ledger_import.file  # nothing to apply, nothing kept
    assert books() == before
    assert not FigureChange.objects.exists()
    with pytest.raises(ValidationError):
        ledger_import_apply(ledger_import=ledger_import, user=controller)
    assert books() == before


def test_closed_year_is_refused_at_preview(stored, controller):
    FiscalYear.objects.filter(year=2021).update(status=FiscalYear.Status.CLOSED, closed_at=timezone.now())
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2020;KLC;;5;-1;-1", "2021;KLC;;5;-1;-1", "2021;KLC;;4;-1;-1"), user=controller
    )
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert ledger_import.message == "Rad 3, kolumn År: 2021 är stängt (bokslut fastställt) och kan inte ändras."


def test_year_closed_after_the_preview_is_refused_at_apply(stored, controller):
    before = books()
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KLC;;5;-1;-1"), user=controller)
    FiscalYear.objects.filter(year=2021).update(status=FiscalYear.Status.CLOSED, closed_at=timezone.now())
    with pytest.raises(ValidationError, match="2021 är stängt"):
        ledger_import_apply(ledger_import=ledger_import, user=controller)
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert "2021 är stängt" in ledger_import.message
    assert books() == before


def test_code_of_another_unit_is_refused_naming_row_and_unit(stored, controller, revision_code):
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2021;KLC;;5;-1;-1", "2021;SR;;5;-1;-1", "2021;SR;;4;-1;-1"), user=controller
    )
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert ledger_import.message == (
        "Rad 3, kolumn Ansvar: du är inte controller för Stadsrevisionen och får inte importera ansvar SR."
    )


def test_controller_of_a_parent_unit_may_import_codes_of_its_subunits(units):
    child = UnitFactory(name="Kansli", slug="kansli", parent=units[0])
    ResponsibilityCodeFactory(code="KX", unit=child)
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KX;;5;-1;-1"), user=unit_controller(units[0]))
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message


def test_administrator_may_import_any_code(stored, revision_code):
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;SR;;5;-1;-1"), user=administrator())
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message


def test_stale_preview_is_refused_and_changes_nothing(stored, controller, klc):
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KLC;;5;-1;-1"), user=controller)
    LedgerLine.objects.filter(code=klc, group__code="4").update(outcome=-91_000)  # someone saved in the grid
    before = books()
    with pytest.raises(ValidationError, match="Siffrorna har ändrats sedan förhandsgranskningen"):
        ledger_import_apply(ledger_import=ledger_import, user=controller)
    assert books() == before
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert not FigureChange.objects.exists()


def test_figures_of_codes_not_in_the_file_may_change_meanwhile(stored, controller, klks):
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KLC;;5;-1;-1"), user=controller)
    LedgerLine.objects.filter(code=klks).update(outcome=-1)
    ledger_import_apply(ledger_import=ledger_import, user=controller)
    assert books()[(2021, "KLKS", "5")] == (Decimal(-3_649_000), Decimal(-1))


def test_duplicate_lines_are_summed_when_applied(stored, controller):
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2021;KLC;;5;-1 000;-600", "2021;KLC;;5;-500,50;-400", "2021;KLC;;5;;-1"),
        user=controller,
    )
    assert ledger_import.row_count == 3
    assert ledger_import.preview["line_count"] == 1
    ledger_import_apply(ledger_import=ledger_import, user=controller)
    assert books()[(2021, "KLC", "5")] == (Decimal("-1500.50"), Decimal(-1001))


def test_confirming_twice_applies_once(stored, controller):
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KLC;;5;-1;-1"), user=controller)
    assert ledger_import_confirm(ledger_import=ledger_import, user=controller) is False
    recorded = FigureChange.objects.count()
    with pytest.raises(ValidationError, match=r"Importen är redan inläst\."):
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert FigureChange.objects.count() == recorded


def test_discarded_import_cannot_be_applied(stored, controller):
    before = books()
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KLC;;5;-1;-1"), user=controller)
    ledger_import_discard(ledger_import=ledger_import, user=controller)
    assert ledger_import.status == LedgerImport.Status.DISCARDED
    assert not ledger_import.file
    with pytest.raises(ValidationError):
        ledger_import_apply(ledger_import=ledger_import, user=controller)
    assert books() == before


def test_big_file_is_applied_by_the_celery_task_with_progress(
    stored, controller, settings, eager_celery, monkeypatch, django_capture_on_commit_callbacks
):
    settings.BUDGET_IMPORT_SYNC_ROWS = 3
    reported = []
    original = services._Progress.report
    monkeypatch.setattr(services._Progress, "report", lambda self, done: reported.append(done) or original(self, done))
    rows = [f"2021;KLC;;{group};-{n}00;-{n}0" for n, group in enumerate(("3", "4", "5", "6A", "6B"), start=1)]
    ledger_import = ledger_import_preview(uploaded_file=upload(*rows), user=controller)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert queued is True
    assert len(callbacks) == 1

    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED, ledger_import.message
    assert ledger_import.progress == ledger_import.row_count == 5
    assert reported == sorted(reported) and len(reported) >= 3  # while checking, then while writing
    assert books()[(2021, "KLC", "6B")] == (Decimal(-500), Decimal(-50))
    assert (2021, "KLC", "7") not in books()
    assert FigureChange.objects.filter(ledger_import=ledger_import, changed_by=controller).exists()


def test_celery_task_marks_a_refused_import_failed(
    stored, controller, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.BUDGET_IMPORT_SYNC_ROWS = 1
    before = books()
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2021;KLC;;5;-1;-1", "2021;KLC;;4;-1;-1"), user=controller
    )
    FiscalYear.objects.filter(year=2021).update(status=FiscalYear.Status.CLOSED, closed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert "2021 är stängt" in ledger_import.message
    assert books() == before


def test_command_imports_a_file_without_a_user(stored, tmp_path, klc, capsys):
    path = tmp_path / "bokslut.csv"
    path.write_bytes(("\r\n".join((HEADER, "2021;KLC;;5;-4 134 000;-3 000 000")) + "\r\n").encode("cp1252"))
    call_command("import_ledger", str(path))
    output = capsys.readouterr().out
    assert "2021: 1 ansvar – 0 nya, 1 ändrade, 0 oförändrade." in output
    assert "Inläst" in output
    ledger_import = LedgerImport.objects.get()
    assert (ledger_import.origin, ledger_import.created_by, ledger_import.status) == (
        LedgerImport.Origin.COMMAND,
        None,
        LedgerImport.Status.APPLIED,
    )
    assert books()[(2021, "KLC", "5")] == (Decimal(-4_134_000), Decimal(-3_000_000))
    assert (2021, "KLC", "4") not in books()


def test_command_dry_run_changes_nothing(stored, tmp_path, capsys):
    before = books()
    path = tmp_path / "bokslut.csv"
    path.write_text(f"{HEADER}\n2021;KLC;;5;-1;-1\n", encoding="utf-8")
    call_command("import_ledger", str(path), "--dry-run")
    assert "Provkörning" in capsys.readouterr().out
    assert books() == before
    assert LedgerImport.objects.get().status == LedgerImport.Status.DISCARDED


def test_command_fails_with_row_and_column_and_changes_nothing(stored, tmp_path):
    before = books()
    path = tmp_path / "bokslut.csv"
    path.write_text(f"{HEADER}\n2021;KLC;;5;-1;-1\n2021;KLC;;9;-1;-1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 3, kolumn Kontogrupp: okänd kontogrupp ”9”"):
        call_command("import_ledger", str(path))
    assert books() == before


def test_command_with_a_user_applies_that_users_rights(stored, tmp_path, revision_code, controller):
    path = tmp_path / "bokslut.csv"
    path.write_text(f"{HEADER}\n2021;SR;;5;-1;-1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="du är inte controller för Stadsrevisionen"):
        call_command("import_ledger", str(path), "--user", controller.username)


def _file_for(codes, lines: int) -> SimpleUploadedFile:
    groups = ["3", "4", "5", "6A", "6B", "7"]
    rows = [f"2021;{codes[n // 6].code};;{groups[n % 6]};-{n}00;-{n}0" for n in range(lines)]
    return upload(*rows)


def test_preview_and_apply_queries_do_not_grow_with_rows(controller, units, django_assert_max_num_queries):
    FiscalYearFactory(year=2021)
    codes = [ResponsibilityCodeFactory(code=f"K{n:03d}", unit=units[0]) for n in range(40)]
    for code in codes[:20]:  # half of them already have lines, so the apply deletes, creates and records
        ledger_line(year=2021, code=code, group="5", outcome=-1, budget=-1)

    with CaptureQueriesContext(connection) as small_preview:
        small = ledger_import_preview(uploaded_file=_file_for(codes, 10), user=controller)
    with CaptureQueriesContext(connection) as small_apply:
        ledger_import_apply(ledger_import=small, user=controller)
    assert small.status == LedgerImport.Status.APPLIED

    with django_assert_max_num_queries(len(small_preview)):
        big = ledger_import_preview(uploaded_file=_file_for(codes, 200), user=controller)
    assert big.preview["line_count"] == 200
    # No query per row: the preview stages its lines in one statement, the apply replaces the books in three.
    with django_assert_max_num_queries(len(small_apply)):
        ledger_import_apply(ledger_import=big, user=controller)
    assert LedgerLine.objects.filter(year_id=2021).count() >= 200


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_the_apply_runs(units, monkeypatch):
    """On PostgreSQL the page (another connection) reads the progress before the apply transaction commits."""
    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL behövs: sätt DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres",
    )
    from django.db import DEFAULT_DB_ALIAS, connections

    # A transactional test's flush removes the Kommun-Bas groups of migration 0002; its function adds them again.
    importlib.import_module("budget.migrations.0002_account_groups").add_groups(django_apps, None)
    code = ResponsibilityCodeFactory(code="KLC", unit=units[0])
    ledger_line(year=2021, code=code, group="7", budget=-1, outcome=-1)
    ledger_import = ledger_import_preview(
        uploaded_file=upload(*[f"2021;KLC;;{g};-1;-{n}" for n, g in enumerate(("3", "4", "5", "6A", "6B"))]),
        user=administrator(),
    )
    page = connections.create_connection(DEFAULT_DB_ALIAS)
    seen = []
    original = services._Progress.report

    def report_and_look(self, done):
        original(self, done)
        with page.cursor() as cursor:  # what the import page would read now, the apply still uncommitted
            cursor.execute("SELECT progress, status FROM budget_ledgerimport WHERE id = %s", [ledger_import.pk])
            seen.append(cursor.fetchone())

    monkeypatch.setattr(services._Progress, "report", report_and_look)
    try:
        ledger_import_apply(ledger_import=ledger_import, user=None)
    finally:
        page.close()
    assert seen and all(status == LedgerImport.Status.RUNNING for _progress, status in seen)
    assert [progress for progress, _status in seen] == sorted(progress for progress, _status in seen)
    assert seen[-1][0] > 0
    ledger_import.refresh_from_db()
    assert (ledger_import.status, ledger_import.progress) == (LedgerImport.Status.APPLIED, 5)
