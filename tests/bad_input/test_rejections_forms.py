"""Bad input on rejections: "Registrér afslag", the cancellation, the list, the export and
the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rejections.forms import CancellationForm
from rejections.models import Rejection
from tests.bad_input.helpers import (
    assert_form_again,
    assert_not_500,
    date_text,
    few,
    fuzz,
    hostile_value,
    long_text,
)
from tests.rejections.conftest import form_data, today

pytestmark = pytest.mark.django_db

REGISTER = reverse("rejections:register")
APPLICANT = ("applicant_name", "applicant_mobile", "applicant_address")


@fuzz
@given(
    overrides=st.fixed_dictionaries(
        {},
        optional={
            **{name: hostile_value for name in APPLICANT},
            "rejected_on": st.one_of(date_text, hostile_value),
            "education": hostile_value,
            "workplace": hostile_value,
            "primary_reason": hostile_value,
            "secondary_reason": hostile_value,
        },
    )
)
def test_the_registration_saves_or_shows_the_typed_values_again(
    as_user,
    world,
    staff,
    reasons,
    overrides,
) -> None:
    data = form_data(world, staff, reasons, **overrides)
    before = Rejection.objects.count()
    response = as_user("virksomhed").post(REGISTER, data)
    assert_not_500(response)
    if response.status_code == 302:
        rejection = Rejection.objects.order_by("-pk").first()
        assert Rejection.objects.count() == before + 1
        assert "\x00" not in rejection.applicant_name + rejection.applicant_address
    else:
        typed = [v for k, v in overrides.items() if k in APPLICANT and isinstance(v, str)]
        assert_form_again(response, *typed)


@few
@given(name=st.sampled_from(APPLICANT), value=long_text)
def test_the_registration_refuses_very_long_values(
    as_user,
    world,
    staff,
    reasons,
    name,
    value,
) -> None:
    response = as_user("virksomhed").post(
        REGISTER, form_data(world, staff, reasons, **{name: value})
    )
    assert_form_again(response)
    assert not Rejection.objects.filter(**{name: value}).exists()


@fuzz
@given(day=st.dates())
def test_any_date_is_saved_or_explained(as_user, world, staff, reasons, day) -> None:
    data = form_data(world, staff, reasons, rejected_on=day.isoformat())
    response = as_user("virksomhed").post(REGISTER, data)
    assert_not_500(response)
    if day > today() or day < dt.date(2020, 1, 1):
        assert response.status_code == 200


@fuzz
@given(reason=st.one_of(hostile_value, long_text))
def test_the_cancellation_saves_or_shows_the_reason_again(
    as_user,
    world,
    staff,
    record,
    reason,
) -> None:
    rejection = record(staff)
    url = reverse("rejections:cancel", args=[rejection.pk])
    response = as_user("virksomhed").post(url, {"reason": reason})
    assert_not_500(response)
    if response.status_code != 302:
        assert_form_again(
            response, reason if isinstance(reason, str) and len(reason) <= 1000 else ""
        )
    form = CancellationForm({"reason": reason})
    if form.is_valid():
        assert "\x00" not in form.cleaned_data["reason"]


@fuzz
@given(year=hostile_value, company=hostile_value, page=hostile_value)
def test_the_list_export_and_statistics_never_fail(as_user, world, year, company, page) -> None:
    client = as_user("virksomhed")
    for name, params in (
        ("rejections:list", {"virksomhed": company, "side": page}),
        ("rejections:export", {"virksomhed": company}),
        ("rejections:statistics", {"aar": year}),
    ):
        assert_not_500(client.get(reverse(name), params))
    admin = as_user("admin")
    assert_not_500(admin.get(reverse("admin:rejections_rejection_statistics"), {"aar": year}))
