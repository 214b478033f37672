"""The visibility policy: who may see which apprentices (DESIGN.md invariant 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apprenticeship import services
from apprenticeship.models import Apprentice, EducationAgreement
from companies.models import CompanyStaff

pytestmark = pytest.mark.django_db


def staff_of(world, key: str) -> CompanyStaff:
    """The staff member with an empty selection (the demo pre-selects ten)."""
    staff = CompanyStaff.objects.get(user=world.users[key])
    staff.selections.all().delete()
    return staff


def current_at(world, company_key: str) -> list[Apprentice]:
    company = world.companies[company_key]
    return list(
        Apprentice.objects.filter(
            agreements__in=EducationAgreement.objects.current().filter(company=company)
        ).order_by("pk")
    )


def test_company_staff_see_only_the_apprentices_they_selected(world) -> None:
    staff = staff_of(world, "virksomhed")
    chosen = current_at(world, "kommune")[:3]
    services.selection_add(
        acting_user=staff.user, staff=staff, apprentice_ids=[a.pk for a in chosen]
    )
    visible = set(Apprentice.objects.visible_to(staff.user))
    assert visible == set(chosen)


def test_a_selected_apprentice_whose_agreement_ended_drops_out(world) -> None:
    staff = staff_of(world, "virksomhed")
    apprentice = current_at(world, "kommune")[0]
    services.selection_add(acting_user=staff.user, staff=staff, apprentice_ids=[apprentice.pk])
    EducationAgreement.objects.filter(apprentice=apprentice).update(
        end_date=timezone.localdate() - dt.timedelta(days=1)
    )
    assert not Apprentice.objects.visible_to(staff.user).filter(pk=apprentice.pk).exists()


def test_a_selection_does_not_reach_an_agreement_at_another_company(world) -> None:
    staff = staff_of(world, "virksomhed")
    apprentice = current_at(world, "kommune")[0]
    services.selection_add(acting_user=staff.user, staff=staff, apprentice_ids=[apprentice.pk])
    # The apprentice moves: the agreement at the municipality ends, a new one elsewhere starts.
    today = timezone.localdate()
    agreement = EducationAgreement.objects.get(apprentice=apprentice)
    EducationAgreement.objects.filter(pk=agreement.pk).update(end_date=today - dt.timedelta(1))
    EducationAgreement.objects.create(
        apprentice=apprentice,
        company=world.companies["byg"],
        education=agreement.education,
        school=agreement.school,
        start_date=today,
        end_date=today + dt.timedelta(days=365),
    )
    assert not Apprentice.objects.visible_to(staff.user).filter(pk=apprentice.pk).exists()


def test_staff_cannot_select_apprentices_of_another_company(world) -> None:
    staff = staff_of(world, "virksomhed")
    foreign = current_at(world, "snedker")[0]
    with pytest.raises(ValidationError):
        services.selection_add(acting_user=staff.user, staff=staff, apprentice_ids=[foreign.pk])
    assert not staff.selections.exists()


def test_staff_cannot_change_someone_elses_selection(world) -> None:
    staff = staff_of(world, "virksomhed")
    apprentice = current_at(world, "kommune")[0]
    with pytest.raises(ValidationError):
        services.selection_add(
            acting_user=world.users["leder"], staff=staff, apprentice_ids=[apprentice.pk]
        )


def test_school_staff_see_the_current_students_of_their_school(world) -> None:
    school = world.schools["sosu"]
    expected = set(
        Apprentice.objects.filter(
            agreements__in=EducationAgreement.objects.current().filter(school=school)
        )
    )
    visible = set(Apprentice.objects.visible_to(world.users["skole"]))
    assert visible == expected
    assert len(expected) == 30
    assert not any(a.last_name.startswith("Elev") for a in visible)  # former students


def test_an_apprentice_sees_only_themself(world) -> None:
    user = world.users["elev"]
    assert list(Apprentice.objects.visible_to(user)) == [user.apprentice]


def test_the_portal_admin_sees_everyone(world) -> None:
    assert Apprentice.objects.visible_to(world.users["admin"]).count() == Apprentice.objects.count()


@pytest.mark.parametrize("key", ["fylke", "kontor", "oplaering", "leder"])
def test_roles_without_a_selection_see_no_apprentices(world, key: str) -> None:
    assert not Apprentice.objects.visible_to(world.users[key]).exists()


def test_a_deactivated_user_sees_nothing(world) -> None:
    user = world.users["skole"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not Apprentice.objects.visible_to(user).exists()
