from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apprenticeship.models import Apprentice


@require_GET
def my_page(request: HttpRequest) -> HttpResponse:
    """ "Min side" for an apprentice: their own education agreements."""
    apprentice = Apprentice.objects.filter(user=request.user).first()
    if apprentice is None:
        raise Http404
    agreements = apprentice.agreements.select_related(
        "company", "workplace", "education", "specialty", "school"
    )
    return render(
        request,
        "apprenticeship/my_page.html",
        {"apprentice": apprentice, "agreements": agreements},
    )
