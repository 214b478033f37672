"""Survey pages. Administrators act for one organisation at a time: the one given by
`?organisasjon=<id>` (a hidden field in forms), else their first. The answer page is public.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.params import parse_id
from surveys import access, answering, imports, results, selectors, sending, services
from surveys.forms import AnswerForm, RegisterImportForm, ReminderForm, RoleChangeForm
from surveys.models import OrganisationMember, Question, SurveyAdministrator, SurveyRound

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def survey_admin_required(view: View) -> View:
    """Passes the user's SurveyAdministrator role; without the role, the page that says
    whom to ask (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        role = access.get_admin_role(request.user, _organisation_param(request))
        if role is None:
            return _no_access(request)
        return view(request, role, *args, **kwargs)

    return wrapper


def _no_access(request: HttpRequest) -> HttpResponse:
    managers = (
        OrganisationMember.objects.filter(
            organisation__members__user=request.user, is_access_manager=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name")
    )
    context = {"memberships": access.memberships(request.user), "managers": managers}
    return render(request, "surveys/no_access.html", context, status=403)


def _organisation_param(request: HttpRequest) -> int | None:
    return parse_id(request.POST.get("organisasjon") or request.GET.get("organisasjon") or "")


def _round_url(name: str, survey_round: SurveyRound, role: SurveyAdministrator) -> str:
    url = reverse(name, kwargs={"round_id": survey_round.pk})
    return f"{url}?{urlencode({'organisasjon': role.organisation_id})}"


def _base_context(request: HttpRequest, role: SurveyAdministrator) -> dict[str, object]:
    roles = access.admin_roles(request.user)
    return {"role": role, "organisation": role.organisation, "roles": roles}


@require_GET
@survey_admin_required
def home(request: HttpRequest, role: SurveyAdministrator) -> HttpResponse:
    rounds = SurveyRound.objects.all()
    return render(request, "surveys/home.html", {**_base_context(request, role), "rounds": rounds})


@require_GET
@survey_admin_required
def round_dashboard(request: HttpRequest, role: SurveyAdministrator, round_id: int) -> HttpResponse:
    survey_round = access.get_round(round_id)
    organisation = role.organisation
    # Who is in scope and who the next message would reach come from the table's one
    # aggregate over the scope, not from counts of their own.
    state = selectors.job_state(survey_round, organisation, count_recipients=False)
    stats = selectors.dashboard_stats(survey_round, organisation, state.next_number)
    total = selectors.totals(stats)
    context = {
        **_base_context(request, role),
        "round": survey_round,
        "state": dataclasses.replace(state, recipients=total.recipients),
        "can_import": services.import_is_open(survey_round),
        "can_send": sending.sending_is_open(survey_round) and state.running is None,
        "population": total.in_scope,
        "jobs": survey_round.jobs.filter(organisation=organisation).order_by("number"),
        "imports": survey_round.imports.filter(organisation=organisation)[:5],
        "stats": stats,
        "total": total,
    }
    return render(request, "surveys/round_dashboard.html", context)


def _stats_context(survey_round: SurveyRound, role: SurveyAdministrator) -> dict[str, object]:
    stats = selectors.dashboard_stats(survey_round, role.organisation)
    return {"stats": stats, "total": selectors.totals(stats), "round": survey_round}


@require_GET
@survey_admin_required
def round_stats(request: HttpRequest, role: SurveyAdministrator, round_id: int) -> HttpResponse:
    """The dashboard's table alone, polled by htmx so it moves as answers arrive."""
    survey_round = access.get_round(round_id)
    context = {**_base_context(request, role), **_stats_context(survey_round, role)}
    return render(request, "surveys/round_dashboard.html#stats", context)


@require_http_methods(["GET", "POST"])
@survey_admin_required
def register_import(request: HttpRequest, role: SurveyAdministrator, round_id: int) -> HttpResponse:
    survey_round = access.get_round(round_id)
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    errors: list[imports.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.register_import(
                acting_user=request.user,
                survey_round=survey_round,
                organisation=role.organisation,
                upload=form.cleaned_data["file"],
            )
        except services.RegisterImportFailed as failure:
            errors = failure.errors
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Registret er indlæst: %(rows)d rækker, %(created)d nye, %(updated)d "
                    "opdaterede, %(removed)d fjernet."
                )
                % vars(report),
            )
            return redirect(_round_url("surveys:data_quality", survey_round, role))
    context = {
        **_base_context(request, role),
        "round": survey_round,
        "form": form,
        "errors": errors[:500],
        "error_count": len(errors),
        "can_import": services.import_is_open(survey_round),
        "columns": imports.COLUMNS,
    }
    return render(request, "surveys/register_import.html", context)


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registerudtrekk-eksempel.csv"'
    return response


@require_GET
@survey_admin_required
def data_quality(request: HttpRequest, role: SurveyAdministrator, round_id: int) -> HttpResponse:
    survey_round = access.get_round(round_id)
    problems = selectors.data_quality_problems(survey_round, role.organisation)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("side"))
    missing = selectors.missing_company(survey_round, role.organisation)
    context = {
        **_base_context(request, role),
        "round": survey_round,
        "page": page,
        "missing_company": missing.count(),
        # Named, so the administrator can find them in VIGO (the first page of them).
        "missing_company_people": missing.order_by("name", "pk")[:PAGE_SIZE],
        "population": selectors.population(survey_round)
        .filter(pk__in=selectors.visible_participants(survey_round, role.organisation).values("pk"))
        .count(),
        "deadline_passed": timezone.now() >= survey_round.correction_deadline,
        "querystring": urlencode({"organisasjon": role.organisation_id}),
    }
    return render(request, "surveys/data_quality.html", context)


@require_POST
@survey_admin_required
def send_invitations(
    request: HttpRequest, role: SurveyAdministrator, round_id: int
) -> HttpResponse:
    survey_round = access.get_round(round_id)
    try:
        job = sending.invitations_send(
            acting_user=request.user, survey_round=survey_round, organisation=role.organisation
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_round_url("surveys:round_dashboard", survey_round, role))
    return redirect("surveys:job_detail", job_id=job.pk)


@require_POST
@survey_admin_required
def send_reminder(request: HttpRequest, role: SurveyAdministrator, round_id: int) -> HttpResponse:
    survey_round = access.get_round(round_id)
    form = ReminderForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Der kan højst sendes 3 purringer."))
        job = sending.reminder_send(
            acting_user=request.user,
            survey_round=survey_round,
            organisation=role.organisation,
            number=form.cleaned_data["number"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_round_url("surveys:round_dashboard", survey_round, role))
    return redirect("surveys:job_detail", job_id=job.pk)


@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, job_id)
    dashboard = reverse("surveys:round_dashboard", kwargs={"round_id": job.round_id})
    context = {
        "job": job,
        "dashboard_url": f"{dashboard}?{urlencode({'organisasjon': job.organisation_id})}",
    }
    return render(request, "surveys/job_detail.html", context)


@require_GET
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar alone, read from the job's counters (one row)."""
    job = access.get_job_for_user(request.user, job_id)
    return render(request, "surveys/job_detail.html#progress", {"job": job})


@require_GET
@survey_admin_required
def round_results(request: HttpRequest, role: SurveyAdministrator, round_id: int) -> HttpResponse:
    survey_round = access.get_round(round_id)
    published = survey_round.published_at is not None
    context = {
        **_base_context(request, role),
        "round": survey_round,
        "published": published,
        "minimum": services.min_group_size(),
    }
    if published:
        context["results"] = results.round_results(survey_round, role.organisation)
        texts = results.free_texts(survey_round, role.organisation)
        questions = survey_round.questions.filter(kind=Question.Kind.TEXT)
        context["texts"] = [(q, texts.get(q.pk, [])) for q in questions]
    return render(request, "surveys/results.html", context)


# --- Access management -----------------------------------------------------------------


@require_GET
def access_overview(request: HttpRequest) -> HttpResponse:
    organisations = access.managed_organisations(request.user)
    if len(organisations) == 1:
        return redirect("surveys:access_members", organisation_id=organisations[0].pk)
    if not organisations:
        return _no_access(request)
    return render(request, "surveys/access_overview.html", {"organisations": organisations})


@require_GET
def access_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.get_managed_organisation(request.user, organisation_id)
    admins = set(organisation.administrators.values_list("user_id", flat=True))
    members = organisation.members.select_related("user").order_by("user__full_name")
    rows = [(m, m.user_id in admins) for m in members]
    return render(
        request, "surveys/access_members.html", {"organisation": organisation, "rows": rows}
    )


@require_POST
def role_grant(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _change_role(request, organisation_id, grant=True)


@require_POST
def role_revoke(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _change_role(request, organisation_id, grant=False)


def _change_role(request: HttpRequest, organisation_id: int, *, grant: bool) -> HttpResponse:
    organisation = access.get_managed_organisation(request.user, organisation_id)
    form = RoleChangeForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Vælg en bruger, der er registreret under organisationen."))
        return redirect("surveys:access_members", organisation_id=organisation.pk)
    change = services.survey_role_grant if grant else services.survey_role_revoke
    try:
        change(
            acting_user=request.user, organisation=organisation, user_id=form.cleaned_data["user"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rollen er givet.") if grant else _("Rollen er fjernet."))
    return redirect("surveys:access_members", organisation_id=organisation.pk)


# --- Answering (public) ----------------------------------------------------------------


def participant_language(request: HttpRequest) -> str:
    """Bokmål for the Norwegian participants, unless they chose another language (?lang=
    or the language switcher's cookie)."""
    codes = {code for code, _name in settings.LANGUAGES}
    for choice in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if choice in codes:
            return choice
    return "nb"


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire behind a personal link. A GET changes nothing (mail scanners open
    links before people do); only the form's submit uses the link up."""
    language = participant_language(request)
    with translation.override(language):
        response = _answer(request, token)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def _answer(request: HttpRequest, token: str) -> HttpResponse:
    participant = answering.participant_for_token(token)
    if participant is None:
        return render(request, "surveys/answer_invalid.html", status=404)
    survey_round = participant.round
    context: dict[str, object] = {"round": survey_round}
    if participant.has_answered:
        return render(request, "surveys/answer_done.html", context)
    if not survey_round.is_answerable_on(timezone.localdate()):
        return render(request, "surveys/answer_closed.html", context, status=410)
    # Not `request.POST or None`: an empty submit (every question skipped) is an answer.
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(data, survey_round=survey_round)
    if request.method == "POST" and form.is_valid():
        try:
            answering.response_submit(participant=participant, answers=form.answers())
        except answering.AlreadyAnswered:
            return render(request, "surveys/answer_done.html", context, status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(request.get_full_path())
    return render(request, "surveys/answer.html", {**context, "form": form})
