"""The HTTP client for the real CVR register (Erhvervsstyrelsen's system-to-system access).

The register is Elasticsearch: POST {CVR_API_URL}/virksomhed/_search (and
/produktionsenhed/_search) with a JSON query and HTTP basic auth. Standard library only, so
the portal does not depend on a transitive dependency for a nightly job.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from companies.cvr.client import CvrClient
from companies.cvr.documents import CvrError, Document, Index


class HttpCvrClient(CvrClient):
    def __init__(self, *, url: str, user: str, password: str, timeout: float) -> None:
        if not url:
            raise ImproperlyConfigured(
                "CVR_CLIENT=http needs CVR_API_URL, the register's address "
                "(e.g. http://distribution.virk.dk/cvr-permanent), and CVR_API_USER/"
                "CVR_API_PASSWORD. Use CVR_CLIENT=stub to run without the register."
            )
        if not url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(f"CVR_API_URL must be an http(s) URL, not {url!r}.")
        self.url = url.rstrip("/")
        self.timeout = timeout
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._authorization = f"Basic {token}"

    def search(self, index: Index, numbers: Sequence[str]) -> list[Document]:
        if not numbers:
            return []
        payload = self._post(f"{self.url}/{index.path}/_search", query_body(index, numbers))
        try:
            hits = payload["hits"]["hits"]
            return [hit["_source"][index.source_key] for hit in hits]
        except (KeyError, TypeError) as exc:
            raise CvrError(
                _("CVR-registeret svarede i et uventet format (mangler %(field)s).")
                % {"field": exc}
            ) from exc

    def _post(self, url: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            url,
            data=json.dumps(body).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": self._authorization,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise CvrError(
                _("CVR-registeret afviste forespørgslen (HTTP %(status)s %(reason)s).")
                % {"status": exc.code, "reason": exc.reason}
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise CvrError(
                _("CVR-registeret kunne ikke nås: %(error)s")
                % {"error": getattr(exc, "reason", exc)}
            ) from exc
        except ValueError as exc:
            raise CvrError(_("CVR-registeret svarede ikke med gyldig JSON.")) from exc


def query_body(index: Index, numbers: Sequence[str]) -> dict[str, Any]:
    """A terms query on the document's number; the register stores numbers as integers."""
    return {
        "_source": [index.source_key],
        "size": len(numbers),
        "query": {"terms": {f"{index.source_key}.{index.number_field}": [int(n) for n in numbers]}},
    }
