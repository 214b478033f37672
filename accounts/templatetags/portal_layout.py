"""The parts of the page layout (templates/base.html) that are the same for everyone with
the same menu and language: the menu bar's links and the language picker's options.

Built once per process for each menu and language instead of on every page: the header's
template loops (a URL reversed per menu link, a translation switch per language) were a
quarter of a small page's rendering (bench/profile_page.py). What differs per user and
request (name, roles, CSRF tokens, the current path) stays in the template.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django import template
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def menu_items(links: Iterable[object]) -> SafeString:
    """<li> per menu link (accounts.roles.FrontLink), in order."""
    key = tuple((link.url_name, str(link.label)) for link in links)
    return _menu_items(key, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _menu_items(links: tuple[tuple[str, str], ...], _script_prefix: str) -> SafeString:
    return mark_safe(
        "".join(
            format_html('<li><a class="nav-link" href="{}">{}</a></li>', reverse(name), label)
            for name, label in links
        )
    )


@register.simple_tag
def language_options(current: str) -> SafeString:
    """<option> per language in settings.LANGUAGES, each named in its own language, the
    current one selected."""
    return _language_options(current)


@functools.lru_cache(maxsize=16)
def _language_options(current: str) -> SafeString:
    options = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            own_name = str(name)
        options.append(
            format_html(
                '<option value="{}"{} lang="{}">{}</option>',
                code,
                mark_safe(" selected") if code == current else "",
                code,
                own_name,
            )
        )
    return mark_safe("\n".join(options))
