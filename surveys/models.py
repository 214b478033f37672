"""Norwegian organisations of the apprentice survey and their administrators.

The survey itself (rounds, population, sending, answers) is built on top of these.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr


def validate_orgnr(value: str) -> None:
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt organisasjonsnummer (9 siffer)."),
            code="invalid_orgnr",
            params={"value": value},
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("Fylkeskommune")
        TRAINING_OFFICE = "training_office", _("Opplæringskontor")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("navn"), max_length=255)
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_offices",
        limit_choices_to={"kind": "county"},
        verbose_name=_("fylke"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SurveyAdministrator(models.Model):
    """The role "Lærlingundersøkelsen administrasjon", granted within one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_admin_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="administrators"
    )

    class Meta:
        verbose_name = _("administrator af Lærlingundersøkelsen")
        verbose_name_plural = _("administratorer af Lærlingundersøkelsen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="survey_admin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"
