from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import StyledFormMixin
from apprenticeship.models import School
from companies.validators import clean_cvr
from training_declarations import imports, selectors, tokens
from training_declarations.models import Declaration, DeclarationGoal, GoalCatalogue, Level
from training_declarations.services import MAX_SCHOOL_CONTACTS


class CatalogueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GoalCatalogue) -> str:
        return str(obj)


class RadioSelect(forms.RadioSelect):
    template_name = "training_declarations/widgets/radio.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class EmailListField(forms.CharField):
    """One or more e-mail addresses, one per line or separated by commas or semicolons."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: str) -> list[str]:
        value = super().clean(value)
        emails = list(dict.fromkeys(e.lower() for e in re.split(r"[\s,;]+", value or "") if e))
        if self.required and not emails:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(emails) > MAX_SCHOOL_CONTACTS:
            raise ValidationError(
                _("Højst %(n)d adresser."), code="too_many", params={"n": MAX_SCHOOL_CONTACTS}
            )
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(
                _("Ikke gyldige e-mailadresser: %(bad)s"),
                code="invalid",
                params={"bad": ", ".join(bad)},
            )
        return emails


class DeclarationCreateForm(StyledFormMixin, forms.Form):
    """Everything the guide asks the apprentice for (Logbog.nu, "Opret erklæring")."""

    training_type = forms.ChoiceField(
        label=_("Oplæringsforløb"),
        choices=Declaration.TrainingType.choices,
        widget=RadioSelect,
    )
    catalogue = CatalogueChoiceField(
        label=_("Uddannelse (speciale)"),
        queryset=GoalCatalogue.objects.none(),
        empty_label=_("Vælg uddannelse"),
    )
    period_end = forms.DateField(
        label=_("Slutdato for oplæringsperioden"),
        widget=DateInput(),
        help_text=_("Den sidste dag i oplæringsperioden før næste skoleperiode."),
    )
    main_course = forms.IntegerField(
        label=_("Hovedforløb (nummer)"),
        min_value=1,
        max_value=9,
        help_text=_("Nummeret på det hovedforløb, du skal på skole til, fx 2."),
    )
    school = forms.ModelChoiceField(
        label=_("Skole"), queryset=School.objects.all(), empty_label=_("Vælg skole")
    )
    team = forms.CharField(label=_("Holdnavn"), max_length=64)
    responsible_email = forms.EmailField(
        label=_("E-mail til oplæringsansvarlig"),
        help_text=_("Den oplæringsansvarlige får en e-mail med et link til erklæringen."),
    )
    school_emails = EmailListField(
        label=_("E-mail til kontakt(er) på skolen"),
        help_text=_(
            "Skolens kontakter, der skal modtage erklæringen. Én adresse pr. linje, eller "
            "adskilt med komma."
        ),
    )
    cvr = forms.CharField(
        label=_("Lærestedets CVR-nummer"),
        max_length=16,
        help_text=_("8 cifre. Spørg lærestedet, hvis du ikke kender det."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = selectors.catalogues_in_use()
        self.fields["cvr"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_cvr(self) -> str:
        # The same modulus-11 check as the company register (companies.validators).
        return clean_cvr(self.cleaned_data["cvr"])

    def clean_period_end(self):
        value = self.cleaned_data["period_end"]
        today = timezone.localdate()
        if value < today.replace(year=today.year - 1):
            raise ValidationError(_("Slutdatoen ligger mere end et år tilbage."))
        return value


class ProfileForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Her får du besked, når en erklæring er udfyldt."),
    )
    catalogue = CatalogueChoiceField(
        label=_("Uddannelse (speciale)"),
        queryset=GoalCatalogue.objects.none(),
        required=False,
        empty_label=_("Ikke valgt"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = selectors.catalogues_in_use()


class RatingForm(StyledFormMixin, forms.Form):
    """The training responsible's part: a level for every goal, the work areas and
    functions, and the company's view of special needs.

    `require_all=False` for a draft (anything may be missing); True before submitting
    ("every goal must be answered, also those not worked with in this period").
    """

    work_areas = forms.CharField(
        label=_("Arbejdsområder og funktioner"),
        help_text=_("Hvilke arbejdsområder og funktioner har lærlingen været beskæftiget med?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    special_needs = forms.CharField(
        label=_("Særlige behov til næste skoleperiode"),
        help_text=_(
            "Virksomhedens vurdering af lærlingens eventuelle særlige behov med hensyn til "
            "den efterfølgende skoleundervisning og oplæring. Skriv »Ingen«, hvis der ikke er "
            "nogen."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(
        self, *args: object, goals: list[DeclarationGoal], require_all: bool, **kwargs: object
    ) -> None:
        self.goals = goals
        super().__init__(*args, **kwargs)
        goal_fields = {}
        for goal in goals:
            goal_fields[self.field_name(goal)] = forms.TypedChoiceField(
                label=f"{goal.code}. {goal.text}",
                choices=[(level.value, f"{level.value} = {level.label}") for level in Level],
                coerce=int,
                empty_value=None,
                required=require_all,
                widget=RadioSelect,
                error_messages={"required": _("Vælg et niveau for målet (0–3).")},
            )
        # Goals first, in the catalogue's order; then the two texts.
        self.fields = {**goal_fields, **self.fields}
        for name in ("work_areas", "special_needs"):
            self.fields[name].required = require_all

    @staticmethod
    def field_name(goal: DeclarationGoal) -> str:
        return f"goal_{goal.position}"

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(goal)] for goal in self.goals]

    def levels(self) -> dict[int, int | None]:
        return {goal.position: self.cleaned_data.get(self.field_name(goal)) for goal in self.goals}


def rating_initial(declaration: Declaration, goals: list[DeclarationGoal]) -> dict:
    initial: dict[str, object] = {
        "work_areas": declaration.work_areas,
        "special_needs": declaration.special_needs,
    }
    for goal in goals:
        if goal.level is not None:
            initial[RatingForm.field_name(goal)] = goal.level
    return initial


class BackofficeLoginForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Den adresse, lærlingen skrev i anmodningen om erklæring."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})


class BackofficeCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Engangskode"), max_length=16)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("%(n)d cifre fra e-mailen.") % {"n": tokens.code_length()}
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code"}
        )


class CatalogueImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Regneark (.xlsx) eller CSV-fil"),
        help_text=_(
            "Kolonnerne code, position og text i første linje. Kataloget erstattes af "
            "filens mål; intet importeres, hvis blot én linje er forkert."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            raise ValidationError(imports.too_big_message())
        return upload
