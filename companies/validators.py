from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cvr


def validate_cvr(value: str) -> None:
    """A CVR number is 8 digits with a modulus-11 check digit (python-stdnum)."""
    if not cvr.is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt CVR-nummer (8 cifre med gyldigt kontrolciffer)."),
            code="invalid_cvr",
            params={"value": value},
        )


def validate_p_number(value: str) -> None:
    # A P-number is 10 digits; it has no check digit, so no modulus-11 here.
    if not (len(value) == 10 and value.isdigit()):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt P-nummer (10 cifre)."),
            code="invalid_p_number",
            params={"value": value},
        )
