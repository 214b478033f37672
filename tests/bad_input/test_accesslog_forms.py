"""Bad input on the access-log search and exports (GET forms: the URL is the query)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from accesslog.forms import AccessLogFilterForm, default_period
from tests.bad_input.helpers import assert_not_500, date_text, fuzz, hostile_value
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SEARCH = ("elev", "email", "organisationstype", "organisation")


@fuzz
@given(
    params=st.fixed_dictionaries(
        {}, optional={**{name: hostile_value for name in SEARCH}, "side": hostile_value}
    )
)
def test_the_search_and_export_answer_bad_filters_with_the_form(world, params) -> None:
    client = client_for(world.users["admin"])
    response = client.get(reverse("accesslog:list"), params)
    assert_not_500(response)
    assert response.status_code == 200, (params, response.content.decode()[:3000])
    assert "<form" in response.content.decode()
    response = client.get(reverse("accesslog:export"), params)
    assert_not_500(response)


@fuzz
@given(virksomhed=hostile_value)
def test_the_company_export_never_fails(world, virksomhed) -> None:
    client = client_for(world.users["leder"])
    response = client.get(reverse("accesslog:company_export"), {"virksomhed": virksomhed})
    assert_not_500(response)
    assert_not_500(client.get(reverse("accesslog:company")))


@fuzz
@given(start=date_text, end=date_text)
def test_the_period_form_class_accepts_or_explains_any_dates(start, end) -> None:
    form = AccessLogFilterForm({"fra": start, "til": end})
    if form.is_valid():  # 9999-12-31 is refused, so the day after always exists
        since, until = form.period()
        assert since < until


def test_the_last_possible_date_is_not_a_server_error(world) -> None:
    client = client_for(world.users["admin"])
    client.raise_request_exception = False
    params = {"fra": "9999-06-01", "til": "9999-12-31"}
    assert_not_500(client.get(reverse("accesslog:list"), params))


def test_an_apprentice_id_past_a_bigint_is_a_form_error(world) -> None:
    client = client_for(world.users["admin"])
    client.raise_request_exception = False
    params = {"elev": "9" * 19}
    assert_not_500(client.get(reverse("accesslog:list"), params))


def test_a_superscript_page_number_is_not_a_server_error(world) -> None:
    client = client_for(world.users["admin"])
    client.raise_request_exception = False
    assert_not_500(client.get(reverse("accesslog:list"), {"side": "²"}))


def test_the_export_writes_formula_like_text_as_text(world, make_entry) -> None:
    for index, text in enumerate(["=SUM(A1)", "+1", "-1", "@x", "\x01=HYPERLINK(1)"]):
        make_entry(user_name=text, organisation_name=f"{text} firma", user_id=100 + index)
    period = default_period()
    response = client_for(world.users["admin"]).get(reverse("accesslog:export"), period)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    written = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row}
    for text in ["=SUM(A1)", "+1", "-1", "@x", "=HYPERLINK(1)"]:
        assert written.get(text) == "s", (text, written)
