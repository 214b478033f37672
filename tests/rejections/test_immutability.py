"""A saved rejection cannot be changed or deleted: not through the portal, not through the
admin, and on PostgreSQL not even with plain SQL (the trigger of migration 0003). The one
UPDATE let through is the retention erasure of the applicant fields."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import NoReverseMatch, reverse

from rejections import services
from rejections.models import Rejection
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_portal_has_no_edit_or_delete_views(staff, record) -> None:
    rejection = record(staff)
    for name in ("edit", "update", "change", "delete", "detail"):
        with pytest.raises(NoReverseMatch):
            reverse(f"rejections:{name}", args=[rejection.pk])


def test_the_admin_may_look_but_not_change_or_delete(world, staff, record) -> None:
    rejection = record(staff)
    admin = client_for(world.users["admin"])
    change = reverse("admin:rejections_rejection_change", args=[rejection.pk])
    assert admin.get(change).status_code == 200  # view-only
    admin.post(change, {"applicant_name": "Changed", "rejected_on": "2020-01-01"})
    delete = reverse("admin:rejections_rejection_delete", args=[rejection.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert admin.get(reverse("admin:rejections_rejection_add")).status_code == 403
    rejection.refresh_from_db()
    assert rejection.applicant_name == "Amina Holm"
    assert Rejection.objects.filter(pk=rejection.pk).exists()


def test_the_admin_cannot_delete_a_reason(world, reasons) -> None:
    admin = client_for(world.users["admin"])
    url = reverse("admin:rejections_rejectionreason_delete", args=[reasons["andet"].pk])
    assert admin.post(url, {"post": "yes"}).status_code == 403


def refused(sql: str, params: list | tuple = ()) -> str:
    """Run `sql` in a savepoint and return the database's refusal."""
    with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(raised.value)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE rejections_rejection SET primary_reason_id = primary_reason_id WHERE id = %s",
        "UPDATE rejections_rejection SET rejected_on = rejected_on - 1 WHERE id = %s",
        "UPDATE rejections_rejection SET applicant_name = 'Ændret' WHERE id = %s",
        "DELETE FROM rejections_rejection WHERE id = %s",
    ],
)
def test_postgresql_refuses_update_and_delete(requires_postgres, staff, record, sql) -> None:
    rejection = record(staff)
    assert "append-only" in refused(sql, [rejection.pk])
    assert Rejection.objects.filter(pk=rejection.pk, applicant_name="Amina Holm").exists()


def test_postgresql_lets_the_erasure_through_and_nothing_else(
    requires_postgres, staff, record
) -> None:
    rejection = record(staff)
    pk = rejection.pk
    erase = (
        "UPDATE rejections_rejection SET applicant_name = '', applicant_mobile = '', "
        "applicant_address = '', applicant_erased_at = now()"
    )
    # An erasure that also changes anything else is refused…
    assert "append-only" in refused(f"{erase}, is_late = NOT is_late WHERE id = %s", [pk])
    # …and so is one that leaves something of the applicant behind.
    partial = (
        "UPDATE rejections_rejection SET applicant_name = '', applicant_erased_at = now() "
        "WHERE id = %s"
    )
    assert "append-only" in refused(partial, [pk])
    # The erasure itself goes through, once.
    with connection.cursor() as cursor:
        cursor.execute(f"{erase} WHERE id = %s", [pk])
        assert cursor.rowcount == 1
    assert "append-only" in refused(f"{erase} WHERE id = %s", [pk])
    again = "UPDATE rejections_rejection SET applicant_erased_at = now() WHERE id = %s"
    assert "append-only" in refused(again, [pk])
    rejection.refresh_from_db()
    assert (rejection.applicant_name, rejection.applicant_mobile) == ("", "")
    assert rejection.primary_reason_id is not None


def test_postgresql_refuses_changes_to_a_cancellation(requires_postgres, staff, record) -> None:
    rejection = record(staff)
    cancellation = services.rejection_cancel(
        acting_user=staff.user, rejection=rejection, reason="Dublet."
    )
    update = "UPDATE rejections_cancellation SET reason = 'Noget andet' WHERE id = %s"
    assert "append-only" in refused(update, [cancellation.pk])
    delete = "DELETE FROM rejections_cancellation WHERE id = %s"
    assert "append-only" in refused(delete, [cancellation.pk])


def test_postgresql_refuses_truncate(requires_postgres, staff, record) -> None:
    record(staff)
    with connection.cursor() as cursor:
        # Check the insert's deferred foreign keys now: TRUNCATE refuses pending ones.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL rejections.strict = 'on'")
    message = refused("TRUNCATE rejections_cancellation, rejections_rejection")
    assert "append-only" in message
    assert Rejection.objects.exists()


def test_postgresql_triggers_fire_even_for_replicas(requires_postgres, staff, record) -> None:
    """ENABLE ALWAYS: session_replication_role = replica does not switch them off."""
    rejection = record(staff)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    assert "append-only" in refused(
        "DELETE FROM rejections_rejection WHERE id = %s", [rejection.pk]
    )
