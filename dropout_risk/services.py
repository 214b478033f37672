"""Writes in dropout_risk: registering an assessment."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprenticeship.models import Apprentice, EducationAgreement
from companies.models import CompanyStaff
from dropout_risk.models import Assessment, LatestAssessment, RiskLevel


@transaction.atomic
def assessment_register(
    *, acting_user: object, staff: CompanyStaff, apprentice: Apprentice, level: str
) -> Assessment:
    """Register `level` for `apprentice` on behalf of `staff`'s company.

    Every registration is a new history row. The latest assessment is replaced in the same
    transaction; "Ikke angivet" (none) removes it without setting a new one.
    """
    if staff.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun registrere vurderinger i dit eget navn."))
    if level not in RiskLevel.values:
        raise ValidationError(_("Vælg en af de fire frafaldsrisici."), code="invalid_level")
    agreement = _current_sosu_agreement(apprentice, staff)
    selected = (
        Apprentice.objects.selected_by(acting_user)
        .filter(pk=apprentice.pk, selections__staff=staff)
        .exists()
    )
    if not selected:
        raise ValidationError(
            _("Du kan kun vurdere elever, du har valgt under Mine lærlinge."), code="not_selected"
        )
    # Serialise registrations of one apprentice so "latest" is always the last committed
    # history row (two employees pressing Gem at the same moment).
    list(Apprentice.objects.select_for_update().filter(pk=apprentice.pk).values_list("pk"))
    assessment = Assessment(
        apprentice=apprentice,
        level=level,
        registered_at=timezone.now(),
        registered_by=acting_user,
        registered_by_name=getattr(acting_user, "full_name", "") or str(acting_user),
        company_id=staff.company_id,
        workplace_id=agreement.workplace_id,
        education_id=agreement.education_id,
        school_id=agreement.school_id,
    )
    assessment.full_clean(validate_constraints=False)
    assessment.save(force_insert=True)
    _latest_replace(assessment)
    return assessment


@transaction.atomic
def assessment_import(
    *,
    apprentice: Apprentice,
    level: str,
    registered_by: object,
    registered_at: dt.datetime,
    agreement: EducationAgreement,
) -> Assessment:
    """Add a past registration to the history (demo data, a move from an older system),
    without the selection check of `assessment_register`. The latest assessment is updated
    only if this one is newer than it."""
    if not agreement.education.is_sosu or agreement.apprentice_id != apprentice.pk:
        raise ValidationError(_("Kun SOSU-elevers egne uddannelsesaftaler kan bruges."))
    assessment = Assessment(
        apprentice=apprentice,
        level=level,
        registered_at=registered_at,
        registered_by=registered_by,
        registered_by_name=getattr(registered_by, "full_name", ""),
        company_id=agreement.company_id,
        workplace_id=agreement.workplace_id,
        education_id=agreement.education_id,
        school_id=agreement.school_id,
    )
    assessment.full_clean(validate_constraints=False)
    assessment.save(force_insert=True)
    newer = Assessment.objects.filter(
        apprentice=apprentice, registered_at__gt=registered_at
    ).exists()
    if not newer:
        _latest_replace(assessment)
    return assessment


def _current_sosu_agreement(apprentice: Apprentice, staff: CompanyStaff) -> EducationAgreement:
    agreements = list(
        EducationAgreement.objects.current()
        .filter(apprentice=apprentice, company_id=staff.company_id)
        .select_related("education")
        .order_by("-start_date")
    )
    if not agreements:
        raise ValidationError(
            _("Eleven har ingen aktuel uddannelsesaftale i din virksomhed."), code="no_agreement"
        )
    sosu = [a for a in agreements if a.education.is_sosu]
    if not sosu:
        raise ValidationError(
            _(
                "Frafaldsrisiko kan kun registreres for elever på uddannelserne til social- og "
                "sundhedshjælper og social- og sundhedsassistent."
            ),
            code="not_sosu",
        )
    return sosu[0]


def _latest_replace(assessment: Assessment) -> None:
    if assessment.level == RiskLevel.NONE:
        LatestAssessment.objects.filter(apprentice_id=assessment.apprentice_id).delete()
        return
    latest = LatestAssessment(
        apprentice_id=assessment.apprentice_id,
        assessment=assessment,
        level=assessment.level,
        assessed_at=assessment.registered_at,
        registered_by_name=assessment.registered_by_name,
        company_id=assessment.company_id,
        workplace_id=assessment.workplace_id,
    )
    latest.full_clean(validate_unique=False, validate_constraints=False)
    # The primary key is the apprentice: save() updates the row, or inserts the first one.
    latest.save()
