from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import RequestFactory
from django.urls import ResolverMatch

from accesslog.models import AccessLogEntry
from accesslog.services import record, record_for_user
from accounts.roles import Role, RoleKind, request_roles

pytestmark = pytest.mark.django_db


def _request(user, *, remote_addr: str = "10.1.2.3", **extra):
    request = RequestFactory().get("/x/", REMOTE_ADDR=remote_addr, **extra)
    request.user = user
    request.resolver_match = ResolverMatch(
        lambda r: None,
        (),
        {},
        url_name="overview",
        app_names=["dropout_risk"],
        namespaces=["dropout_risk"],
    )
    return request


def test_it_writes_one_row_with_the_acting_role_and_snapshots(world) -> None:
    leader = world.users["leder"]
    request = _request(leader)
    entry = record(request=request, purpose="dropout_risk.overview", apprentice_ids=[9, 3, 9, 5])
    stored = AccessLogEntry.objects.get()
    assert entry is not None and stored.pk == entry.pk
    assert stored.apprentice_ids == [3, 5, 9]
    assert (stored.user_id, stored.user_name, stored.user_email) == (
        leader.pk,
        leader.full_name,
        leader.email,
    )
    first = request_roles(request)[0]  # without role=, the first of the user's roles
    assert (stored.role_kind, stored.organisation_type, stored.organisation_id) == (
        first.kind,
        first.organisation_type,
        first.organisation_id,
    )
    assert stored.organisation_name == first.organisation_name
    assert stored.purpose == "dropout_risk.overview"
    assert stored.url_name == "dropout_risk:overview"
    assert stored.ip == "10.1.2.3"


def test_it_records_the_company_role_it_is_given(world) -> None:
    request = _request(world.users["leder"])
    manager = next(r for r in request_roles(request) if r.kind == RoleKind.COMPANY_MANAGER)
    record(request=request, purpose="p", apprentice_ids=[1], role=manager)
    stored = AccessLogEntry.objects.get()
    company = world.companies["kommune"]
    assert (stored.role_kind, stored.organisation_type, stored.organisation_id) == (
        RoleKind.COMPANY_MANAGER,
        "company",
        company.pk,
    )
    assert stored.organisation_name == company.name


def test_it_is_a_single_insert(world, django_assert_num_queries) -> None:
    request = _request(world.users["virksomhed"])
    request_roles(request)  # computed once per request anyway (header, front page)
    with django_assert_num_queries(1):
        record(request=request, purpose="test.read", apprentice_ids=range(1, 51))
    assert AccessLogEntry.objects.get().apprentice_ids == list(range(1, 51))


def test_an_apprentice_viewing_themself_acts_as_apprentice(world) -> None:
    own = next(a for a in world.apprentices if a.user_id == world.users["elev"].pk)
    record(request=_request(world.users["elev"]), purpose="me", apprentice_ids=[own.pk])
    stored = AccessLogEntry.objects.get()
    assert stored.role_kind == RoleKind.APPRENTICE
    assert stored.organisation_id == own.pk


def test_an_explicit_role_wins_over_the_first(world) -> None:
    role = Role(
        kind=RoleKind.SCHOOL_STAFF,
        title="x",
        organisation_type="school",
        organisation_id=77,
        organisation_name="Skolen",
    )
    record(request=_request(world.users["leder"]), purpose="p", apprentice_ids=[1], role=role)
    stored = AccessLogEntry.objects.get()
    assert (stored.role_kind, stored.organisation_id, stored.organisation_name) == (
        RoleKind.SCHOOL_STAFF,
        77,
        "Skolen",
    )


def test_no_ids_writes_nothing(world, django_assert_num_queries) -> None:
    request = _request(world.users["leder"])
    with django_assert_num_queries(0):
        assert record(request=request, purpose="p", apprentice_ids=[]) is None
    assert not AccessLogEntry.objects.exists()


def test_the_benchmark_switch_writes_nothing(world, settings) -> None:
    settings.ACCESS_LOG_DISABLED_FOR_BENCHMARK = True
    assert record(request=_request(world.users["leder"]), purpose="p", apprentice_ids=[1]) is None
    assert record_for_user(user=world.users["leder"], purpose="p", apprentice_ids=[1]) is None
    assert not AccessLogEntry.objects.exists()


def test_it_takes_remote_addr_and_ignores_forwarded_for(world) -> None:
    request = _request(world.users["leder"], HTTP_X_FORWARDED_FOR="6.6.6.6")
    record(request=request, purpose="p", apprentice_ids=[1])
    assert AccessLogEntry.objects.get().ip == "10.1.2.3"


def test_a_malformed_remote_addr_is_stored_as_unknown(world) -> None:
    record(
        request=_request(world.users["leder"], remote_addr="unix:"), purpose="p", apprentice_ids=[1]
    )
    assert AccessLogEntry.objects.get().ip is None


def test_record_for_user_works_without_a_request(world) -> None:
    user = world.users["skole"]
    entry = record_for_user(
        user=user, purpose="task.report", apprentice_ids={4, 2}, url_name="", ip=None
    )
    assert entry is not None
    stored = AccessLogEntry.objects.get()
    assert stored.apprentice_ids == [2, 4]
    assert stored.user_email == user.email
    assert stored.role_kind == ""


def test_a_failing_insert_raises(world, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AccessLogEntry, "save", broken)
    with pytest.raises(DatabaseError):
        record(request=_request(world.users["leder"]), purpose="p", apprentice_ids=[1])
