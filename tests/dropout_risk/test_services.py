"""assessment_register: validation, history, "Ikke angivet", the selection rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from apprenticeship.models import Apprentice, StaffSelection
from companies.models import CompanyStaff
from dropout_risk.models import Assessment, LatestAssessment, RiskLevel
from dropout_risk.services import assessment_register
from tests.dropout_risk.conftest import elev, unassessed, unselected_sosu

pytestmark = pytest.mark.django_db


def register(world, staff, apprentice, level):
    return assessment_register(
        acting_user=world.users["virksomhed"], staff=staff, apprentice=apprentice, level=level
    )


def test_it_registers_the_level_with_who_when_and_workplace(world, karen_staff) -> None:
    apprentice = elev(world)
    assessment = register(world, karen_staff, apprentice, RiskLevel.HIGH)
    latest = LatestAssessment.objects.get(apprentice=apprentice)
    assert (latest.level, latest.registered_by_name) == ("high", "Karen Holm")
    assert latest.assessment == assessment
    assert assessment.company == world.companies["kommune"]
    assert assessment.workplace == apprentice.agreements.get().workplace
    assert assessment.education.is_sosu
    assert abs((timezone.now() - assessment.registered_at).total_seconds()) < 5


@pytest.mark.parametrize("level", ["", "critical", "HIGH", "Høj", None])
def test_it_refuses_an_unknown_level(risk_world, karen_staff, level) -> None:
    world = risk_world
    with pytest.raises(ValidationError) as error:
        register(world, karen_staff, elev(world), level)
    assert "Vælg en af de fire frafaldsrisici." in error.value.messages
    assert Assessment.objects.filter(apprentice=elev(world)).count() == 2  # the demo's


def test_it_keeps_every_registration_as_history(world, karen_staff) -> None:
    apprentice = unassessed(world)
    first = register(world, karen_staff, apprentice, RiskLevel.LOW)
    second = register(world, karen_staff, apprentice, RiskLevel.HIGH)
    history = list(Assessment.objects.filter(apprentice=apprentice).order_by("registered_at", "pk"))
    assert history == [first, second]
    assert Assessment.objects.get(pk=first.pk).level == "low"  # not overwritten
    assert LatestAssessment.objects.get(apprentice=apprentice).assessment == second


def test_ikke_angivet_removes_the_latest_without_setting_a_new_one(world, karen_staff) -> None:
    apprentice = unassessed(world)
    register(world, karen_staff, apprentice, RiskLevel.MEDIUM)
    removal = register(world, karen_staff, apprentice, RiskLevel.NONE)
    assert not LatestAssessment.objects.filter(apprentice=apprentice).exists()
    assert removal.level == "none" and removal.registered_by_name == "Karen Holm"
    assert Assessment.objects.filter(apprentice=apprentice).count() == 2


def test_ikke_angivet_without_an_assessment_is_kept_as_history_only(world, karen_staff) -> None:
    apprentice = unassessed(world)
    register(world, karen_staff, apprentice, RiskLevel.NONE)
    assert Assessment.objects.filter(apprentice=apprentice).count() == 1
    assert not LatestAssessment.objects.filter(apprentice=apprentice).exists()


def test_it_refuses_an_apprentice_the_staff_member_has_not_selected(world, karen_staff) -> None:
    with pytest.raises(ValidationError) as error:
        register(world, karen_staff, unselected_sosu(world), RiskLevel.LOW)
    assert error.value.code == "not_selected"


def test_it_refuses_apprentices_outside_the_sosu_educations(world) -> None:
    staff = CompanyStaff.objects.get(user=world.users["oplaering"])  # at the carpentry
    carpenter = Apprentice.objects.filter(agreements__company=staff.company).first()
    StaffSelection.objects.create(staff=staff, apprentice=carpenter)
    with pytest.raises(ValidationError) as error:
        assessment_register(
            acting_user=world.users["oplaering"], staff=staff, apprentice=carpenter, level="low"
        )
    assert error.value.code == "not_sosu"
    assert "social- og sundhedshjælper og social- og sundhedsassistent" in error.value.messages[0]


def test_it_refuses_an_apprentice_without_a_current_agreement_at_the_company(
    world, karen_staff
) -> None:
    former = Apprentice.objects.get(email="tidligere1@elev.demo.test")
    with pytest.raises(ValidationError) as error:
        register(world, karen_staff, former, RiskLevel.LOW)
    assert error.value.code == "no_agreement"


def test_it_refuses_to_act_in_someone_elses_name(world, karen_staff) -> None:
    with pytest.raises(ValidationError):
        assessment_register(
            acting_user=world.users["leder"],
            staff=karen_staff,
            apprentice=elev(world),
            level=RiskLevel.LOW,
        )


def test_the_database_refuses_a_latest_row_with_level_none(world, karen_staff) -> None:
    assessment = register(world, karen_staff, elev(world), RiskLevel.LOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        LatestAssessment.objects.filter(apprentice=assessment.apprentice).update(level="none")


def test_the_database_refuses_an_unknown_level_in_the_history(world, karen_staff) -> None:
    assessment = register(world, karen_staff, elev(world), RiskLevel.LOW)
    values = {f.attname: getattr(assessment, f.attname) for f in Assessment._meta.concrete_fields}
    values.update(id=None, level="critical")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.bulk_create([Assessment(**values)])


def test_postgres_refuses_to_change_or_delete_history(
    world, karen_staff, requires_postgres
) -> None:
    assessment = register(world, karen_staff, elev(world), RiskLevel.LOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(level="high")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(registered_by_name="Someone Else")
    with pytest.raises(IntegrityError), transaction.atomic():
        LatestAssessment.objects.filter(assessment=assessment).delete()
        Assessment.objects.filter(pk=assessment.pk).delete()
    assert Assessment.objects.get(pk=assessment.pk).level == "low"


def test_postgres_lets_a_deleted_user_go_and_keeps_the_name(world, requires_postgres) -> None:
    # A user of their own: the demo's rejections protect Karen Holm from deletion.
    leaver = User.objects.create_user("leaver@demo.test", full_name="Lene Leaver")
    staff = CompanyStaff.objects.create(user=leaver, company=world.companies["kommune"])
    apprentice = unassessed(world)
    StaffSelection.objects.create(staff=staff, apprentice=apprentice)
    assessment = assessment_register(
        acting_user=leaver, staff=staff, apprentice=apprentice, level=RiskLevel.LOW
    )
    leaver.delete()
    assessment.refresh_from_db()
    assert assessment.registered_by_id is None
    assert assessment.registered_by_name == "Lene Leaver"


def test_postgres_refuses_history_changes_from_replicas_and_truncate(
    world, karen_staff, requires_postgres
) -> None:
    from django.db import connection

    assessment = register(world, karen_staff, elev(world), RiskLevel.LOW)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        # Replication sessions skip ordinary triggers; this one is ENABLE ALWAYS.
        cursor.execute("SET LOCAL session_replication_role = replica")
        Assessment.objects.filter(pk=assessment.pk).update(level="high")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's pending FK checks
        cursor.execute("SET LOCAL dropout_risk.strict = 'on'")  # as outside a test database
        cursor.execute("TRUNCATE dropout_risk_assessment CASCADE")
    assert Assessment.objects.get(pk=assessment.pk).level == "low"
