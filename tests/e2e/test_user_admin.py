"""Walkthrough "brugeradministration" (seed 004): the local administrator creates a user, the
user signs in and accepts the terms and obligations, the administrator suspends them and the
user's next click lands on the login page."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from accounts.models import TermsAcceptance, User
from demo.services import seed_demo
from tests.e2e.helpers import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "ny.medarbejder@havnestad.demo.test"
PASSWORD = "en-lang-adgangskode-2026"


def test_a_created_user_signs_in_accepts_and_is_logged_out_when_suspended(
    page, browser, live_server, settings
):
    settings.MFA_REQUIRED_FOR_ADMINS = False
    seed_demo()
    log_in(page, "leder@demo.test")
    page.get_by_role("link", name="Brugere").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Brugere"
    assert_accessible(page, "users")
    page.get_by_role("link", name="Opret bruger").click()
    assert_accessible(page, "create user")
    page.get_by_label("Navn").fill("Nina Ny")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Rolle").select_option(index=0)
    screenshot(page, "user-admin-create")
    page.get_by_role("button", name="Opret bruger").click()
    assert "Nina Ny" in page.locator("main").inner_text()
    assert_accessible(page, "users after create")
    screenshot(page, "user-admin-created")

    user = User.objects.get(email=EMAIL)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=EMAIL, defaults={"verified": True, "primary": True}
    )

    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    try:
        other = context.new_page()
        other.set_default_timeout(15_000)
        other.goto("/")
        other.get_by_label("E-mail").fill(EMAIL)
        other.get_by_label("Adgangskode").fill(PASSWORD)
        other.get_by_role("button", name="Log ind").click()
        accepted = 0
        while other.get_by_role("button", name="Acceptér og fortsæt").count():
            assert_accessible(other, f"terms {accepted + 1}")
            screenshot(other, f"user-admin-terms-{accepted + 1}")
            other.get_by_label("Jeg har læst og accepterer vilkårene").check()
            other.get_by_role("button", name="Acceptér og fortsæt").click()
            accepted += 1
        assert accepted == 2  # the portal's terms, then the user's obligations
        assert TermsAcceptance.objects.filter(user=user).count() == 2
        assert other.get_by_role("heading", level=1).inner_text().startswith("Velkommen")

        page.get_by_role("link", name="Suspendér Nina Ny").click()
        assert_accessible(page, "suspend confirmation")
        page.get_by_role("button", name="Suspendér").click()
        screenshot(page, "user-admin-suspended")

        other.locator("main a[href^='/']").first.click()  # the user's next click
        assert "/konto/login/" in other.url or other.get_by_label("Adgangskode").count()
        assert other.get_by_role("button", name="Log ind").count() == 1
        screenshot(other, "user-admin-suspended-user-login")
    finally:
        context.close()
