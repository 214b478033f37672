"""Validation of the identifiers and contact data a company and its workplaces carry.

The same functions serve the forms (a friendly message), the services (`full_clean`) and the
model fields, so the three places agree on what is valid.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cvr

# Numbers without a country code are Danish: that is how people write them here.
PHONE_DEFAULT_REGION = "DK"


def validate_cvr(value: str) -> None:
    """A CVR number is 8 digits with a modulus-11 check digit (python-stdnum)."""
    if not cvr.is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt CVR-nummer (8 cifre med gyldigt kontrolciffer)."),
            code="invalid_cvr",
            params={"value": value},
        )


def clean_cvr(value: str) -> str:
    """`value` as a bare 8-digit CVR number ("DK 1000 1111" → "10001111"), or ValidationError."""
    compact = cvr.compact(value or "")
    validate_cvr(compact)
    return compact


def validate_p_number(value: str) -> None:
    # A P-number is 10 digits; it has no check digit, so no modulus-11 here.
    if not (len(value) == 10 and value.isdigit()):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt P-nummer (10 cifre)."),
            code="invalid_p_number",
            params={"value": value},
        )


def normalise_phone(value: str) -> str:
    """A Danish or international phone number in E.164 form (+4512345678), or ValidationError.

    Stored in one form so that a number typed as "12 34 56 78", "+45 1234 5678" or
    "0045 12345678" is the same number everywhere (search, exports, duplicates).
    """
    try:
        number = phonenumbers.parse(value, PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise _invalid_phone(value) from exc
    if not phonenumbers.is_valid_number(number):
        raise _invalid_phone(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    """The model's guard: a stored phone number is a valid number in E.164 form."""
    if value and normalise_phone(value) != value:
        raise ValidationError(
            _("Telefonnummeret skal gemmes i international form, fx +4512345678."),
            code="phone_not_normalised",
        )


def format_phone(value: str) -> str:
    """A stored E.164 number as people read it: "+45 12 34 56 78"."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _invalid_phone(value: str) -> ValidationError:
    return ValidationError(
        _(
            "%(value)s er ikke et gyldigt telefonnummer. Skriv et dansk nummer med 8 cifre "
            "eller et udenlandsk nummer med landekode, fx +47 22 33 44 55."
        ),
        code="invalid_phone",
        params={"value": value},
    )
