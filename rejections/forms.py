"""Forms for registering and cancelling rejections, with the guide's labels."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import StyledFormMixin
from apprenticeship.models import Education
from companies.models import CompanyStaff
from rejections import services
from rejections.models import APPLICANT_FIELDS, RejectionReason
from rejections.selectors import active_workplaces
from rejections.validators import normalise_mobile


class RadioSelect(forms.RadioSelect):
    """Radio buttons in DKFDS markup."""

    template_name = "rejections/widgets/radio.html"


class RejectionForm(StyledFormMixin, forms.Form):
    """ "Registrér afslag". The service checks the same rules again (ValidationError)."""

    education = forms.ModelChoiceField(
        label=_("Uddannelse"),
        help_text=_("Den uddannelse, ansøgeren har søgt elevstilling på."),
        queryset=Education.objects.filter(is_sosu=True).order_by("name"),
        widget=RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Vælg social- og sundhedsassistent eller social- og sundhedshjælper."),
            "invalid_choice": _(
                "Vælg social- og sundhedsassistent eller social- og sundhedshjælper."
            ),
        },
    )
    workplace = forms.ModelChoiceField(
        label=_("Arbejdssted"),
        queryset=active_workplaces(0),
        empty_label=_("Vælg arbejdssted"),
        error_messages={
            "required": _("Vælg det arbejdssted, ansøgeren har søgt."),
            "invalid_choice": _("Vælg et af virksomhedens aktive arbejdssteder."),
        },
    )
    applicant_name = forms.CharField(label=_("Ansøgers navn"), max_length=200, required=False)
    applicant_mobile = forms.CharField(
        label=_("Ansøgers mobilnummer"),
        max_length=32,
        required=False,
        help_text=_("8 cifre, eller med landekode, fx +46 70 123 45 67."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_address = forms.CharField(label=_("Ansøgers adresse"), max_length=255, required=False)
    rejected_on = forms.DateField(
        label=_("Dato for afslag"),
        help_text=_(
            "Den dag afslaget blev meddelt ansøgeren. Afslaget skal registreres senest "
            "14 dage efter."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Angiv datoen for afslaget."),
            "invalid": _("Angiv en gyldig dato, fx 31-01-2026."),
        },
    )
    primary_reason = forms.ModelChoiceField(
        label=_("Primær begrundelse for afslag"),
        help_text=_("Den begrundelse, der bedst beskriver, hvorfor ansøgeren fik afslag."),
        queryset=RejectionReason.objects.active(),
        empty_label=_("Vælg begrundelse"),
        error_messages={
            "required": _("Vælg den primære begrundelse for afslaget."),
            "invalid_choice": _("Vælg en begrundelse fra listen."),
        },
    )
    secondary_reason = forms.ModelChoiceField(
        label=_("Sekundær begrundelse for afslag"),
        help_text=_("Valgfri. Vælg kun, hvis der er endnu en begrundelse."),
        queryset=RejectionReason.objects.active(),
        required=False,
        empty_label=_("Ingen sekundær begrundelse"),
        error_messages={"invalid_choice": _("Vælg en begrundelse fra listen.")},
    )

    def __init__(self, *args: object, staff: CompanyStaff, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = active_workplaces(staff.company_id)
        self.fields["rejected_on"].widget.attrs.update(
            min=services.EARLIEST_REJECTION_DATE.isoformat(),
            max=timezone.localdate().isoformat(),
        )

    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in APPLICANT_FIELDS]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in APPLICANT_FIELDS]

    def clean_applicant_mobile(self) -> str:
        value = self.cleaned_data["applicant_mobile"].strip()
        return normalise_mobile(value) if value else ""

    def clean_rejected_on(self) -> dt.date:
        value = self.cleaned_data["rejected_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Datoen for afslaget kan ikke ligge i fremtiden."))
        if value < services.EARLIEST_REJECTION_DATE:
            raise ValidationError(services.too_early_message())
        return value

    def clean(self) -> dict:
        data = super().clean()
        identified = any(
            (data.get(name) or "").strip() or self.has_error(name) for name in APPLICANT_FIELDS
        )
        if not identified:
            self.add_error(
                "applicant_name",
                _(
                    "Angiv ansøgerens navn, mobilnummer eller adresse, så ansøgeren kan "
                    "identificeres."
                ),
            )
        primary, secondary = data.get("primary_reason"), data.get("secondary_reason")
        if primary is not None and secondary is not None and primary == secondary:
            self.add_error(
                "secondary_reason",
                _("Den sekundære begrundelse skal være en anden end den primære."),
            )
        return data


class CancellationForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse for annullering"),
        help_text=_(
            "Fx at afslaget blev registreret to gange eller med forkert uddannelse. Skriv "
            "ikke ansøgerens navn eller andre personoplysninger."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv, hvorfor registreringen annulleres.")},
    )
