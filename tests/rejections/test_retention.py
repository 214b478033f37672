"""Applicant data is kept for REJECTION_APPLICANT_RETENTION_DAYS (365) after the rejection
date, then erased by the daily task; the statistical record stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rejections import services
from rejections.models import Rejection
from rejections.statistics import rejection_statistics
from rejections.tasks import erase_expired_applicant_data
from tests.rejections.conftest import today

pytestmark = pytest.mark.django_db


def test_it_erases_at_365_days_and_not_before(staff, record) -> None:
    kept = record(staff, rejected_on=today() - dt.timedelta(days=364))
    erased = record(staff, rejected_on=today() - dt.timedelta(days=365))
    assert erase_expired_applicant_data() == 1
    kept.refresh_from_db()
    erased.refresh_from_db()
    assert kept.applicant_name == "Amina Holm"
    assert kept.applicant_erased_at is None
    assert (erased.applicant_name, erased.applicant_mobile, erased.applicant_address) == (
        "",
        "",
        "",
    )
    assert erased.applicant_erased_at is not None


def test_it_is_idempotent(staff, record) -> None:
    record(staff, rejected_on=today() - dt.timedelta(days=400))
    assert erase_expired_applicant_data.apply().get() == 1
    first = Rejection.objects.get().applicant_erased_at
    assert erase_expired_applicant_data.apply().get() == 0
    assert Rejection.objects.get().applicant_erased_at == first


def test_the_next_day_the_next_rejection_is_erased(staff, record) -> None:
    record(staff, rejected_on=today() - dt.timedelta(days=364))
    assert services.applicant_data_erase_expired(today=today()) == 0
    assert services.applicant_data_erase_expired(today=today() + dt.timedelta(days=1)) == 1


def test_the_statistical_record_is_kept(staff, reasons, record) -> None:
    old = record(staff, rejected_on=today() - dt.timedelta(days=400))
    year = old.rejected_on.year
    before = rejection_statistics(year=year, years=[year], suppress=False)
    erase_expired_applicant_data()
    after = rejection_statistics(year=year, years=[year], suppress=False)
    assert (
        after.total.value
        == before.total.value
        == Rejection.objects.filter(rejected_on__year=year).count()
    )
    row = Rejection.objects.get(pk=old.pk)
    assert (row.primary_reason, row.education, row.workplace, row.rejected_on) == (
        old.primary_reason,
        old.education,
        old.workplace,
        old.rejected_on,
    )


def test_the_retention_is_a_setting(settings, staff, record) -> None:
    settings.REJECTION_APPLICANT_RETENTION_DAYS = 30
    record(staff, rejected_on=today() - dt.timedelta(days=30))
    record(staff, rejected_on=today() - dt.timedelta(days=29))
    assert erase_expired_applicant_data() == 1


def test_an_erased_rejection_still_counts_and_lists(as_user, staff, record) -> None:
    from django.urls import reverse

    record(staff, rejected_on=timezone.localdate() - dt.timedelta(days=500))
    erase_expired_applicant_data()
    response = as_user("virksomhed").get(reverse("rejections:list"))
    assert len(response.context["page"].object_list) == 1
