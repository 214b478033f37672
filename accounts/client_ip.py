"""The client's IP address for the records (access log, login events, back-office logins).

One rule, the one allauth's rate limits use: REMOTE_ADDR, or, behind N trusted reverse
proxies (ALLAUTH_TRUSTED_PROXY_COUNT, env TRUSTED_PROXY_COUNT), the address the outermost
trusted proxy saw in X-Forwarded-For. Without a trusted proxy the client-controlled header
is ignored."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    try:
        return get_adapter(request).get_client_ip(request) or None
    except PermissionDenied:  # allauth's answer when no address can be determined
        return None
