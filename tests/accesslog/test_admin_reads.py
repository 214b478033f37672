"""Reading apprentices through the Django admin is logged like reading them in the portal:
the list logs the apprentices on the page, the change page its object's apprentice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accesslog.models import AccessLogEntry
from apprenticeship.models import Apprentice, EducationAgreement
from dropout_risk.demo import seed_demo_dropout_risk
from dropout_risk.models import Assessment
from training_declarations.demo import seed_demo_training_declarations
from training_declarations.models import Declaration

pytestmark = pytest.mark.django_db


def newest() -> AccessLogEntry:
    return AccessLogEntry.objects.latest("id")


def test_the_apprentice_list_logs_every_apprentice_on_the_page(world, as_user) -> None:
    response = as_user("admin").get(reverse("admin:apprenticeship_apprentice_changelist"))
    assert response.status_code == 200
    shown = {a.pk for a in response.context["cl"].result_list}
    entry = newest()
    assert entry.purpose == "admin.read"
    assert set(entry.apprentice_ids) == shown
    assert entry.user_email == world.users["admin"].email
    assert set(entry.apprentice_ids) <= set(Apprentice.objects.values_list("pk", flat=True))


def test_one_apprentice_page_logs_that_apprentice(world, as_user) -> None:
    apprentice = world.apprentices[0]
    url = reverse("admin:apprenticeship_apprentice_change", args=[apprentice.pk])
    assert as_user("admin").get(url).status_code == 200
    assert newest().apprentice_ids == [apprentice.pk]


def test_an_agreement_page_logs_its_apprentice(world, as_user) -> None:
    agreement = EducationAgreement.objects.first()
    url = reverse("admin:apprenticeship_educationagreement_change", args=[agreement.pk])
    assert as_user("admin").get(url).status_code == 200
    assert newest().apprentice_ids == [agreement.apprentice_id]


def test_assessments_and_declarations_in_the_admin_are_logged(world, as_user) -> None:
    seed_demo_dropout_risk(world)
    seed_demo_training_declarations(world)
    client = as_user("admin")
    for model, name in ((Assessment, "dropout_risk_assessment"),
                        (Declaration, "training_declarations_declaration")):  # fmt: skip
        obj = model.objects.first()
        before = AccessLogEntry.objects.count()
        assert client.get(reverse(f"admin:{name}_change", args=[obj.pk])).status_code == 200
        assert AccessLogEntry.objects.count() == before + 1
        assert newest().apprentice_ids == [obj.apprentice_id]


def test_an_empty_list_logs_nothing(world, as_user) -> None:
    before = AccessLogEntry.objects.count()
    url = reverse("admin:apprenticeship_apprentice_changelist")
    assert as_user("admin").get(url, {"q": "ingen-saadan-elev"}).status_code == 200
    assert AccessLogEntry.objects.count() == before
