"""Fixtures for the rejections tests: the demo world's municipality (the SOSU employer) and
a staff member of another company."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from accounts.models import User
from companies.models import CompanyStaff, Workplace
from rejections import services
from rejections.models import Rejection, RejectionReason


@pytest.fixture
def reasons(db) -> dict[str, RejectionReason]:
    return {reason.code: reason for reason in RejectionReason.objects.all()}


@pytest.fixture
def staff(world) -> CompanyStaff:
    """virksomhed@demo.test at Havnestad Kommune."""
    return CompanyStaff.objects.select_related("company").get(
        user=world.users["virksomhed"], company=world.companies["kommune"]
    )


@pytest.fixture
def other_staff(world) -> CompanyStaff:
    """A staff member (role: staff) of another company, the joinery."""
    user = User.objects.create_user("snedker-staff@demo.test", "x" * 16, full_name="Sne Dker")
    return CompanyStaff.objects.create(
        user=user, company=world.companies["snedker"], role=CompanyStaff.Role.STAFF
    )


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def record(world, reasons) -> Callable[..., Rejection]:
    """record(staff, **overrides) → a saved rejection, through the service."""

    def make(staff: CompanyStaff, **overrides: object) -> Rejection:
        workplace = Workplace.objects.filter(company_id=staff.company_id).order_by("pk").first()
        values: dict[str, object] = {
            "education": world.educations["SOSU-ASS"],
            "workplace": workplace,
            "rejected_on": today() - dt.timedelta(days=3),
            "primary_reason": reasons["ingen-ledige-laerepladser"],
            "secondary_reason": None,
            "applicant_name": "Amina Holm",
            "applicant_mobile": "20 12 34 56",
            "applicant_address": "Søndergade 4, 8000 Aarhus C",
        }
        values.update(overrides)
        return services.rejection_record(acting_user=staff.user, staff=staff, **values)

    return make


def form_data(world, staff: CompanyStaff, reasons, **overrides: object) -> dict[str, object]:
    """A valid POST for the registration form."""
    data: dict[str, object] = {
        "education": world.educations["SOSU-HJ"].pk,
        "workplace": world.workplaces["kommune"][0].pk,
        "applicant_name": "Jonas Berg",
        "applicant_mobile": "",
        "applicant_address": "",
        "rejected_on": (today() - dt.timedelta(days=2)).isoformat(),
        "primary_reason": reasons["danskkundskaber"].pk,
        "secondary_reason": "",
    }
    data.update(overrides)
    return data
