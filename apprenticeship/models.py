"""Schools, educations, apprentices and their education agreements; school staff; and the
company staff's selection of the apprentices they work with.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, CompanyStaff, Workplace


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", _("Region Hovedstaden")
    SJAELLAND = "sjaelland", _("Region Sjælland")
    SYDDANMARK = "syddanmark", _("Region Syddanmark")
    MIDTJYLLAND = "midtjylland", _("Region Midtjylland")
    NORDJYLLAND = "nordjylland", _("Region Nordjylland")


class School(models.Model):
    name = models.CharField(_("navn"), max_length=255)
    institution_number = models.CharField(_("institutionsnummer"), max_length=6, unique=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)

    class Meta:
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Education(models.Model):
    code = models.CharField(_("kode"), max_length=16, unique=True)
    name = models.CharField(_("navn"), max_length=255)
    is_sosu = models.BooleanField(
        _("SOSU-uddannelse"),
        default=False,
        help_text=_("Social- og sundhedshjælper eller social- og sundhedsassistent."),
    )

    class Meta:
        verbose_name = _("uddannelse")
        verbose_name_plural = _("uddannelser")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Specialty(models.Model):
    education = models.ForeignKey(Education, on_delete=models.CASCADE, related_name="specialties")
    code = models.CharField(_("kode"), max_length=16, unique=True)
    name = models.CharField(_("navn"), max_length=255)

    class Meta:
        verbose_name = _("speciale")
        verbose_name_plural = _("specialer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApprenticeQuerySet(models.QuerySet["Apprentice"]):
    """The visibility policy: which apprentices a user may see. Every view, export and task
    that touches apprentices starts from one of these methods (DESIGN.md invariant 3).
    """

    def visible_to(self, user: object, *, on: dt.date | None = None) -> ApprenticeQuerySet:
        """Everything `user` may see in any of their roles."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        if getattr(user, "is_portal_admin", False):
            return self.all()
        return self.filter(
            Q(user=user)
            | Q(Exists(_selected_by(user, on=on)))
            | Q(Exists(_current_at_users_schools(user, on=on)))
        )

    def selected_by(self, user: object, *, on: dt.date | None = None) -> ApprenticeQuerySet:
        """Company staff: the apprentices they selected (udvælgelse) that still have a
        current agreement at the company the selection was made for."""
        return self.filter(Exists(_selected_by(user, on=on)))

    def students_of_school_staff(
        self, user: object, *, on: dt.date | None = None
    ) -> ApprenticeQuerySet:
        """School staff: students with a current agreement at one of their schools."""
        return self.filter(Exists(_current_at_users_schools(user, on=on)))

    def selectable_for(
        self, staff: CompanyStaff, *, on: dt.date | None = None
    ) -> ApprenticeQuerySet:
        """Candidates for a staff member's selection: current agreement at their company."""
        current = EducationAgreement.objects.current(on).filter(
            apprentice=OuterRef("pk"), company_id=staff.company_id
        )
        return self.filter(Exists(current))


class Apprentice(models.Model):
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=32, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="apprentice",
        verbose_name=_("bruger"),
    )

    objects = ApprenticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("lærling")
        verbose_name_plural = _("lærlinge")
        ordering = ["last_name", "first_name", "id"]
        # Serves name search and the default ordering of every apprentice list.
        indexes = [models.Index(fields=["last_name", "first_name"], name="apprentice_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AgreementQuerySet(models.QuerySet["EducationAgreement"]):
    def current(self, on: dt.date | None = None) -> AgreementQuerySet:
        """Agreements whose period includes `on` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day, end_date__gte=day)


class EducationAgreement(models.Model):
    apprentice = models.ForeignKey(Apprentice, on_delete=models.PROTECT, related_name="agreements")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="agreements")
    workplace = models.ForeignKey(
        Workplace, on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    education = models.ForeignKey(Education, on_delete=models.PROTECT, related_name="agreements")
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="agreements")
    team = models.CharField(_("hold"), max_length=64, blank=True)
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("slutdato"))

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("uddannelsesaftale")
        verbose_name_plural = _("uddannelsesaftaler")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="agreement_dates_ordered"
            )
        ]
        indexes = [
            # Serves "current agreements at company C" (the selection page, visibility).
            models.Index(
                fields=["company", "end_date", "start_date"], name="agreement_company_idx"
            ),
            # Serves "current students of school S" (school visibility, Elevoversigt).
            models.Index(fields=["school", "end_date", "start_date"], name="agreement_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.apprentice} – {self.education} ({self.start_date}–{self.end_date})"

    @property
    def is_current(self) -> bool:
        return self.start_date <= timezone.localdate() <= self.end_date


class SchoolStaff(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    is_local_admin = models.BooleanField(_("lokal brugeradministrator"), default=False)

    class Meta:
        verbose_name = _("skolemedarbejder")
        verbose_name_plural = _("skolemedarbejdere")
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="school_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.school}"


class StaffSelection(models.Model):
    """A company staff member's selection ("udvælgelse") of an apprentice they have a
    current, work-related affiliation with. Tied to the membership, so it ends with it."""

    staff = models.ForeignKey(CompanyStaff, on_delete=models.CASCADE, related_name="selections")
    apprentice = models.ForeignKey(Apprentice, on_delete=models.CASCADE, related_name="selections")
    selected_at = models.DateTimeField(_("valgt"), default=timezone.now)

    class Meta:
        verbose_name = _("udvælgelse")
        verbose_name_plural = _("udvælgelser")
        constraints = [
            models.UniqueConstraint(fields=["staff", "apprentice"], name="staff_selection_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff.user} → {self.apprentice}"


def _selected_by(user: object, *, on: dt.date | None) -> models.QuerySet[StaffSelection]:
    """Selections by `user` whose apprentice has a current agreement at that company."""
    current_here = EducationAgreement.objects.current(on).filter(
        apprentice=OuterRef("apprentice"), company=OuterRef("staff__company")
    )
    return StaffSelection.objects.filter(staff__user=user, apprentice=OuterRef("pk")).filter(
        Exists(current_here)
    )


def _current_at_users_schools(
    user: object, *, on: dt.date | None
) -> models.QuerySet[EducationAgreement]:
    return EducationAgreement.objects.current(on).filter(
        apprentice=OuterRef("pk"), school__staff__user=user
    )
