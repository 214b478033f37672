""" "Min side" and "Hvem har set mine oplysninger" for the apprentice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accesslog.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_min_side_shows_the_agreement_and_logs_the_read(world, as_user) -> None:
    response = as_user("elev").get(reverse("apprenticeship:my_page"))
    assert response.status_code == 200
    assert "Havnestad Kommune" in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.apprentice_ids == [world.users["elev"].apprentice.pk]
    assert entry.role_kind == "apprentice"


def test_the_apprentice_sees_who_looked_without_the_staff_members_name(world, as_user) -> None:
    me = world.users["elev"].apprentice
    as_user("virksomhed").get(reverse("apprenticeship:apprentice_detail", args=[me.pk]))
    response = as_user("elev").get(reverse("apprenticeship:my_accesses"))
    rows = response.context["rows"]
    assert len(rows) == 1  # the staff member's look; the apprentice's own views are left out
    _at, organisation, purpose = rows[0]
    assert organisation == "Havnestad Kommune"
    assert purpose == "Lærlingens profil"
    assert "Karen Holm" not in response.content.decode()


def test_other_apprentices_accesses_are_not_shown(world, as_user) -> None:
    other = world.apprentices[1]
    as_user("virksomhed").get(reverse("apprenticeship:apprentice_detail", args=[other.pk]))
    response = as_user("elev").get(reverse("apprenticeship:my_accesses"))
    assert response.context["rows"] == []
    assert "Ingen har set dine oplysninger endnu." in response.content.decode()


@pytest.mark.parametrize("key", ["virksomhed", "skole", "admin"])
def test_only_apprentices_have_a_min_side(world, as_user, key: str) -> None:
    assert as_user(key).get(reverse("apprenticeship:my_page")).status_code == 404
    assert as_user(key).get(reverse("apprenticeship:my_accesses")).status_code == 404
