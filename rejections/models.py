"""Rejection reasons for SOSU applicants (§ 115 of the executive order on vocational
education): the maintained list of reasons, each registered rejection, and cancellations.

Append-only by design (DESIGN.md invariant 2). A saved `Rejection` is never changed or
deleted through the portal, and on PostgreSQL a trigger (migration 0003) refuses UPDATE,
DELETE and TRUNCATE. There is exactly one allowed UPDATE: the retention erasure, which blanks
the applicant fields and stamps `applicant_erased_at` while every other column stays as it
was. We keep the applicant fields in this table (rather than a separate, deletable table) so
that the statistical record and its applicant data can never drift apart, and because the
trigger can check "nothing but the applicant fields changed" generically: it compares the
row as JSON minus those four columns, so a column added later is protected without touching
the trigger. A wrong registration is corrected by a `Cancellation` pointing to it (itself
append-only), never by editing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apprenticeship.models import Education, Region
from companies.models import Company, Workplace
from rejections.validators import validate_stored_mobile

# The columns the retention erasure may blank (and the trigger lets through).
APPLICANT_FIELDS = ("applicant_name", "applicant_mobile", "applicant_address")


class RejectionReasonQuerySet(models.QuerySet["RejectionReason"]):
    def active(self) -> RejectionReasonQuerySet:
        """The reasons offered in the registration form (retired ones are hidden)."""
        return self.filter(is_active=True)


class RejectionReason(models.Model):
    """One entry of the maintained list of reasons, edited in the admin.

    `code` is the stable identifier (exports, statistics across renamings); the texts may be
    reworded. A reason is retired by clearing `is_active`, never deleted: old registrations
    keep pointing to it.
    """

    code = models.SlugField(
        _("kode"),
        max_length=64,
        unique=True,
        help_text=_("Fast kode, som ikke ændres, når teksten omformuleres."),
    )
    text_da = models.CharField(_("tekst (dansk)"), max_length=200)
    text_en = models.CharField(_("tekst (engelsk)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=100)
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_(
            "Fjern markeringen for at udfase begrundelsen: den kan ikke længere vælges, "
            "men tidligere registreringer bevarer den."
        ),
    )

    objects = RejectionReasonQuerySet.as_manager()

    class Meta:
        verbose_name = _("afslagsbegrundelse")
        verbose_name_plural = _("afslagsbegrundelser")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The text in the active language.

        English gets the English text. Every other language, Norwegian bokmål included,
        gets the Danish text: it is the authoritative wording of the category, and written
        Danish is read without effort by Norwegian readers, more so than English.
        """
        language = (get_language() or "da").split("-")[0]
        if language == "en" and self.text_en:
            return self.text_en
        return self.text_da


class RejectionQuerySet(models.QuerySet["Rejection"]):
    def not_cancelled(self) -> RejectionQuerySet:
        """Rejections that count: cancelled ones are left out of statistics."""
        return self.filter(cancellation__isnull=True)

    def without_applicant_data(self) -> RejectionQuerySet:
        """Never load the applicant's personal data (lists, exports, statistics)."""
        return self.defer(*APPLICANT_FIELDS)


class Rejection(models.Model):
    """One rejection of an applicant for a SOSU training place, as the company reported it."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="rejections", verbose_name=_("virksomhed")
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        related_name="rejections",
        verbose_name=_("arbejdssted"),
    )
    education = models.ForeignKey(
        Education,
        on_delete=models.PROTECT,
        related_name="rejections",
        verbose_name=_("uddannelse"),
    )
    # The region of the workplace when the rejection was registered (see regions.py).
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    rejected_on = models.DateField(_("dato for afslag"))
    primary_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("primær begrundelse for afslag"),
    )
    secondary_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sekundær begrundelse for afslag"),
    )
    # The applicant is not an apprentice in the portal: these fields are the only personal
    # data about them, erased after REJECTION_APPLICANT_RETENTION_DAYS (tasks.py).
    applicant_name = models.CharField(_("ansøgers navn"), max_length=200, blank=True)
    applicant_mobile = models.CharField(
        _("ansøgers mobilnummer"), max_length=32, blank=True, validators=[validate_stored_mobile]
    )
    applicant_address = models.CharField(_("ansøgers adresse"), max_length=255, blank=True)
    applicant_erased_at = models.DateTimeField(
        _("ansøgeroplysninger slettet"), null=True, blank=True
    )
    # PROTECT: a user who has registered rejections is deactivated, not deleted (a SET_NULL
    # would be an UPDATE, which the trigger refuses).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    registered_at = models.DateTimeField(_("registreret"))
    # Registered more than REJECTION_LATE_AFTER_DAYS days after the rejection was given
    # (see services.is_registered_late). Stored: it is a fact of the registration.
    is_late = models.BooleanField(_("registreret for sent"), default=False)

    objects = RejectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("afslag")
        verbose_name_plural = _("afslag")
        ordering = ["-rejected_on", "-id"]
        indexes = [
            # The company's list and spreadsheet: WHERE company_id = C ORDER BY rejected_on
            # DESC, id DESC.
            models.Index(
                F("company"), F("rejected_on").desc(), F("id").desc(), name="rejection_company_idx"
            ),
            # The retention task: rows not yet erased whose rejection date has passed the
            # cutoff (a partial index: erased rows drop out of it).
            models.Index(
                fields=["rejected_on"],
                condition=Q(applicant_erased_at__isnull=True),
                name="rejection_unerased_idx",
            ),
            # Statistics by period: WHERE rejected_on BETWEEN … GROUP BY reason, education.
            models.Index(
                fields=["rejected_on", "primary_reason", "education"],
                name="rejection_stats_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(secondary_reason__isnull=True)
                | ~Q(secondary_reason=F("primary_reason")),
                name="rejection_secondary_differs",
            ),
            # The applicant can be identified, until the retention erasure blanks the fields.
            models.CheckConstraint(
                condition=Q(applicant_erased_at__isnull=False)
                | ~Q(applicant_name="")
                | ~Q(applicant_mobile="")
                | ~Q(applicant_address=""),
                name="rejection_applicant_identified",
            ),
            # …and once erased, nothing of the applicant is left.
            models.CheckConstraint(
                condition=Q(applicant_erased_at__isnull=True)
                | Q(applicant_name="", applicant_mobile="", applicant_address=""),
                name="rejection_erased_is_blank",
            ),
            # Mobile numbers are stored in E.164 (+4512345678).
            models.CheckConstraint(
                condition=Q(applicant_mobile="") | Q(applicant_mobile__startswith="+"),
                name="rejection_mobile_international",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.rejected_on} {self.education}"

    def clean(self) -> None:
        """The record's own consistency; the service adds what depends on the moment of
        registration (active reasons, the staff member's company, no future date)."""
        errors: dict[str, str] = {}
        if self.secondary_reason_id and self.secondary_reason_id == self.primary_reason_id:
            errors["secondary_reason"] = _(
                "Den sekundære begrundelse skal være en anden end den primære."
            )
        if self.applicant_erased_at is None and not any(
            getattr(self, name).strip() for name in APPLICANT_FIELDS
        ):
            errors["applicant_name"] = _(
                "Angiv ansøgerens navn, mobilnummer eller adresse, så ansøgeren kan identificeres."
            )
        if self.workplace_id and self.company_id and self.workplace.company_id != self.company_id:
            errors["workplace"] = _("Arbejdsstedet hører ikke til virksomheden.")
        if self.education_id and not self.education.is_sosu:
            errors["education"] = _(
                "Vælg social- og sundhedsassistent eller social- og sundhedshjælper."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return hasattr(self, "cancellation")

    @property
    def is_applicant_erased(self) -> bool:
        return self.applicant_erased_at is not None


class Cancellation(models.Model):
    """The correction of a wrong registration: points to it, says why, by whom and when.

    Append-only like the rejection itself (the same trigger, migration 0003). One per
    rejection; a cancelled rejection is shown as "annulleret" and left out of statistics.
    """

    rejection = models.OneToOneField(
        Rejection,
        on_delete=models.PROTECT,
        related_name="cancellation",
        verbose_name=_("afslag"),
    )
    reason = models.TextField(_("begrundelse for annullering"), max_length=1000)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("annulleret af"),
    )
    cancelled_at = models.DateTimeField(_("annulleret"))

    class Meta:
        verbose_name = _("annullering")
        verbose_name_plural = _("annulleringer")
        ordering = ["-cancelled_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="cancellation_reason_required")
        ]

    def __str__(self) -> str:
        return f"{_('Annullering af')} #{self.rejection_id}"
