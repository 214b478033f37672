"""The Django admin shows the log read-only, and showing it is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accesslog.models import AccessLogEntry

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:accesslog_accesslogentry_changelist")


def test_the_admin_lists_entries_and_logs_the_ids_shown(as_user, make_entry) -> None:
    make_entry(apprentice_ids=[4, 5])
    response = as_user("admin").get(CHANGELIST)
    assert response.status_code == 200
    logged = AccessLogEntry.objects.latest("id")
    assert (logged.purpose, logged.apprentice_ids) == ("accesslog.admin", [4, 5])


def test_filters_search_and_dates_work(as_user, make_entry) -> None:
    make_entry(purpose="accesslog.export", user_email="a@x.dk")
    client = as_user("admin")
    for query in [
        {"purpose": "accesslog.export"},
        {"role_kind": "company_staff"},
        {"q": "a@x.dk"},
        {"accessed_at__year": "2025"},
    ]:
        assert client.get(CHANGELIST, query).status_code == 200, query


def test_entries_cannot_be_added_changed_or_deleted(as_user, make_entry) -> None:
    entry = make_entry()
    client = as_user("admin")
    change = reverse("admin:accesslog_accesslogentry_change", args=[entry.pk])
    assert client.get(reverse("admin:accesslog_accesslogentry_add")).status_code == 403
    view = client.get(change)
    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    assert client.post(change, {"purpose": "changed"}).status_code == 403
    delete = reverse("admin:accesslog_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "test.read"


@pytest.mark.parametrize("model", ["accesslogseal", "accesslogpurge"])
def test_seals_and_purges_are_read_only_too(as_user, model) -> None:
    client = as_user("admin")
    assert client.get(reverse(f"admin:accesslog_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:accesslog_{model}_add")).status_code == 403
