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


class CountInPagePaginator(Paginator):
    def __init__(self, object_list: QuerySet, per_page: int, **kwargs: object) -> None:
        if not isinstance(object_list, QuerySet) or object_list.query.distinct:
            raise TypeError("CountInPagePaginator needs a QuerySet without DISTINCT")
        if kwargs.get("orphans"):
            raise TypeError("CountInPagePaginator does not support orphans")
        super().__init__(object_list, per_page, **kwargs)

    def page(self, number: object) -> Page:
        number = self._positive_int(number)
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[
                bottom : bottom + self.per_page
            ]
        )
        if rows:
            first = rows[0]
            self.__dict__["count"] = (
                first[TOTAL] if isinstance(first, dict) else getattr(first, TOTAL)
            )
            return self._get_page(rows, number, self)
        number = self.validate_number(number)  # a COUNT: past the end raises EmptyPage
        return self._get_page([], number, self)

    def get_page(self, number: object) -> Page:
        """Like Paginator.get_page: page 1 for a non-number, the last page past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

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
