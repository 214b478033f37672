"""The menu bar's links and the language picker's options are built once per menu and
language (accounts/templatetags/portal_layout.py): every menu link with its URL and label
in the user's language, as the template loop it replaces; each language named in its own
language, the current one selected."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from accounts import roles

MENU_REFERENCE = Template(
    "{% for link in menu_links %}"
    '<li><a class="nav-link" href="{% url link.url_name %}">{{ link.label }}</a></li>'
    "{% endfor %}"
)


def _menus() -> list[list[roles.FrontLink]]:
    links = sorted(roles._links, key=lambda link: link.order)
    in_menu = [link for link in links if link.in_menu]
    assert in_menu, "no menu links registered"
    return [[], in_menu[:1], in_menu, links]


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_the_menu_links_are_the_template_loops(language):
    ours = Template("{% load portal_layout %}{% menu_items menu_links %}")
    with translation.override(language):
        for links in _menus():
            context = {"menu_links": links}
            assert parse_html(ours.render(Context(context))) == parse_html(
                MENU_REFERENCE.render(Context(context))
            )


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_each_language_is_named_in_its_own_language_and_the_current_one_is_selected(language):
    """The option's lang attribute tells a screen reader which language its name is in, so
    the name is that language's own ("English", never "Engelsk"), whatever the page's."""
    ours = Template("{% load portal_layout %}{% language_options LANGUAGE_CODE %}")
    with translation.override(language):
        html = ours.render(Context({"LANGUAGE_CODE": language}))
    expected = "".join(
        f'<option value="{code}"{" selected" if code == language else ""} lang="{code}">'
        f"{name}</option>"
        for code, name in [("da", "Dansk"), ("nb", "Norsk bokmål"), ("en", "English")]
    )
    assert parse_html(html) == parse_html(expected)
