from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accesslog.purposes import describe_purpose, describe_role_kind
from accesslog.selectors import accesses_to_apprentice
from accesslog.services import record
from accounts.params import parse_id
from accounts.redirects import local_url
from accounts.roles import RoleKind
from apprenticeship import selectors, services
from apprenticeship.access import get_staff_membership, get_visible_apprentice
from apprenticeship.filters import SelectionFilter
from apprenticeship.forms import SelectionChangeForm
from apprenticeship.models import Apprentice

PAGE_SIZE = 50


@require_GET
def my_apprentices(request: HttpRequest) -> HttpResponse:
    """ "Mine lærlinge": choose, among the company's current apprentices, those you have a
    current, work-related affiliation with."""
    staff = get_staff_membership(request.user, _int_param(request, "virksomhed"))
    candidates = Apprentice.objects.selectable_for(staff).order_by("last_name", "first_name", "pk")
    filterset = SelectionFilter(request.GET or None, queryset=candidates, staff=staff)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    ids = [apprentice.pk for apprentice in page.object_list]
    agreements = selectors.current_agreements_at_company(ids, staff.company_id)
    chosen = selectors.selected_ids(staff, ids)
    rows = [(a, agreements.get(a.pk), a.pk in chosen) for a in page.object_list]
    record(request=request, purpose="apprenticeship.selection", apprentice_ids=ids)
    return render(
        request,
        "apprenticeship/my_apprentices.html",
        {
            "staff": staff,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "selected_count": staff.selections.count(),
            "querystring": _querystring_without_page(request),
        },
    )


@require_POST
def selection_add(request: HttpRequest) -> HttpResponse:
    return _change_selection(request, add=True)


@require_POST
def selection_remove(request: HttpRequest) -> HttpResponse:
    return _change_selection(request, add=False)


def _change_selection(request: HttpRequest, *, add: bool) -> HttpResponse:
    staff = get_staff_membership(request.user, _int_param(request, "virksomhed"))
    form = SelectionChangeForm(request.POST)
    back = _safe_next(request)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(back)
    ids = form.cleaned_data["apprentices"]
    try:
        if add:
            count = len(
                services.selection_add(acting_user=request.user, staff=staff, apprentice_ids=ids)
            )
            messages.success(
                request,
                ngettext("%(n)d lærling er tilføjet.", "%(n)d lærlinge er tilføjet.", count)
                % {"n": count},
            )
        else:
            count = services.selection_remove(
                acting_user=request.user, staff=staff, apprentice_ids=ids
            )
            messages.success(
                request,
                ngettext("%(n)d lærling er fjernet.", "%(n)d lærlinge er fjernet.", count)
                % {"n": count},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@require_GET
def apprentice_detail(request: HttpRequest, apprentice_id: int) -> HttpResponse:
    """An apprentice's profile, for anyone the visibility policy lets see them."""
    apprentice = get_visible_apprentice(request.user, apprentice_id)
    agreements = selectors.agreements_visible_in_role(apprentice, request.user)
    record(request=request, purpose="apprenticeship.detail", apprentice_ids=[apprentice.pk])
    return render(
        request,
        "apprenticeship/apprentice_detail.html",
        {"apprentice": apprentice, "agreements": agreements},
    )


@require_GET
def my_page(request: HttpRequest) -> HttpResponse:
    """ "Min side" for an apprentice: their own education agreements."""
    apprentice = Apprentice.objects.filter(user=request.user).first()
    if apprentice is None:
        raise Http404
    agreements = apprentice.agreements.select_related(
        "company", "workplace", "education", "specialty", "school"
    )
    record(request=request, purpose="apprenticeship.my_page", apprentice_ids=[apprentice.pk])
    return render(
        request,
        "apprenticeship/my_page.html",
        {"apprentice": apprentice, "agreements": agreements},
    )


@require_GET
def my_accesses(request: HttpRequest) -> HttpResponse:
    """ "Hvem har set mine oplysninger": per access the date, the organisation and the
    purpose, not the staff member's name (the Danish DPA's 2024 practice on log access)."""
    apprentice = Apprentice.objects.filter(user=request.user).first()
    if apprentice is None:
        raise Http404
    entries = accesses_to_apprentice(apprentice.pk).exclude(role_kind=RoleKind.APPRENTICE)
    page = Paginator(entries.only(*_ACCESS_FIELDS), PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [
        (
            e.accessed_at,
            e.organisation_name or describe_role_kind(e.role_kind),
            describe_purpose(e.purpose),
        )
        for e in page.object_list
    ]
    record(request=request, purpose="apprenticeship.my_accesses", apprentice_ids=[apprentice.pk])
    return render(request, "apprenticeship/my_accesses.html", {"page": page, "rows": rows})


_ACCESS_FIELDS = ("accessed_at", "organisation_name", "role_kind", "purpose")


def _int_param(request: HttpRequest, name: str) -> int | None:
    return parse_id(request.GET.get(name) or request.POST.get(name))


def _safe_next(request: HttpRequest) -> str:
    return local_url(request, request.POST.get("next")) or reverse("apprenticeship:my_apprentices")


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("side", None)
    return params.urlencode()
