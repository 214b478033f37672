"""The company's earlier rejections: its own only, without applicant data, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rejections import services
from tests.rejections.conftest import today

pytestmark = pytest.mark.django_db
URL = reverse("rejections:list")
APPLICANT = ("Amina Holm", "+4520123456", "+45 20 12 34 56", "Søndergade 4")


def test_it_lists_the_companys_rejections_without_applicant_data(
    as_user, world, staff, reasons, record
) -> None:
    record(staff, secondary_reason=reasons["danskkundskaber"])
    response = as_user("virksomhed").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "Ingen ledige lærepladser",
        "Utilstrækkelige danskkundskaber",
        "Social- og sundhedsassistent",
        world.workplaces["kommune"][0].name,
        "Karen Holm",  # registered by
    ):
        assert shown in html
    for secret in APPLICANT:
        assert secret not in html


def test_another_companys_rejections_never_appear(as_user, staff, other_staff, record) -> None:
    foreign = record(other_staff, rejected_on=today() - dt.timedelta(days=1))
    own = record(staff)
    page = as_user("virksomhed").get(URL).context["page"]
    assert [r.pk for r in page.object_list] == [own.pk]
    assert foreign.pk not in [r.pk for r in page.object_list]


def test_it_shows_late_and_cancelled(as_user, staff, record) -> None:
    late = record(staff, rejected_on=today() - dt.timedelta(days=30))
    services.rejection_cancel(acting_user=staff.user, rejection=late, reason="Dublet.")
    html = as_user("virksomhed").get(URL).content.decode()
    assert "For sent" in html
    assert "Annulleret" in html


def test_it_is_paginated(as_user, staff, record) -> None:
    for _ in range(51):
        record(staff)
    client = as_user("virksomhed")
    assert len(client.get(URL).context["page"].object_list) == 50
    second = client.get(URL, {"side": 2})
    assert len(second.context["page"].object_list) == 1


def test_the_query_count_does_not_grow_with_the_rows(
    as_user, staff, reasons, record, django_assert_max_num_queries
) -> None:
    client = as_user("virksomhed")
    record(staff)
    client.get(URL)  # warm the session and the terms check
    # The whole page, the header's roles included; the ceiling catches a query per row.
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for index in range(30):
        rejection = record(staff, secondary_reason=reasons["andet"])
        if index % 3 == 0:
            services.rejection_cancel(acting_user=staff.user, rejection=rejection, reason="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_a_user_who_is_not_company_staff_gets_404(as_user) -> None:
    assert as_user("skole").get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_post_is_not_allowed(as_user) -> None:
    assert as_user("virksomhed").post(URL).status_code == 405
