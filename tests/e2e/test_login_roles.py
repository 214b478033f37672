"""Each demo account logs in in a real browser and lands on its role's front page."""

from __future__ import annotations

import pytest

from demo.data import DEMO_PASSWORD
from demo.services import seed_demo
from tests.accounts.test_login import DEMO_ACCOUNTS
from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/")
    assert_accessible(page, "login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def accept_documents(page) -> None:
    """The portal's terms, and for organisation users their obligations after them."""
    while page.get_by_role("button", name="Acceptér og fortsæt").count():
        page.get_by_label("Jeg har læst og accepterer vilkårene").check()
        page.get_by_role("button", name="Acceptér og fortsæt").click()


def test_each_demo_account_sees_its_front_page_in_danish_and_can_switch_to_english(page):
    seed_demo()
    for email, role_label in DEMO_ACCOUNTS.items():
        log_in(page, email)
        accept_documents(page)
        assert page.locator("html").get_attribute("lang") == "da", (email, page.url)
        assert role_label in page.get_by_test_id("current-user").inner_text()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen")
        screenshot(page, f"front-{email.split('@')[0]}")
        assert_accessible(page, f"front page of {email}")
        page.get_by_role("button", name="Log ud").click()

    log_in(page, "virksomhed@demo.test")
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    screenshot(page, "front-virksomhed-english")
