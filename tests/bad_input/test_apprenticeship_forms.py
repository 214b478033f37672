"""Bad input on apprenticeship: the bulk "Tilføj"/"Fjern" on Mine lærlinge, its filters,
and the page and company parameters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from apprenticeship.forms import MAX_BULK, SelectionChangeForm
from tests.bad_input.helpers import assert_not_500, fuzz, hostile_text, hostile_value
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = reverse("apprenticeship:my_apprentices")
ids = st.one_of(
    hostile_text, st.integers(min_value=-(2**70), max_value=2**70).map(str), st.just("²")
)


@fuzz
@given(
    chosen=st.lists(ids, max_size=5),
    next_=hostile_text,
    company=hostile_text,
    action=st.sampled_from(["selection_add", "selection_remove"]),
)
def test_the_bulk_selection_never_fails(world, chosen, next_, company, action) -> None:
    client = client_for(world.users["virksomhed"])
    data = {"apprentices": chosen, "next": next_, "virksomhed": company}
    response = client.post(reverse(f"apprenticeship:{action}"), data)
    assert_not_500(response)
    if response.status_code == 302:
        assert response.url.startswith("/")


@fuzz
@given(chosen=st.lists(ids, min_size=1, max_size=5))
def test_the_selection_form_reads_only_plain_ids(chosen) -> None:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("apprentices", chosen)
    form = SelectionChangeForm(data)
    if form.is_valid():
        assert all(0 <= i < 10**18 for i in form.cleaned_data["apprentices"])
    else:
        assert form.non_field_errors()


def test_more_than_the_bulk_limit_is_refused(world) -> None:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("apprentices", [str(i) for i in range(MAX_BULK + 1)])
    assert not SelectionChangeForm(data).is_valid()


@fuzz
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            name: hostile_value
            for name in ("q", "education", "workplace", "shown", "side", "virksomhed")
        },
    )
)
def test_the_filters_and_pages_never_fail(world, params) -> None:
    client = client_for(world.users["virksomhed"])
    assert_not_500(client.get(PAGE, params))
    assert_not_500(
        client_for(world.users["elev"]).get(reverse("apprenticeship:my_accesses"), params)
    )
