"""Walkthrough "Registrér afslag" (seed 001): the form filled and sent with the keyboard
alone, the confirmation and an empty form, and the spreadsheet of earlier rejections without
any applicant data."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.services import seed_demo
from rejections.demo import seed_demo_rejections
from tests.e2e.helpers import assert_accessible, focused, log_in, screenshot, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPLICANT = ("Jonas Tastatur", "20 11 33 44", "Tastevej 7, 6700 Esbjerg")


def named(name: str):
    return lambda element: element["name"] == name


def test_rejection_is_registered_with_the_keyboard_and_the_export_has_no_applicant(page, tmp_path):
    world = seed_demo()
    seed_demo_rejections(world)
    log_in(page, "virksomhed@demo.test")
    page.get_by_role("link", name="Registrér afslag").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Registrér afslag"
    assert_accessible(page, "rejection form")
    screenshot(page, "rejections-form")

    # Keyboard only from here: Tab into the form, Space/arrows to choose, type, Enter.
    tab_to(page, named("education"))
    page.keyboard.press("Space")
    tab_to(page, named("workplace"))
    page.keyboard.press("ArrowDown")
    name, mobile, address = APPLICANT
    tab_to(page, named("applicant_name"))
    page.keyboard.type(name)
    tab_to(page, named("applicant_mobile"))
    page.keyboard.type(mobile)
    tab_to(page, named("applicant_address"))
    page.keyboard.type(address)
    tab_to(page, named("rejected_on"))
    day = timezone.localdate() - dt.timedelta(days=2)
    # Headless chromium lays the date input out as mm/dd/yyyy whatever the page locale.
    page.keyboard.type(day.strftime("%m%d%Y"))
    assert page.locator("[name=rejected_on]").input_value() == day.isoformat()
    tab_to(page, named("primary_reason"))
    page.keyboard.press("ArrowDown")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Gem")
    # Enter submits; wait for the answer page itself (wait_for_load_state() could return
    # before the navigation started and read the old form on a busy machine).
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Afslaget er gemt")
    for field in ("applicant_name", "applicant_mobile", "applicant_address"):
        assert page.locator(f"[name={field}]").input_value() == ""
    assert_accessible(page, "rejection saved")
    screenshot(page, "rejections-saved")
    assert focused(page)  # the page kept working for the keyboard user

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent tidligere afslag som regneark").click()
    path = tmp_path / "afslag.xlsx"
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert len(cells) > 10  # the earlier rejections are there
    for secret in (*APPLICANT, "Amina", "20 12 34 56"):
        assert not any(secret in cell for cell in cells), secret
