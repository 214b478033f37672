"""Bad input on the companies forms: the workplace contact form, the workplace search and
the admin's "Tilføj virksomhed fra CVR"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from companies.forms import AddCompanyFromCvrForm, WorkplaceContactForm, WorkplaceSearchForm
from companies.models import Workplace
from tests.bad_input.helpers import (
    assert_form_again,
    assert_not_500,
    few,
    fuzz,
    hostile_list,
    hostile_text,
    long_text,
    saved_or_form_again,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CONTACT_FIELDS = ("contact_person", "email", "phone", "website")


def save_url(workplace: Workplace) -> str:
    return reverse("companies:workplace_contact_save", args=[workplace.pk])


@fuzz
@given(data=st.fixed_dictionaries({name: hostile_text for name in CONTACT_FIELDS}))
def test_the_contact_form_saves_or_shows_the_typed_values_again(as_user, world, data) -> None:
    workplace = world.workplaces["kommune"][0]
    response = as_user("virksomhed").post(save_url(workplace), data)
    if response.status_code == 302:
        workplace.refresh_from_db()
        assert "\x00" not in workplace.contact_person + workplace.email + workplace.website
    else:
        assert_form_again(response, *data.values())


@few
@given(name=st.sampled_from(CONTACT_FIELDS), value=long_text)
def test_the_contact_form_refuses_very_long_values(as_user, world, name, value) -> None:
    workplace = world.workplaces["kommune"][0]
    response = as_user("virksomhed").post(save_url(workplace), {name: value})
    assert_form_again(response)
    assert "form-error-message" in response.content.decode()


@fuzz
@given(data=st.fixed_dictionaries({name: hostile_list for name in CONTACT_FIELDS}))
def test_the_contact_form_takes_repeated_fields(as_user, world, data) -> None:
    workplace = world.workplaces["kommune"][0]
    saved_or_form_again(as_user("virksomhed").post(save_url(workplace), data))


@fuzz
@given(data=st.fixed_dictionaries({name: hostile_text for name in CONTACT_FIELDS}))
def test_the_contact_form_class_never_raises(data) -> None:
    form = WorkplaceContactForm(data)
    if form.is_valid():
        assert all("\x00" not in str(v) for v in form.cleaned_data.values())


@fuzz
@given(q=st.one_of(hostile_text, long_text), page=hostile_text, company=hostile_text)
def test_the_workplace_search_never_fails(as_user, world, q, page, company) -> None:
    url = reverse("companies:workplace_list")
    response = as_user("virksomhed").get(url, {"q": q, "side": page, "virksomhed": company})
    assert_not_500(response)
    assert WorkplaceSearchForm({"q": q}).search() in ("", q.strip())


@fuzz
@given(cvr=hostile_text, emails=st.one_of(hostile_text, long_text), role=hostile_text)
def test_add_company_from_cvr_refuses_bad_input_with_the_form(
    world, stub, cvr, emails, role
) -> None:
    client = client_for(world.users["admin"])
    url = reverse("admin:companies_company_add_from_cvr")
    data = {"cvr": cvr, "staff_emails": emails, "role": role}
    response = client.post(url, data)
    saved_or_form_again(response, cvr if len(cvr) <= 20 else "")


def test_add_company_from_cvr_refuses_thousands_of_staff_emails(world) -> None:
    emails = "\n".join(f"person{i}@example.test" for i in range(40_000))
    form = AddCompanyFromCvrForm({"cvr": "x", "staff_emails": emails, "role": "staff"})
    assert not form.is_valid()
    assert "staff_emails" in form.errors


def test_a_post_over_the_request_size_limit_is_refused_not_a_server_error(as_user, world) -> None:
    """DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB) answers 400 before any form sees the data."""
    workplace = world.workplaces["kommune"][0]
    client = as_user("virksomhed")
    client.raise_request_exception = False
    response = client.post(save_url(workplace), {"contact_person": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 400
