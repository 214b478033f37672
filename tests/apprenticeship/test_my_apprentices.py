""" "Mine lærlinge": the company staff's selection page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessLogEntry
from apprenticeship.models import Apprentice, EducationAgreement, StaffSelection
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
PAGE = reverse("apprenticeship:my_apprentices")
ADD = reverse("apprenticeship:selection_add")
REMOVE = reverse("apprenticeship:selection_remove")


def municipality_apprentices(world) -> list[Apprentice]:
    return list(
        Apprentice.objects.filter(
            agreements__in=EducationAgreement.objects.current().filter(
                company=world.companies["kommune"]
            )
        ).order_by("last_name", "first_name", "pk")
    )


@pytest.fixture
def world(world):
    """The demo with virksomhed@demo.test's selection emptied (the demo pre-selects ten)."""
    StaffSelection.objects.all().delete()
    return world


def detail(apprentice: Apprentice) -> str:
    return reverse("apprenticeship:apprentice_detail", args=[apprentice.pk])


def test_selection_survives_logging_out_and_a_removed_apprentice_is_refused(world) -> None:
    chosen = municipality_apprentices(world)[:3]
    client = client_for(world.users["virksomhed"])
    response = client.post(ADD, {"apprentices": [a.pk for a in chosen], "next": PAGE})
    assert response.status_code == 302

    again = client_for(world.users["virksomhed"])  # a new session: logged out and in
    page = again.get(PAGE, {"shown": "selected"})
    assert [row[0] for row in page.context["rows"]] == chosen
    for apprentice in chosen:
        assert again.get(detail(apprentice)).status_code == 200

    again.post(REMOVE, {"apprentices": [chosen[0].pk], "next": PAGE})
    assert again.get(detail(chosen[0])).status_code == 404
    assert again.get(detail(chosen[1])).status_code == 200


def test_unselected_and_foreign_apprentices_answer_404(world, as_user) -> None:
    client = as_user("virksomhed")
    unselected = municipality_apprentices(world)[0]
    foreign = Apprentice.objects.get(email="elev031@elev.demo.test")  # at the carpentry
    assert client.get(detail(unselected)).status_code == 404
    assert client.get(detail(foreign)).status_code == 404


def test_adding_an_apprentice_of_another_company_is_refused_with_a_message(world, as_user) -> None:
    client = as_user("virksomhed")
    foreign = Apprentice.objects.filter(agreements__company=world.companies["snedker"]).first()
    response = client.post(ADD, {"apprentices": [foreign.pk], "next": PAGE}, follow=True)
    assert "aktuel uddannelsesaftale i din virksomhed" in response.content.decode()
    assert not StaffSelection.objects.exists()


def test_submitting_without_a_tick_says_what_to_do(world, as_user) -> None:
    response = as_user("virksomhed").post(ADD, {"next": PAGE}, follow=True)
    assert "Markér mindst én lærling først." in response.content.decode()


def test_search_by_name_finds_the_apprentice(world, as_user) -> None:
    response = as_user("virksomhed").get(PAGE, {"q": "sofie niel"})
    names = [row[0].full_name for row in response.context["rows"]]
    assert names == ["Sofie Nielsen"]


def test_filter_by_education(world, as_user) -> None:
    hjaelper = world.educations["SOSU-HJ"]
    response = as_user("virksomhed").get(PAGE, {"education": hjaelper.pk})
    assert len(response.context["rows"]) == 12
    assert all(row[1].education == hjaelper for row in response.context["rows"])


def test_the_empty_state_explains_why_the_list_is_empty(world, as_user) -> None:
    EducationAgreement.objects.filter(company=world.companies["kommune"]).update(
        start_date=timezone.localdate() - dt.timedelta(days=400),
        end_date=timezone.localdate() - dt.timedelta(days=1),
    )
    body = as_user("virksomhed").get(PAGE).content.decode()
    assert "Der er ingen lærlinge med en aktuel uddannelsesaftale i Havnestad Kommune" in body


def test_the_page_logs_exactly_the_apprentices_shown(world, as_user) -> None:
    response = as_user("virksomhed").get(PAGE, {"education": world.educations["SOSU-HJ"].pk})
    entry = AccessLogEntry.objects.get()
    shown = sorted(row[0].pk for row in response.context["rows"])
    assert sorted(entry.apprentice_ids) == shown
    assert entry.purpose == "apprenticeship.selection"


def test_the_detail_page_logs_one_entry_for_the_apprentice(world, as_user) -> None:
    apprentice = municipality_apprentices(world)[0]
    client = as_user("virksomhed")
    client.post(ADD, {"apprentices": [apprentice.pk], "next": PAGE})
    before = AccessLogEntry.objects.count()
    client.get(detail(apprentice))
    assert AccessLogEntry.objects.count() == before + 1
    assert list(AccessLogEntry.objects.latest("pk").apprentice_ids) == [apprentice.pk]


def test_query_count_does_not_grow_with_the_page(
    world, as_user, django_assert_max_num_queries
) -> None:
    client = as_user("virksomhed")
    client.get(PAGE)  # warm the session and terms check
    with django_assert_max_num_queries(22) as few:
        client.get(PAGE, {"q": "sofie"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE)


@pytest.mark.parametrize("key", ["skole", "elev", "fylke", "admin"])
def test_non_company_roles_get_404(world, as_user, key: str) -> None:
    assert as_user(key).get(PAGE).status_code == 404


def test_anonymous_is_sent_to_login_and_get_is_not_allowed_for_changes(world, as_user) -> None:
    assert Client().get(PAGE).status_code == 302
    assert as_user("virksomhed").get(ADD).status_code == 405
