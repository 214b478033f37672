from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import StyledFormMixin
from dropout_risk.models import RiskLevel


class AssessmentForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(
        label=_("Frafaldsrisiko"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        help_text=_(
            "Vælg »Ikke angivet« for at fjerne den nuværende vurdering uden at angive en ny."
        ),
        error_messages={
            "required": _("Vælg en frafaldsrisiko."),
            "invalid_choice": _("Vælg en af de fire frafaldsrisici."),
        },
    )


class StatisticsForm(StyledFormMixin, forms.Form):
    class Dimension:
        EDUCATION = "uddannelse"
        SCHOOL = "skole"
        REGION = "region"

    class Period:
        QUARTER = "kvartal"
        MONTH = "maaned"

    dimension = forms.ChoiceField(
        label=_("Fordelt på"),
        choices=[
            (Dimension.EDUCATION, _("Uddannelse")),
            (Dimension.SCHOOL, _("Skole")),
            (Dimension.REGION, _("Region")),
        ],
        initial=Dimension.EDUCATION,
        required=False,
    )
    period = forms.ChoiceField(
        label=_("Periode"),
        choices=[(Period.QUARTER, _("Kvartal")), (Period.MONTH, _("Måned"))],
        initial=Period.QUARTER,
        required=False,
    )

    def choice(self, name: str) -> str:
        """The valid chosen value, or the default (a bad query string shows the default)."""
        if self.is_valid() and self.cleaned_data.get(name):
            return self.cleaned_data[name]
        return self.fields[name].initial
