""" "Registrér afslag": the form, its validation and who may use it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from companies.models import CompanyStaff, Workplace
from rejections.models import Rejection
from tests.conftest import client_for
from tests.rejections.conftest import form_data, today

pytestmark = pytest.mark.django_db
URL = reverse("rejections:register")


def post(client, data):
    return client.post(URL, data)


def test_it_shows_the_form_with_the_guides_labels(as_user, world) -> None:
    response = as_user("virksomhed").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Registrér afslag",
        "Uddannelse",
        "Ansøger",
        "Primær begrundelse for afslag",
        "Sekundær begrundelse for afslag",
        "Gem",
        "Hent tidligere afslag som regneark",
    ):
        assert label in html


def test_it_offers_only_sosu_educations(as_user, world) -> None:
    form = as_user("virksomhed").get(URL).context["form"]
    offered = set(form.fields["education"].queryset)
    assert offered == {world.educations["SOSU-ASS"], world.educations["SOSU-HJ"]}


def test_it_offers_only_the_companys_active_workplaces(as_user, world) -> None:
    closed = world.workplaces["kommune"][-1]
    Workplace.objects.filter(pk=closed.pk).update(status=Workplace.Status.CLOSED)
    form = as_user("virksomhed").get(URL).context["form"]
    offered = set(form.fields["workplace"].queryset)
    assert offered == set(world.workplaces["kommune"][:-1])


def test_gem_saves_confirms_and_gives_an_empty_form(as_user, world, staff, reasons) -> None:
    client = as_user("virksomhed")
    data = form_data(world, staff, reasons, applicant_mobile="20 12 34 56")
    response = post(client, data)
    assert response.status_code == 302
    assert response["Location"] == URL
    page = client.get(URL)
    html = page.content.decode()
    assert "Afslaget er gemt" in html
    assert "Jonas Berg" not in html  # the form is empty again
    assert not page.context["form"].is_bound
    rejection = Rejection.objects.get()
    assert rejection.company == world.companies["kommune"]
    assert rejection.registered_by == world.users["virksomhed"]
    assert rejection.applicant_mobile == "+4520123456"
    assert rejection.region == "midtjylland"  # postal code 8000
    assert rejection.is_late is False


def test_a_manager_may_register_too(as_user, world, staff, reasons) -> None:
    response = post(as_user("leder"), form_data(world, staff, reasons))
    assert response.status_code == 302
    assert Rejection.objects.get().registered_by == world.users["leder"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"primary_reason": ""}, "primary_reason", "Vælg den primære begrundelse"),
        (
            {"secondary_reason": "SAME"},
            "secondary_reason",
            "skal være en anden end den primære",
        ),
        ({"rejected_on": "TOMORROW"}, "rejected_on", "kan ikke ligge i fremtiden"),
        (
            {"applicant_name": "  ", "applicant_mobile": "", "applicant_address": " "},
            "applicant_name",
            "Angiv ansøgerens navn, mobilnummer eller adresse",
        ),
        ({"applicant_mobile": "1234"}, "applicant_mobile", "ikke et gyldigt mobilnummer"),
        # A Danish toll-free number is a valid number but not a mobile.
        ({"applicant_mobile": "80 12 34 56"}, "applicant_mobile", "ikke et gyldigt mobilnummer"),
        ({"education": ""}, "education", "Vælg social- og sundhedsassistent"),
        ({"rejected_on": "31-02-2026"}, "rejected_on", "gyldig dato"),
        ({"rejected_on": "0026-11-20"}, "rejected_on", "kan ikke ligge før 15.04.2021"),
    ],
)
def test_it_refuses_invalid_input_and_keeps_what_was_typed(
    as_user, world, staff, reasons, overrides, field, message
) -> None:
    if overrides.get("secondary_reason") == "SAME":
        overrides["secondary_reason"] = reasons["danskkundskaber"].pk
    if overrides.get("rejected_on") == "TOMORROW":
        overrides["rejected_on"] = (today() + dt.timedelta(days=1)).isoformat()
    data = form_data(world, staff, reasons, **{"applicant_address": "Vestergade 7", **overrides})
    response = post(as_user("virksomhed"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert not Rejection.objects.exists()
    html = response.content.decode()
    if data["applicant_address"] == "Vestergade 7":
        assert 'value="Vestergade 7"' in html  # what the user typed is still there
    assert f'value="{data["rejected_on"]}"' in html
    if overrides.get("applicant_mobile"):
        assert f'value="{overrides["applicant_mobile"]}"' in html


def test_a_foreign_mobile_with_country_code_is_accepted(as_user, world, staff, reasons) -> None:
    post(
        as_user("virksomhed"), form_data(world, staff, reasons, applicant_mobile="+46 70 123 45 67")
    )
    assert Rejection.objects.get().applicant_mobile == "+46701234567"


def test_a_mobile_or_an_address_alone_identifies_the_applicant(
    as_user, world, staff, reasons
) -> None:
    client = as_user("virksomhed")
    post(client, form_data(world, staff, reasons, applicant_name="", applicant_mobile="22334455"))
    post(client, form_data(world, staff, reasons, applicant_name="", applicant_address="Engvej 2"))
    assert Rejection.objects.count() == 2


def test_staff_cannot_choose_another_companys_workplace(as_user, world, staff, reasons) -> None:
    foreign = world.workplaces["snedker"][0]
    response = post(as_user("virksomhed"), form_data(world, staff, reasons, workplace=foreign.pk))
    assert response.status_code == 200
    assert "Vælg et af virksomhedens aktive arbejdssteder" in " ".join(
        response.context["form"].errors["workplace"]
    )
    assert not Rejection.objects.exists()


def test_a_closed_workplace_cannot_be_chosen(as_user, world, staff, reasons) -> None:
    closed = world.workplaces["kommune"][0]
    Workplace.objects.filter(pk=closed.pk).update(status=Workplace.Status.CLOSED)
    response = post(as_user("virksomhed"), form_data(world, staff, reasons, workplace=closed.pk))
    assert "workplace" in response.context["form"].errors


def test_a_non_sosu_education_cannot_be_chosen(as_user, world, staff, reasons) -> None:
    data = form_data(world, staff, reasons, education=world.educations["SNEDKER"].pk)
    response = post(as_user("virksomhed"), data)
    assert "education" in response.context["form"].errors


def test_a_retired_reason_is_hidden_and_refused(as_user, world, staff, reasons) -> None:
    retired = reasons["andet"]
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    client = as_user("virksomhed")
    assert retired not in client.get(URL).context["form"].fields["primary_reason"].queryset
    response = post(client, form_data(world, staff, reasons, primary_reason=retired.pk))
    assert "primary_reason" in response.context["form"].errors


@pytest.mark.parametrize(("days_ago", "late"), [(0, False), (14, False), (15, True), (40, True)])
def test_it_marks_a_registration_more_than_14_days_after_the_rejection_late(
    as_user, world, staff, reasons, days_ago, late
) -> None:
    """§ 115: within two weeks. Given on day D, registered on D+14 is on time, D+15 late."""
    client = as_user("virksomhed")
    rejected_on = (today() - dt.timedelta(days=days_ago)).isoformat()
    post(client, form_data(world, staff, reasons, rejected_on=rejected_on))
    assert Rejection.objects.get().is_late is late
    html = client.get(URL).content.decode()
    assert ("registreret for sent" in html) is late


@pytest.mark.parametrize("key", ["skole", "elev", "fylke"])
def test_a_user_who_is_not_company_staff_gets_404(as_user, key) -> None:
    client = as_user(key)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {}).status_code == 404


def test_a_training_responsible_gets_403(as_user) -> None:
    # Company staff, but not in a role that reports rejections (the front link's roles).
    assert as_user("oplaering").get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_not_allowed(as_user, method) -> None:
    assert getattr(as_user("virksomhed"), method)(URL).status_code == 405


def test_another_company_by_query_parameter_is_404(as_user, world) -> None:
    other = world.companies["snedker"]
    assert as_user("virksomhed").get(URL, {"virksomhed": other.pk}).status_code == 404


def test_staff_of_several_companies_choose_with_virksomhed(world, staff, reasons) -> None:
    user = world.users["virksomhed"]
    snedker = world.companies["snedker"]
    CompanyStaff.objects.create(user=user, company=snedker, role=CompanyStaff.Role.STAFF)
    client = client_for(user)
    page = client.get(URL, {"virksomhed": snedker.pk})
    assert set(page.context["form"].fields["workplace"].queryset) == set(
        world.workplaces["snedker"]
    )
    data = form_data(world, staff, reasons, workplace=world.workplaces["snedker"][0].pk)
    response = client.post(f"{URL}?virksomhed={snedker.pk}", data)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?virksomhed={snedker.pk}"
    assert Rejection.objects.get().company == snedker


def test_the_front_page_and_menu_link_to_it(as_user) -> None:
    html = as_user("virksomhed").get(reverse("home")).content.decode()
    assert html.count(f'href="{URL}"') >= 2  # a tile on the front page and the menu bar
    assert f'href="{URL}"' not in as_user("elev").get(reverse("home")).content.decode()
