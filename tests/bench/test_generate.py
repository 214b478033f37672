"""bench/generate.py at the tiny size: the same seed gives the same data, and the data keeps
the invariants the pages rely on (a current agreement's workplace is its company's; the
latest dropout-risk row is the newest history row, absent after "Ikke angivet")."""

from __future__ import annotations

import pytest
from django.db.models import Max

from accesslog.models import AccessLogEntry
from apprenticeship.models import Apprentice, EducationAgreement, StaffSelection
from bench import generate
from dropout_risk.models import Assessment, LatestAssessment

# Transactional: the generator TRUNCATEs tables, which PostgreSQL refuses while deferred
# foreign-key checks of the same transaction are pending.
pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> tuple:
    return (
        list(Apprentice.objects.order_by("pk").values_list("first_name", "last_name")[:20]),
        list(
            EducationAgreement.objects.order_by("pk").values_list(
                "apprentice_id", "company_id", "workplace_id", "start_date"
            )[:20]
        ),
        list(Assessment.objects.order_by("pk").values_list("apprentice_id", "level")[:20]),
        list(AccessLogEntry.objects.order_by("pk").values_list("apprentice_ids")[:20]),
    )


def test_it_is_deterministic() -> None:
    first_counts = generate.generate("tiny", 7, log=lambda _line: None)
    first = _snapshot()
    second_counts = generate.generate("tiny", 7, log=lambda _line: None)
    assert second_counts == first_counts
    assert _snapshot() == first
    assert first_counts["dropout_risk_assessment"] == generate.SIZES["tiny"].assessments


def test_it_keeps_agreements_and_latest_assessments_consistent() -> None:
    generate.generate("tiny", 3, log=lambda _line: None)
    current = EducationAgreement.objects.current().exclude(workplace=None)
    assert current.exists()
    for agreement in current.select_related("workplace"):
        assert agreement.workplace.company_id == agreement.company_id
    newest = dict(
        Assessment.objects.values("apprentice_id")
        .annotate(last=Max("registered_at"))
        .values_list("apprentice_id", "last")
    )
    latest = {row.apprentice_id: row for row in LatestAssessment.objects.all()}
    for apprentice_id, when in newest.items():
        last = Assessment.objects.get(apprentice_id=apprentice_id, registered_at=when)
        if last.level == "none":
            assert apprentice_id not in latest
        else:
            row = latest[apprentice_id]
            assert (row.assessment_id, row.level, row.assessed_at) == (
                last.pk,
                last.level,
                last.registered_at,
            )
    assert StaffSelection.objects.filter(staff__user__email=generate.COMPANY_USER).exists()


def test_it_refuses_a_database_with_other_data(django_user_model) -> None:
    django_user_model.objects.create_user("someone@example.dk", "x", full_name="Someone")
    with pytest.raises(generate.Refused):
        generate.generate("tiny", 1, log=lambda _line: None)
