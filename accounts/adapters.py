from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.models import LoginEvent, User


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _record(request: HttpRequest, kind: str, email: str) -> None:
    email = (email or "")[:254].strip().lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    LoginEvent.objects.create(kind=kind, email=email, user=user, ip=_client_ip(request))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Users are created by their organisation's local administrator or the portal admin.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # allauth's rate limit for this address or IP is exhausted: a lockout.
            _record(request, LoginEvent.Kind.LOCKED_OUT, credentials.get("email", ""))
            raise

    def respond_user_inactive(self, request: HttpRequest, user: User):
        _record(request, LoginEvent.Kind.INACTIVE, user.email)
        return super().respond_user_inactive(request, user)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email", "")
        user = User.objects.filter(email__iexact=email).first() if email else None
        kind = LoginEvent.Kind.INACTIVE if user and not user.is_active else LoginEvent.Kind.FAILED
        _record(request, kind, email)
