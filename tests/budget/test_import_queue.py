"""Confirming a big ledger import while the task queue (Redis) is down: the controller is told in Swedish, the import
is back to its preview (not "queued" for ever), the books are unchanged, and confirming again once the queue is back
applies it.

Transactional tests: the task is sent when the confirmation commits, as in production.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import LedgerImport
from tests.budget.test_import_views import outcome_of_klc, preview_by
from tests.factories import ResponsibilityCodeFactory, ledger_line, unit_controller

pytestmark = pytest.mark.django_db(transaction=True)

NOT_QUEUED = "Inget är sparat som väntande"


@pytest.fixture
def klc(unit):
    code = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2021, code=code, group="5", budget=-4_134_000, outcome=-3_170_000)
    return code


@pytest.fixture
def controller(unit):
    return unit_controller(unit, first_name="Cecilia", last_name="Controller")


@pytest.fixture
def big_import(client, controller, klc, settings):
    settings.BUDGET_IMPORT_SYNC_ROWS = 1  # two rows: applied by the task
    return preview_by(client, controller, "2021;KLC;;5;-1;-100", "2021;KLC;;5;0;-200")


def test_confirming_with_the_queue_down_keeps_the_preview_and_offers_to_confirm_again(client, big_import, broker_down):
    response = client.post(reverse("budget_staff:import_confirm", args=[big_import.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("budget_staff:import_detail", args=[big_import.pk]), 302)]
    html = response.content.decode()
    assert NOT_QUEUED in html
    assert f'action="{reverse("budget_staff:import_confirm", args=[big_import.pk])}"' in html
    assert "Bekräfta och läs in" in html
    big_import.refresh_from_db()
    assert big_import.status == LedgerImport.Status.PREVIEW
    assert big_import.file
    assert outcome_of_klc() == Decimal(-3_170_000)


def test_confirming_again_once_the_queue_is_back_applies_the_file(client, big_import, broker_down):
    client.post(reverse("budget_staff:import_confirm", args=[big_import.pk]))

    broker_down.conf.task_always_eager = True  # the queue is back (here: tasks run in the process)
    response = client.post(reverse("budget_staff:import_confirm", args=[big_import.pk]))

    assert response.status_code == 302
    big_import.refresh_from_db()
    assert big_import.status == LedgerImport.Status.APPLIED, big_import.message
    assert outcome_of_klc() == Decimal(-300)
