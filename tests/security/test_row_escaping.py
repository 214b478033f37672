"""The long tables build their rows in Python (format_html) instead of auto-escaping
templates: whatever a user typed (a name, a team, a company) still reaches the browser as
text, never as markup."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from dropout_risk.selectors import AgreementSummary, CompanyRow, HistoryEntry, SosuAgreementSummary
from dropout_risk.templatetags.dropout_risk import history_rows, risk_rows, student_rows
from surveys.selectors import CompanyStats
from surveys.templatetags.survey_tables import stats_rows
from training_declarations.selectors import BackofficeRow
from training_declarations.templatetags.declarations import backoffice_rows

EVIL = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def _latest():
    return SimpleNamespace(
        level="high", assessed_at=timezone.now(), registered_by_name=EVIL, company_id=1
    )


def _assert_text_only(html: str) -> None:
    assert EVIL not in html
    assert ESCAPED in html


def test_elevoversigt_rows_escape_names_teams_and_companies():
    student = SimpleNamespace(
        pk=7,
        full_name=EVIL,
        current_agreement=AgreementSummary(EVIL, True, EVIL, EVIL),
        latest=_latest(),
    )
    html = student_rows([student])
    _assert_text_only(html)
    assert html.count(ESCAPED) == 4
    assert 'href="/frafaldsrisiko/elev/7/"' in html


def test_company_overview_rows_escape_the_name_in_the_button_and_the_registrar():
    row = CompanyRow(
        SimpleNamespace(pk=9, full_name=EVIL), SosuAgreementSummary(EVIL, EVIL), _latest()
    )
    html = risk_rows([row], "virksomhed=3")
    _assert_text_only(html)
    assert html.count(ESCAPED) == 5  # name, education, workplace, registrar, button label
    assert "?virksomhed=3" in html


def test_history_rows_escape_registrar_company_and_workplace():
    entry = HistoryEntry(timezone.now(), "low", EVIL, EVIL, EVIL)
    html = history_rows([entry])
    _assert_text_only(html)


def test_back_office_rows_escape_what_the_apprentice_typed():
    declaration = BackofficeRow(
        pk=3,
        apprentice_id=4,
        apprentice_name=EVIL,
        education_label=EVIL,
        school_name=EVIL,
        team=EVIL,
        main_course=2,
        period_end=dt.date(2027, 1, 31),
        place=EVIL,
        shown_status="sent",
        shown_status_label="Sendt",
    )
    html = backoffice_rows([declaration])
    _assert_text_only(html)
    assert "31-01-2027" in html


def test_survey_dashboard_rows_escape_company_names():
    html = stats_rows([CompanyStats(EVIL, 10, 5, 3)])
    _assert_text_only(html)
    assert "50 %" in html


def test_a_cell_is_escaped_exactly_as_conditional_escape_does():
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from accounts.rows import cell

    values = [
        EVIL,
        "Ærø & \"Søn\" 'ApS'",
        7,
        None,
        gettext_lazy("Rediger"),
        mark_safe("<b>trusted</b>"),
        format_html("<i>{}</i>", EVIL),
    ]
    for value in values:
        assert cell(value) == conditional_escape(value), value
