"""Walkthrough "Administrere Lærlingundersøkelsen" (seed 002), the survey from import to
published results: the county's administrator loads the register extract (a bad file first,
refused line by line with nothing loaded; then the good one, with the keyboard alone) and
reads the data-quality page; after the final extract the invitations go out and the progress
shows; an apprentice answers with the keyboard through the personal link from the e-mail;
the three reminders go only to those who have not answered, and no fourth is offered; after
the last day the results are published with the small groups hidden.

The county administrator works in Norwegian (the language switcher), as the guide's users do.
The round's dates are moved with the ORM between the steps, and the periodic task
`advance_rounds` is run by hand, where in production time and Celery beat would do it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from demo.services import seed_demo
from surveys import answering, sms, tasks
from surveys.demo import FREE_TEXT, QUESTIONS, seed_demo_surveys
from surveys.models import Participant, Question, SurveyRound
from tests.e2e.helpers import assert_accessible, log_in, screenshot, tab_to
from tests.surveys.factories import HEADER, orgnr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPRENTICE = ("Kari Nordmann", "kari.nordmann@elev.example.no", "+47 912 34 567")
ANSWER_LINK = re.compile(r"/laerlingundersokelsen/svar/[0-9a-f]{64}/")
# company key → (name, people in the population with valid contact details)
COMPANIES = {
    "bakeri": ("Fjordkanten Bakeri AS", 7),
    "elektro": ("Nordlys Elektro AS", 6),
    "frisor": ("Sjøbris Frisør", 3),  # below 5: pooled in "Øvrige lærebedrifter"
}


@pytest.fixture(autouse=True)
def sms_outbox(settings) -> list[sms.Sms]:
    settings.SURVEYS_SMS_BACKEND = "locmem"
    sms.outbox.clear()
    mail.outbox.clear()
    return sms.outbox


def named(name: str):
    return lambda element: element["name"] == name


def button(text: str):
    return lambda element: element["tag"] == "button" and element["text"] == text


def new_round(today: dt.date) -> SurveyRound:
    """A round whose final extract is five days ahead: the register can still be loaded."""
    year = today.year + 3
    reference = today + dt.timedelta(days=5)
    survey_round = SurveyRound.objects.create(
        year=year,
        title=f"Lærlingundersøkelsen {year}",
        reference_date=reference,
        correction_deadline=timezone.now() + dt.timedelta(days=4),
        extract_at=timezone.now() + dt.timedelta(days=5),
        opens_on=reference + dt.timedelta(days=6),
        last_day=reference + dt.timedelta(days=31),
        results_on=reference + dt.timedelta(days=57),
    )
    for position, (text, low, high) in enumerate(QUESTIONS[:3], start=1):
        Question.objects.create(
            round=survey_round, position=position, text=text, low_label=low, high_label=high
        )
    Question.objects.create(round=survey_round, position=4, kind=Question.Kind.TEXT, text=FREE_TEXT)
    return survey_round


def shift_round(survey_round: SurveyRound, days: int) -> None:
    """Time passes: every date of the round moves `days` days into the past."""
    delta = dt.timedelta(days=days)
    for name in (
        "reference_date",
        "correction_deadline",
        "extract_at",
        "opens_on",
        "last_day",
        "results_on",
    ):
        setattr(survey_round, name, getattr(survey_round, name) - delta)
    survey_round.save()


def register_file(path, county: str) -> tuple[object, dict[str, str], int]:
    """The county's extract: three standalone companies, reachable people, a few who
    cannot be reached (the data-quality page), and some outside the population."""
    numbers = {key: orgnr(700 + i) for i, key in enumerate(COMPANIES)}
    long_ago, recently = "2023-08-15", (timezone.localdate() - dt.timedelta(days=90)).isoformat()
    name, email, mobile = APPRENTICE
    # id, type, name, e-mail, mobile, company key, contract start, contract status
    rows = [("100001", "lærling", name, email, mobile, "bakeri", long_ago, "løpende")]
    number = 100001
    for key, (_company, size) in COMPANIES.items():
        for index in range(size - 1 if key == "bakeri" else size):
            number += 1
            kind = "lærekandidat" if index == 2 else "lærling"
            mail_, phone = f"laerling{number}@elev.example.no", f"9{number:07d}"
            rows.append(
                (str(number), kind, f"Lærling {number}", mail_, phone, key, "15.08.2023", "løpende")
            )
    rows += [
        # In the population, but a message may not reach them.
        ("100101", "lærling", "Ola Feilmail", "ola(at)elev.example.no", "90011223", "bakeri"),
        ("100102", "lærling", "Per Fasttelefon", "per@elev.example.no", "12345", "elektro"),
        ("100103", "lærling", "Siri Ukjent", "", "", "frisor"),
    ]
    rows[-3:] = [(*row, long_ago, "løpende") for row in rows[-3:]]
    outside = [
        # Outside the population: too recently started, contract ended, no company.
        ("100201", "lærling", "Nils Nystartet", "nils@elev.example.no", "90000201", "bakeri"),
        ("100202", "lærling", "Eva Ferdig", "eva@elev.example.no", "90000202", "elektro"),
        ("100203", "lærling", "Tor Utenbedrift", "tor@elev.example.no", "90000203", ""),
    ]
    rows += [
        (*outside[0], recently, "løpende"),
        (*outside[1], long_ago, "avsluttet"),
        (*outside[2], long_ago, "løpende"),
    ]
    lines = [HEADER]
    for register_id, kind, person, mail_, phone, key, start, status in rows:
        company, company_name = (numbers[key], COMPANIES[key][0]) if key else ("", "")
        office = ""  # standalone companies: the county sends
        values = (register_id, kind, person, mail_, phone, county, office, company, company_name)
        lines.append(";".join((*values, start, status)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, numbers, len(rows)


def bad_register_file(path, county: str) -> object:
    unknown_county = orgnr(799)
    good = ["200001", "lærling", "Anne Riktig", "anne@elev.example.no", "91111111", county]
    lines = [
        HEADER,
        ";".join([*good, "", orgnr(790), "Bedrift AS", "2023-08-15", "løpende"]),
        "200002;elev;Bjørn Type;b@elev.example.no;;" + county + ";;;;2023-08-15;løpende",
        "200003;lærling;Cecilie Dato;c@elev.example.no;;" + county + ";;;;31/12/2023;løpende",
        f"200004;lærling;Dag Fylke;d@elev.example.no;;{unknown_county};;;;2023-08-15;løpende",
        "200001;lærling;Anne Igjen;a@elev.example.no;;" + county + ";;;;2023-08-15;løpende",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def last_link_to(address: str) -> str:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    link = ANSWER_LINK.search(messages[-1].body)
    assert link, messages[-1].body
    return link[0]


def heading(page):
    return page.get_by_role("heading", level=1)


def participant_page(browser, live_server):
    """A fresh browser, not logged in, in Norwegian: the apprentice's phone."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def answered_total(page) -> str:
    return page.get_by_test_id("answered-total").inner_text().strip()


def test_survey_from_register_import_to_published_results(page, browser, live_server, tmp_path):
    world = seed_demo(features=False)
    seed_demo_surveys(world)
    county = world.organisations["fylke"]
    today = timezone.localdate()
    survey_round = new_round(today)

    # Playwright subscribes to browser events without waiting for the browser to confirm:
    # listen from the start so no confirm() is dismissed and no file dialog left native.
    confirmations: list[str] = []

    def confirm(dialog) -> None:
        """The send buttons ask first (window.confirm); the administrator says yes."""
        confirmations.append(dialog.message)
        dialog.accept()

    page.on("dialog", confirm)
    page.on("filechooser", lambda _chooser: None)

    # --- The county administrator, in Norwegian ------------------------------------------
    log_in(page, "fylke@demo.test")
    page.get_by_label("Sprog").select_option(label="Norsk bokmål")
    page.get_by_role("button", name="Skift sprog").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_role("link", name="Lærlingundersøkelsen", exact=True).first.click()
    expect(heading(page)).to_have_text("Lærlingundersøkelsen")
    assert_accessible(page, "survey home")
    page.get_by_role("link", name=survey_round.title).click()
    expect(heading(page)).to_contain_text(survey_round.title)
    assert_accessible(page, "round dashboard before import")
    screenshot(page, "surveys-round-before-import")
    page.get_by_role("link", name="Last inn registeruttrekk").click()
    expect(heading(page)).to_have_text("Last inn registeruttrekk")
    assert_accessible(page, "import form")

    # A bad file: every bad line is reported with its number, and nothing is loaded.
    page.get_by_label("Registeruttrekk").set_input_files(
        bad_register_file(tmp_path / "feil.csv", county.orgnr)
    )
    page.get_by_role("button", name="Last inn", exact=True).click()
    expect(page.locator("#form-errors")).to_contain_text(
        "Ingenting er lastet inn: filen har 4 feil."
    )
    errors = page.get_by_test_id("import-errors")
    lines = [cell.strip() for cell in errors.locator("tbody tr td:first-child").all_inner_texts()]
    assert lines == ["3", "4", "5", "6"]
    report = errors.inner_text()
    assert "elev" in report and "31/12/2023" in report and "200001" in report
    expect(page.locator("#form-errors")).to_be_focused()  # a screen reader hears it first
    assert not Participant.objects.filter(round=survey_round).exists()
    assert_accessible(page, "import errors")
    screenshot(page, "surveys-import-errors")

    # The good file, with the keyboard alone: Tab to the file field, Space opens the file
    # chooser, Tab to the button, Enter.
    path, companies, rows = register_file(tmp_path / "uttrekk.csv", county.orgnr)
    tab_to(page, lambda e: e["type"] == "file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(path)
    tab_to(page, button("Last inn"))
    page.keyboard.press("Enter")

    # Loaded: straight to the data-quality page.
    page.wait_for_url(re.compile(r"/datakvalitet/"))
    expect(heading(page)).to_have_text("Datakvalitet")
    main = page.locator("main").inner_text()
    assert f"Registeret er lastet inn: {rows} rader, {rows} nye, 0 oppdaterte" in main, main
    population = sum(size for _name, size in COMPANIES.values()) + 3
    assert f"{population} personer i populasjonen." in main
    assert "3 mangler gyldig e-post eller mobilnummer." in main, main
    assert "1 person med løpende kontrakt" in main  # Tor, without a company
    quality = page.get_by_test_id("quality").inner_text()
    for person in ("Ola Feilmail", "Per Fasttelefon", "Siri Ukjent", "Kan ikke nås"):
        assert person in quality
    for person in ("Nils Nystartet", "Eva Ferdig", "Kari Nordmann"):
        assert person not in quality
    assert_accessible(page, "data quality")
    screenshot(page, "surveys-data-quality")

    # --- The final extract, then distribution opens ---------------------------------------
    shift_round(survey_round, 11)  # the extract was six days ago; sending opened today
    assert any(step.endswith("frozen") for step in tasks.advance_rounds())
    page.get_by_role("link", name=survey_round.title).click()
    expect(page.locator(".survey-dates")).to_contain_text("låst")
    assert_accessible(page, "round dashboard, frozen")
    assert page.get_by_role("link", name="Last inn registeruttrekk").count() == 0
    reachable = population - 1  # Siri has neither e-mail nor mobile
    page.get_by_role("button", name=f"Send invitasjon til {population} personer").click()

    # Celery runs eagerly in the tests: the job is done when its page shows.
    expect(heading(page)).to_have_text("Invitasjoner")
    assert confirmations == ["Sende invitasjoner nå?"]
    progress = page.get_by_test_id("job-progress").inner_text()
    assert f"{population} av {population} mottakere behandlet (100 %)" in progress, progress
    assert "Ferdig" in progress
    assert page.locator("#job-progress-bar").get_attribute("value") == str(population)
    assert_accessible(page, "invitation progress")
    screenshot(page, "surveys-invitations-sent")
    email = APPRENTICE[1]
    link = last_link_to(email)
    texts = [m.body for m in sms.outbox if m.to == "+4791234567"]
    assert len(texts) == 1 and link in texts[0]  # the SMS carries the same personal link
    assert len(mail.outbox) == reachable - 1  # Per (fixed line) gets e-mail, Ola an SMS only

    # --- The apprentice answers from the e-mail, with the keyboard alone ------------------
    context, apprentice = participant_page(browser, live_server)
    try:
        apprentice.goto(link)
        expect(heading(apprentice)).to_have_text(survey_round.title)
        assert_accessible(apprentice, "answer form")
        questions = list(survey_round.questions.order_by("position"))
        choices = {questions[0].pk: 4, questions[1].pk: 5, questions[2].pk: 3}
        for question in questions:
            field = f"q{question.pk}"
            tab_to(apprentice, named(field))
            if question.kind == Question.Kind.TEXT:
                apprentice.keyboard.type("Fin læretid, men for lite veiledning.")
                continue
            # "Vil ikke svare" is ticked until one chooses, so Tab lands on it; the arrows
            # go round to 1, 2, ... and tick as they go.
            checked = apprentice.locator(f"input[name={field}]:checked")
            assert checked.get_attribute("value") == ""
            for _step in range(choices[question.pk]):
                apprentice.keyboard.press("ArrowRight")
            assert checked.get_attribute("value") == str(choices[question.pk])
        screenshot(apprentice, "surveys-answer-form")
        tab_to(apprentice, button("Send svar"))
        apprentice.keyboard.press("Enter")
        apprentice.get_by_test_id("answer-done").wait_for()
        expect(heading(apprentice)).to_have_text("Takk for svaret ditt")
        assert_accessible(apprentice, "answer done")
        screenshot(apprentice, "surveys-answer-done")
        # The link is used up: opening it again shows the same receipt, no form.
        apprentice.goto(link)
        expect(heading(apprentice)).to_have_text("Takk for svaret ditt")
        assert apprentice.locator("form input[type=radio]").count() == 0
    finally:
        context.close()

    # The answer is counted on the dashboard.
    page.get_by_role("link", name="Tilbake til runden").click()
    assert answered_total(page) == "1"

    # --- Reminders: only to those who have not answered, three at most --------------------
    for number in (1, 2, 3):
        page.get_by_role(
            "button",
            name=f"Send purring {number} av 3 til {reachable - 1} personer som ikke har svart",
        ).click()
        expect(heading(page)).to_have_text(f"Purring {number} av 3")
        assert "Ferdig" in page.get_by_test_id("job-progress").inner_text()
        if number == 1:
            assert_accessible(page, "reminder progress")
            screenshot(page, "surveys-reminder-sent")
        page.get_by_role("link", name="Tilbake til runden").click()
    expect(page.locator("main")).to_contain_text("Alle tre purringene er sendt.")
    assert confirmations[1:] == ["Sende purring nå?"] * 3
    assert len([m for m in mail.outbox if email in m.to]) == 1  # Kari got the invitation only
    assert page.get_by_test_id("send-reminder").count() == 0
    assert_accessible(page, "round dashboard, all reminders sent")
    screenshot(page, "surveys-all-reminders-sent")

    # Others answer: 6 at the bakery (with Kari), 5 at the electrician, 2 pooled.
    wanted = {"bakeri": 5, "elektro": 5, "frisor": 2}
    for key, count in wanted.items():
        people = Participant.objects.filter(
            round=survey_round, company__orgnr=companies[key], has_answered=False
        ).exclude(last_message_number__isnull=True)[:count]
        for participant in people:
            answers = {q.pk: (3, "") for q in questions if q.kind == Question.Kind.SCALE}
            answering.response_submit(participant=participant, answers=answers)
    page.reload()
    assert answered_total(page) == "13"

    # --- The last day passes, and the results are published ---------------------------------
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        opens_on=today - dt.timedelta(days=25),
        last_day=today - dt.timedelta(days=1),
        results_on=today,
    )
    steps = tasks.advance_rounds()
    assert f"{survey_round.year}: published" in steps, steps

    page.get_by_role("link", name="Lærlingundersøkelsen", exact=True).first.click()
    page.get_by_role("row", name=survey_round.title).get_by_role(
        "link", name="Se resultater"
    ).click()
    expect(heading(page)).to_have_text(f"Resultater – {county.name}")
    assert_accessible(page, "results")
    screenshot(page, "surveys-results")
    first = page.locator("section.survey-result").first
    groups = {
        row.locator("th").inner_text().strip(): row.locator("td").first.inner_text().strip()
        for row in first.locator("tbody tr").all()
    }
    assert groups["Totalt"] == "13"
    assert groups[COMPANIES["bakeri"][0]] == "6"
    # The pooled group has 2 answers: hidden, and so is the electrician's 5, else the
    # pooled 2 could be worked out from the total.
    assert groups["Øvrige lærebedrifter"] == "Skjult: for få svar"
    assert groups[COMPANIES["elektro"][0]] == "Skjult, så små grupper ikke kan regnes ut"
    # One free-text answer is far below the minimum: not shown.
    body = page.locator("main").inner_text()
    assert "Fin læretid" not in body
    assert "Skjult: færre enn 5 svar." in body

    # After the last day a personal link that was never used opens no questionnaire.
    late = (
        Participant.objects.filter(round=survey_round, has_answered=False, email_valid=True)
        .exclude(last_message_number__isnull=True)
        .first()
    )
    context, apprentice = participant_page(browser, live_server)
    try:
        response = apprentice.goto(last_link_to(late.email))
        assert response.status == 410
        expect(heading(apprentice)).to_have_text("Undersøkelsen er stengt")
        assert apprentice.locator("form input[type=radio]").count() == 0
        assert_accessible(apprentice, "answer closed")
    finally:
        context.close()
