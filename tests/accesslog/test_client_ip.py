"""Which address the access log records: REMOTE_ADDR, unless the portal is told it sits
behind trusted proxies; a client's own X-Forwarded-For is never believed otherwise."""

from __future__ import annotations

import pytest

from accesslog.models import AccessLogEntry
from apprenticeship.models import StaffSelection

pytestmark = pytest.mark.django_db


def visit(as_user, world, **headers) -> AccessLogEntry:
    selection = StaffSelection.objects.filter(staff__user=world.users["virksomhed"]).first()
    url = f"/laerlinge/{selection.apprentice_id}/"
    response = as_user("virksomhed").get(url, REMOTE_ADDR="10.1.2.3", **headers)
    assert response.status_code == 200
    return AccessLogEntry.objects.latest("id")


def test_a_forged_forwarded_for_header_is_ignored(as_user, world) -> None:
    entry = visit(as_user, world, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert entry.ip == "10.1.2.3"


def test_behind_one_trusted_proxy_the_client_address_is_recorded(as_user, world, settings) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client forged the first address; the trusted proxy appended the real one.
    entry = visit(as_user, world, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert entry.ip == "203.0.113.9"
