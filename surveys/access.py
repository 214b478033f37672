"""Permission-checked fetches. Out of scope answers 404, like "does not exist"."""

from __future__ import annotations

from django.http import Http404

from surveys.models import (
    Organisation,
    OrganisationMember,
    SendJob,
    SurveyAdministrator,
    SurveyRound,
)


def admin_roles(user: object) -> list[SurveyAdministrator]:
    return list(
        SurveyAdministrator.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def get_admin_role(user: object, organisation_id: int | None) -> SurveyAdministrator | None:
    """The user's role in the chosen organisation (the first, if none is chosen); None if
    the user has no survey role at all; 404 for an organisation that is not theirs."""
    roles = admin_roles(user)
    if organisation_id is None:
        return roles[0] if roles else None
    for role in roles:
        if role.organisation_id == organisation_id:
            return role
    raise Http404


def get_round(round_id: int) -> SurveyRound:
    survey_round = SurveyRound.objects.filter(pk=round_id).first()
    if survey_round is None:
        raise Http404
    return survey_round


def get_job_for_user(user: object, job_id: int) -> SendJob:
    """A job of one of the user's organisations; 404 otherwise."""
    job = (
        SendJob.objects.select_related("round", "organisation")
        .filter(pk=job_id, organisation__administrators__user=user)
        .first()
    )
    if job is None:
        raise Http404
    return job


def managed_organisations(user: object) -> list[Organisation]:
    return list(
        Organisation.objects.filter(members__user=user, members__is_access_manager=True)
        .distinct()
        .order_by("name")
    )


def get_managed_organisation(user: object, organisation_id: int) -> Organisation:
    """An organisation whose access the user manages; 404 otherwise."""
    organisation = Organisation.objects.filter(
        pk=organisation_id, members__user=user, members__is_access_manager=True
    ).first()
    if organisation is None:
        raise Http404
    return organisation


def memberships(user: object) -> list[OrganisationMember]:
    return list(OrganisationMember.objects.filter(user=user).select_related("organisation"))
