import pytest

from tests.factories import ResponsibilityCodeFactory, UnitFactory


@pytest.fixture
def unit():
    """Kommunledning, a unit of its own (no parent), with no codes yet."""
    return UnitFactory(name="Kommunledning", slug="kommunledning")


@pytest.fixture
def klc(unit):
    """KLC Kansli Centerpartiet under `unit`, with no ledger lines yet."""
    return ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
