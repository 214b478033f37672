from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.client_ip import client_ip
from accounts.models import LoginEvent, User


def _record(request: HttpRequest, kind: str, email: str) -> None:
    email = (email or "")[:254].strip().lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    LoginEvent.objects.create(kind=kind, email=email, user=user, ip=client_ip(request))


def record_login(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Every successful login (password, broker or the admin's own), via Django's signal."""
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.SUCCEEDED,
        email=user.email,
        user=user,
        ip=client_ip(request) if request is not None else None,
    )


def record_logout(
    sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is None or not user.is_authenticated:
        return
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.LOGGED_OUT,
        email=user.email,
        user=user,
        ip=client_ip(request) if request is not None else None,
    )


def account_event(kind: str):
    """A receiver for allauth's account and MFA signals (`request`, `user`) that records
    `kind` (password changed or reset, second factor added, removed or failed)."""

    def receiver(sender: object, request: HttpRequest | None = None, user=None, **kw) -> None:
        if user is None:
            return
        LoginEvent.objects.create(
            kind=kind,
            email=user.email,
            user=user,
            ip=client_ip(request) if request is not None else None,
        )

    return receiver


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Identity-broker logins map to users the local administrator created; nobody is
    created through a broker, and a login below the required assurance level is refused."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        claims = _claims(sociallogin)
        required = sociallogin.provider.app.settings.get("required_acr") or []
        if required and claims.get("acr") not in required:
            raise ImmediateHttpResponse(_refusal(request, "acr", claims))
        if sociallogin.is_existing:
            return
        user = _mapped_user(sociallogin.account.uid, claims)
        if user is None:
            raise ImmediateHttpResponse(_refusal(request, "unknown", claims))
        sociallogin.connect(request, user)


def _claims(sociallogin: SocialLogin) -> dict:
    data = sociallogin.account.extra_data or {}
    merged = dict(data.get("id_token") or {})
    merged.update(data.get("userinfo") or {})
    return merged


def _mapped_user(uid: str, claims: dict) -> User | None:
    """The external identifier set by the local administrator first, then a verified
    e-mail address from the broker. Inactive users are never matched."""
    users = User.objects.filter(is_active=True)
    user = users.filter(external_id=uid).first() if uid else None
    email = (claims.get("email") or "").strip()
    if user is None and email and claims.get("email_verified") in (True, "true", "True"):
        user = users.filter(email__iexact=email).first()
    return user


def _refusal(request: HttpRequest, reason: str, claims: dict) -> HttpResponse:
    """A refused broker login is recorded (with the e-mail the broker gave, if any) like a
    failed password, so attempts with unknown identities show up in the admin."""
    _record(request, LoginEvent.Kind.BROKER_REFUSED, str(claims.get("email") or ""))
    return render(request, "accounts/broker_refused.html", {"reason": reason}, status=403)
