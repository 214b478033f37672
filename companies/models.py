"""Companies (CVR) and their workplaces (production units, P-numbers), and company staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from companies.validators import format_phone, validate_cvr, validate_p_number, validate_phone


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


class WorkplaceQuerySet(models.QuerySet["Workplace"]):
    def with_shown_email(self) -> WorkplaceQuerySet:
        """Annotates `shown_email_value`: Workplace.shown_email's rule in SQL, for exports and
        lists that should not load each workplace's company."""
        return self.annotate(
            shown_email_value=Coalesce(NullIf("email", models.Value("")), "company__cvr_email")
        )


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
    # Entered in the portal; a CVR sync never touches these (CONTACT_FIELDS).
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # E.164 (+4512345678): one form whatever way it was typed.
    phone = models.CharField(
        _("telefonnummer"), max_length=32, blank=True, validators=[validate_phone]
    )
    website = models.URLField(_("hjemmeside"), blank=True)
    # Who last changed the contact data, shown on the workplace's page.
    contact_updated_at = models.DateTimeField(_("kontaktdata ændret"), null=True, blank=True)
    contact_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontaktdata ændret af"),
    )

    # The fields entered in the portal; everything else comes from CVR.
    CONTACT_FIELDS = ("contact_person", "email", "phone", "website")

    objects = WorkplaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("arbejdssted")
        verbose_name_plural = _("arbejdssteder")
        ordering = ["name", "p_number"]
        # Serves the company's workplace list, ordered by name.
        indexes = [models.Index(fields=["company", "name"], name="workplace_company_name_idx")]
        constraints = [
            # The database's share of "phone numbers are stored normalised" (the form and
            # validate_phone check the rest): never a locally formatted number.
            models.CheckConstraint(
                condition=models.Q(phone="") | models.Q(phone__startswith="+"),
                name="workplace_phone_international",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (P {self.p_number})"

    @property
    def shown_email(self) -> str:
        """The e-mail shown everywhere: the portal's, else the company's from CVR."""
        return self.email or self.company.cvr_email

    @property
    def email_source(self) -> str:
        """Where `shown_email` comes from, so pages can say which one they show."""
        if self.email:
            return self.EmailSource.PORTAL
        if self.company.cvr_email:
            return self.EmailSource.CVR
        return self.EmailSource.NONE

    @property
    def email_source_label(self) -> str:
        return str(self.EmailSource(self.email_source).label)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


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
