"""The access-log pages: the portal admin's search and export, the management's export.

Reading the log is itself a read of which apprentices were seen, so these pages log too
(purposes "accesslog.list" and "accesslog.export"). Anyone else gets 404 on these URLs.

An export with more rows than ACCESS_LOG_EXPORT_INLINE_MAX_ROWS becomes a background job
(accesslog.export_jobs): the button leads to the job's status page, and the file is logged
when its owner downloads it. Job pages answer 404 to anyone but the owner, and to the owner
once they may no longer make that export.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accesslog import export_jobs, exports, selectors
from accesslog.forms import AccessLogFilterForm, CompanyExportForm, default_period
from accesslog.models import AccessLogEntry, ExportJob
from accesslog.purposes import describe_purpose, describe_role_kind
from accesslog.services import record
from accounts.params import parse_id
from accounts.roles import Role, RoleKind, request_roles

PAGE_SIZE = 50
# A row shows at most this many ids (an export's entry can hold thousands); only the shown
# ids are logged as seen.
IDS_SHOWN = 20


@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """ "Adgangslog": search the log by period, apprentice, user and organisation."""
    role = _portal_admin_role(request)
    form = AccessLogFilterForm(_with_default_period(request.GET))
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        page_number = _page_number(request)
        entries = selectors.entries_matching(**form.search())  # type: ignore[arg-type]
        start = (page_number - 1) * PAGE_SIZE
        found = list(entries[start : start + PAGE_SIZE + 1])  # one extra: is there more?
        rows = [_row(entry) for entry in found[:PAGE_SIZE]]
        shown = [i for row in rows for i in row["ids"]]
        record(request=request, purpose="accesslog.list", apprentice_ids=shown, role=role)
        context |= {
            "rows": rows,
            "page_number": page_number,
            "has_previous": page_number > 1,
            "has_next": len(found) > PAGE_SIZE,
            "query": _query_without_page(form),
        }
    return render(request, "accesslog/list.html", context)


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The search result as a spreadsheet (every row, not just one page)."""
    role = _portal_admin_role(request)
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "accesslog/list.html", {"form": form}, status=400)
    search = form.search()
    entries = selectors.entries_matching(**search)  # type: ignore[arg-type]
    if export_jobs.too_large_for_inline(entries):
        return _start_job(request, ExportJob.Kind.ADMIN, search)
    return _xlsx_response(request, entries, role)


@require_GET
def company(request: HttpRequest) -> HttpResponse:
    """The management's page: choose a period to export their company's entries."""
    roles = _manager_roles(request)
    form = CompanyExportForm(initial=default_period(), roles=roles)
    return render(request, "accesslog/company.html", {"form": form})


@require_GET
def company_export(request: HttpRequest) -> HttpResponse:
    """Entries made while acting for the manager's company, as a spreadsheet."""
    roles = _manager_roles(request)
    role = _chosen_company(roles, request.GET.get("virksomhed", ""))
    form = CompanyExportForm(request.GET, roles=roles)
    if not form.is_valid():
        return render(request, "accesslog/company.html", {"form": form}, status=400)
    since, until = form.period()
    search = {
        "organisation_type": "company",
        "organisation_id": role.organisation_id,
        "since": since,
        "until": until,
    }
    entries = selectors.entries_for_organisation(**search)  # type: ignore[arg-type]
    if export_jobs.too_large_for_inline(entries):
        return _start_job(request, ExportJob.Kind.COMPANY, search)
    return _xlsx_response(request, entries, role)


def _start_job(request: HttpRequest, kind: str, search: dict[str, object]) -> HttpResponse:
    job = export_jobs.job_create(owner=request.user, kind=kind, search=search)
    return redirect("accesslog:export_job", export_id=job.pk)


@require_GET
def export_job(request: HttpRequest, export_id: int) -> HttpResponse:
    """A background export's status page: "Eksporten er i gang", then "Hent fil"."""
    job, _role = _own_job(request, export_id)
    return render(request, "accesslog/export_job.html", _job_context(job))


@require_GET
def export_job_status(request: HttpRequest, export_id: int) -> HttpResponse:
    """The status box alone, polled by htmx while the job runs (one SELECT of one row)."""
    job, _role = _own_job(request, export_id)
    return render(request, "accesslog/export_job.html#status", _job_context(job))


@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    """The finished file, to its owner only; the download is logged like an inline export."""
    job, role = _own_job(request, export_id, with_ids=True)
    path = export_jobs.job_path(job) if job.status == ExportJob.Status.DONE else None
    if path is None:
        return redirect("accesslog:export_job", export_id=job.pk)
    try:
        file = path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    try:
        record(
            request=request,
            purpose="accesslog.export",
            apprentice_ids=job.apprentice_ids,
            role=role,
        )
    except BaseException:
        file.close()
        raise
    finished = timezone.localtime(job.finished_at)
    name = f"adgangslog-{finished:%Y%m%d-%H%M%S}.xlsx"
    return FileResponse(
        file, as_attachment=True, filename=name, content_type=exports.XLSX_CONTENT_TYPE
    )


def _own_job(
    request: HttpRequest, export_id: int, *, with_ids: bool = False
) -> tuple[ExportJob, Role]:
    """The user's own job, if they may still make that export; otherwise 404."""
    jobs = ExportJob.objects.filter(pk=export_id, owner_id=request.user.pk)
    job = (jobs if with_ids else jobs.defer("apprentice_ids")).first()
    if job is None:
        raise Http404
    if job.kind == ExportJob.Kind.ADMIN:
        return job, _portal_admin_role(request)
    organisation_id = str(job.parameters.get("organisation_id") or "")
    if not organisation_id:
        raise Http404
    return job, _chosen_company(_manager_roles(request), organisation_id)


def _job_context(job: ExportJob) -> dict[str, object]:
    search = export_jobs.search_of(job)
    since, until = search.get("since"), search.get("until")
    expires = job.finished_at + export_jobs.keep_for() if job.finished_at else None
    return {
        "job": job,
        "running": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
        "first_day": timezone.localtime(since).date() if since else None,
        "last_day": (timezone.localtime(until) - dt.timedelta(days=1)).date() if until else None,
        "expires_at": expires,
        "start_again_url": (
            "accesslog:list" if job.kind == ExportJob.Kind.ADMIN else "accesslog:company"
        ),
    }


def _xlsx_response(request: HttpRequest, entries, role: Role) -> FileResponse:
    file, ids = exports.entries_to_xlsx(entries)
    try:
        # Logged after the file is written, as the transaction's last statement: a long
        # export then holds no unsealed entry open (see services.record).
        record(request=request, purpose="accesslog.export", apprentice_ids=ids, role=role)
    except BaseException:
        file.close()
        raise
    name = f"adgangslog-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
    return FileResponse(
        file, as_attachment=True, filename=name, content_type=exports.XLSX_CONTENT_TYPE
    )


def _portal_admin_role(request: HttpRequest) -> Role:
    if not getattr(request.user, "is_portal_admin", False):
        raise Http404
    roles = [r for r in request_roles(request) if r.kind == RoleKind.PORTAL_ADMIN]
    return roles[0] if roles else Role(kind=RoleKind.PORTAL_ADMIN, title=_("Portaladministrator"))


def _manager_roles(request: HttpRequest) -> list[Role]:
    roles = [
        r
        for r in request_roles(request)
        if r.kind == RoleKind.COMPANY_MANAGER and r.organisation_type == "company"
    ]
    if not roles:
        raise Http404
    return roles


def _chosen_company(roles: list[Role], value: str) -> Role:
    """The company asked for, if it is one the user manages (else 404); default the first."""
    if not value:
        return roles[0]
    for role in roles:
        if str(role.organisation_id) == value:
            return role
    raise Http404


def _with_default_period(query: QueryDict) -> QueryDict:
    data = query.copy()
    for key, value in default_period().items():
        data.setdefault(key, value)
    return data


def _page_number(request: HttpRequest) -> int:
    number = parse_id(request.GET.get("side", ""))
    return min(number, 10_000) if number else 1


def _query_without_page(form: AccessLogFilterForm) -> str:
    data = QueryDict(mutable=True)
    for name in form.fields:
        value = form.data.get(name, "")
        if value:
            data[name] = value
    return data.urlencode()


def _row(entry: AccessLogEntry) -> dict[str, object]:
    ids = entry.apprentice_ids[:IDS_SHOWN]
    return {
        "entry": entry,
        "role": describe_role_kind(entry.role_kind),
        "purpose": describe_purpose(entry.purpose),
        "ids": ids,
        "more": len(entry.apprentice_ids) - len(ids),
    }
