"""The access-log pages: the portal admin's search and export, the management's export.

Reading the log is itself a read of which apprentices were seen, so these pages log too
(purposes "accesslog.list" and "accesslog.export"). Anyone else gets 404 on these URLs.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accesslog import exports, selectors
from accesslog.forms import AccessLogFilterForm, CompanyExportForm, default_period
from accesslog.models import AccessLogEntry
from accesslog.purposes import describe_purpose, describe_role_kind
from accesslog.services import record
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
    entries = selectors.entries_matching(**form.search())  # type: ignore[arg-type]
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
    entries = selectors.entries_for_organisation(
        organisation_type="company",
        organisation_id=role.organisation_id,  # type: ignore[arg-type]
        since=since,
        until=until,
    )
    return _xlsx_response(request, entries, role)


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
    value = request.GET.get("side", "")
    return min(int(value), 10_000) if value.isdigit() and int(value) > 0 else 1


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
