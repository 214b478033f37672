"""Security headers and cookie settings (issue 11): CSP, HSTS, secure cookies, framing,
referrer and permissions policy. Production values are read in a subprocess, because
settings are fixed at import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.test import Client

from tests.test_deploy import ROOT, production_env

pytestmark = pytest.mark.django_db


def test_every_page_sends_the_security_headers() -> None:
    response = Client().get("/konto/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_with_personal_data_are_not_kept_by_browsers_or_proxies(as_user) -> None:
    response = as_user("virksomhed").get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_production_settings_are_strict() -> None:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_ENGINE', 'DEBUG']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(result.stdout)
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert values["DEBUG"] is False


def test_forms_are_refused_without_a_csrf_token(world) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": "admin@demo.test", "password": "x"})
    assert response.status_code == 403


def test_a_refused_object_is_logged_with_who_asked(world, as_user, caplog) -> None:
    from apprenticeship.models import Apprentice

    stranger = Apprentice.objects.exclude(
        pk__in=Apprentice.objects.visible_to(world.users["virksomhed"]).values("pk")
    ).first()
    with caplog.at_level("WARNING", logger="portal.security"):
        response = as_user("virksomhed").get(f"/laerlinge/{stranger.pk}/")
    assert response.status_code == 404
    [record] = [r for r in caplog.records if r.name == "portal.security"]
    message = record.getMessage()
    assert f"user={world.users['virksomhed'].pk}" in message
    assert f"path=/laerlinge/{stranger.pk}/" in message and "status=404" in message
