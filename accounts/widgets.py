"""Drop-downs rendered in Python.

Django renders a <select> through one template for the select and one include per option
(select.html, select_option.html, attrs.html). For the back office's school filter, with a
hundred options, that was three quarters of the page's CPU (bench/profile_page.py). The
form renderer (accounts.forms.PortalFormRenderer) sends select.html here instead; the markup
is the same as Django's: every attribute of the select and of each option, optgroups, the
same escaping.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.html import conditional_escape, format_html

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def attrs_html(attrs: Mapping[str, object]) -> str:
    """Django's attrs.html: `False` leaves the attribute out, `True` writes it bare."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


def render_select(widget: Mapping[str, object]) -> str:
    """The HTML of Django's select.html for a widget context (`context["widget"]`)."""
    html = [format_html('<select name="{}"', widget["name"]), attrs_html(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            html.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    attrs_html(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)
