"""Walkthroughs "Frafaldsrisiko" (seed 001): the company registers a level in the dialog with
the keyboard alone (focus moves into the dialog and back), the school filters "Elevoversigt"
and opens the profile, and the apprentice sees the assessment on their course page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apprenticeship.models import Apprentice
from demo.services import seed_demo
from tests.e2e.helpers import assert_accessible, focused, log_in, log_out, screenshot, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Sofie Nielsen"


def focus_in_dialog(page) -> bool:
    return page.evaluate("() => !!document.activeElement.closest('#risk-dialog')")


def is_edit_link(element) -> bool:
    return (
        element["tag"] == "a"
        and element["text"].startswith("Rediger")
        and NAME in (element["text"])
    )


def test_company_school_and_apprentice_see_a_level_registered_by_keyboard(page):
    world = seed_demo()
    sofie = Apprentice.objects.get(user=world.users["elev"])
    log_in(page, "virksomhed@demo.test")
    page.get_by_role("link", name="Frafaldsrisiko (SOSU)").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Frafaldsrisiko (SOSU)"
    assert_accessible(page, "dropout risk overview")

    # Keyboard only: Tab to "Rediger", Enter opens the dialog, Escape closes it.
    tab_to(page, is_edit_link, limit=150)
    page.keyboard.press("Enter")
    dialog = page.locator("#risk-dialog")
    dialog.wait_for(state="visible")
    assert focus_in_dialog(page)
    assert_accessible(page, "dropout risk dialog")
    screenshot(page, "dropout-risk-dialog")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert is_edit_link(focused(page)), focused(page)

    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    assert focus_in_dialog(page)
    tab_to(page, lambda e: e["name"] == "level", limit=10)
    for _ in range(4):  # arrows move through the radio group and choose
        if page.locator("#risk-dialog input[value=high]").is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("#risk-dialog input[value=high]").is_checked()
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Gem", limit=10)
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    row = page.locator(f"#risk-row-{sofie.pk}")
    latest = row.get_by_test_id("latest").inner_text()
    assert "Høj" in latest
    assert timezone.localdate().strftime("%d.%m.%Y") in latest
    assert "Karen Holm" in latest
    assert is_edit_link(focused(page)), focused(page)
    assert_accessible(page, "dropout risk after save")
    screenshot(page, "dropout-risk-saved")
    log_out(page)

    log_in(page, "skole@demo.test", check=False)
    page.get_by_role("link", name="Elevoversigt").first.click()
    assert_accessible(page, "school overview")
    page.get_by_text("Frafaldsrisiko SOSU", exact=True).first.click()
    page.get_by_label("Høj").check()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Senest registreret").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Søg").click()
    assert page.get_by_role("link", name=NAME).count() == 1
    assert_accessible(page, "school overview filtered")
    screenshot(page, "dropout-risk-school-filtered")
    page.get_by_role("link", name=NAME).click()
    assert "Høj" in page.locator("main").inner_text()
    assert_accessible(page, "student profile")
    screenshot(page, "dropout-risk-student-profile")
    log_out(page)

    log_in(page, "elev@demo.test", check=False)
    # Min side → "Vis uddannelsesforløb" (the front page has no tile of its own for it).
    page.get_by_role("link", name="Min side").first.click()
    page.get_by_role("main").get_by_role("link", name="Vis uddannelsesforløb").click()
    assert "Høj" in page.locator("main").inner_text()
    assert_accessible(page, "my course")
    screenshot(page, "dropout-risk-my-course")


def test_min_side_links_to_the_course_page(page):
    seed_demo()
    log_in(page, "elev@demo.test")
    page.get_by_role("link", name="Min side").first.click()
    assert_accessible(page, "my page")
    page.get_by_role("main").get_by_role("link", name="Vis uddannelsesforløb").click(timeout=3000)
    assert page.get_by_role("heading", level=1).inner_text() == "Mit uddannelsesforløb"
