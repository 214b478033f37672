""" "Rediger" in a real browser: the native <dialog> opens with focus inside, "Gem" closes it
and swaps the row, focus returns to the row's "Rediger", Escape closes; without JavaScript
the same link is a page and "Gem" returns to the overview."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from demo.data import DEMO_PASSWORD
from demo.services import seed_demo
from dropout_risk.demo import seed_demo_dropout_risk
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_login_roles import accept_documents, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EDIT_SOFIE = "Rediger frafaldsrisiko for Sofie Nielsen"


def open_overview(page, *, javascript: bool = True) -> None:
    seed_demo_dropout_risk(seed_demo())
    if javascript:
        log_in(page, "virksomhed@demo.test")  # also runs axe on the login page
    else:
        page.goto("/")
        page.get_by_label("E-mail").fill("virksomhed@demo.test")
        page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log ind").click()
    accept_documents(page)
    page.get_by_role("link", name="Frafaldsrisiko (SOSU)").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Frafaldsrisiko (SOSU)"


def row_of_sofie(page):
    return page.get_by_test_id("risk-row").filter(has_text="Sofie Nielsen")


def test_the_dialog_saves_swaps_the_row_and_gives_focus_back(page) -> None:
    open_overview(page)
    page.get_by_role("link", name=EDIT_SOFIE).click()
    dialog = page.get_by_role("dialog", name="Frafaldsrisiko for Sofie Nielsen")
    dialog.wait_for()
    assert page.evaluate(
        "() => document.getElementById('risk-dialog').contains(document.activeElement)"
    )
    assert dialog.get_by_label("Middel").is_checked()  # the current level is preselected
    assert_accessible(page, "assessment dialog")
    screenshot(page, "dropout-risk-dialog")
    dialog.get_by_label("Høj").check()
    dialog.get_by_role("button", name="Gem").click()
    dialog.wait_for(state="hidden")
    row = row_of_sofie(page)
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert "Høj" in row.inner_text() and today in row.inner_text()
    assert "Karen Holm" in row.inner_text()
    focused = page.evaluate("() => document.activeElement.innerText")
    assert focused.startswith("Rediger") and "Sofie Nielsen" in focused
    assert page.get_by_role("status").filter(has_text="Frafaldsrisikoen er gemt.").count() == 1

    page.get_by_role("link", name=EDIT_SOFIE).click()
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert "Sofie Nielsen" in page.evaluate("() => document.activeElement.innerText")


def test_without_javascript_rediger_is_a_page_and_gem_returns(browser, live_server) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        open_overview(page, javascript=False)
        page.get_by_role("link", name=EDIT_SOFIE).click()
        assert page.get_by_role("heading", level=2).inner_text() == (
            "Frafaldsrisiko for Sofie Nielsen"
        )
        page.get_by_text("Ikke angivet").last.click()  # the label of the radio
        page.get_by_role("button", name="Gem").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Frafaldsrisiko (SOSU)"
        assert "Frafaldsrisikoen for Sofie Nielsen er gemt." in page.content()
        assert "Ikke angivet" in row_of_sofie(page).inner_text()
        assert "Karen Holm" not in row_of_sofie(page).inner_text()
    finally:
        context.close()
