"""The services and the model's own rules (the second and third place invariants live)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.models import Workplace
from rejections import services
from rejections.models import Rejection
from rejections.regions import region_for_postal_code
from tests.rejections.conftest import today

pytestmark = pytest.mark.django_db


def test_it_records_for_the_acting_staff_member_only(world, staff, reasons) -> None:
    with pytest.raises(ValidationError):
        services.rejection_record(
            acting_user=world.users["leder"],
            staff=staff,  # virksomhed's membership
            education=world.educations["SOSU-ASS"],
            workplace=world.workplaces["kommune"][0],
            rejected_on=today(),
            primary_reason=reasons["andet"],
            applicant_name="X",
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rejected_on": "tomorrow"}, "rejected_on"),
        ({"rejected_on": dt.date(2021, 4, 14)}, "rejected_on"),
        ({"applicant_name": "", "applicant_mobile": "", "applicant_address": ""}, "applicant_name"),
        ({"secondary_reason": "primary"}, "secondary_reason"),
        ({"workplace": "foreign"}, "workplace"),
        ({"education": "snedker"}, "education"),
    ],
)
def test_the_service_refuses_what_the_form_refuses(
    world, staff, reasons, record, overrides, field
) -> None:
    values = dict(overrides)
    if values.get("rejected_on") == "tomorrow":
        values["rejected_on"] = today() + dt.timedelta(days=1)
    if values.get("secondary_reason") == "primary":
        values["secondary_reason"] = reasons["ingen-ledige-laerepladser"]
    if values.get("workplace") == "foreign":
        values["workplace"] = world.workplaces["snedker"][0]
    if values.get("education") == "snedker":
        values["education"] = world.educations["SNEDKER"]
    with pytest.raises(ValidationError) as raised:
        record(staff, **values)
    assert field in raised.value.message_dict
    assert not Rejection.objects.exists()


def test_the_service_refuses_an_invalid_mobile(staff, record) -> None:
    with pytest.raises(ValidationError):
        record(staff, applicant_mobile="12")


def test_the_database_refuses_the_same_reason_twice(world, staff, reasons, record) -> None:
    rejection = record(staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rejection.objects.create(
            company=rejection.company,
            workplace=rejection.workplace,
            education=rejection.education,
            rejected_on=rejection.rejected_on,
            primary_reason=reasons["andet"],
            secondary_reason=reasons["andet"],
            applicant_name="Y",
            registered_by=rejection.registered_by,
            registered_at=rejection.registered_at,
        )


def test_the_database_refuses_a_rejection_nobody_can_be_identified_from(
    staff, reasons, record
) -> None:
    rejection = record(staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rejection.objects.create(
            company=rejection.company,
            workplace=rejection.workplace,
            education=rejection.education,
            rejected_on=rejection.rejected_on,
            primary_reason=reasons["andet"],
            registered_by=rejection.registered_by,
            registered_at=rejection.registered_at,
        )


@pytest.mark.parametrize(
    ("days", "late"), [(-1, False), (0, False), (13, False), (14, False), (15, True)]
)
def test_late_means_more_than_14_calendar_days(days, late) -> None:
    given = dt.date(2026, 3, 1)
    registered = given + dt.timedelta(days=days)
    assert services.is_registered_late(rejected_on=given, registered_on=registered) is late


def test_the_late_limit_is_a_setting(settings) -> None:
    settings.REJECTION_LATE_AFTER_DAYS = 7
    given = dt.date(2026, 3, 1)
    assert services.is_registered_late(rejected_on=given, registered_on=dt.date(2026, 3, 9))


def test_the_region_comes_from_the_workplaces_postal_code(world, staff, record) -> None:
    workplace = world.workplaces["kommune"][0]
    Workplace.objects.filter(pk=workplace.pk).update(postal_code="5000")
    workplace.refresh_from_db()
    assert record(staff, workplace=workplace).region == "syddanmark"


@pytest.mark.parametrize(
    ("postal_code", "region"),
    [
        ("1050", "hovedstaden"),
        ("2670", "sjaelland"),
        ("3700", "hovedstaden"),
        ("4000", "sjaelland"),
        ("5000", "syddanmark"),
        ("6700", "syddanmark"),
        ("6950", "midtjylland"),
        ("7100", "syddanmark"),
        ("7400", "midtjylland"),
        ("7700", "nordjylland"),
        ("8000", "midtjylland"),
        ("9000", "nordjylland"),
        ("3900", ""),  # Greenland
        ("", ""),
        ("DK-8000", ""),
    ],
)
def test_postal_codes_map_to_regions(postal_code, region) -> None:
    assert region_for_postal_code(postal_code) == region
