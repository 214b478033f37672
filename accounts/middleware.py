"""Per-request gates after login: accepted terms and obligations, and a second factor for
those who must have one."""

from __future__ import annotations

import logging
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from accounts.organisations import is_local_admin
from accounts.terms import current_version_ids, pending_terms

# Pages a user may reach before the gates are passed.
_OPEN_URL_NAMES = {"accounts:terms", "account_logout", "set_language"}
_TERMS_SESSION_KEY = "accounts_terms_ok"


def _is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is not None and (match.view_name in _OPEN_URL_NAMES or match.app_name == "mfa"):
        return True
    return request.path.startswith(settings.STATIC_URL)


class TermsAcceptanceMiddleware:
    """No page before the current terms (and, for organisation users, obligations) are
    accepted. The accepted version ids are remembered in the session, so the usual request
    costs one small query: a new version published mid-session is caught at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.TERMS_REQUIRED or not request.user.is_authenticated or _is_open(request):
            return None
        current_ids = current_version_ids()
        if request.session.get(_TERMS_SESSION_KEY) == current_ids:
            return None
        if pending_terms(request.user):
            target = reverse("accounts:terms")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        request.session[_TERMS_SESSION_KEY] = current_ids
        return None


class RequireSecondFactorMiddleware:
    """Portal admins and local user administrators must use a second factor (TOTP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED_FOR_ADMINS or not request.user.is_authenticated:
            return None
        if _is_open(request) or request.session.get("accounts_mfa_ok"):
            return None
        user = request.user
        if not (user.is_portal_admin or is_local_admin(user)):
            request.session["accounts_mfa_ok"] = True
            return None
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session["accounts_mfa_ok"] = True
            return None
        return redirect("mfa_activate_totp")


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses (camera, microphone, location...),
    so injected content cannot ask for them either."""

    POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class NoStoreMiddleware:
    """Pages of the portal are built per person and may show personal data: no browser or
    proxy keeps a copy (a shared computer's back button, a corporate cache). Responses that
    chose their own caching (static files, downloads that set it) keep theirs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response


security_log = logging.getLogger("portal.security")


class RefusalLogMiddleware:
    """Every 403 and 404 answered to a logged-in user goes to the log with who asked for
    what: a run of them from one account is what an IDOR probe looks like (ASVS 7.2.2).
    The portal answers 404 for objects outside the user's scope, so both are logged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code in (403, 404) and user is not None and user.is_authenticated:
            security_log.warning(
                "refused status=%s user=%s method=%s path=%s",
                response.status_code,
                user.pk,
                request.method,
                request.path,
            )
        return response
