"""Form markup rendered in Python: drop-downs, text-like inputs, labels and the DKFDS form
group.

Django renders a <select> through one template for the select and one include per option
(select.html, select_option.html, attrs.html). For the back office's school filter, with a
hundred options, that was three quarters of the page's CPU (bench/profile_page.py); each
field's form group (templates/includes/field.html) and label cost a template render each,
and each <input> three (text.html → input.html → attrs.html).
The form renderer (accounts.forms.PortalFormRenderer) sends those templates here instead;
the markup is exactly what the templates give (tests/accounts/test_select_rendering.py and
test_field_rendering.py compare them): every attribute, optgroups, hints, errors, the same
escaping. templates/includes/field.html stays the reference and must change with this.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.html import conditional_escape

from accounts.rows import cell, html_row

SELECT_TEMPLATE = "django/forms/widgets/select.html"
LABEL_TEMPLATE = "django/forms/label.html"
# Django's widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input", "text", "email", "url", "number", "password", "hidden", "date", "datetime",
        "time", "search", "tel", "color", "checkbox", "file",
    )
)  # fmt: skip
FIELD_TEMPLATE = "includes/field.html"


def attrs_html(attrs: Mapping[str, object]) -> str:
    """Django's attrs.html: `False` leaves the attribute out, `True` writes it bare."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {cell(name)}")
        else:
            parts.append(html_row(' {}="{}"', name, str(value)))
    return "".join(parts)


def render_input(widget: Mapping[str, object]) -> str:
    """The HTML of Django's input.html (text, e-mail, date, hidden, checkbox...)."""
    value = widget["value"]
    return "".join(
        (
            html_row('<input type="{}" name="{}"', widget["type"], widget["name"]),
            "" if value is None else html_row(' value="{}"', str(value)),
            attrs_html(widget["attrs"]),
            ">",
        )
    )


def render_select(widget: Mapping[str, object]) -> str:
    """The HTML of Django's select.html for a widget context (`context["widget"]`). Each
    option is escaped with accounts.rows' cell rules (conditional_escape's, without its
    per-call wrapper): a hundred schools are a hundred options."""
    html = [html_row('<select name="{}"', widget["name"]), attrs_html(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(html_row('\n  <optgroup label="{}">', group_name))
        for option in options:
            html.append(
                html_row(
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


def render_label(context: Mapping[str, object]) -> str:
    """Django's forms/label.html."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{attrs_html(context['attrs'] or {})}>{label}</{tag}>"


def render_field_group(field) -> str:
    """templates/includes/field.html for a BoundField, to the character."""
    errors = field.errors
    checkbox = field.widget_type == "checkbox"
    fieldset = not checkbox and field.use_fieldset
    html = ['<div class="form-group', " form-error" if errors else "", '">\n  ']
    if checkbox:
        html.append(f"\n    {field} {field.label_tag()}\n  ")
    elif fieldset:
        legend = conditional_escape(field.label)
        html.append(f'\n    <fieldset><legend class="form-label">{legend}</legend>\n  ')
    else:
        html.append(f"\n    {field.label_tag()}\n  ")
    html.append("\n  ")
    if field.help_text:
        html.append(
            f'<span class="form-hint" id="{conditional_escape(field.auto_id)}_helptext">'
            f"{field.help_text}</span>"
        )
    html.append("\n  ")
    if errors:
        messages = "".join(f"{conditional_escape(error)} " for error in errors)
        html.append(
            f'<span class="form-error-message" id="{conditional_escape(field.auto_id)}_error" '
            f'role="alert">{messages}</span>'
        )
    html.append("\n  ")
    if not checkbox:
        html.append(f"{field}</fieldset>" if fieldset else str(field))
    html.append("\n</div>")
    return "".join(html)
