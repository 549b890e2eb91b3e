"""Publishing figures (issue 14, item 4): what controllers save is a draft; citizens see a year only once it is
published, in the state it was published in, and closing the year publishes its final figures."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budget.models import FigureChange, FigurePublication, FiscalYear, LedgerLine, PublishedLedgerLine
from budget.services.figures import fiscal_year_close
from budget.services.publishing import (
    changed_since_preview_message,
    closed_year_publish_message,
    draft_fingerprint,
    figures_publish,
    publication_states,
)
from tests.factories import (
    BodyFactory,
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    UserFactory,
    account_group,
    administrator,
    ledger_line,
    secretary_of,
    unit_controller,
)
from tests.html import table_with_caption

pytestmark = pytest.mark.django_db


# When `publish_all` publishes an open year: a fixed day, so that a publication a test makes later is the latest.


# --- The books of these tests -------------------------------------------------------------------------------------


@pytest.fixture
def books():
    """Kommunledning (KLC) and Valnämnden (ÖVA): 2021 closed and published as its bokslut, 2022 open with no lines."""
    kl = UnitFactory(name="Kommunledning", slug="kommunledning", position=1)
    vn = UnitFactory(name="Valnämnden", slug="valnamnden", position=2)
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=kl)
    ova = ResponsibilityCodeFactory(code="ÖVA", name="Valnämnd", unit=vn)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    ledger_line(year=2021, code=ova, group="5", outcome=-223_000, budget=-223_000)
    with time_machine.travel(dt.datetime(2022, 3, 31, 10, 0, tzinfo=dt.UTC), tick=False):
        fiscal_year_close(year=FiscalYear.objects.get(pk=2021), user=administrator(username="central"))
    FiscalYearFactory(year=2022)
    central = unit_controller(kl, vn, username="central-controller", first_name="Cia", last_name="Central")
    return SimpleNamespace(
        kl=kl, vn=vn, klc=klc, ova=ova, central=central, controller=unit_controller(kl, username="eva")
    )


def grid_post(client, unit, code, outcome: str, budget: str = "") -> None:
    response = client.post(
        reverse("budget_staff:grid", kwargs={"year": 2022, "unit": unit.slug}),
        {f"outcome-{code.pk}-{account_group('5').pk}": outcome, f"budget-{code.pk}-{account_group('5').pk}": budget},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def public_view(client) -> dict:
    """What a citizen gets for 2022: status codes of the pages and downloads, and the API's figures of the year."""
    paths = [
        "/ekonomi/2022/",
        "/ekonomi/2022/enheter.csv",
        "/ekonomi/2022/kommunledning/",
        "/ekonomi/2022/kommunledning/ansvar.csv",
        "/ekonomi/2022/kommunledning/ansvar/KLC/",
        "/ekonomi/2022/kommunledning/ansvar/KLC/kontogrupp.xlsx",
    ]
    api = client.get("/api/v1/budget/figures/?year=2022").json()["results"]
    return {
        "status": {path: client.get(path).status_code for path in paths},
        "api": [(row["code"], row["group"], row["outcome"], row["budget"]) for row in api],
        "listed": "/ekonomi/2022/" in client.get("/ekonomi/").content.decode(),
        "compare": "2022" in client.get("/ekonomi/jamfor/").content.decode(),
    }


NOT_PUBLIC = {
    "status": dict.fromkeys(
        [
            "/ekonomi/2022/",
            "/ekonomi/2022/enheter.csv",
            "/ekonomi/2022/kommunledning/",
            "/ekonomi/2022/kommunledning/ansvar.csv",
            "/ekonomi/2022/kommunledning/ansvar/KLC/",
            "/ekonomi/2022/kommunledning/ansvar/KLC/kontogrupp.xlsx",
        ],
        404,
    ),
    "api": [],
    "listed": False,
    "compare": False,
}


def publish_url(year: int = 2022) -> str:
    return reverse("budget_staff:publish", kwargs={"year": year})


def confirm(client, year: int = 2022, note: str = "") -> object:
    """Open the publish page and confirm it, as a controller does (the page's fingerprint posted back)."""
    page = client.get(publish_url(year)).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    return client.post(publish_url(year), {"note": note, "fingerprint": fingerprint}, follow=True)


def everything() -> tuple:
    """The books, their public copy, the publications and the years: what a refusal must leave as it was."""
    return (
        list(LedgerLine.objects.order_by("pk").values_list("year_id", "code_id", "group_id", "budget", "outcome")),
        list(PublishedLedgerLine.objects.order_by("pk").values_list()),
        list(FigurePublication.objects.order_by("pk").values_list()),
        list(FiscalYear.objects.order_by("year").values_list()),
        FigureChange.objects.count(),
    )


# --- Nothing of a draft is public -------------------------------------------------------------------------------------


def test_figures_saved_in_an_open_year_are_public_nowhere_until_published(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000", "−4 000 000")
    client.logout()
    assert LedgerLine.objects.filter(year_id=2022).count() == 1
    assert public_view(client) == NOT_PUBLIC


def test_publishing_makes_the_figures_public_with_the_state_named(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000", "−4 000 000")
    with time_machine.travel(dt.datetime(2022, 9, 15, 8, 0, tzinfo=dt.UTC), tick=False):
        response = confirm(client, note="Delårsrapport augusti")
    assert "Siffrorna för 2022 är publicerade: 1 rad visas nu för allmänheten." in response.content.decode()
    client.logout()
    seen = public_view(client)
    assert set(seen["status"].values()) == {200}
    assert seen["api"] == [("KLC", "5", "-3300000.00", "-4000000.00")]
    assert seen["listed"] and seen["compare"]
    html = client.get("/ekonomi/2022/kommunledning/").content.decode()
    assert "Preliminära siffror, publicerade torsdag 15 september 2022: Delårsrapport augusti." in html
    assert "Siffrorna kan ändras tills bokslutet är fastställt." in html
    codes = table_with_caption(html, "per ansvar")
    assert codes.body[0][:4] == ["KLC Kansli Centerpartiet", "−3 170", "−3 300", "−4 000"]
    publication = FigurePublication.objects.get(year_id=2022)
    assert (publication.kind, publication.note, publication.published_by, publication.line_count) == (
        FigurePublication.Kind.INTERIM,
        "Delårsrapport augusti",
        books.central,
        1,
    )


def test_changes_after_publishing_stay_private_until_published_again(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    confirm(client)
    grid_post(client, books.kl, books.klc, "−9 999 000")  # a mistake being typed
    grid_post(client, books.vn, books.ova, "−250 000")
    assert "Ändringar sedan publiceringen visas inte för allmänheten." in client.get(publish_url()).content.decode()
    client.logout()
    seen = public_view(client)
    assert seen["api"] == [("KLC", "5", "-3300000.00", None)]
    year_page = table_with_caption(client.get("/ekonomi/2022/").content.decode(), "Alla enheter 2022")
    assert {row[0]: row[2] for row in year_page.body} == {"Kommunledning": "−3 300", "Valnämnden": "–"}
    client.force_login(books.central)
    confirm(client)
    client.logout()
    assert sorted(public_view(client)["api"]) == [("KLC", "5", "-9999000.00", None), ("ÖVA", "5", "-250000.00", None)]
    assert FigurePublication.objects.filter(year_id=2022).count() == 2


def test_a_line_deleted_in_the_draft_goes_from_the_public_copy_at_the_next_publication(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    confirm(client)
    grid_post(client, books.kl, books.klc, "")  # both figures emptied: the line is deleted
    assert "Ändringar sedan publiceringen" in client.get(reverse("budget_staff:index")).content.decode()
    assert PublishedLedgerLine.objects.filter(year_id=2022).count() == 1
    grid_post(client, books.vn, books.ova, "−250 000")
    confirm(client)
    assert list(PublishedLedgerLine.objects.filter(year_id=2022).values_list("code__code", flat=True)) == ["ÖVA"]


def test_a_year_whose_lines_are_all_deleted_has_nothing_to_publish(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    confirm(client)
    grid_post(client, books.kl, books.klc, "")
    client.force_login(administrator())
    page = client.get(publish_url()).content.decode()
    assert "2022 har inga siffror ännu: det finns inget att publicera." in page
    assert 'name="fingerprint"' not in page
    # What was published stays public until figures are published again (or the year is closed).
    assert PublishedLedgerLine.objects.filter(year_id=2022).count() == 1


def test_closing_the_year_publishes_the_final_figures(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000", "−4 000 000")
    with time_machine.travel(dt.datetime(2022, 9, 15, 8, 0, tzinfo=dt.UTC), tick=False):
        confirm(client, note="Delårsrapport")
    grid_post(client, books.kl, books.klc, "−3 456 000", "−4 000 000")
    with time_machine.travel(dt.datetime(2023, 3, 30, 9, 0, tzinfo=dt.UTC), tick=False):
        closed = client.post(reverse("budget_staff:year_close", kwargs={"year": 2022}), {"confirm_year": "2022"})
    assert closed.status_code == 302
    publication = FigurePublication.objects.filter(year_id=2022).first()  # the latest
    year = FiscalYear.objects.get(pk=2022)
    assert (publication.kind, publication.published_at, publication.note) == (
        FigurePublication.Kind.FINAL,
        year.closed_at,
        "",
    )
    client.logout()
    assert public_view(client)["api"] == [("KLC", "5", "-3456000.00", "-4000000.00")]
    html = client.get("/ekonomi/2022/kommunledning/").content.decode()
    assert "Bokslut 2022, fastställt torsdag 30 mars 2023." in html and "Preliminära" not in html


# --- Who may publish, and refusals that change nothing --------------------------------------------------------------


def test_a_controller_of_one_unit_may_not_publish_a_year_other_units_have_figures_in(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    grid_post(client, books.vn, books.ova, "−250 000")
    client.force_login(books.controller)
    before = everything()
    assert client.get(publish_url()).status_code == 403
    assert client.post(publish_url(), {"fingerprint": draft_fingerprint(2022)}).status_code == 403
    assert publish_url() not in client.get(reverse("budget_staff:index")).content.decode()
    assert everything() == before
    with pytest.raises(PermissionDenied):
        figures_publish(year=FiscalYear.objects.get(pk=2022), user=books.controller)
    assert everything() == before


@pytest.mark.parametrize("who", ["anonymous", "secretary", "plain"])
def test_people_who_are_no_controllers_cannot_publish(client, books, who):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    client.logout()
    if who == "secretary":
        client.force_login(secretary_of(BodyFactory()))
    elif who == "plain":
        client.force_login(UserFactory())
    before = everything()
    response = client.post(publish_url(), {"fingerprint": draft_fingerprint(2022)})
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert everything() == before
    assert public_view(client)["api"] == []


def test_a_closed_year_cannot_be_published_again(client, books):
    client.force_login(books.central)
    before = everything()
    page = client.get(publish_url(2021)).content.decode()
    assert "De slutliga siffrorna för 2021 publicerades när bokslutet fastställdes" in page
    assert 'name="fingerprint"' not in page
    response = client.post(publish_url(2021), {"fingerprint": draft_fingerprint(2021)}, follow=True)
    assert (
        "Bokslutet för 2021 är fastställt: de slutliga siffrorna publicerades när bokslutet fastställdes och kan inte "
        "publiceras igen." in response.content.decode()
    )
    assert everything() == before
    with pytest.raises(ValidationError) as refused:
        figures_publish(year=FiscalYear.objects.get(pk=2021), user=books.central)
    assert refused.value.messages == [closed_year_publish_message(2021)]
    assert everything() == before


def test_a_year_without_lines_cannot_be_published(client, books):
    admin = administrator()
    with pytest.raises(ValidationError) as refused:
        figures_publish(year=FiscalYear.objects.get(pk=2022), user=admin)
    assert refused.value.messages == ["2022 har inga siffror ännu: det finns inget att publicera."]
    assert not FigurePublication.objects.filter(year_id=2022).exists()


def test_a_post_without_the_pages_fingerprint_publishes_nothing(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    before = everything()
    response = client.post(publish_url(), {"note": "Delår"})
    assert response.status_code == 200
    assert (
        "Sidan skickades utan det den visade. Ingenting publicerades: granska siffrorna nedan och publicera."
        in response.content.decode()
    )
    assert everything() == before


def test_figures_changed_after_the_page_was_shown_are_not_published_unseen(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    page = client.get(publish_url()).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    grid_post(client, books.vn, books.ova, "−250 000")  # another controller saves meanwhile
    before = everything()
    response = client.post(publish_url(), {"note": "", "fingerprint": fingerprint})
    assert response.status_code == 200
    assert changed_since_preview_message(2022) in response.content.decode()
    assert everything() == before
    # The page shown again carries the new draft's fingerprint and figures: confirming it publishes both units.
    assert f'value="{draft_fingerprint(2022)}"' in response.content.decode()
    assert "Valnämnden" in table_with_caption(response.content.decode(), "Summor per enhet").body[1][0]


def test_the_publish_page_shows_what_will_change_for_the_public(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000", "−4 000 000")
    confirm(client)
    grid_post(client, books.vn, books.ova, "−250 000")
    page = client.get(publish_url()).content.decode()
    assert "2022 har 2 rader i huvudboken. Allmänheten ser nu 1 rad." in page
    table = table_with_caption(page, "Summor per enhet 2022")
    assert table.head == [
        [
            "Enhet",
            "Utfall som publiceras",
            "Utfall som visas nu",
            "Budget som publiceras",
            "Budget som visas nu",
            "Ändras",
        ]
    ]
    assert table.body == [
        ["Kommunledning", "−3 300", "−3 300", "−4 000", "−4 000", "Nej"],
        ["Valnämnden", "−250", "–", "–", "–", "Ja"],
    ]


def test_a_personnummer_in_the_note_is_pointed_out_and_never_shown_to_the_public(client, books):
    client.force_login(books.central)
    grid_post(client, books.kl, books.klc, "−3 300 000")
    page = client.get(publish_url()).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    warned = client.post(publish_url(), {"note": "Rättad av 811218-9876", "fingerprint": fingerprint})
    assert "Fältet innehåller ett personnummer (811218-9876)." in warned.content.decode()
    assert not FigurePublication.objects.filter(year_id=2022).exists()
    kept = client.post(
        publish_url(), {"note": "Rättad av 811218-9876", "fingerprint": fingerprint, "personuppgifter": "behall"}
    )
    assert kept.status_code == 302
    client.logout()
    html = client.get("/ekonomi/2022/").content.decode()
    assert "Rättad av [personnummer maskerat]" in html and "811218" not in html
    assert "811218" not in client.get("/ekonomi/").content.decode()


# --- The publication state on the staff pages, in a fixed number of queries ----------------------------------------


def test_the_state_says_changed_only_while_the_draft_differs_from_the_public_copy(books):
    admin = administrator()
    year = FiscalYear.objects.get(pk=2022)
    assert publication_states([2022])[2022].summary == "Utkast – inte publicerat"
    ledger_line(year=2022, code=books.klc, group="5", outcome=-1, budget=None)
    ledger_line(year=2022, code=books.klc, group="4", outcome=-2, budget=5)
    with time_machine.travel(dt.datetime(2022, 9, 15, 8, 0, tzinfo=dt.UTC), tick=False):
        figures_publish(year=year, user=admin, note="Delår", fingerprint=draft_fingerprint(2022))
    state = publication_states([2022])[2022]
    assert (state.summary, state.changed) == (
        "Publicerat torsdag 15 september 2022 (preliminära siffror: Delår)",
        False,
    )
    line = LedgerLine.objects.get(year_id=2022, group=account_group("5"))
    for field, value in (("budget", 0), ("comparable", False), ("outcome", -3)):
        original = getattr(line, field)
        setattr(line, field, value)
        line.save()
        assert publication_states([2022])[2022].changed, field  # NULL → 0 budget is a change too
        setattr(line, field, original)
        line.save()
        assert not publication_states([2022])[2022].changed, field
    line.delete()
    assert publication_states([2022])[2022].changed
    assert publication_states([2021])[2021].summary == "Publicerat torsdag 31 mars 2022 (bokslut)"
