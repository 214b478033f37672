""" "Frafaldsrisikovurderinger": aggregated counts with small cells suppressed."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessLogEntry
from apprenticeship.models import Education, Region, School
from dropout_risk import stats
from dropout_risk.models import RiskLevel
from dropout_risk.services import assessment_import
from tests.dropout_risk.conftest import add_sosu_apprentices

pytestmark = pytest.mark.django_db
PAGE = reverse("dropout_risk:statistics")


def assess(world, apprentices, level, when) -> None:
    for apprentice in apprentices:
        assessment_import(
            apprentice=apprentice,
            level=level,
            registered_by=world.users["virksomhed"],
            registered_at=when,
            agreement=apprentice.agreements.get(),
        )


@pytest.fixture
def isolated(world):
    """A school in its own region and an education of its own, so the demo's assessments
    stay out of the groups under test."""
    school = School.objects.create(
        name="Statistikskolen", institution_number="999001", region=Region.NORDJYLLAND
    )
    education = Education.objects.create(code="SOSU-T", name="SOSU-test", is_sosu=True)
    return {"school": school, "education": education}


def students(world, isolated, count: int):
    return add_sosu_apprentices(world, count, **isolated)


def group(dimension: str, period: str, label: str):
    return next(g for g in stats.grouped(dimension, period) if g.label == label)


def this_quarter():
    return group("uddannelse", "kvartal", "SOSU-test")


def test_cells_under_five_are_shown_as_under_five_and_left_out_of_totals(world, isolated) -> None:
    now = timezone.now()
    nine = students(world, isolated, 9)
    assess(world, nine[:6], RiskLevel.HIGH, now - dt.timedelta(minutes=5))
    assess(world, nine[6:], RiskLevel.LOW, now - dt.timedelta(minutes=5))
    row = this_quarter().rows[-1]
    high, low = row.cells[3], row.cells[1]
    assert (high.display, low.display) == ("6", "<5")
    assert row.total.display == "6*"  # the 3 are not in the total


def test_each_student_counts_once_by_the_last_level_in_the_period(world, isolated) -> None:
    now = timezone.now()
    five = students(world, isolated, 5)
    assess(world, five, RiskLevel.LOW, now - dt.timedelta(minutes=10))
    assess(world, five, RiskLevel.HIGH, now - dt.timedelta(minutes=5))
    row = this_quarter().rows[-1]
    assert [c.display for c in row.cells] == ["0", "0", "0", "5"]


def test_regions_and_schools_are_sums_of_the_shown_cells_only(world, isolated) -> None:
    now = timezone.now()
    seven = students(world, isolated, 7)
    assess(world, seven[:5], RiskLevel.MEDIUM, now - dt.timedelta(minutes=5))
    assess(world, seven[5:], RiskLevel.HIGH, now - dt.timedelta(minutes=5))
    labels = {"skole": "Statistikskolen", "region": "Region Nordjylland", "uddannelse": "SOSU-test"}
    for dimension, label in labels.items():
        cells = group(dimension, "maaned", label).rows[-1].cells
        assert (cells[2].display, cells[3].display) == ("5", "<5"), dimension


def test_periods_are_quarters_or_months_oldest_first() -> None:
    quarters = stats.periods("kvartal", dt.date(2026, 2, 10))
    assert [p.label for p in quarters][-2:] == ["2025 K4", "2026 K1"] and len(quarters) == 8
    assert quarters[0].start == dt.date(2024, 4, 1)
    months = stats.periods("maaned", dt.date(2026, 2, 10))
    assert len(months) == 12 and months[0].start == dt.date(2025, 3, 1)
    assert months[-1].end == dt.date(2026, 3, 1)


def test_school_staff_and_admins_see_charts_and_tables_and_nothing_is_logged(
    risk_world, as_user
) -> None:
    for who in ("skole", "admin"):
        response = as_user(who).get(PAGE, {"dimension": "region", "period": "maaned"})
        body = response.content.decode()
        assert response.status_code == 200
        assert 'role="img"' in body and "<title id=" in body and "<desc id=" in body
        assert "Region Midtjylland" in body and 'data-testid="stats-table"' in body
        assert "Sofie" not in body and "Karen Holm" not in body
    assert not AccessLogEntry.objects.exists()


def test_others_are_refused(risk_world, as_user) -> None:
    for who in ("virksomhed", "elev"):
        assert as_user(who).get(PAGE).status_code == 403


def test_a_bad_choice_shows_the_default(risk_world, as_user) -> None:
    response = as_user("skole").get(PAGE, {"dimension": "<script>", "period": "x"})
    assert response.status_code == 200 and "<script>" not in response.content.decode()


def test_a_broken_cache_only_costs_the_recomputation(risk_world, as_user) -> None:
    with (
        mock.patch.object(stats.cache, "get", side_effect=ConnectionError),
        mock.patch.object(stats.cache, "set", side_effect=ConnectionError),
    ):
        assert as_user("skole").get(PAGE).status_code == 200


def test_the_counts_are_cached_for_every_view_of_the_page(world) -> None:
    spans = stats.periods("kvartal", timezone.localdate())
    with mock.patch.object(stats, "finest_counts", wraps=stats.finest_counts) as compute:
        for dimension in ("uddannelse", "skole", "region"):
            stats.grouped(dimension, "kvartal")
        stats.cached_finest_counts("kvartal", spans)
    assert compute.call_count == 1


def test_the_hourly_task_fills_the_cache(world) -> None:
    from dropout_risk.tasks import warm_statistics

    warm_statistics.delay()
    with mock.patch.object(stats, "finest_counts") as compute:
        stats.grouped("region", "maaned")
        stats.grouped("skole", "kvartal")
    compute.assert_not_called()
