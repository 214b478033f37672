"""Writes in rejections: record a rejection, cancel one, erase expired applicant data.

Rejections hold personal data about applicants who are not apprentices in the portal, so
they are not "student data" for the access log (DESIGN.md invariant 1 does not apply).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apprenticeship.models import Education
from companies.models import CompanyStaff, Workplace
from rejections.access import REGISTERING_ROLES
from rejections.models import APPLICANT_FIELDS, Cancellation, Rejection, RejectionReason
from rejections.regions import region_for_postal_code
from rejections.validators import normalise_mobile

# Registration of rejection reasons opened on 15 April 2021 (the ministry's guide); an
# earlier date is a typing error (a year of 0026 or 1926), not a rejection to report.
EARLIEST_REJECTION_DATE = dt.date(2021, 4, 15)


def late_after_days() -> int:
    """§ 115: a rejection is reported within two weeks of being given."""
    return int(getattr(settings, "REJECTION_LATE_AFTER_DAYS", 14))


def retention_days() -> int:
    """How long the applicant's data is kept after the rejection date (12 months)."""
    return int(getattr(settings, "REJECTION_APPLICANT_RETENTION_DAYS", 365))


def is_registered_late(*, rejected_on: dt.date, registered_on: dt.date) -> bool:
    """Late when registered more than REJECTION_LATE_AFTER_DAYS (14) days after the day
    the rejection was given, counted in calendar days in Danish time.

    A rejection given on 1 March may be registered up to and including 15 March (14 days
    later) on time; from 16 March (15 days later) it is late.
    """
    return (registered_on - rejected_on).days > late_after_days()


def retention_cutoff(today: dt.date) -> dt.date:
    """Rejections given on or before this date have had their applicant data kept for the
    whole retention period: 365 days after 1 March 2025 is 1 March 2026, erased that day."""
    return today - dt.timedelta(days=retention_days())


def too_early_message() -> str:
    return _("Datoen for afslaget kan ikke ligge før %(date)s.") % {
        "date": date_format(EARLIEST_REJECTION_DATE, "SHORT_DATE_FORMAT")
    }


@transaction.atomic
def rejection_record(
    *,
    acting_user: object,
    staff: CompanyStaff,
    education: Education,
    workplace: Workplace,
    rejected_on: dt.date,
    primary_reason: RejectionReason,
    secondary_reason: RejectionReason | None = None,
    applicant_name: str = "",
    applicant_mobile: str = "",
    applicant_address: str = "",
) -> Rejection:
    """Register a rejection given by `staff`'s company. The record cannot be changed later."""
    if staff.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun registrere afslag for din egen virksomhed."))
    now = timezone.now()
    today = timezone.localdate(now)
    _check_choices(staff, workplace, rejected_on, primary_reason, secondary_reason, today)
    mobile = applicant_mobile.strip()
    rejection = Rejection(
        company_id=staff.company_id,
        workplace=workplace,
        education=education,
        region=region_for_postal_code(workplace.postal_code or staff.company.postal_code),
        rejected_on=rejected_on,
        primary_reason=primary_reason,
        secondary_reason=secondary_reason,
        applicant_name=applicant_name.strip(),
        applicant_mobile=normalise_mobile(mobile) if mobile else "",
        applicant_address=applicant_address.strip(),
        registered_by=acting_user,
        registered_at=now,
        is_late=is_registered_late(rejected_on=rejected_on, registered_on=today),
    )
    rejection.full_clean()
    rejection.save(force_insert=True)
    return rejection


def _check_choices(
    staff: CompanyStaff,
    workplace: Workplace,
    rejected_on: dt.date,
    primary_reason: RejectionReason,
    secondary_reason: RejectionReason | None,
    today: dt.date,
) -> None:
    errors: dict[str, str] = {}
    if workplace.company_id != staff.company_id or workplace.status != Workplace.Status.ACTIVE:
        errors["workplace"] = _("Vælg et af virksomhedens aktive arbejdssteder.")
    if rejected_on > today:
        errors["rejected_on"] = _("Datoen for afslaget kan ikke ligge i fremtiden.")
    elif rejected_on < EARLIEST_REJECTION_DATE:
        errors["rejected_on"] = too_early_message()
    if not primary_reason.is_active:
        errors["primary_reason"] = _("Begrundelsen er udfaset og kan ikke længere vælges.")
    if secondary_reason is not None and not secondary_reason.is_active:
        errors["secondary_reason"] = _("Begrundelsen er udfaset og kan ikke længere vælges.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rejection_cancel(*, acting_user: object, rejection: Rejection, reason: str) -> Cancellation:
    """Cancel a wrong registration: a Cancellation row pointing to it, never an edit."""
    if not CompanyStaff.objects.filter(
        user_id=getattr(acting_user, "pk", None),
        company_id=rejection.company_id,
        role__in=REGISTERING_ROLES,
    ).exists():
        raise ValidationError(_("Du kan kun annullere din egen virksomheds afslag."))
    if Cancellation.objects.filter(rejection=rejection).exists():
        raise ValidationError(_("Afslaget er allerede annulleret."))
    cancellation = Cancellation(
        rejection=rejection,
        reason=reason.strip(),
        cancelled_by=acting_user,
        cancelled_at=timezone.now(),
    )
    cancellation.full_clean()
    cancellation.save(force_insert=True)
    return cancellation


def applicant_data_erase_expired(*, today: dt.date | None = None) -> int:
    """Blank the applicant fields of every rejection past the retention period; returns how
    many rows were erased. One conditional UPDATE: idempotent (erased rows no longer match)
    and safe to run twice at once. It is the one UPDATE the trigger lets through."""
    cutoff = retention_cutoff(today or timezone.localdate())
    blank = dict.fromkeys(APPLICANT_FIELDS, "")
    return Rejection.objects.filter(
        rejected_on__lte=cutoff, applicant_erased_at__isnull=True
    ).update(**blank, applicant_erased_at=timezone.now())
