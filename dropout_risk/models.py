"""SOSU dropout-risk assessments (issue 5).

- `Assessment`: the history. One row per registration, never changed or deleted (a
  PostgreSQL trigger from migration 0002 refuses it; the only UPDATE allowed is Django's
  SET_NULL of `registered_by` when a user is deleted, the name snapshot stays).
- `LatestAssessment`: the denormalised "Seneste vurdering", one row per apprentice that has a
  current assessment, written in the same transaction as the registration
  (`services.assessment_register`). The school overview filters and sorts on it without
  touching the history (1,000,000 rows at national scale). "Ikke angivet" deletes the row.
- `RevisitReminder` / `RevisitReminderRecipient`: the outbox of the beat task that reminds
  companies to revisit old assessments; their unique constraints make the task idempotent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apprenticeship.models import Apprentice, Education, School
from companies.models import Company, Workplace


class RiskLevel(models.TextChoices):
    # The order is the severity order (sorting, charts, statistics columns).
    NONE = "none", _("Ikke angivet")
    LOW = "low", _("Lav")
    MEDIUM = "medium", _("Middel")
    HIGH = "high", _("Høj")


# Severity rank for sorting the overviews ("none" first, "high" last).
LEVEL_RANK = {level: rank for rank, level in enumerate(RiskLevel.values)}


class Assessment(models.Model):
    Level = RiskLevel

    # Indexes: see Meta. The foreign keys get none of their own (db_index=False) where
    # nothing reads assessments through them: the apprentice is the prefix of the history
    # index, and deleting a company, workplace, education or school (the only other use, and
    # refused while assessments point to it) is rare enough for a scan. That saves four
    # index writes per registration and ~150 MB at 1,000,000 rows.
    apprentice = models.ForeignKey(
        Apprentice,
        on_delete=models.PROTECT,
        related_name="dropout_assessments",
        verbose_name=_("elev"),
        db_index=False,
    )
    level = models.CharField(_("frafaldsrisiko"), max_length=8, choices=RiskLevel.choices)
    registered_at = models.DateTimeField(_("registreret"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    # The name as it was when registered: shown to the school and the apprentice even after
    # the user is renamed or deleted.
    registered_by_name = models.CharField(_("registreret af (navn)"), max_length=200)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("virksomhed"),
        db_index=False,
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arbejdssted"),
        db_index=False,
    )
    # Snapshots of the agreement the assessment was made under: the statistics group by
    # education, school and region without joining agreements that may since have changed.
    education = models.ForeignKey(
        Education,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uddannelse"),
        db_index=False,
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skole"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("frafaldsrisikovurdering")
        verbose_name_plural = _("frafaldsrisikovurderinger")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RiskLevel.values), name="dropout_assessment_level_valid"
            ),
        ]
        indexes = [
            # The history on the profile pages ("this apprentice's assessments, newest
            # first"), the statistics' "is there a later assessment of this apprentice in
            # the period" probe, and the apprentice foreign key's PROTECT check.
            models.Index(
                fields=["apprentice", "-registered_at"], name="dropout_assessment_hist_idx"
            ),
            # The statistics: assessments registered in a period (a range scan per period).
            models.Index(fields=["registered_at"], name="dropout_assessment_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.apprentice_id}: {self.get_level_display()} ({self.registered_at:%Y-%m-%d})"


class LatestAssessment(models.Model):
    """The apprentice's current assessment; absent means "Ikke angivet"."""

    apprentice = models.OneToOneField(
        Apprentice,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="latest_dropout_assessment",
        verbose_name=_("elev"),
    )
    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="+", verbose_name=_("vurdering")
    )
    level = models.CharField(_("frafaldsrisiko"), max_length=8, choices=RiskLevel.choices)
    assessed_at = models.DateTimeField(_("registreret"))
    registered_by_name = models.CharField(_("registreret af"), max_length=200)
    # The company is the prefix of dropout_latest_company_idx; the workplace is only shown.
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("virksomhed"),
        db_index=False,
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arbejdssted"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("seneste frafaldsrisikovurdering")
        verbose_name_plural = _("seneste frafaldsrisikovurderinger")
        constraints = [
            # "Ikke angivet" is the absence of a row, never a row with level none: the
            # "Ikke angivet" filter is then a plain anti-join and no row needs two meanings.
            models.CheckConstraint(
                condition=Q(level__in=[RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]),
                name="dropout_latest_level_set",
            ),
        ]
        indexes = [
            # The overview's "Frafaldsrisiko SOSU" filter combined with "Senest registreret"
            # (level IN (...) AND assessed_at < D): an index range per ticked level. Also
            # the statistics' and admins' national counts by level.
            models.Index(fields=["level", "assessed_at"], name="dropout_latest_level_idx"),
            # "Senest registreret" alone (assessed_at < D) and the reminder task's scan for
            # assessments older than DROPOUT_RISK_REVISIT_DAYS.
            models.Index(fields=["assessed_at"], name="dropout_latest_time_idx"),
            # The reminder task's "stale assessments registered by company C" and the
            # company overview's check that the latest assessment is the company's own.
            models.Index(fields=["company", "assessed_at"], name="dropout_latest_company_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.apprentice_id}: {self.get_level_display()}"


class RevisitReminder(models.Model):
    """ "The apprentice's assessment is due for a revisit, period `round`" (round 1 once it is
    DROPOUT_RISK_REVISIT_DAYS old, round 2 at twice that, …). The unique constraint is the
    task's idempotency: once per apprentice (through its assessment) per period."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reminders")
    apprentice = models.ForeignKey(Apprentice, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(_("periode"))
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("påmindelse om frafaldsrisiko")
        verbose_name_plural = _("påmindelser om frafaldsrisiko")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "round"], name="dropout_reminder_once_per_period"
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="dropout_reminder_round_1"),
        ]

    def __str__(self) -> str:
        return f"{self.apprentice_id} #{self.round}"


class RevisitReminderRecipient(models.Model):
    """One person told about one reminder. `sent_at` is claimed with a conditional UPDATE
    before the e-mail goes out, so a retried task never mentions it twice.
    `shows_name` is False for the company's managers told only how many apprentices nobody
    has selected (they may not see those names)."""

    reminder = models.ForeignKey(
        RevisitReminder, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shows_name = models.BooleanField(default=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("modtager af påmindelse")
        verbose_name_plural = _("modtagere af påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "user"], name="dropout_reminder_recipient_once"
            ),
        ]
        indexes = [
            # The sender's "unsent notices" scan; a partial index stays small as rows are sent.
            models.Index(
                fields=["user"],
                condition=Q(sent_at__isnull=True),
                name="dropout_reminder_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reminder} → {self.user_id}"
