"""The one interface the portal uses to ask the CVR register, and the choice of implementation.

Both implementations answer the same question, "the documents with these numbers in this
index", so everything above it (reading documents, batching) is shared and tested once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from companies.cvr.documents import (
    COMPANIES,
    UNITS,
    CvrCompany,
    CvrUnit,
    Document,
    Index,
    parse_company,
    parse_unit,
)


class CvrClient(ABC):
    # The register answers at most a few thousand hits per search; 500 numbers per request
    # keeps each answer well inside that and each request small.
    batch_size = 500

    def companies(self, cvr_numbers: Iterable[str]) -> dict[str, CvrCompany]:
        """The companies found, by CVR number; numbers the register does not know are absent."""
        records = (parse_company(d) for d in self._search_batched(COMPANIES, cvr_numbers))
        return {record.cvr: record for record in records}

    def units(self, p_numbers: Iterable[str]) -> dict[str, CvrUnit]:
        """The production units found, by P-number."""
        records = (parse_unit(d) for d in self._search_batched(UNITS, p_numbers))
        return {record.p_number: record for record in records}

    def _search_batched(self, index: Index, numbers: Iterable[str]) -> list[Document]:
        wanted = list(dict.fromkeys(numbers))  # unique, in order
        found: list[Document] = []
        for batch in chunked(wanted, self.batch_size):
            found.extend(self.search(index, batch))
        return found

    @abstractmethod
    def search(self, index: Index, numbers: Sequence[str]) -> list[Document]:
        """The documents (the object inside _source) whose number is one of `numbers`.

        Raises CvrError when the register cannot answer.
        """


T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """itertools.batched, which arrives with Python 3.12."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def get_cvr_client() -> CvrClient:
    """The client settings.CVR_CLIENT names: "stub" (the default) or "http"."""
    # Imported here: both implementations import this module.
    from companies.cvr.http import HttpCvrClient
    from companies.cvr.stub import STUB_DIR, StubCvrClient

    kind = settings.CVR_CLIENT
    if kind == "stub":
        # CVR_STUB_DIR is not a production setting: tests point it at an edited copy.
        return StubCvrClient(getattr(settings, "CVR_STUB_DIR", STUB_DIR))
    if kind == "http":
        return HttpCvrClient(
            url=settings.CVR_API_URL,
            user=settings.CVR_API_USER,
            password=settings.CVR_API_PASSWORD,
            timeout=settings.CVR_API_TIMEOUT,
        )
    raise ImproperlyConfigured(f"CVR_CLIENT must be 'stub' or 'http', not {kind!r}.")
