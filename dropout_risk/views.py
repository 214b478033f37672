from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from accesslog.services import record
from accounts.pagination import CountInPagePaginator, TableCountInPagePaginator
from accounts.redirects import local_url
from accounts.roles import RoleKind
from apprenticeship.models import Apprentice
from dropout_risk import access, exports, selectors, services, stats
from dropout_risk.filters import StudentFilter
from dropout_risk.forms import AssessmentForm, StatisticsForm
from dropout_risk.models import RiskLevel
from dropout_risk.purposes import (
    PURPOSE_ASSESSMENT,
    PURPOSE_COMPANY_OVERVIEW,
    PURPOSE_EXPORT,
    PURPOSE_MY_COURSE,
    PURPOSE_PROFILE,
    PURPOSE_SCHOOL_OVERVIEW,
)
from dropout_risk.tables import StudentTable

PAGE_SIZE = 50  # Elevoversigt
COMPANY_PAGE_SIZE = 100  # a staff member selects tens of apprentices, rarely more
SCHOOL_KINDS = frozenset({RoleKind.SCHOOL_STAFF})
ADMIN_KINDS = frozenset({RoleKind.SCHOOL_STAFF, RoleKind.PORTAL_ADMIN})
MAX_CHARTS = 12


# --- Company: "Frafaldsrisiko (SOSU)" -------------------------------------------------------


@require_GET
def company_overview(request: HttpRequest) -> HttpResponse:
    staff = access.get_company_staff(request)
    # The staff member's own selection (tens of rows): the total comes with the page.
    paginator = CountInPagePaginator(selectors.company_overview(staff), COMPANY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("side"))
    rows = selectors.company_rows(list(page.object_list), staff)
    _record_company(request, staff, [row.apprentice.pk for row in rows], PURPOSE_COMPANY_OVERVIEW)
    return render(
        request,
        "dropout_risk/company_overview.html",
        {
            "staff": staff,
            "page": page,
            "rows": rows,
            "company_query": _company_query(request),
            "querystring": _querystring_without(request, "side"),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, apprentice_id: int) -> HttpResponse:
    """The "Rediger" dialog (as a fragment for the script) or page (without JavaScript)."""
    staff = access.get_company_staff(request)
    apprentice = access.get_assessable_apprentice(staff, apprentice_id)
    row = selectors.company_rows([apprentice], staff)[0]
    current = row.latest.level if row.latest else RiskLevel.NONE
    form = AssessmentForm(request.POST or None, initial={"level": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_register(
                acting_user=request.user,
                staff=staff,
                apprentice=apprentice,
                level=form.cleaned_data["level"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, staff, apprentice)
    _record_company(request, staff, [apprentice.pk], PURPOSE_ASSESSMENT)
    fragment = _is_fragment(request)
    return render(
        request,
        "dropout_risk/assessment_form.html" + ("#dialog" if fragment else ""),
        {"row": row, "form": form, "staff": staff, "next": _next_url(request)},
        status=422 if fragment and form.errors else 200,
    )


def _saved(request: HttpRequest, staff, apprentice: Apprentice) -> HttpResponse:
    if not _is_fragment(request):
        messages.success(
            request,
            _("Frafaldsrisikoen for %(name)s er gemt.") % {"name": apprentice.full_name},
        )
        return redirect(_next_url(request))
    row = selectors.company_row(apprentice.pk, staff)
    if row is None:  # cannot happen inside the transaction, but never render a stranger
        raise Http404
    _record_company(request, staff, [apprentice.pk], PURPOSE_ASSESSMENT)
    return render(
        request,
        "dropout_risk/company_overview.html#row",
        {"rows": [row], "staff": staff, "company_query": _company_query(request)},
    )


def _record_company(request: HttpRequest, staff, ids: list[int], purpose: str) -> None:
    role = access.role_for(request, organisation_type="company", org_id=staff.company_id)
    record(request=request, purpose=purpose, apprentice_ids=ids, role=role)


# --- School: "Elevoversigt", the student's profile, the export ----------------------------


@require_GET
def school_overview(request: HttpRequest) -> HttpResponse:
    access.require_school_staff(request)
    filterset, table = _school_table(request)
    # A school's students (hundreds): the total comes with the page, not from a COUNT.
    paginate = {"per_page": PAGE_SIZE, "paginator_class": TableCountInPagePaginator}
    RequestConfig(request, paginate=paginate).configure(table)
    students = list(table.page.object_list.data)  # evaluated once; the table reuses it
    _decorate(students, request.user)
    record(
        request=request,
        purpose=PURPOSE_SCHOOL_OVERVIEW,
        apprentice_ids=[s.pk for s in students],
        role=access.role_for(request, kinds=SCHOOL_KINDS),
    )
    return render(
        request,
        "dropout_risk/school_overview.html",
        {
            "filter": filterset,
            "table": table,
            "export_query": _querystring_without(request, "page"),
            "export_limit": exports.MAX_ROWS,
        },
    )


@require_GET
def school_export(request: HttpRequest) -> HttpResponse:
    """The filtered overview as .xlsx; every exported student is logged."""
    access.require_school_staff(request)
    _filterset, table = _school_table(request)
    RequestConfig(request, paginate=False).configure(table)
    students = table.data.data
    if students.count() > exports.MAX_ROWS:
        messages.error(
            request,
            _("Udtrækket er for stort (over %(n)s elever). Afgræns det med filtrene.")
            % {"n": exports.MAX_ROWS},
        )
        return redirect(reverse("dropout_risk:school_overview") + "?" + request.GET.urlencode())
    file, ids = exports.students_xlsx(students, request.user)
    record(
        request=request,
        purpose=PURPOSE_EXPORT,
        apprentice_ids=ids,
        role=access.role_for(request, kinds=SCHOOL_KINDS),
    )
    return FileResponse(
        file,
        as_attachment=True,
        filename="elevoversigt.xlsx",
        content_type=exports.XLSX_CONTENT_TYPE,
    )


def _school_table(request: HttpRequest) -> tuple[StudentFilter, StudentTable]:
    filterset = StudentFilter(
        StudentFilter.data_from(request.GET),
        queryset=selectors.school_students(request.user),
        user=request.user,
    )
    return filterset, StudentTable(filterset.qs)


def _decorate(students: list[Apprentice], user: object) -> None:
    agreements = selectors.current_agreements_at_user_schools([s.pk for s in students], user)
    for student in students:
        student.current_agreement = agreements.get(student.pk)
        student.latest = selectors.latest_of(student)


@require_GET
def student_profile(request: HttpRequest, apprentice_id: int) -> HttpResponse:
    apprentice = access.get_profile_student(request, apprentice_id)
    record(
        request=request,
        purpose=PURPOSE_PROFILE,
        apprentice_ids=[apprentice.pk],
        role=access.role_for(request, kinds=ADMIN_KINDS),
    )
    return render(
        request,
        "dropout_risk/student_profile.html",
        {
            "apprentice": apprentice,
            "agreements": selectors.profile_agreements(apprentice, request.user),
            "latest": selectors.latest_of(apprentice),
            "history": selectors.history(apprentice),
        },
    )


# --- Apprentice: "Vis uddannelsesforløb" ---------------------------------------------------

TABS = {"aftale": _("Uddannelsesaftale"), "historik": _("Vurderinger")}


@require_GET
def my_course(request: HttpRequest) -> HttpResponse:
    apprentice = (
        Apprentice.objects.filter(user=request.user)
        .select_related(
            "latest_dropout_assessment__company", "latest_dropout_assessment__workplace"
        )
        .first()
    )
    if apprentice is None:
        raise Http404
    tab = request.GET.get("fane") if request.GET.get("fane") in TABS else "aftale"
    agreements = apprentice.agreements.select_related(
        "company", "workplace", "education", "specialty", "school"
    )
    record(
        request=request,
        purpose=PURPOSE_MY_COURSE,
        apprentice_ids=[apprentice.pk],
        role=access.role_for(request, kinds={RoleKind.APPRENTICE}),
    )
    return render(
        request,
        "dropout_risk/my_course.html",
        {
            "apprentice": apprentice,
            "agreements": agreements,
            "latest": selectors.latest_of(apprentice),
            "history": selectors.history(apprentice) if tab == "historik" else None,
            "tab": tab,
            "tabs": [(key, str(label)) for key, label in TABS.items()],
        },
    )


# --- Statistics: "Frafaldsrisikovurderinger" -----------------------------------------------


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """Aggregated counts only (no apprentice is named), so nothing is written to the access
    log."""
    if not access.can_see_statistics(request):
        raise PermissionDenied
    form = StatisticsForm(request.GET or None)
    groups = stats.grouped(form.choice("dimension"), form.choice("period"))
    return render(
        request,
        "dropout_risk/statistics.html",
        {
            "form": form,
            "groups": [
                (g, stats.chart(g) if i < MAX_CHARTS else None) for i, g in enumerate(groups)
            ],
            "levels": list(zip(RiskLevel.values, stats.level_labels(), strict=True)),
            "note": stats.suppressed_note(),
            "max_charts": MAX_CHARTS,
        },
    )


# --- helpers -----------------------------------------------------------------------------


def _is_fragment(request: HttpRequest) -> bool:
    """The dialog's script asks for fragments (the header htmx also sends)."""
    return request.headers.get("HX-Request") == "true"


def _company_query(request: HttpRequest) -> str:
    company_id = access.company_id_param(request)
    return urlencode({"virksomhed": company_id}) if company_id else ""


def _next_url(request: HttpRequest) -> str:
    target = local_url(request, request.POST.get("next") or request.GET.get("next"))
    if target:
        return target
    query = _company_query(request)
    return reverse("dropout_risk:company_overview") + (f"?{query}" if query else "")


def _querystring_without(request: HttpRequest, name: str) -> str:
    params = request.GET.copy()
    params.pop(name, None)
    return params.urlencode()
