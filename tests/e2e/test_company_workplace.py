"""Walkthrough "Ret virksomhedsoplysninger" (seed 000): Virksomhedens side → Arbejdssteder →
Rediger → Rediger → change the contact data → Gem; the list shows the change, and an invalid
phone number keeps what was typed and says what is wrong."""

from __future__ import annotations

import pytest

from demo.services import seed_demo
from tests.e2e.helpers import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_edit_a_workplaces_contact_data_and_see_it_in_the_list(page):
    world = seed_demo()
    workplace = world.workplaces["kommune"][0]
    log_in(page, "virksomhed@demo.test")
    page.get_by_role("link", name="Virksomhedens side").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Virksomhedens side"
    assert_accessible(page, "company page")
    page.get_by_role("link", name="Arbejdssteder", exact=True).last.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Arbejdssteder"
    assert_accessible(page, "workplace list")
    screenshot(page, "workplace-list")

    page.get_by_role("link", name=f"Rediger {workplace.name}").click()
    assert page.get_by_role("heading", level=1).inner_text() == workplace.name
    assert_accessible(page, "workplace detail")
    page.get_by_role("link", name="Rediger kontaktoplysninger").click()
    assert_accessible(page, "contact form")

    page.get_by_label("Kontaktperson").fill("Mette Kontakt")
    page.get_by_label("E-mail").fill("mette@havnestad.demo.test")
    page.get_by_label("Telefonnummer").fill("12 34 56")  # too short: 6 digits
    page.get_by_label("Hjemmeside").fill("https://havnestad.demo.test")
    page.get_by_role("button", name="Gem").click()
    phone = page.get_by_label("Telefonnummer")
    assert phone.input_value() == "12 34 56"  # kept as typed
    assert phone.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Kontaktperson").input_value() == "Mette Kontakt"
    assert_accessible(page, "contact form with error")
    screenshot(page, "workplace-contact-error")

    phone.fill("33 44 55 66")
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("link", name="Arbejdssteder", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text=workplace.name)
    text = row.inner_text()
    assert "Mette Kontakt" in text
    assert "mette@havnestad.demo.test" in text
    assert "33 44 55 66" in text
    assert "https://havnestad.demo.test" in text
    assert_accessible(page, "workplace list after edit")
    screenshot(page, "workplace-list-after-edit")
