"""The log entry commits with the page, and a failing log write fails the page."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from accesslog.models import AccessLogEntry
from accounts.models import User
from tests.conftest import accept_terms

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accesslog.urls")]
URL = "/test/elever/"


@pytest.fixture
def client_for_leader(world) -> Client:
    user = world.users["leder"]
    accept_terms(user)
    client = Client(raise_request_exception=False, REMOTE_ADDR="192.0.2.7")
    client.force_login(user)
    return client


def test_the_page_and_its_entry_commit_together(world, client_for_leader) -> None:
    response = client_for_leader.get(URL)
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.apprentice_ids, entry.url_name, entry.ip) == (
        [1, 3],
        "accesslog_test_read",
        "192.0.2.7",
    )
    assert User.objects.get(pk=world.users["leder"].pk).full_name == "Efter opslaget"


def test_the_page_fails_when_the_entry_cannot_be_written(
    world, client_for_leader, monkeypatch
) -> None:
    def unavailable(*args: object, **kwargs: object) -> None:
        raise DatabaseError("the access log is unavailable")

    monkeypatch.setattr(AccessLogEntry, "save", unavailable)
    response = client_for_leader.get(URL)
    assert response.status_code == 500
    assert b"ok" not in response.content
    # The page's own work is rolled back with it (ATOMIC_REQUESTS).
    assert User.objects.get(pk=world.users["leder"].pk).full_name != "Efter opslaget"
    assert not AccessLogEntry.objects.exists()
