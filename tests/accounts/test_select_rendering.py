"""Drop-downs are rendered in Python (accounts.widgets) with exactly Django's markup, so
labels, selection, optgroups, attributes and escaping stay what screen readers and the
tests rely on."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from accounts.forms import PortalFormRenderer

CHOICES = [
    ("", "Alle"),
    ("1", "Social- og sundhedsassistent"),
    ("2", 'Tømrer & "snedker" <script>alert(1)</script>'),
    ("Nord", [("3", "Aalborg"), ("4", "Hjørring")]),
]


class _Form(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False, help_text="Vælg én")
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    maybe = forms.NullBooleanField(required=False)
    disabled = forms.ChoiceField(choices=CHOICES, disabled=True, required=False)
    styled = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"class": "form-select", "data-x": 'a"b', "required": True}),
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"single": "2", "many": ["1", "3"], "maybe": "true", "styled": "4"},
        {"single": "nope", "styled": ""},  # bound with errors: aria-invalid
    ],
)
@pytest.mark.parametrize("name", ["single", "many", "maybe", "disabled", "styled"])
def test_select_markup_is_djangos(data, name):
    ours = _Form(data, renderer=PortalFormRenderer())
    djangos = _Form(data, renderer=DjangoTemplates())
    if data:
        ours.is_valid()
        djangos.is_valid()
    assert str(ours[name].as_widget()) == str(djangos[name].as_widget())


def test_option_text_and_values_are_escaped():
    html = str(_Form(renderer=PortalFormRenderer())["single"].as_widget())
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;snedker&quot;" in html
