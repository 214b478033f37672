"""Terms at first login: no page with personal data before the current terms are accepted."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.terms import pending_terms

# Pages a user who has not yet accepted may still reach: the terms page itself, logging
# out, switching language, and static files.
_ALLOWED_URL_NAMES = {"accounts:terms", "account_logout", "set_language"}


class TermsAcceptanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.TERMS_REQUIRED or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _ALLOWED_URL_NAMES:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        terms = pending_terms(request.user)
        if terms is None:
            return None
        target = reverse("accounts:terms")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
