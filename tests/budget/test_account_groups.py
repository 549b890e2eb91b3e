"""The kontogrupp labels are those the årsberättelse prints, on a new install and after the upgrade migration."""

import importlib

import pytest

from budget.demo_data.published_2021 import FORVALTNING_GROUPS, KOMMUNLEDNING_GROUPS
from budget.models import AccountGroup

pytestmark = pytest.mark.django_db


def test_every_account_group_is_named_as_the_record_prints_it():
    printed = {row.key: row.name for row in (*KOMMUNLEDNING_GROUPS, *FORVALTNING_GROUPS)}
    assert dict(AccountGroup.objects.values_list("code", "name")) == printed


def test_the_upgrade_renames_the_tidied_label_but_keeps_a_name_staff_chose():
    from django.apps import apps

    upgrade = importlib.import_module("budget.migrations.0004_account_group_labels")
    AccountGroup.objects.filter(code="6B").update(name="Entrpr, fastighetskostn, övr.")
    upgrade.use_record_labels(apps, None)
    assert AccountGroup.objects.get(code="6B").name == "Entrpr,fastighetskostn, övr. m"

    AccountGroup.objects.filter(code="6B").update(name="Fastighetskostnader")
    upgrade.use_record_labels(apps, None)
    assert AccountGroup.objects.get(code="6B").name == "Fastighetskostnader"
