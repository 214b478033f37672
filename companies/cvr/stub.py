"""The stub CVR client: answers from the JSON documents shipped in companies/cvr_stub/.

Each file holds one hit's `_source` exactly as the register returns it
(`virksomhed/<cvr>.json` → {"Vrvirksomhed": {...}}, `produktionsenhed/<p>.json` →
{"VrproduktionsEnhed": {...}}), so the same files can be served over HTTP to test the real
client. Numbers without a file fall back to the generated benchmark companies.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from companies.cvr import generated
from companies.cvr.client import CvrClient
from companies.cvr.documents import COMPANIES, UNITS, CvrError, Document, Index

STUB_DIR = Path(__file__).resolve().parent.parent / "cvr_stub"

_GENERATORS = {
    COMPANIES.path: generated.generated_company_document,
    UNITS.path: generated.generated_unit_document,
}


class StubCvrClient(CvrClient):
    def __init__(self, directory: Path | str = STUB_DIR) -> None:
        self.directory = Path(directory)

    def search(self, index: Index, numbers: Sequence[str]) -> list[Document]:
        documents = (self._document(index, number) for number in numbers)
        return [document for document in documents if document is not None]

    def _document(self, index: Index, number: str) -> Document | None:
        if not number.isdigit():  # never let a "number" walk out of the directory
            return None
        path = self.directory / index.path / f"{number}.json"
        if path.is_file():
            return self._read(path, index)
        return _GENERATORS[index.path](number)

    def _read(self, path: Path, index: Index) -> Document:
        try:
            return json.loads(path.read_text(encoding="utf-8"))[index.source_key]
        except (OSError, ValueError, KeyError) as exc:
            raise CvrError(
                _("Stubbens dokument %(path)s kan ikke læses: %(error)s")
                % {"path": path.name, "error": exc}
            ) from exc
