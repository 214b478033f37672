"""Bad input on dropout_risk: the assessment dialog, the school's filters and export, the
statistics; and the export of names with formulas and control characters."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import User
from apprenticeship.models import Apprentice, EducationAgreement
from companies.models import Company
from dropout_risk.forms import AssessmentForm, StatisticsForm
from tests.bad_input.helpers import (
    assert_form_again,
    assert_not_500,
    fuzz,
    hostile_text,
    hostile_value,
)
from tests.conftest import client_for
from tests.dropout_risk.conftest import elev, unassessed

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("dropout_risk:school_overview")
EXPORT = reverse("dropout_risk:school_export")
FILTERS = ("q", "risk", "registered_before", "education", "team", "company", "side", "sort")


@fuzz
@given(level=hostile_value, next_=hostile_text)
def test_the_assessment_saves_or_shows_the_dialog_again(risk_world, level, next_) -> None:
    client = client_for(risk_world.users["virksomhed"])
    apprentice = unassessed(risk_world)
    url = reverse("dropout_risk:assessment_edit", args=[apprentice.pk])
    response = client.post(url, {"level": level, "next": next_})
    assert_not_500(response)
    if response.status_code != 302:
        assert_form_again(response)
    fragment = client.post(url, {"level": level}, headers={"HX-Request": "true"})
    assert fragment.status_code in (200, 422)


@fuzz
@given(level=hostile_value)
def test_the_assessment_form_class_never_raises(level) -> None:
    form = AssessmentForm({"level": level})
    if form.is_valid():
        assert form.cleaned_data["level"] in {"none", "low", "medium", "high"}


@fuzz
@given(params=st.fixed_dictionaries({}, optional={name: hostile_value for name in FILTERS}))
def test_the_school_overview_and_export_never_fail(risk_world, params) -> None:
    client = client_for(risk_world.users["skole"])
    assert_not_500(client.get(OVERVIEW, params))
    response = client.get(EXPORT, params)
    assert_not_500(response)
    if response.status_code == 200 and response.streaming:
        load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@fuzz
@given(dimension=hostile_value, period=hostile_value)
def test_the_statistics_never_fail(risk_world, dimension, period) -> None:
    client = client_for(risk_world.users["admin"])
    params = {"dimension": dimension, "period": period}
    assert_not_500(client.get(reverse("dropout_risk:statistics"), params))
    form = StatisticsForm(params)
    assert form.choice("dimension") in {"uddannelse", "skole", "region"}


@fuzz
@given(tab=hostile_value, page=hostile_value)
def test_the_students_own_pages_never_fail(risk_world, tab, page) -> None:
    client = client_for(risk_world.users["elev"])
    assert_not_500(client.get(reverse("dropout_risk:my_course"), {"fane": tab}))
    staff = client_for(risk_world.users["virksomhed"])
    assert_not_500(staff.get(reverse("dropout_risk:company_overview"), {"side": page}))


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\x01=", "\x1b+"])
def test_the_export_writes_every_text_column_as_text_without_control_characters(
    risk_world,
    prefix,
) -> None:
    """Names, team, company and who registered: data typed before the forms refused control
    characters (or imported) must not break the export or run as a formula."""
    student = elev(risk_world)
    Apprentice.objects.filter(pk=student.pk).update(first_name=f"{prefix}SUM(A1)")
    agreement = EducationAgreement.objects.current().filter(apprentice=student).first()
    EducationAgreement.objects.filter(pk=agreement.pk).update(team=f"{prefix}HOLD")
    Company.objects.filter(pk=agreement.company_id).update(name=f"{prefix}FIRMA")
    User.objects.filter(pk=risk_world.users["virksomhed"].pk).update(full_name=f"{prefix}KAREN")
    client_for(risk_world.users["virksomhed"]).post(
        reverse("dropout_risk:assessment_edit", args=[student.pk]), {"level": "high"}
    )
    response = client_for(risk_world.users["skole"]).get(EXPORT, {"q": "Nielsen"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    clean = prefix.lstrip("\x01\x1b")
    row = next(r for r in sheet.iter_rows(min_row=2) if "SUM(A1)" in str(r[0].value))
    texts = {cell.value: cell.data_type for cell in row if isinstance(cell.value, str)}
    for expected in (f"{clean}SUM(A1) Nielsen", f"{clean}HOLD", f"{clean}FIRMA"):
        assert texts.get(expected) == "s", (expected, texts)
    assert all(cell.data_type != "f" for cell in row)
