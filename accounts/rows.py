"""Shared pieces of the table rows that templatetags build with format_html (the long lists:
Elevoversigt, Frafaldsrisiko, a student's history, the back office, the survey dashboard)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import reverse
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
