"""'Virksomhedens side' → 'Arbejdssteder' → 'Rediger' → 'Rediger' → 'Gem', and who may."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Workplace
from tests.companies.conftest import add_staff, make_company
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def link(response, label: str, *, near: str = "") -> str:
    """The href of the first link whose text starts with `label` (after `near`, if given)."""
    body = response.content.decode()
    body = body[body.index(near) :] if near else body
    match = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>\s*{re.escape(label)}', body)
    assert match, f"no link {label!r}"
    return html.unescape(match.group(1))


def form_with_button(response, label: str) -> str:
    """The action of the form whose submit button says `label`."""
    forms = re.findall(
        r'<form [^>]*action="([^"]+)"[^>]*>(.*?)</form>', response.content.decode(), re.S
    )
    actions = [action for action, body in forms if re.search(rf">\s*{label}\s*</button>", body)]
    assert len(actions) == 1, f"no single form with a {label!r} button"
    return html.unescape(actions[0])


def list_url(workplace: Workplace) -> str:
    return f"{reverse('companies:workplace_list')}?virksomhed={workplace.company_id}"


def detail_url(workplace: Workplace) -> str:
    return reverse("companies:workplace_detail", args=[workplace.pk])


def edit_url(workplace: Workplace) -> str:
    return reverse("companies:workplace_contact_edit", args=[workplace.pk])


def save_url(workplace: Workplace) -> str:
    return reverse("companies:workplace_contact_save", args=[workplace.pk])


CONTACT = {
    "contact_person": "Lone Berg",
    "email": "lone.berg@havnestad.demo.test",
    "phone": "22 33 44 55",
    "website": "www.solgaarden.dk",
}


# --- The guide ----------------------------------------------------------------------------


def test_it_follows_the_guides_six_steps(as_user, world) -> None:
    client = as_user("virksomhed")  # 1. logged in (employee login)
    home = client.get("/")
    company_page = client.get(link(home, "Virksomhedens side"))  # 2.
    assert company_page.status_code == 200
    workplaces = client.get(link(company_page, "Arbejdssteder"))  # 3.
    assert "Plejecenter Lindely" in text(workplaces)
    workplace = client.get(link(workplaces, "Rediger", near="Plejecenter Lindely"))  # 4.
    assert "<h1>Plejecenter Lindely</h1>" in workplace.content.decode()
    form_page = client.get(link(workplace, "Rediger", near="Kontaktoplysninger"))  # 5.
    saved = client.post(form_with_button(form_page, "Gem"), CONTACT, follow=True)  # 6.

    assert "Kontaktoplysningerne er gemt." in text(saved)
    listing = text(client.get(link(company_page, "Arbejdssteder")))
    for shown in ("Lone Berg", "lone.berg@havnestad.demo.test", "+45 22 33 44 55"):
        assert shown in listing
    assert "https://www.solgaarden.dk" in listing


def test_it_stores_the_contact_data_normalised(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    response = as_user("virksomhed").post(
        save_url(workplace), {**CONTACT, "phone": "+47 22 33 44 55"}
    )
    assert response.status_code == 302
    assert response.url == detail_url(workplace)
    workplace.refresh_from_db()
    assert workplace.phone == "+4722334455"
    assert workplace.website == "https://www.solgaarden.dk"
    assert workplace.contact_updated_by == world.users["virksomhed"]


def test_it_lets_a_user_clear_the_contact_data(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    client = as_user("virksomhed")
    client.post(save_url(workplace), CONTACT)
    client.post(save_url(workplace), dict.fromkeys(CONTACT, ""))
    workplace.refresh_from_db()
    assert (workplace.contact_person, workplace.email, workplace.phone, workplace.website) == (
        ("", "", "", "")
    )


def test_it_shows_the_cvr_fields_read_only_with_the_virk_dk_note(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    for url in (detail_url(workplace), edit_url(workplace)):
        body = text(as_user("virksomhed").get(url))
        assert "virk.dk" in body
        assert workplace.p_number in body
        assert 'name="p_number"' not in body and 'name="name"' not in body


def test_it_marks_the_breadcrumb_trail(as_user, world) -> None:
    body = text(as_user("virksomhed").get(list_url(world.workplaces["kommune"][0])))
    assert re.search(r"Virksomhedens side</a> ›\s*</li>\s*<li[^>]*>Arbejdssteder", body)


# --- The e-mail shown ----------------------------------------------------------------------


def test_it_shows_the_companys_cvr_email_when_none_is_entered(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    client = as_user("virksomhed")
    listing = text(client.get(list_url(workplace)))
    assert "post@havnestad.demo.test" in listing
    assert "fra CVR-registeret" in listing
    detail = text(client.get(detail_url(workplace)))
    assert "Virksomhedens e-mail fra CVR-registeret" in detail


def test_it_shows_the_portals_email_when_one_is_entered(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    client = as_user("virksomhed")
    client.post(save_url(workplace), CONTACT)
    detail = text(client.get(detail_url(workplace)))
    assert "lone.berg@havnestad.demo.test" in detail
    assert "Indtastet på portalen." in detail
    assert "post@havnestad.demo.test" not in detail


def test_it_says_when_there_is_no_email_at_all(as_user, world) -> None:
    workplace = world.workplaces["byg"][0]  # the company's only e-mail in CVR is secret
    body = text(client_for(world.users["admin"]).get(detail_url(workplace)))
    assert "Hverken arbejdsstedet eller virksomheden" in body


def test_the_model_falls_back_to_the_cvr_email(world) -> None:
    workplace = world.workplaces["kommune"][0]
    assert (workplace.shown_email, workplace.email_source) == ("post@havnestad.demo.test", "cvr")
    workplace.email = "afd@x.dk"
    assert (workplace.shown_email, workplace.email_source) == ("afd@x.dk", "portal")
    workplace.email, workplace.company.cvr_email = "", ""
    assert (workplace.shown_email, workplace.email_source) == ("", "none")


def test_the_sql_annotation_agrees_with_the_model(world) -> None:
    Workplace.objects.filter(pk=world.workplaces["kommune"][0].pk).update(email="afd@x.dk")
    for workplace in Workplace.objects.with_shown_email().select_related("company"):
        assert (workplace.shown_email_value or "") == workplace.shown_email, workplace


# --- Validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "lone@", "Skriv en gyldig e-mailadresse"),
        ("phone", "1234", "er ikke et gyldigt telefonnummer"),
        ("phone", "+47 123", "er ikke et gyldigt telefonnummer"),
        ("phone", "ring til Lone", "er ikke et gyldigt telefonnummer"),
        ("website", "http://", "Skriv en gyldig webadresse"),
        ("website", "ikke en adresse", "Skriv en gyldig webadresse"),
    ],
)
def test_it_keeps_an_invalid_value_and_says_what_is_wrong(
    as_user, world, field: str, value: str, message: str
) -> None:
    workplace = world.workplaces["kommune"][0]
    response = as_user("virksomhed").post(save_url(workplace), {**CONTACT, field: value})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in html.unescape(body)
    assert f'value="{html.escape(value)}"' in body  # what the user typed, as typed
    assert 'value="Lone Berg"' in body  # and the valid fields too
    assert "Formularen er ikke gemt" in html.unescape(body)
    workplace.refresh_from_db()
    assert workplace.contact_person == ""


def test_the_service_refuses_what_the_form_would(world) -> None:
    from django.core.exceptions import ValidationError

    from companies.services import workplace_update_contact

    workplace = world.workplaces["kommune"][0]
    values = {**CONTACT, "email": "ikke-en-mail", "website": "https://ok.dk"}
    with pytest.raises(ValidationError) as caught:
        workplace_update_contact(
            acting_user=world.users["virksomhed"], workplace=workplace, **values
        )
    assert set(caught.value.message_dict) == {"email"}
    with pytest.raises(ValidationError) as caught:
        workplace_update_contact(
            acting_user=world.users["virksomhed"], workplace=workplace, **{**CONTACT, "phone": "12"}
        )
    assert set(caught.value.message_dict) == {"phone"}


def test_the_database_refuses_a_phone_number_that_is_not_normalised(world) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Workplace.objects.filter(pk=world.workplaces["kommune"][0].pk).update(phone="22334455")


# --- Who may ----------------------------------------------------------------------------


def test_another_companys_workplace_answers_404(as_user, world) -> None:
    other = world.workplaces["snedker"][0]
    client = as_user("virksomhed")
    for url in (detail_url(other), edit_url(other)):
        assert client.get(url).status_code == 404, url
    assert client.post(save_url(other), CONTACT).status_code == 404
    other.refresh_from_db()
    assert other.contact_person == ""


def test_another_companys_workplace_list_answers_404(as_user, world) -> None:
    response = as_user("virksomhed").get(list_url(world.workplaces["snedker"][0]))
    assert response.status_code == 404


def test_the_list_without_a_company_shows_the_users_own(as_user, world) -> None:
    response = as_user("oplaering").get(reverse("companies:workplace_list"))
    assert "Snedkeriet Ege &amp; Søn – værkstedet" in response.content.decode()
    assert "Plejecenter" not in response.content.decode()


@pytest.mark.parametrize("role", ["virksomhed", "leder"])
def test_every_staff_role_of_the_company_may_edit(as_user, world, role: str) -> None:
    workplace = world.workplaces["kommune"][1]
    assert as_user(role).post(save_url(workplace), CONTACT).status_code == 302


def test_training_responsible_staff_may_edit_their_own_company(as_user, world) -> None:
    workplace = world.workplaces["snedker"][0]
    assert as_user("oplaering").post(save_url(workplace), CONTACT).status_code == 302


@pytest.mark.parametrize("role", ["skole", "elev", "fylke", "kontor"])
def test_people_outside_companies_get_404(as_user, world, role: str) -> None:
    workplace = world.workplaces["kommune"][0]
    client = as_user(role)
    for url in (
        reverse("companies:company"),
        reverse("companies:workplace_list"),
        detail_url(workplace),
        edit_url(workplace),
    ):
        assert client.get(url).status_code == 404, (role, url)
    assert client.post(save_url(workplace), CONTACT).status_code == 404


def test_a_portal_admin_reaches_every_company(world) -> None:
    client = client_for(world.users["admin"])
    workplace = world.workplaces["byg"][0]
    assert "Nordlys Byg A/S" in text(client.get(list_url(workplace)))
    assert client.post(save_url(workplace), CONTACT).status_code == 302


def test_anonymous_users_are_sent_to_login(client: Client, world) -> None:
    workplace = world.workplaces["kommune"][0]
    for url in (list_url(workplace), detail_url(workplace), edit_url(workplace)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert client.post(save_url(workplace), CONTACT).status_code == 302
    workplace.refresh_from_db()
    assert workplace.contact_person == ""


def test_it_requires_accepted_terms(as_user, world) -> None:
    response = as_user("virksomhed", accepted=False).get(list_url(world.workplaces["kommune"][0]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:terms"))


def test_saving_is_post_only_and_pages_are_get_only(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    client = as_user("virksomhed")
    assert client.get(save_url(workplace)).status_code == 405
    assert client.post(edit_url(workplace), CONTACT).status_code == 405
    assert client.post(detail_url(workplace)).status_code == 405
    assert client.post(list_url(workplace)).status_code == 405


def test_saving_needs_the_csrf_token(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["virksomhed"])
    from tests.conftest import accept_terms

    accept_terms(world.users["virksomhed"])
    workplace = world.workplaces["kommune"][0]
    assert client.post(save_url(workplace), CONTACT).status_code == 403


def test_an_absurd_company_id_is_not_found(as_user, world) -> None:
    url = f"{reverse('companies:workplace_list')}?virksomhed={'9' * 30}"
    assert as_user("virksomhed").get(url).status_code == 200  # ignored: the user's own company
    assert as_user("virksomhed").get(detail_url(Workplace(pk=2**62))).status_code == 404


# --- The list: pagination, search, closed units, queries ---------------------------------


def test_it_paginates_the_list_25_a_page(world) -> None:
    user = world.users["virksomhed"]
    company = make_company("10000003", workplaces=60)
    add_staff(company, user)
    client = client_for(user)
    url = f"{reverse('companies:workplace_list')}?virksomhed={company.pk}"
    first = text(client.get(url))
    assert first.count(">Rediger<") == 25
    assert "Side 1 af 3" in first
    assert f"?virksomhed={company.pk}&side=2" in first
    last = text(client.get(url + "&side=3"))
    assert last.count(">Rediger<") == 10
    assert "Afdeling 060" in last


def test_it_renders_500_workplaces_with_a_constant_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.users["virksomhed"]
    small, large = make_company("10000003", workplaces=3), make_company("10000011", workplaces=500)
    for company in (small, large):
        add_staff(company, user)
    client = client_for(user)
    client.get("/")  # warm the session and the caches the first request fills
    counts = []
    for company, page in ((small, 1), (large, 1), (large, 20)):
        url = f"{reverse('companies:workplace_list')}?virksomhed={company.pk}&side={page}"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    # The page itself needs 3 (company, COUNT, rows); the rest is session, terms and roles.
    with django_assert_max_num_queries(20):
        client.get(f"{reverse('companies:workplace_list')}?virksomhed={large.pk}&side=7")


def test_it_finds_a_workplace_by_name_or_p_number(as_user, world) -> None:
    workplace = world.workplaces["kommune"][2]
    client = as_user("virksomhed")
    for query in ("hjemmeplejen nord", workplace.p_number):
        body = text(client.get(f"{list_url(workplace)}&q={query}"))
        assert "Hjemmeplejen Nord" in body
        assert "Plejecenter Solgården" not in body


def test_it_marks_closed_workplaces(as_user, world) -> None:
    workplace = world.workplaces["kommune"][0]
    Workplace.objects.filter(pk=workplace.pk).update(status=Workplace.Status.CLOSED)
    body = text(as_user("virksomhed").get(f"{list_url(workplace)}&q={workplace.p_number}"))
    assert "Ophørt" in body


def test_the_company_page_links_to_the_workplaces(as_user, world) -> None:
    response = as_user("virksomhed").get(reverse("companies:company"))
    assert link(response, "Arbejdssteder").startswith(reverse("companies:workplace_list"))
