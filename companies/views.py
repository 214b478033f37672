from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from companies.access import get_company_for_user


@require_GET
def company(request: HttpRequest) -> HttpResponse:
    """ "Virksomhedens side": the company's data from CVR and the way to its workplaces."""
    company = get_company_for_user(request.user, _company_param(request))
    return render(request, "companies/company.html", {"company": company})


def _company_param(request: HttpRequest) -> int | None:
    value = request.GET.get("virksomhed", "")
    return int(value) if value.isdigit() else None
