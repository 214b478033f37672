"""Shared pieces of the table rows that templatetags build with format_html (the long lists:
Elevoversigt, Frafaldsrisiko, a student's history, the back office, the survey dashboard)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

_STAND_IN = 987654321


def url_for_each(viewname: str, kwarg: str | None = None) -> Callable[[int], str]:
    """id → the view's URL, reversed once per table instead of once per row: the URL is
    reversed with a stand-in id that each row replaces with its own."""
    if kwarg:
        url = reverse(viewname, kwargs={kwarg: _STAND_IN})
    else:
        url = reverse(viewname, args=[_STAND_IN])
    return lambda pk: url.replace(str(_STAND_IN), str(pk))


def join_rows(rows: Iterable[SafeString]) -> SafeString:
    """The table body: rows each built by format_html, so already escaped."""
    return mark_safe("\n".join(rows))


def cell(value: object) -> str:
    """Django's conditional_escape for one cell, without the lazy-string check that wraps
    every call of it (with format_html's own checks, about half of a long table's rows'
    cost, bench/RESULTS.md session 4): lazy strings are made text first,
    anything with __html__ (SafeString, format_html's output) is taken as it is, and
    everything else is escaped as Django's escape() does (html.escape, quotes included)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def html_row(template: str, *values: object) -> str:
    """format_html for the many small pieces of a long table or drop-down: `template` is
    trusted markup with {} for each value, and every value is escaped by `cell`. Table rows
    are joined with join_rows."""
    return template.format(*map(cell, values))
