"""The CVR register (the Danish central business register) behind one small interface.

`get_cvr_client()` returns the implementation settings.CVR_CLIENT names:
- `StubCvrClient` answers from JSON documents shipped in companies/cvr_stub/ and synthesises
  deterministic companies for the scale benchmark (companies.cvr.generated);
- `HttpCvrClient` searches the real service (Elasticsearch, basic auth).
"""

from companies.cvr.client import CvrClient, get_cvr_client
from companies.cvr.documents import CvrAddress, CvrCompany, CvrError, CvrUnit

__all__ = [
    "CvrAddress",
    "CvrClient",
    "CvrCompany",
    "CvrError",
    "CvrUnit",
    "get_cvr_client",
]
