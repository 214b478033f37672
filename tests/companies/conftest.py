"""Fixtures for the companies tests: an editable copy of the CVR stub and a local CVR server."""

from __future__ import annotations

import base64
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from companies.cvr.documents import COMPANIES, UNITS, Index
from companies.cvr.stub import STUB_DIR, StubCvrClient
from companies.models import Company, CompanyStaff, Workplace


@dataclass
class StubCopy:
    """A copy of companies/cvr_stub/ that a test may edit; the stub client reads this copy."""

    root: Path

    def path(self, index: Index, number: str) -> Path:
        return self.root / index.path / f"{number}.json"

    def read(self, index: Index, number: str) -> dict[str, Any]:
        return json.loads(self.path(index, number).read_text(encoding="utf-8"))[index.source_key]

    def write(self, index: Index, number: str, document: dict[str, Any]) -> None:
        content = json.dumps({index.source_key: document}, ensure_ascii=False)
        self.path(index, number).write_text(content, encoding="utf-8")

    def client(self) -> StubCvrClient:
        return StubCvrClient(self.root)


@pytest.fixture
def stub(tmp_path: Path, settings) -> StubCopy:
    root = tmp_path / "cvr_stub"
    shutil.copytree(STUB_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    settings.CVR_CLIENT = "stub"
    settings.CVR_STUB_DIR = root
    return StubCopy(root)


@dataclass
class CvrServer:
    """A local Elasticsearch look-alike serving the stub's documents over real HTTP."""

    url: str
    user: str
    password: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail_with: int | None = None  # answer every request with this HTTP status


_INDEXES = {f"/{index.path}/_search": index for index in (COMPANIES, UNITS)}
_BASE_PATH = "/cvr-permanent"


def _handler(server_state: CvrServer, stub_client: StubCvrClient) -> type:
    expected_auth = "Basic " + base64.b64encode(
        f"{server_state.user}:{server_state.password}".encode()
    ).decode("ascii")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            server_state.requests.append({"path": self.path, "body": body})
            if server_state.fail_with:
                return self._reply(server_state.fail_with, {"error": "failure on purpose"})
            if self.headers.get("Authorization") != expected_auth:
                return self._reply(401, {"error": "unauthorised"})
            index = _INDEXES.get(self.path.removeprefix(_BASE_PATH))
            if index is None:
                return self._reply(404, {"error": "no such index"})
            terms = body["query"]["terms"][f"{index.source_key}.{index.number_field}"]
            numbers = [f"{int(n):0{index.width}d}" for n in terms]
            # Like Elasticsearch: 10 hits unless the query asks for more.
            documents = stub_client.search(index, numbers)[: body.get("size", 10)]
            hits = [{"_index": "cvr-v-stub", "_source": {index.source_key: d}} for d in documents]
            return self._reply(200, {"hits": {"total": len(documents), "hits": hits}})

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet

    return Handler


@pytest.fixture
def cvr_server(stub: StubCopy) -> Iterator[CvrServer]:
    """http.server on 127.0.0.1 with a free port, in a thread, for the duration of one test."""
    state = CvrServer(url="", user="portal", password="hemmeligt-kodeord")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, stub.client()))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}{_BASE_PATH}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def make_company(cvr: str, *, workplaces: int, name: str = "Storfirma A/S") -> Company:
    """A company with `workplaces` active workplaces, without CVR (for list-page tests)."""
    company = Company.objects.create(cvr=cvr, name=name, cvr_email="post@storfirma.test")
    Workplace.objects.bulk_create(
        Workplace(
            company=company,
            p_number=f"8{cvr[-4:]}{index:05d}",
            name=f"Afdeling {index:03d}",
            address=f"Vej {index}",
            postal_code="8000",
            city="Aarhus C",
            contact_person=f"Kontakt {index}",
            email=f"afd{index}@storfirma.test" if index % 2 else "",
            phone="+4522334455",
            website="https://storfirma.test",
        )
        for index in range(1, workplaces + 1)
    )
    return company


def add_staff(company: Company, user, role: str = CompanyStaff.Role.STAFF) -> CompanyStaff:
    return CompanyStaff.objects.create(company=company, user=user, role=role)
