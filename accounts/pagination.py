"""A paginator that takes the total from the page's own query.

Django's Paginator runs `SELECT COUNT(*)` with the list's whole filter and then the page
query with the same filter: the filter is built, planned and run twice. For a list scoped
to one user (a company's selected apprentices, the back office's declarations: tens to a
few hundred rows) the page query can carry the total as `COUNT(*) OVER ()`, which
PostgreSQL and SQLite compute on the rows the query reads anyway. A page past the end, or
an empty list, falls back to a COUNT to find the last page.

Not for unbounded lists (the window needs every matching row before the LIMIT, where a
COUNT plus a top-N sort does not) and not for DISTINCT querysets (the window would count
duplicates): those raise, so the choice is made where the paginator is used.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "paginator_total"
# A page number whose offset no list reaches (and past a database's integer range, where
# "?side=9999999999999999999" would make the page query fail) is past the end: counted,
# not queried.
_MAX_OFFSET = 2**31


class CountInPagePaginator(Paginator):
    def __init__(self, object_list: QuerySet, per_page: int, **kwargs: object) -> None:
        _check(object_list, kwargs)
        super().__init__(object_list, per_page, **kwargs)

    def page(self, number: object) -> Page:
        number = self._positive_int(number)
        bottom = (number - 1) * self.per_page
        if bottom >= _MAX_OFFSET:
            self.validate_number(number)  # raises EmptyPage unless the list is that long
        items, records = self._page_items(bottom, bottom + self.per_page)
        if records:
            first = records[0]
            total = first[TOTAL] if isinstance(first, dict) else getattr(first, TOTAL)
            self.__dict__["count"] = total  # Paginator.count is a cached_property
            self._counted(total)
            return self._get_page(items, number, self)
        number = self.validate_number(number)  # a COUNT: past the end raises EmptyPage
        return self._get_page(items, number, self)

    def get_page(self, number: object) -> Page:
        """Like Paginator.get_page: page 1 for a non-number, the last page past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def _page_items(self, bottom: int, top: int) -> tuple[object, list]:
        """(the page's object list, its records)."""
        items = list(self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[bottom:top])
        return items, items

    def _counted(self, total: int) -> None:
        pass

    def _positive_int(self, number: object) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class TableCountInPagePaginator(CountInPagePaginator):
    """The same for a django-tables2 table over a QuerySet:
    `RequestConfig(request, paginate={"paginator_class": TableCountInPagePaginator})`.
    tables2 hands the paginator the table's rows; their data's QuerySet (already filtered
    and ordered) gets the window, and the table's cached length is the page's total."""

    def __init__(self, object_list, per_page: int, **kwargs: object) -> None:
        data = object_list.data  # django_tables2.data.TableQuerysetData
        _check(data.data, kwargs)
        data.data = data.data.annotate(**{TOTAL: Window(Count("pk"))})
        Paginator.__init__(self, object_list, per_page, **kwargs)

    def _page_items(self, bottom: int, top: int) -> tuple[object, list]:
        rows = self.object_list[bottom:top]  # BoundRows over a sliced QuerySet
        return rows, list(rows.data)  # evaluated once; the template reuses the result

    def _counted(self, total: int) -> None:
        self.object_list.data._length = total  # what len(table.rows) would COUNT


def _check(queryset: object, kwargs: dict) -> None:
    if not isinstance(queryset, QuerySet) or queryset.query.distinct:
        raise TypeError("a count in the page needs a QuerySet without DISTINCT")
    if kwargs.get("orphans"):
        raise TypeError("a count in the page does not support orphans")
