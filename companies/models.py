"""Companies (CVR) and their workplaces (production units, P-numbers), and company staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.validators import validate_cvr, validate_p_number


class Company(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        CLOSED = "closed", _("Ophørt")

    cvr = models.CharField(_("CVR-nummer"), max_length=8, unique=True, validators=[validate_cvr])
    name = models.CharField(_("navn"), max_length=255)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    cvr_email = models.EmailField(_("e-mail fra CVR"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    last_synced_at = models.DateTimeField(_("senest hentet fra CVR"), null=True, blank=True)

    class Meta:
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cvr})"


class Workplace(models.Model):
    """A production unit. Name and address come from CVR; contact data is entered here."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        CLOSED = "closed", _("Ophørt")

    class EmailSource(models.TextChoices):
        PORTAL = "portal", _("indtastet på portalen")
        CVR = "cvr", _("fra CVR-registeret")
        NONE = "none", _("ingen e-mail")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="workplaces")
    p_number = models.CharField(
        _("P-nummer"), max_length=10, unique=True, validators=[validate_p_number]
    )
    name = models.CharField(_("navn"), max_length=255)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    # Entered in the portal; a CVR sync never touches these.
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefonnummer"), max_length=32, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)

    class Meta:
        verbose_name = _("arbejdssted")
        verbose_name_plural = _("arbejdssteder")
        ordering = ["name", "p_number"]
        # Serves the company's workplace list, ordered by name.
        indexes = [models.Index(fields=["company", "name"], name="workplace_company_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} (P {self.p_number})"

    @property
    def shown_email(self) -> str:
        """The e-mail shown everywhere: the portal's, else the company's from CVR."""
        return self.email or self.company.cvr_email

    @property
    def email_source(self) -> str:
        if self.email:
            return self.EmailSource.PORTAL
        if self.company.cvr_email:
            return self.EmailSource.CVR
        return self.EmailSource.NONE


class CompanyStaff(models.Model):
    """A user's membership of a company (employee login, MitID Erhverv)."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Medarbejder")
        MANAGER = "manager", _("Leder")
        TRAINING_RESPONSIBLE = "training_responsible", _("Oplæringsansvarlig")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices, default=Role.STAFF)
    is_local_admin = models.BooleanField(
        _("lokal brugeradministrator"),
        default=False,
        help_text=_("Opretter, suspenderer og tilbagekalder virksomhedens brugere."),
    )

    class Meta:
        verbose_name = _("virksomhedsmedarbejder")
        verbose_name_plural = _("virksomhedsmedarbejdere")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="company_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.company} ({self.get_role_display()})"
