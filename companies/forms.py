from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import StyledFormMixin
from accounts.models import User
from companies.models import CompanyStaff, Workplace
from companies.validators import clean_cvr, format_phone, normalise_phone


class WorkplaceContactForm(StyledFormMixin, forms.Form):
    """The contact data entered in the portal. An invalid value is shown back as typed."""

    contact_person = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Hvis du ikke angiver en e-mail, vises virksomhedens e-mail fra CVR-registeret."
        ),
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@firma.dk.")},
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=32,
        required=False,
        help_text=_("Danske numre med 8 cifre; udenlandske med landekode, fx +47 22 33 44 55."),
    )
    website = forms.URLField(
        label=_("Hjemmeside"),
        required=False,
        assume_scheme="https",
        help_text=_("Fx www.firma.dk"),
        error_messages={"invalid": _("Skriv en gyldig webadresse, fx www.firma.dk.")},
    )

    @classmethod
    def for_workplace(cls, workplace: Workplace) -> WorkplaceContactForm:
        return cls(
            initial={
                "contact_person": workplace.contact_person,
                "email": workplace.email,
                "phone": format_phone(workplace.phone),
                "website": workplace.website,
            }
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError at its field, or above the form for other fields."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""


class WorkplaceSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Find arbejdssted"),
        required=False,
        max_length=100,
        help_text=_("Navn, P-nummer, adresse eller by"),
    )

    def search(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class AddCompanyFromCvrForm(forms.Form):
    """The admin's "Tilføj virksomhed fra CVR": a CVR number and, optionally, its staff."""

    cvr = forms.CharField(
        label=_("CVR-nummer"),
        max_length=20,
        help_text=_("Virksomhedens navn, adresse og produktionsenheder hentes fra CVR."),
    )
    staff_emails = forms.CharField(
        label=_("Medarbejdere"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E-mailadresser på eksisterende brugere, én pr. linje."),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=CompanyStaff.Role.choices, initial=CompanyStaff.Role.STAFF
    )

    def clean_cvr(self) -> str:
        # The modulus-11 check happens here, before anything asks the register.
        return clean_cvr(self.cleaned_data["cvr"])

    def clean_staff_emails(self) -> list[User]:
        emails = [e.strip().lower() for e in self.cleaned_data["staff_emails"].split() if e]
        users = {u.email: u for u in User.objects.filter(email__in=emails)}
        unknown = [e for e in emails if e not in users]
        if unknown:
            raise ValidationError(
                _("Ingen brugere med e-mail: %(emails)s"), params={"emails": ", ".join(unknown)}
            )
        return [users[e] for e in dict.fromkeys(emails)]
