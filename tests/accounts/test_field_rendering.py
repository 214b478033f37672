"""Form groups and labels are built in Python (accounts.widgets) to the character of
templates/includes/field.html and Django's label template: hint, error and fieldset
markup, ids that link them for screen readers, escaping."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from accounts.forms import LoginForm, PortalFormRenderer, StyledFormMixin, UserCreateForm


class _TemplatesOnly(TemplatesSetting):
    """The reference: the same templates, every one rendered by the template engine."""

    field_template_name = "includes/field.html"


class _Form(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Navn <i>", help_text="Hjælp <b>fed</b>", max_length=5)
    agree = forms.BooleanField(label="Jeg accepterer & forstår")
    when = forms.DateField(label="Dato?", required=False, widget=forms.DateInput({"type": "date"}))
    levels = forms.MultipleChoiceField(
        label="Niveauer",
        choices=[("a", "Lav"), ("b", "Høj <")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kind = forms.ChoiceField(
        label="Type", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect
    )
    pick = forms.ChoiceField(label="Vælg", choices=[("", "–"), ("1", "Én")], required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    count = forms.IntegerField(label="Antal", required=False, min_value=0)
    secret = forms.CharField(label="Kode", required=False, widget=forms.PasswordInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    site = forms.URLField(label="Hjemmeside", required=False)
    search = forms.CharField(
        label="Søg",
        required=False,
        widget=forms.TextInput({"placeholder": 'Navn "eller" <cpr>', "autofocus": True}),
    )


STATES = [
    {},
    {"data": {"name": "for langt navn", "when": "ikke en dato", "kind": "z", "levels": ["q"]}},
    {"data": {"name": "ok", "agree": "on", "kind": "x", "pick": "1"}},
    {
        "data": {
            "name": '"><b>',
            "email": "ikke-en-mail",
            "count": "-1",
            "secret": "hemmelig",
            "token": "a&b",
            "site": "javascript:alert(1)",
            "search": "<script>",
            "when": "2026-11-27",
        }
    },
    {"initial": {"count": 0, "when": "2026-01-02", "search": "Ærø"}},
    {"auto_id": False},
    {"label_suffix": ""},
]


def _both(form_class, **kwargs):
    kwargs = dict(kwargs)
    ours = form_class(renderer=PortalFormRenderer(), **kwargs)
    reference = form_class(renderer=_TemplatesOnly(), **kwargs)
    if "data" in kwargs:
        ours.is_valid()
        reference.is_valid()
    return ours, reference


@pytest.mark.parametrize("state", STATES)
def test_every_field_group_is_the_templates(state):
    ours, reference = _both(_Form, **state)
    for name in ours.fields:
        assert str(ours[name].as_field_group()) == str(reference[name].as_field_group()), name
        assert str(ours[name].label_tag()) == str(reference[name].label_tag()), name


def test_required_css_class_reaches_the_label():
    class Required(_Form):
        required_css_class = "required"

    ours, reference = _both(Required)
    assert str(ours["name"].label_tag()) == str(reference["name"].label_tag())
    assert 'class="required"' in str(ours["name"].label_tag())


@pytest.mark.parametrize(
    "form", [lambda **k: LoginForm(**k), lambda **k: UserCreateForm(role_choices=[("a", "A")], **k)]
)
def test_the_portals_own_forms_render_as_before(form):
    ours = form(renderer=PortalFormRenderer())
    reference = form(renderer=_TemplatesOnly())
    for name in ours.fields:
        assert str(ours[name].as_field_group()) == str(reference[name].as_field_group()), name


def test_what_users_typed_in_labels_and_errors_is_escaped():
    ours, _reference = _both(_Form, data={"name": "<script>x</script>"})
    html = str(ours["name"].as_field_group())
    assert "<script>" not in html
    assert "Navn &lt;i&gt;" in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
