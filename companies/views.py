"""'Virksomhedens side' → 'Arbejdssteder' → 'Rediger' (a workplace) → 'Rediger' (its contact
data) → 'Gem': the guide's steps for changing a workplace's contact data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.params import parse_id
from companies import selectors
from companies.access import can_edit_contact, get_company_for_user, get_workplace_for_user
from companies.forms import WorkplaceContactForm, WorkplaceSearchForm
from companies.models import Workplace
from companies.services import workplace_update_contact

WORKPLACES_PER_PAGE = 25


@require_GET
def company(request: HttpRequest) -> HttpResponse:
    """ "Virksomhedens side": the company's data from CVR and the way to its workplaces."""
    company = get_company_for_user(request.user, _company_param(request))
    return render(request, "companies/company.html", {"company": company})


@require_GET
def workplace_list(request: HttpRequest) -> HttpResponse:
    """ "Arbejdssteder": the company's workplaces, 25 a page, searchable."""
    company = get_company_for_user(request.user, _company_param(request))
    search = WorkplaceSearchForm(request.GET)
    workplaces = selectors.workplace_list(company=company, search=search.search())
    page = Paginator(workplaces, WORKPLACES_PER_PAGE).get_page(request.GET.get("side"))
    kept = {"virksomhed": company.pk, "q": search.search()}
    context = {
        "company": company,
        "page": page,
        "search": search,
        "querystring": urlencode({k: v for k, v in kept.items() if v}),
    }
    return render(request, "companies/workplace_list.html", context)


@require_GET
def workplace_detail(request: HttpRequest, workplace_id: int) -> HttpResponse:
    """One workplace: its data from CVR (read-only) and its contact data."""
    workplace = get_workplace_for_user(request.user, workplace_id)
    context = {"workplace": workplace, "can_edit": can_edit_contact(request.user, workplace)}
    return render(request, "companies/workplace_detail.html", context)


@require_GET
def workplace_contact_edit(request: HttpRequest, workplace_id: int) -> HttpResponse:
    workplace = _editable_workplace(request, workplace_id)
    return _contact_form_page(request, workplace, WorkplaceContactForm.for_workplace(workplace))


@require_POST
def workplace_contact_save(request: HttpRequest, workplace_id: int) -> HttpResponse:
    """ "Gem": saves the contact data, or shows the form again with what was typed."""
    workplace = _editable_workplace(request, workplace_id)
    form = WorkplaceContactForm(request.POST)
    if form.is_valid():
        try:
            workplace_update_contact(
                acting_user=request.user, workplace=workplace, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Kontaktoplysningerne er gemt."))
            return redirect("companies:workplace_detail", workplace_id=workplace.pk)
    return _contact_form_page(request, workplace, form)


def _editable_workplace(request: HttpRequest, workplace_id: int) -> Workplace:
    workplace = get_workplace_for_user(request.user, workplace_id)
    if not can_edit_contact(request.user, workplace):
        raise PermissionDenied
    return workplace


def _contact_form_page(
    request: HttpRequest, workplace: Workplace, form: WorkplaceContactForm
) -> HttpResponse:
    context = {"workplace": workplace, "form": form}
    return render(request, "companies/workplace_contact_form.html", context)


def _company_param(request: HttpRequest) -> int | None:
    # Not an id (or longer than any): answered as "not found", never sent to the database.
    return parse_id(request.GET.get("virksomhed"))
