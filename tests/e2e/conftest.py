"""Playwright against a live server, in Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI

# pytest-django's live server runs in a thread; Playwright's sync API runs an event loop in
# the test thread, which makes Django refuse ORM calls there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", "test-results/e2e"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("CI must run the browser tests: chromium is not installed.")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_SCRIPT = "/static/test-axe/axe.min.js"  # tests/settings.py serves it same-origin


def assert_accessible(page, name: str = "") -> None:
    """axe-core on the current page: no serious or critical violations (WCAG 2.1 AA)."""
    result = _run_axe(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{name or page.url}: " + "; ".join(serious)


def _run_axe(page, attempts: int = 5) -> dict:
    """Injects axe-core (same origin) and runs it. A click just before may have started a
    navigation that has not replaced the document yet; axe then lands in a document being
    torn down ("Cannot read properties of null", "Execution context was destroyed"), so it
    waits for the new page's load and tries again."""
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(attempts - 1):
        try:
            return _inject_and_run_axe(page)
        except PlaywrightError:
            page.wait_for_timeout(250)
    return _inject_and_run_axe(page)


def _inject_and_run_axe(page) -> dict:
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_SCRIPT)
    return page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
