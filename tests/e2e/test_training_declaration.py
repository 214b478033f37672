"""Walkthrough "Logbog" (seed 003), the whole round trip: the apprentice requests a training
declaration, the training responsible rates every goal from the e-mailed link (no login) and
sends it with confirmation, and the school contact sees it in the back office after signing
in with the e-mailed one-time code."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from demo.services import seed_demo
from tests.e2e.helpers import assert_accessible, log_in, screenshot
from training_declarations.demo import seed_demo_training_declarations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RESPONSIBLE = "ansvarlig@havnestad.demo.test"
SCHOOL_CONTACT = "kontakt@sosu-havnestad.demo.test"


def last_mail_to(address: str):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    return messages[-1]


def fresh_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_request_rating_and_back_office_round_trip(page, browser, live_server):
    world = seed_demo()
    seed_demo_training_declarations(world)
    mail.outbox.clear()

    log_in(page, "elev@demo.test")
    page.goto("/logbog/")
    assert_accessible(page, "declarations list")
    page.get_by_role("link", name="Opret erklæring om oplæring").click()
    assert_accessible(page, "declaration request form")
    page.locator("[name=training_type]").first.check()
    page.get_by_label("Uddannelse (speciale)").select_option(index=1)
    period_end = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Slutdato for oplæringsperioden").fill(period_end.isoformat())
    page.get_by_label("Hovedforløb (nummer)").fill("2")
    page.get_by_label("Skole:").select_option(label=world.schools["sosu"].name)
    page.get_by_label("Holdnavn").fill("SOSU-24")
    page.get_by_label("E-mail til oplæringsansvarlig").fill(RESPONSIBLE)
    page.get_by_label("E-mail til kontakt(er) på skolen").fill(SCHOOL_CONTACT)
    page.get_by_label("Lærestedets CVR-nummer").fill(world.companies["kommune"].cvr)
    screenshot(page, "declaration-request")
    page.get_by_role("button", name="Send anmodning").click()
    assert_accessible(page, "after request")

    # The e-mail's link has the configured public host; open its path on the live server.
    link = re.search(r"/logbog/erklaering/[\w-]{43}/", last_mail_to(RESPONSIBLE).body)
    assert link, last_mail_to(RESPONSIBLE).body

    context, responsible = fresh_page(browser, live_server)
    try:
        responsible.goto(link[0])
        assert responsible.get_by_role("heading", level=1).inner_text() == ("Erklæring om oplæring")
        assert_accessible(responsible, "rating form")
        radios = responsible.locator("input[type=radio][value='2']")
        assert radios.count() > 0
        for index in range(radios.count()):
            radios.nth(index).check()
        responsible.get_by_label("Arbejdsområder og funktioner").fill("Hjemmepleje, aftenvagt.")
        responsible.get_by_label("Særlige behov til næste skoleperiode").fill("Ingen.")
        screenshot(responsible, "declaration-rating")
        responsible.get_by_role("button", name="Videre til godkendelse").click()
        assert_accessible(responsible, "rating confirmation")
        responsible.get_by_role("button", name="Bekræft og send erklæringen").click()
        assert_accessible(responsible, "rating sent")
        screenshot(responsible, "declaration-sent")
    finally:
        context.close()

    context, school = fresh_page(browser, live_server)
    try:
        school.goto("/logbog/backend/login/")
        assert_accessible(school, "back office login")
        school.get_by_label("E-mail").fill(SCHOOL_CONTACT)
        school.get_by_role("button", name="Send kode").click()
        code = re.search(r"\b(\d{6})\b", last_mail_to(SCHOOL_CONTACT).body)
        assert code, last_mail_to(SCHOOL_CONTACT).body
        school.get_by_label("Engangskode").fill(code[1])
        school.get_by_role("button", name="Log ind").click()
        assert "Sofie Nielsen" in school.locator("main").inner_text()
        assert_accessible(school, "back office overview")
        screenshot(school, "declaration-back-office")
    finally:
        context.close()
