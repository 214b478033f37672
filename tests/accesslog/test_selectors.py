from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accesslog.purposes import describe_purpose, describe_role_kind, register_purpose
from accesslog.selectors import (
    accesses_to_apprentice,
    entries_for_organisation,
    entries_matching,
)

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def test_it_finds_every_entry_showing_the_apprentice_newest_first(make_entry) -> None:
    old = make_entry(apprentice_ids=[1, 7, 300], age=3 * HOUR)
    new = make_entry(apprentice_ids=[7], age=HOUR)
    make_entry(apprentice_ids=[17, 70, 71])  # 7 as a substring must not match
    assert list(accesses_to_apprentice(7)) == [new, old]


def test_it_limits_to_the_period(make_entry) -> None:
    make_entry(apprentice_ids=[5], age=10 * HOUR)
    inside = make_entry(apprentice_ids=[5], age=5 * HOUR)
    make_entry(apprentice_ids=[5], age=HOUR)
    now = timezone.now()
    found = accesses_to_apprentice(5, since=now - 6 * HOUR, until=now - 2 * HOUR)
    assert list(found) == [inside]


def test_it_uses_array_containment_on_postgres(requires_postgres) -> None:
    sql = str(accesses_to_apprentice(5).query)
    assert "@>" in sql and "integer[]" in sql
    assert connection.vendor == "postgresql"


def test_admin_search_combines_filters(make_entry) -> None:
    now = timezone.now()
    hit = make_entry(apprentice_ids=[2], user_email="a@x.dk", organisation_id=4)
    make_entry(apprentice_ids=[2], user_email="b@x.dk", organisation_id=4)
    make_entry(apprentice_ids=[3], user_email="a@x.dk", organisation_id=4)
    found = entries_matching(
        since=now - 2 * HOUR,
        until=now,
        apprentice_id=2,
        user_email=" A@x.dk ",
        organisation_type="company",
        organisation_id=4,
    )
    assert list(found) == [hit]


def test_organisation_entries_are_only_that_organisations(make_entry) -> None:
    now = timezone.now()
    ours = make_entry(organisation_type="company", organisation_id=1)
    make_entry(organisation_type="company", organisation_id=2)
    make_entry(organisation_type="school", organisation_id=1)
    found = entries_for_organisation(
        organisation_type="company", organisation_id=1, since=now - 2 * HOUR, until=now
    )
    assert list(found) == [ours]


def test_purposes_have_danish_labels_and_apps_can_add_theirs() -> None:
    assert describe_purpose("accesslog.export") == "Adgangslog – eksport"
    assert describe_purpose("unknown.code") == "unknown.code"
    register_purpose("dropout_risk.overview", "Frafaldsrisiko – oversigt")
    assert describe_purpose("dropout_risk.overview") == "Frafaldsrisiko – oversigt"
    assert describe_role_kind("company_manager") == "Leder i virksomhed"
    with pytest.raises(ValueError):
        register_purpose("", "Tom")
