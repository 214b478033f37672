"""Validation of the applicant's mobile number (python-phonenumbers, Danish by default).

The same functions serve the form (a friendly message), the service (normalising before
`full_clean`) and the model field (what is stored is a valid mobile number in E.164).
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A number typed without a country code is Danish.
DEFAULT_REGION = "DK"
# Danish numbers carry no mobile/landline distinction in the numbering plan, so the
# library reports them as FIXED_LINE_OR_MOBILE; toll-free, premium-rate and the like are
# refused.
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def normalise_mobile(value: str) -> str:
    """A mobile number in E.164 (+4520123456), or ValidationError."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise _invalid(value) from exc
    if not phonenumbers.is_valid_number(number):
        raise _invalid(value)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise _invalid(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_stored_mobile(value: str) -> None:
    """The model's guard: a stored number is a valid mobile number in E.164 form."""
    if value and normalise_mobile(value) != value:
        raise ValidationError(
            _("Mobilnummeret skal gemmes i international form, fx +4520123456."),
            code="mobile_not_normalised",
        )


def _invalid(value: str) -> ValidationError:
    return ValidationError(
        _(
            "%(value)s er ikke et gyldigt mobilnummer. Skriv et dansk nummer med 8 cifre "
            "eller et udenlandsk nummer med landekode, fx +46 70 123 45 67."
        ),
        code="invalid_mobile",
        params={"value": value},
    )
