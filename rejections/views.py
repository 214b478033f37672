"""Pages of the rejections app: register, earlier rejections (list and spreadsheet), cancel,
statistics.

Staff with several companies choose one with ?virksomhed=<company id>. There are no views to
change or delete a saved rejection: a wrong one is cancelled.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.params import parse_id
from companies.models import CompanyStaff
from rejections import selectors, services
from rejections.access import (
    get_registering_staff,
    get_rejection_for_staff,
    registering_memberships,
)
from rejections.charts import bar_chart
from rejections.exports import write_rejections_xlsx
from rejections.forms import CancellationForm, RejectionForm
from rejections.models import Rejection
from rejections.statistics import available_years, default_year, rejection_statistics

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """ "Registrér afslag". After "Gem": a confirmation and an empty form for the next one."""
    staff, memberships = _staff(request)
    form = RejectionForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            rejection = services.rejection_record(
                acting_user=request.user, staff=staff, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _confirm_saved(request, rejection)
            return redirect(_with_company(reverse("rejections:register"), request, staff))
    return render(request, "rejections/register.html", _page_context(staff, memberships, form=form))


def _confirm_saved(request: HttpRequest, rejection: Rejection) -> None:
    messages.success(request, _("Afslaget er gemt. Du kan registrere det næste afslag nedenfor."))
    if rejection.is_late:
        messages.warning(
            request,
            _(
                "Afslaget er registreret for sent: det skal registreres senest %(days)d dage "
                "efter, at det er meddelt ansøgeren. Det er gemt og markeret som for sent "
                "registreret."
            )
            % {"days": services.late_after_days()},
        )


@require_GET
def rejection_list(request: HttpRequest) -> HttpResponse:
    """The company's earlier rejections, without any applicant data."""
    staff, memberships = _staff(request)
    page = Paginator(selectors.company_rejections(staff.company_id), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    context = _page_context(staff, memberships, page=page)
    context["querystring"] = context["company_query"].removeprefix("?")
    return render(request, "rejections/list.html", context)


@require_GET
def export(request: HttpRequest) -> FileResponse:
    """ "Hent tidligere afslag som regneark" (.xlsx, no applicant data)."""
    staff, _memberships = _staff(request)
    rows = selectors.company_rejections(staff.company_id).iterator(chunk_size=2000)
    output = write_rejections_xlsx(rows)
    filename = f"tidligere-afslag-{staff.company.cvr}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def cancel_confirm(request: HttpRequest, rejection_id: int) -> HttpResponse:
    """ "Annullér": the confirmation step. Showing it changes nothing."""
    staff, memberships = _staff(request)
    rejection = get_rejection_for_staff(staff, rejection_id)
    return _cancel_page(request, staff, memberships, rejection, CancellationForm())


@require_POST
def cancel(request: HttpRequest, rejection_id: int) -> HttpResponse:
    staff, memberships = _staff(request)
    rejection = get_rejection_for_staff(staff, rejection_id)
    form = CancellationForm(request.POST)
    if form.is_valid():
        try:
            services.rejection_cancel(
                acting_user=request.user, rejection=rejection, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Registreringen er annulleret."))
            return redirect(_with_company(reverse("rejections:list"), request, staff))
    return _cancel_page(request, staff, memberships, rejection, form)


def _cancel_page(
    request: HttpRequest,
    staff: CompanyStaff,
    memberships: list[CompanyStaff],
    rejection: Rejection,
    form: CancellationForm,
) -> HttpResponse:
    context = _page_context(staff, memberships, rejection=rejection, form=form)
    context["can_cancel"] = not rejection.is_cancelled
    return render(request, "rejections/cancel_confirm.html", context)


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """ "Afslagsårsager": aggregated, small numbers suppressed; for any logged-in user."""
    years = available_years()
    year = _int(request.GET.get("aar"))
    if year not in years:
        year = default_year(years)
    stats = rejection_statistics(year=year, years=years, suppress=True)
    charts = [bar_chart(table) for table in stats.tables]
    return render(
        request,
        "rejections/statistics.html",
        {"stats": stats, "panels": list(zip(stats.tables, charts, strict=True))},
    )


def _staff(request: HttpRequest) -> tuple[CompanyStaff, list[CompanyStaff]]:
    """The membership to act through, and all the user's (for the company switcher)."""
    memberships = list(registering_memberships(request.user))
    staff = get_registering_staff(request.user, _company_param(request), memberships=memberships)
    return staff, memberships


def _page_context(staff: CompanyStaff, memberships: list[CompanyStaff], **extra: object) -> dict:
    return {
        "staff": staff,
        "company": staff.company,
        "memberships": memberships if len(memberships) > 1 else [],
        "company_query": f"?virksomhed={staff.company_id}" if len(memberships) > 1 else "",
        **extra,
    }


def _company_param(request: HttpRequest) -> int | None:
    return _int(request.GET.get("virksomhed") or request.POST.get("virksomhed"))


def _with_company(url: str, request: HttpRequest, staff: CompanyStaff) -> str:
    if _company_param(request) is not None:
        return f"{url}?{urlencode({'virksomhed': staff.company_id})}"
    return url


def _int(value: str | None) -> int | None:
    return parse_id(value)
