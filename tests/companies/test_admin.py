"""The admin: "Tilføj virksomhed fra CVR", assigning staff, syncing from the change list."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from companies.models import Company, CompanyStaff, Workplace
from demo.numbers import cvr_from_seed
from demo.services import p_number_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:companies_company_add_from_cvr")
BAGERI = cvr_from_seed(404)


@pytest.fixture
def admin_client_(world):
    return client_for(world.users["admin"])


def test_it_adds_a_company_from_cvr_with_its_units_and_staff(admin_client_, world, stub) -> None:
    response = admin_client_.post(
        ADD_URL,
        {
            "cvr": BAGERI,
            "staff_emails": "skole@demo.test\nLEDER@demo.test",
            "role": CompanyStaff.Role.MANAGER,
        },
    )
    company = Company.objects.get(cvr=BAGERI)
    assert response.status_code == 302
    assert response.url == reverse("admin:companies_company_change", args=[company.pk])
    assert company.name == "Bageriet Morgenbrød ApS"
    assert set(company.workplaces.values_list("p_number", flat=True)) == {
        p_number_for(404, 1),
        p_number_for(404, 2),
    }
    staff = CompanyStaff.objects.filter(company=company)
    assert {(s.user.email, s.role) for s in staff} == {
        ("skole@demo.test", "manager"),
        ("leder@demo.test", "manager"),
    }


def test_the_new_companys_staff_reach_its_workplaces(admin_client_, world, stub) -> None:
    admin_client_.post(ADD_URL, {"cvr": BAGERI, "staff_emails": "skole@demo.test", "role": "staff"})
    workplace = Workplace.objects.get(p_number=p_number_for(404, 1))
    client = client_for(world.users["skole"])
    assert client.get(reverse("companies:workplace_detail", args=[workplace.pk])).status_code == 200


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("12345678", "er ikke et gyldigt CVR-nummer"),
        ("12345674", "findes ikke i CVR-registeret"),
        (cvr_from_seed(101), "findes allerede i portalen"),
    ],
)
def test_it_says_why_a_company_cannot_be_added(
    admin_client_, world, stub, cvr: str, message: str
) -> None:
    count = Company.objects.count()
    response = admin_client_.post(ADD_URL, {"cvr": cvr, "role": "staff"})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert Company.objects.count() == count


def test_it_refuses_unknown_staff_emails_before_adding(admin_client_, world, stub) -> None:
    response = admin_client_.post(
        ADD_URL, {"cvr": BAGERI, "staff_emails": "ukendt@demo.test", "role": "staff"}
    )
    assert "ukendt@demo.test" in response.content.decode()
    assert not Company.objects.filter(cvr=BAGERI).exists()


def test_the_admins_add_button_goes_to_the_cvr_lookup(admin_client_) -> None:
    response = admin_client_.get(reverse("admin:companies_company_add"))
    assert response.status_code == 302
    assert response.url == ADD_URL
    changelist = admin_client_.get(reverse("admin:companies_company_changelist"))
    assert ADD_URL in changelist.content.decode()
    assert "Tilføj virksomhed fra CVR" in html.unescape(changelist.content.decode())


def test_only_portal_admins_may_add(world) -> None:
    response = client_for(world.users["virksomhed"]).get(ADD_URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_the_change_list_action_syncs_the_selected_companies(admin_client_, world, stub) -> None:
    from companies.cvr.documents import COMPANIES

    kommune = world.companies["kommune"]
    document = stub.read(COMPANIES, kommune.cvr)
    document["virksomhedMetadata"]["nyesteNavn"]["navn"] = "Havnestad Storkommune"
    stub.write(COMPANIES, kommune.cvr, document)
    response = admin_client_.post(
        reverse("admin:companies_company_changelist"),
        {"action": "sync_from_cvr", "_selected_action": [kommune.pk]},
        follow=True,
    )
    assert "Opdateret: 1" in html.unescape(response.content.decode())
    kommune.refresh_from_db()
    assert kommune.name == "Havnestad Storkommune"


def test_the_cvr_fields_are_read_only_in_the_admin(admin_client_, world) -> None:
    company = world.companies["kommune"]
    body = admin_client_.get(reverse("admin:companies_company_change", args=[company.pk]))
    assert 'name="name"' not in body.content.decode()
    assert 'name="staff-0-user"' in body.content.decode()
