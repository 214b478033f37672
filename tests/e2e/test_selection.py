"""Walkthrough "udvælgelse" (seed 000): staff tick apprentices on "Mine lærlinge" and add
them; the choice is kept across logins; a removed apprentice's profile is gone (404)."""

from __future__ import annotations

import pytest

from demo.services import seed_demo
from tests.e2e.helpers import assert_accessible, log_in, log_out, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tick(page, apprentice) -> None:
    """Click the visible box (the label), as a mouse user does: the input itself is an
    overlay until each row positioned its checkbox)."""
    page.locator(f"label[for=pick-{apprentice.pk}]").click()
    assert page.locator(f"#pick-{apprentice.pk}").is_checked()


def row_of(page, apprentice):
    return page.get_by_test_id("apprentice-row").filter(has_text=apprentice.full_name)


def test_selection_is_kept_across_logins_and_a_removed_apprentice_is_not_found(page):
    world = seed_demo()
    chosen = world.apprentices[10:13]  # municipality SOSU apprentices nobody has selected
    log_in(page, "virksomhed@demo.test")
    page.get_by_role("link", name="Mine lærlinge").first.click()
    assert_accessible(page, "my apprentices")
    assert "Du har valgt 10 lærlinge" in page.get_by_test_id("selected-count").inner_text()
    for apprentice in chosen:
        tick(page, apprentice)
    page.get_by_role("button", name="Tilføj markerede").click()
    assert "Du har valgt 13 lærlinge" in page.get_by_test_id("selected-count").inner_text()
    assert_accessible(page, "my apprentices after adding")
    screenshot(page, "selection-added")

    log_out(page)
    log_in(page, "virksomhed@demo.test", check=False)
    page.get_by_role("link", name="Mine lærlinge").first.click()
    for apprentice in chosen:
        row = row_of(page, apprentice)
        assert "Valgt" in row.inner_text()
        assert row.get_by_role("link", name=apprentice.full_name).count() == 1

    removed = chosen[0]
    row_of(page, removed).get_by_role("link", name=removed.full_name).click()
    profile_url = page.url
    assert removed.full_name in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page, "apprentice profile")
    page.go_back()
    tick(page, removed)
    page.get_by_role("button", name="Fjern markerede").click()
    assert "Du har valgt 12 lærlinge" in page.get_by_test_id("selected-count").inner_text()
    assert "Ikke valgt" in row_of(page, removed).inner_text()
    screenshot(page, "selection-removed")

    response = page.goto(profile_url)
    assert response.status == 404
    assert removed.full_name not in page.content()
    assert "ikke fundet" in page.locator("body").inner_text().lower()
    screenshot(page, "selection-profile-not-found")


def test_the_not_found_page_is_danish_and_accessible(page):
    seed_demo()
    log_in(page, "virksomhed@demo.test", check=False)
    response = page.goto("/laerlinge/999999/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "da"
    assert "ikke fundet" in page.locator("body").inner_text().lower()
    assert_accessible(page, "not found page")


def test_each_selection_checkbox_lies_inside_its_own_row(page):
    seed_demo()
    log_in(page, "virksomhed@demo.test", check=False)
    page.get_by_role("link", name="Mine lærlinge").first.click()
    outside = page.evaluate(
        """() => [...document.querySelectorAll('input[name=apprentices]')].filter(input => {
            const box = input.getBoundingClientRect();
            const row = input.closest('tr').getBoundingClientRect();
            return box.top < row.top || box.bottom > row.bottom;
        }).map(input => input.id)"""
    )
    assert outside == []
