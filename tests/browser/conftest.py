"""Playwright with Debian's chromium against pytest-django's live server, and axe-core evaluated in the page."""

import importlib
import json
import os
from pathlib import Path

import pytest

from tests.conftest import require_service

# Playwright's sync API runs an event loop in this thread; Django's ORM in the same thread must be allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    require_service(CHROMIUM.exists(), f"Chromium behövs för webbläsartesterna: apt-get install chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require_service(AXE.exists(), "axe-core behövs för tillgänglighetstesterna: npm ci (installeras av make install)")
    return AXE.read_text()


def _new_page(browser, base_url: str):
    """A page in a context of its own (own cookies), recording what the Content Security Policy blocks."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", base_url=base_url)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: page.csp_errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server.url)
    yield page
    context.close()


@pytest.fixture
def anonymous_page(browser, live_server):
    """A second browser, never logged in: what a citizen sees while staff work in `page`."""
    context, page = _new_page(browser, live_server.url)
    yield page
    context.close()


@pytest.fixture
def check_accessibility(axe_source):
    """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now; fail listing each violation and where."""

    def check(page) -> None:
        page.evaluate(axe_source)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        violations = [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"], "where": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert not violations, f"axe finds WCAG 2.1 AA violations on {page.url}:\n" + json.dumps(
            violations, indent=2, ensure_ascii=False
        )
        assert not page.csp_errors, f"Content Security Policy blocked something on {page.url}: {page.csp_errors}"

    return check


@pytest.fixture(autouse=True)
def _account_groups(transactional_db):
    """The Kommun-Bas groups, as data migration 0002 makes them, for every browser test.

    A transactional test ends by flushing every table, the migration's reference data included, so the next browser
    test would find no groups. `serialized_rollback` would restore them but collides with the content types that
    other transactional tests' flushes recreate; running the migration's own function again is idempotent.
    """
    from django.apps import apps

    importlib.import_module("budget.migrations.0002_account_groups").add_groups(apps, None)
