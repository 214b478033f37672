from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import TermsAcceptForm
from accounts.redirects import local_url
from accounts.roles import front_links_for, request_roles
from accounts.terms import pending_terms, terms_accept


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """A trivial authenticated page: the framework floor for the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The role-aware front page: the entry points of every role the user holds."""
    roles = request_roles(request)
    return render(
        request,
        "accounts/home.html",
        {"roles": roles, "links": front_links_for(roles)},
    )


def _safe_next(request: HttpRequest) -> str:
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or "/"


@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    pending = pending_terms(request.user)
    if not pending:
        return redirect(_safe_next(request))
    current = pending[0]
    form = TermsAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        terms_accept(acting_user=request.user, terms=current)
        if len(pending) > 1:  # the obligations follow the terms
            return redirect(f"{request.path}?{urlencode({'next': _safe_next(request)})}")
        return redirect(_safe_next(request))
    return render(
        request,
        "accounts/terms.html",
        {"terms": current, "form": form, "next": _safe_next(request)},
    )
