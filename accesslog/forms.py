"""Filter forms for the access-log pages (GET forms: the URL is the query)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import StyledFormMixin
from accounts.roles import Role

# A longer range is an export of a large part of the log: refuse it rather than run for hours.
MAX_RANGE_DAYS = 366
DEFAULT_RANGE_DAYS = 30


def default_period() -> dict[str, str]:
    today = timezone.localdate()
    return {
        "fra": (today - dt.timedelta(days=DEFAULT_RANGE_DAYS)).isoformat(),
        "til": today.isoformat(),
    }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PeriodForm(StyledFormMixin, forms.Form):
    fra = forms.DateField(label=_("Fra og med"), widget=DateInput())
    # The day after the last day must exist (period() needs it): 9999-12-31 is refused.
    til = forms.DateField(
        label=_("Til og med"),
        widget=DateInput(),
        validators=[MaxValueValidator(dt.date(9999, 12, 30))],
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Slutdatoen skal ligge efter startdatoen."))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(
                    _("Perioden må højst være %(days)d dage.") % {"days": MAX_RANGE_DAYS}
                )
        return data

    def period(self) -> tuple[dt.datetime, dt.datetime]:
        """[start of the first day, start of the day after the last) in local time."""
        start = self.cleaned_data["fra"]
        end = self.cleaned_data["til"] + dt.timedelta(days=1)
        return _local_midnight(start), _local_midnight(end)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AccessLogFilterForm(PeriodForm):
    """The portal admin's search."""

    elev = forms.IntegerField(label=_("Elev-id"), required=False, min_value=1, max_value=2**31 - 1)
    email = forms.EmailField(label=_("Brugerens e-mail"), required=False)
    organisationstype = forms.CharField(
        label=_("Organisationstype"),
        required=False,
        max_length=32,
        validators=[RegexValidator(r"^[a-z_]+$", _("Kun små bogstaver og understreg."))],
        help_text=_("Fx company, school eller apprentice."),
    )
    organisation = forms.IntegerField(label=_("Organisations-id"), required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("organisation") and not data.get("organisationstype"):
            self.add_error("organisationstype", _("Angiv typen for organisations-id'et."))
        return data

    def search(self) -> dict[str, object]:
        """Keyword arguments for selectors.entries_matching()."""
        since, until = self.period()
        data = self.cleaned_data
        return {
            "since": since,
            "until": until,
            "apprentice_id": data["elev"],
            "user_email": data["email"] or "",
            "organisation_type": data["organisationstype"] or "",
            "organisation_id": data["organisation"],
        }


class CompanyExportForm(PeriodForm):
    """The management's export: a period, and which company when they manage several."""

    def __init__(self, *args: object, roles: list[Role], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if len(roles) > 1:
            self.fields["virksomhed"] = forms.TypedChoiceField(
                label=_("Virksomhed"),
                coerce=int,
                choices=[(r.organisation_id, r.organisation_name) for r in roles],
            )
            self.fields["virksomhed"].widget.attrs["class"] = "form-select"
