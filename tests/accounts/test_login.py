from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = {
    "admin@demo.test": "Portaladministrator",
    "virksomhed@demo.test": "Medarbejder, Havnestad Kommune",
    "leder@demo.test": "Leder, Havnestad Kommune",
    "skole@demo.test": "Skolemedarbejder, SOSU Havnestad",
    "elev@demo.test": "Elev",
    "fylke@demo.test": "Lærlingundersøkelsen administrasjon, Vestkyst fylkeskommune",
    "kontor@demo.test": "Lærlingundersøkelsen administrasjon, Opplæringskontoret for bygg",
    "oplaering@demo.test": "Oplæringsansvarlig, Snedkeriet Ege & Søn ApS",
}


def login(client: Client, email: str, password: str = DEMO_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_redirects_anonymous_requests_to_login(client: Client) -> None:
    for url in ["/", "/virksomhed/", "/laerlinge/min-side/", "/admin/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.redirect_chain[-1][0].startswith(reverse("account_login")), url


def test_it_serves_the_login_page_and_static_files_anonymously(client: Client) -> None:
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get("/static/css/portal.css").status_code == 200


@pytest.mark.parametrize(("email", "role_label"), DEMO_ACCOUNTS.items())
def test_each_demo_account_sees_its_role_on_the_front_page(
    world, client: Client, email: str, role_label: str
) -> None:
    response = login(client, email)
    assert response.status_code == 302
    # First login: the terms come before anything else.
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:terms"))
    response = client.post(reverse("accounts:terms"), {"accept": "on", "next": "/"}, follow=True)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert role_label in body
    assert 'lang="da"' in body


def test_a_wrong_password_is_refused_with_a_message(world, client: Client) -> None:
    response = login(client, "virksomhed@demo.test", "wrong-password-123")
    assert response.status_code == 200
    assert "ikke korrekt" in response.content.decode() or "forkert" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_up_by_themself(client: Client) -> None:
    from accounts.models import User

    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-password-2026"},
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert b'name="password1"' not in response.content


def test_ping_answers_logged_in_users_only(world, as_user) -> None:
    assert as_user("skole").get(reverse("accounts:ping")).content == b"ok"
    assert Client().get(reverse("accounts:ping")).status_code == 302
