"""Bad input on the accounts forms: login, terms, and the local administrator's "Opret
bruger"; and the shared control-character validator."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.forms import TermsAcceptForm, UserCreateForm
from accounts.models import User
from accounts.validators import CONTROL_CHARACTERS
from tests.bad_input.helpers import (
    assert_form_again,
    assert_not_500,
    control_text,
    few,
    fuzz,
    hostile_list,
    hostile_text,
    long_text,
    saved_or_form_again,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = [("staff", "Medarbejder"), ("manager", "Leder")]


def create_url(world) -> str:
    return reverse("accounts:user_create", args=["company", world.companies["kommune"].pk])


@fuzz
@given(
    name=hostile_text,
    email=st.one_of(hostile_text, st.emails(), st.emails().map(lambda e: "\x00" + e)),
    role=st.one_of(hostile_text, st.sampled_from(["staff", "manager"])),
    external_id=hostile_text,
)
def test_user_create_saves_or_shows_the_typed_values_again(
    world, name, email, role, external_id
) -> None:
    client = client_for(world.users["leder"])
    data = {"full_name": name, "email": email, "role": role, "external_id": external_id}
    response = client.post(create_url(world), data)
    if response.status_code == 302:
        user = User.objects.get(email=email.strip().lower())
        assert not CONTROL_CHARACTERS.search(user.full_name + user.external_id)
        assert "\x00" not in user.full_name + user.external_id
    else:
        assert_form_again(response, name, email, external_id)


@few
@given(field=st.sampled_from(["full_name", "email", "external_id"]), value=long_text)
def test_user_create_refuses_very_long_values(world, field, value) -> None:
    data = {"full_name": "Mona", "email": "mona@example.test", "role": "staff", field: value}
    response = client_for(world.users["leder"]).post(create_url(world), data)
    assert_form_again(response)
    assert not User.objects.filter(full_name=value).exists()


@fuzz
@given(data=st.fixed_dictionaries({n: hostile_list for n in ("full_name", "email", "role")}))
def test_user_create_takes_repeated_fields(world, data) -> None:
    saved_or_form_again(client_for(world.users["leder"]).post(create_url(world), data))


@fuzz
@given(text=control_text)
def test_the_forms_refuse_control_characters_with_a_danish_message(text) -> None:
    data = {"full_name": f"Mona{text}", "email": "mona@example.test", "role": "staff"}
    form = UserCreateForm(data, role_choices=ROLES)
    if form.is_valid():  # the control characters were at the end and stripped off
        name = form.cleaned_data["full_name"]
        assert "\x00" not in name and not CONTROL_CHARACTERS.search(name)
    else:
        message = " ".join(form.errors["full_name"])
        assert "kontroltegn" in message or "Null-tegn" in message


@fuzz
@given(accept=st.one_of(st.none(), hostile_text, hostile_list))
def test_the_terms_form_never_fails(world, accept) -> None:
    client = client_for(world.users["elev"], accepted=False)
    data = {} if accept is None else {"accept": accept, "next": accept}
    assert_not_500(client.post(reverse("accounts:terms"), data))
    TermsAcceptForm(data).is_valid()


@fuzz
@given(login=st.one_of(hostile_text, long_text), password=hostile_text)
def test_the_login_form_refuses_bad_input_with_the_form(client, world, login, password) -> None:
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    assert_not_500(response)
    if response.status_code != 429:  # the rate limit may answer first
        assert_form_again(response, login if len(login) < 255 else "")


@pytest.mark.parametrize("next_", ["0", "home", "a\nb", "/x\r\nSet-Cookie: a=b", "//evil.test/"])
def test_a_strange_next_after_the_terms_goes_to_the_front_page(world, next_) -> None:
    """redirect("0") tried to reverse a view called "0" (a 500); a line break broke the
    Location header."""
    client = client_for(world.users["elev"], accepted=False)
    response = client.post(reverse("accounts:terms"), {"accept": "on", "next": next_})
    assert response.status_code == 302
    response = client.post(reverse("accounts:terms"), {"accept": "on", "next": next_})
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.parametrize(
    "url",
    [
        "/virksomhed/arbejdssteder/?virksomhed=²",
        "/laerlinge/mine/?virksomhed=²",
        "/afslag/statistik/?aar=²",
        "/afslag/tidligere/?virksomhed=²",
        "/frafaldsrisiko/?virksomhed=²",
        "/laerlinge/mine/?virksomhed=" + "9" * 30,
    ],
)
def test_a_digit_that_is_not_0_to_9_is_not_a_server_error(world, url) -> None:
    """'²'.isdigit() is True, int('²') raises: the id parameters are read by parse_id."""
    client = client_for(world.users["virksomhed"])
    client.raise_request_exception = False
    assert client.get(url).status_code in (200, 404)
