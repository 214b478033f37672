""" "Afslagsårsager": aggregated statistics with small numbers suppressed."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.conf import settings
from django.urls import reverse

from rejections import services
from rejections.statistics import MIN_SHOWN, RawTable, Shown, protect, rejection_statistics
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = reverse("rejections:statistics")


def raw(key: str, grid: list[list[int]]) -> RawTable:
    columns = [f"{key}{j}" for j in range(len(grid[0]))]
    return RawTable(key=key, title=key, dimension=key, columns=columns, grid=grid)


def texts(table) -> list[list[str]]:
    rows = [[c.text for c in row.cells] + [row.total.text] for row in table.rows]
    return [*rows, [c.text for c in table.column_totals] + [table.grand_total.text]]


def test_small_cells_show_as_less_than_five_and_their_totals_are_hidden() -> None:
    (table,) = protect([raw("a", [[10, 3], [6, 7]])], ["r1", "r2"], suppress=True)
    assert texts(table) == [
        ["≥5", "<5", "skjult"],
        ["6", "7", "13"],
        ["skjult", "skjult", "skjult"],
    ]


def test_zero_is_shown_and_needs_no_protection() -> None:
    (table,) = protect([raw("a", [[10, 0], [6, 7]])], ["r1", "r2"], suppress=True)
    assert texts(table) == [["10", "0", "10"], ["6", "7", "13"], ["16", "7", "23"]]


def test_a_number_hidden_in_one_table_cannot_be_worked_out_from_another() -> None:
    """The leak this rule closes: 40 + "<5" in one table and 43 + "<5" in another would
    give 4 and 1 (and a fully shown row elsewhere would give the total)."""
    tables = protect(
        [raw("edu", [[30, 14]]), raw("region", [[40, 4]]), raw("quarter", [[10, 13, 20, 1]])],
        ["r1"],
        suppress=True,
    )
    shown = [c for t in tables for c in t.rows[0].cells if not c.hidden]
    assert shown == []  # every non-zero cell of the sensitive reason is hidden everywhere
    assert [t.rows[0].total.hidden for t in tables] == [True, True, True]
    assert [c.text for c in tables[1].rows[0].cells] == ["≥5", "<5"]


def test_when_the_bounds_would_pin_a_number_it_is_shown_only_as_hidden() -> None:
    # One table: four cells under 5; another: one cell under 5. Together: the total is at
    # most 4, so the four must each be 1. Shown without bounds instead.
    tables = protect([raw("a", [[1, 1, 1, 1]]), raw("b", [[4, 0]])], ["r1"], suppress=True)
    assert [c.text for c in tables[0].rows[0].cells] == ["skjult"] * 4
    assert [c.text for c in tables[1].rows[0].cells] == ["skjult", "0"]


def brute_force_pins(tables) -> bool:
    """Whether the reader could pin any hidden cell of row 0, by trying every value."""
    cells = [[(c.shown, c.value) for c in t.rows[0].cells if c.hidden and c.value] for t in tables]
    ranges = {
        Shown.SMALL: range(1, MIN_SHOWN),
        Shown.LARGE: range(MIN_SHOWN, 16),
        Shown.HIDDEN: range(1, 16),
    }
    possible: list[list[set[int]]] = [[set() for _c in table] for table in cells]
    sums_per_table = []
    for table in cells:
        sums: dict[int, list[tuple[int, ...]]] = {}
        for combo in itertools.product(*(ranges[shown] for shown, _v in table)):
            sums.setdefault(sum(combo), []).append(combo)
        sums_per_table.append(sums)
    common = set.intersection(*(set(s) for s in sums_per_table))
    for t, sums in enumerate(sums_per_table):
        for total in common:
            for combo in sums[total]:
                for j, value in enumerate(combo):
                    possible[t][j].add(value)
    return any(len(values) == 1 for table in possible for values in table)


@pytest.mark.parametrize(
    "grids",
    [
        ([[4, 4]], [[8, 0]]),
        ([[1, 1, 1]], [[3, 0]]),
        ([[2, 1]], [[1, 2]]),
        ([[1, 1, 1, 1]], [[5, 0]]),
        ([[4, 4]], [[5, 3]]),
        ([[3, 7]], [[6, 4]], [[9, 1]]),
        ([[1, 4]], [[5, 0]], [[2, 3]]),
    ],
)
def test_no_hidden_number_can_be_pinned(grids) -> None:
    tables = protect([raw(f"t{i}", g) for i, g in enumerate(grids)], ["r1"], suppress=True)
    assert not brute_force_pins(tables)


def test_the_admins_view_is_exact() -> None:
    (table,) = protect([raw("a", [[10, 3], [6, 7]])], ["r1", "r2"], suppress=False)
    assert texts(table) == [["10", "3", "13"], ["6", "7", "13"], ["16", "10", "26"]]


def register_many(staff, record, reasons, *, count: int, reason: str, **extra) -> None:
    for _ in range(count):
        record(staff, primary_reason=reasons[reason], **extra)


def test_the_page_counts_by_primary_reason_and_leaves_cancelled_out(
    as_user, world, staff, reasons, record
) -> None:
    rejected_on = dt.date.today() - dt.timedelta(days=1)
    register_many(staff, record, reasons, count=6, reason="andet", rejected_on=rejected_on)
    cancelled = record(staff, primary_reason=reasons["andet"], rejected_on=rejected_on)
    services.rejection_cancel(acting_user=staff.user, rejection=cancelled, reason="Dublet.")
    stats = rejection_statistics(year=rejected_on.year, years=[rejected_on.year])
    education = stats.tables[0]
    row = next(r for r in education.rows if r.label == "Andet")
    assert row.total.text == "6"
    assert stats.total.text == "6"


def test_any_logged_in_user_sees_aggregates_only(as_user, staff, reasons, record) -> None:
    register_many(staff, record, reasons, count=6, reason="andet")
    record(staff, primary_reason=reasons["danskkundskaber"])
    for key in ("elev", "skole", "virksomhed", "fylke"):
        response = as_user(key).get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Amina Holm" not in html
        assert "&lt;5" in html
    html = as_user("elev").get(URL).content.decode()
    assert 'role="img"' in html
    assert "<title id=" in html


def test_the_page_has_a_front_link_for_every_role(as_user) -> None:
    assert URL in as_user("elev").get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_post_is_not_allowed(as_user) -> None:
    assert as_user("elev").post(URL).status_code == 405


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "No vacant training places"),
        ("da", "Ingen ledige lærepladser"),
        # Norwegian bokmål falls back to the Danish text (see RejectionReason.text).
        ("nb", "Ingen ledige lærepladser"),
    ],
)
def test_reasons_are_shown_in_the_active_language(as_user, language, text) -> None:
    client = as_user("elev")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in client.get(URL).content.decode()


def test_the_year_can_be_chosen(as_user, staff, record) -> None:
    last_year = dt.date.today().replace(month=1, day=1) - dt.timedelta(days=1)
    record(staff, rejected_on=last_year)
    response = as_user("elev").get(URL, {"aar": last_year.year})
    assert response.context["stats"].year == last_year.year
    assert as_user("elev").get(URL, {"aar": "1900"}).context["stats"].year != 1900


def test_the_admin_sees_exact_numbers(world, staff, reasons, record) -> None:
    record(staff, primary_reason=reasons["danskkundskaber"])
    admin = client_for(world.users["admin"])
    response = admin.get(reverse("admin:rejections_rejection_statistics"))
    assert response.status_code == 200
    assert response.context["stats"].total.text == "1"
    assert (
        client_for(world.users["virksomhed"])
        .get(reverse("admin:rejections_rejection_statistics"))
        .status_code
        == 302
    )  # not staff: to the login
