"""The rows of the back office's overview, built with format_html: 50 rows of eight cells
through the template engine were most of the page's CPU at national scale (the same measure
and reasoning as dropout_risk's rows, bench/profile_page.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from accounts.rows import html_row, join_rows, url_for_each

register = template.Library()


@register.simple_tag
def backoffice_rows(declarations: Iterable[object]) -> SafeString:
    """The overview's rows from selectors.BackofficeRow."""
    url = url_for_each("training_declarations:backoffice_detail", "declaration_id")
    rows = []
    for declaration in declarations:
        rows.append(
            html_row(
                '<tr data-testid="declaration-row"><td><a href="{}">{}</a></td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                '<td><span class="td-status td-status--{}">{}</span></td></tr>',
                url(declaration.pk),
                declaration.apprentice_name,
                declaration.education_label,
                declaration.school_name,
                declaration.team,
                declaration.main_course,
                declaration.period_end.strftime("%d-%m-%Y"),
                declaration.place,
                declaration.shown_status,
                declaration.shown_status_label,
            )
        )
    return join_rows(rows)
