"""Access-log entries as an .xlsx, streamed from a server-side cursor into a temporary file.

Memory stays flat however many rows: openpyxl's write-only mode keeps no cells, the queryset
is read 2,000 rows at a time (`.iterator(chunk_size=...)`, a named cursor on PostgreSQL), and
the file is written to disk and then streamed by FileResponse (an xlsx is a zip and cannot be
sent while it is being written).

Every text cell is a WriteOnlyCell with data_type "s": a value such as "=HYPERLINK(...)" stays
text and is never run as a formula (DESIGN.md invariant 7).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from contextlib import closing
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from accesslog.models import AccessLogEntry
from accesslog.purposes import describe_purpose, describe_role_kind

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FIELDS = (
    "accessed_at",
    "user_name",
    "user_email",
    "role_kind",
    "organisation_name",
    "purpose",
    "apprentice_ids",
    "url_name",
    "ip",
)
# Excel's limit per cell; openpyxl would silently cut longer text, losing ids.
CELL_LIMIT = 32_767


def headers() -> list[str]:
    return [
        _("tidspunkt"),
        _("bruger"),
        _("e-mail"),
        _("rolle"),
        _("organisation"),
        _("formål"),
        _("elev-id'er"),
        _("URL-navn"),
        _("IP"),
    ]


def entries_to_xlsx(
    entries: QuerySet[AccessLogEntry], *, chunk_size: int = 2000
) -> tuple[IO[bytes], set[int]]:
    """Write the entries to a temporary .xlsx; return it (rewound) and every apprentice id
    the file contains, for the export's own log entry."""
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    rows = entries.values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size)
    try:
        # closing(): if writing fails, close the server-side cursor now rather than at some
        # later garbage collection, inside whatever transaction the connection has by then.
        with closing(rows):
            ids = write_xlsx(rows, target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target, ids


def write_xlsx(rows: Iterable[tuple], target: IO[bytes]) -> set[int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Adgangslog"))
    sheet.append([text_cell(sheet, header) for header in headers()])
    labels: dict[tuple[str, str], str] = {}  # one translation lookup per code, not per row
    shown: set[int] = set()
    for row in rows:
        shown.update(row[6])
        sheet.append(_row_cells(sheet, row, labels))
    workbook.save(target)
    return shown


def text_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    # Characters Excel forbids (control codes) would make openpyxl refuse the whole file.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))
    cell.data_type = "s"  # text, even when it starts with = + - @
    return cell


def _row_cells(sheet: WriteOnlyWorksheet, row: tuple, labels: dict) -> list[object]:
    accessed_at, name, email, role_kind, organisation, purpose, ids, url_name, ip = row
    first_ids, *more_ids = id_cells(ids)
    return [
        # Excel has no time zones: local time, as the reader expects.
        timezone.localtime(accessed_at).replace(tzinfo=None),
        text_cell(sheet, name),
        text_cell(sheet, email),
        text_cell(sheet, _label(labels, "role", role_kind)),
        text_cell(sheet, organisation),
        text_cell(sheet, _label(labels, "purpose", purpose)),
        text_cell(sheet, first_ids),
        text_cell(sheet, url_name),
        text_cell(sheet, ip),
        *(text_cell(sheet, part) for part in more_ids),
    ]


def _label(labels: dict, kind: str, code: str) -> str:
    key = (kind, code)
    if key not in labels:
        labels[key] = describe_role_kind(code) if kind == "role" else describe_purpose(code)
    return labels[key]


def id_cells(ids: Iterable[int]) -> list[str]:
    """The ids as comma-separated text, split at commas into cells of at most CELL_LIMIT
    characters: the first goes in the id column, any overflow after the last column."""
    parts: list[str] = []
    current = ""
    for text in map(str, ids):
        candidate = f"{current}, {text}" if current else text
        if len(candidate) > CELL_LIMIT:
            parts.append(current)
            candidate = text
        current = candidate
    return [*parts, current]
