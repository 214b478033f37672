"""Validation shared by every form of the portal.

Text typed into a form must not carry control characters: PostgreSQL refuses NUL in text
(Django's own validator answers that one), and the other C0/C1 controls cannot be written
to a spreadsheet cell (openpyxl refuses them), so a name with one would break every export
it appears in. Tab and line breaks are ordinary text.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except NUL (Django's ProhibitNullCharactersValidator says that), tab, LF, CR;
# DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@deconstructible
class ProhibitControlCharactersValidator:
    message = _(
        "Teksten indeholder et usynligt kontroltegn (fx fra kopiering). Fjern det, og prøv igen."
    )
    code = "control_characters"

    def __call__(self, value: object) -> None:
        if value is not None and CONTROL_CHARACTERS.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProhibitControlCharactersValidator)


validate_no_control_characters = ProhibitControlCharactersValidator()
