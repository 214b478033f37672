"""The count-in-page paginators give the same pages as Django's Paginator, with one query
less."""

from __future__ import annotations

import django_tables2 as tables
import pytest
from django.core.paginator import Paginator
from django_tables2 import RequestConfig

from accounts.models import User
from accounts.pagination import CountInPagePaginator, TableCountInPagePaginator


@pytest.fixture
def users(db):
    User.objects.bulk_create(User(email=f"p{i:02d}@example.test") for i in range(23))
    return User.objects.filter(email__startswith="p").order_by("email")


@pytest.mark.parametrize(
    "number",
    [None, "", "x", "1", "2", "3", "4", "99", "-1", "0", 2, "147780626023", "9999999999999999999"],
)
def test_it_pages_like_djangos_paginator(users, number):
    ours = CountInPagePaginator(users, 10).get_page(number)
    django = Paginator(users, 10).get_page(number)
    assert [u.email for u in ours] == [u.email for u in django]
    assert (ours.number, ours.paginator.count, ours.paginator.num_pages) == (
        django.number,
        23,
        3,
    )
    assert (ours.has_next(), ours.has_previous()) == (django.has_next(), django.has_previous())


def test_a_page_costs_one_query_where_django_needs_two(users, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = CountInPagePaginator(users, 10).get_page("2")
        assert len(page.object_list) == 10
        assert page.paginator.num_pages == 3
    with django_assert_num_queries(2):
        page = Paginator(users, 10).get_page("2")
        assert len(page.object_list) == 10


def test_an_empty_list_is_one_empty_first_page(db):
    page = CountInPagePaginator(User.objects.none().order_by("pk"), 10).get_page("5")
    assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)


def test_it_refuses_what_the_window_would_count_wrongly(users):
    with pytest.raises(TypeError):
        CountInPagePaginator(users.distinct(), 10)
    with pytest.raises(TypeError):
        CountInPagePaginator(list(users), 10)


class _UserTable(tables.Table):
    email = tables.Column()


@pytest.mark.parametrize("page", ["1", "3", "99", "x"])
def test_a_django_tables2_table_pages_like_with_djangos_paginator(users, rf, page):
    def configured(paginator_class):
        table = _UserTable(users)
        request = rf.get("/", {"page": page, "sort": "-email"})
        paginate = {"per_page": 10, "paginator_class": paginator_class}
        return RequestConfig(request, paginate=paginate).configure(table)

    ours, django = configured(TableCountInPagePaginator), configured(Paginator)
    assert [r.record.email for r in ours.page.object_list] == [
        r.record.email for r in django.page.object_list
    ]
    assert (ours.page.number, ours.paginator.count, ours.paginator.num_pages) == (
        django.page.number,
        23,
        3,
    )
    assert len(ours.rows) == 23
