"""The files of test_import_files.py through the controller's pages, against stored books: a refused file shows its
message and leaves every stored figure, year, publication and audit row as it was; a file read right previews its
notes and, once confirmed, stores exactly its figures."""

import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.models import (
    FigureChange,
    FigurePublication,
    FiscalYear,
    LedgerImport,
    LedgerLine,
    PublishedLedgerLine,
    StagedLedgerLine,
)
from tests.budget.test_import_files import FORMULA, HEADER, text_bytes, workbook_bytes
from tests.factories import ResponsibilityCodeFactory, UnitFactory, ledger_line, publish_all, unit_controller

pytestmark = pytest.mark.django_db


@pytest.fixture
def controller(client):
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2024, code=klc, group="5", outcome=-3_000_000, budget=-3_100_000)
    ledger_line(year=2025, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    publish_all()
    user = unit_controller(unit, username="eva")
    client.force_login(user)
    return user


def everything() -> dict:
    """Every stored row an import could touch."""
    return {
        "lines": sorted(LedgerLine.objects.values_list("year_id", "code_id", "group_id", "budget", "outcome")),
        "years": sorted(FiscalYear.objects.values_list("year", "status")),
        "published": sorted(PublishedLedgerLine.objects.values_list("year_id", "code_id", "group_id", "outcome")),
        "publications": FigurePublication.objects.count(),
        "trail": FigureChange.objects.count(),
        "staged": StagedLedgerLine.objects.count(),
    }


def text(response) -> str:
    return html.unescape(response.content.decode())


def upload(client, content: bytes, name: str):
    return client.post("/redigera/ekonomi/import/", {"file": SimpleUploadedFile(name, content)}, follow=True)


REFUSED = {
    "formula without a saved value": (
        workbook_bytes({"Blad1": [HEADER, [2025, "KLC", "", 5, -4_134_000, "=E2*2"]]}),
        "huvudbok.xlsx",
        f"Rad 2, kolumn Utfall: {FORMULA}",
    ),
    "unquoted decimal comma": (
        text_bytes(",".join(HEADER), "2025,KLC,Kansli Centerpartiet,5,-4134000,-3170000,50", delimiter=","),
        "huvudbok.csv",
        "Rad 2 har 7 celler men rubrikraden har 6.",
    ),
    "total row that does not match": (
        text_bytes(";".join(HEADER), "2025;KLC;;5;-4134000;-3170000", "Summa;;;;-4134000;-3000000"),
        "huvudbok.csv",
        "Rad 3, kolumn Utfall: summaraden säger −3\u00a0000\u00a0000\u00a0kr men raderna ovanför summerar till "
        "−3\u00a0170\u00a0000\u00a0kr.",
    ),
    "amounts in tkr": (
        text_bytes("År;Ansvar;Kontogrupp;Budget (tkr);Utfall (tkr)", "2025;KLC;5;-4 134;-3 170"),
        "huvudbok.csv",
        "Rad 1, kolumn Budget (tkr): beloppen är i tkr, men importen tar belopp i kronor.",
    ),
    "a year far from the books": (
        text_bytes(";".join(HEADER), "2025;KLC;;5;-1;-1", "2052;KLC;;5;-1;-1"),
        "huvudbok.csv",
        "Rad 3, kolumn År: år 2052 finns inte i bokföringen och ligger mer än ett år utanför de år som finns "
        "(2024–2025).",
    ),
}


@pytest.mark.parametrize("content, name, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_file_says_why_and_changes_nothing(client, controller, content, name, message):
    before = everything()
    page = text(upload(client, content, name))
    assert message in page
    assert LedgerImport.objects.get().status == LedgerImport.Status.FAILED
    assert everything() == before


ACCEPTED = {
    "title rows above the header": (
        text_bytes("Huvudbok 2025, Örebro kommun", "", ";".join(HEADER), "2025;KLC;;5;-4 200 000;-3 300 000"),
        "huvudbok.csv",
        "Raderna 1–2 ovanför rubrikraden hoppades över",
    ),
    "a total row that matches": (
        text_bytes(";".join(HEADER), "2025;KLC;;5;-4200000;-3300000", "Summa;;;;-4200000;-3300000"),
        "huvudbok.csv",
        "Rad 3 är en summarad",
    ),
    "an instructions sheet first": (
        workbook_bytes(
            {
                "Instruktioner": [["Fyll i bladet Huvudbok."]],
                "Huvudbok": [HEADER, [2025, "KLC", "Kansli Centerpartiet", 5, -4_200_000, -3_300_000]],
            }
        ),
        "huvudbok.xlsx",
        "Bladet ”Huvudbok” lästes",
    ),
    "Excel's Unicode text": (
        text_bytes(";".join(HEADER), "2025;KLC;;5;-4 200 000;-3 300 000", delimiter="\t", encoding="utf-16"),
        "huvudbok.txt",
        None,
    ),
}


@pytest.mark.parametrize("content, name, note", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_a_file_read_right_previews_its_notes_and_stores_exactly_its_figures(client, controller, content, name, note):
    page = text(upload(client, content, name))
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
    if note:
        assert note in page
        assert any(line.startswith(note) for line in ledger_import.preview["notes"])
    assert not ledger_import.preview["warnings"] and not ledger_import.preview["new_years"]
    public_before = sorted(PublishedLedgerLine.objects.values_list("year_id", "outcome"))

    client.post(f"/redigera/ekonomi/import/{ledger_import.pk}/bekrafta/")

    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED, ledger_import.message
    assert sorted(LedgerLine.objects.values_list("year_id", "budget", "outcome")) == [
        (2024, Decimal("-3100000.00"), Decimal("-3000000.00")),
        (2025, Decimal("-4200000.00"), Decimal("-3300000.00")),
    ]
    assert sorted(FigureChange.objects.values_list("field", "old_value", "new_value", "changed_by")) == [
        ("budget", Decimal("-4134000.00"), Decimal("-4200000.00"), controller.pk),
        ("outcome", Decimal("-3170000.00"), Decimal("-3300000.00"), controller.pk),
    ]
    assert not StagedLedgerLine.objects.exists()
    assert sorted(PublishedLedgerLine.objects.values_list("year_id", "outcome")) == public_before  # a draft
