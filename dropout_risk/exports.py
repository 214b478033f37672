"""The school overview as a spreadsheet.

openpyxl's write-only mode keeps memory flat; every text cell is written with data_type "s"
so a name like "=HYPERLINK(...)" stays text and is never run as a formula (DESIGN.md
invariant 7). Up to MAX_ROWS rows are written in the request (a school has ~1,000 students);
larger exports would belong in a background job (STACK.md: ~10,000 rows take several seconds).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from apprenticeship.models import Apprentice
from dropout_risk import selectors
from dropout_risk.models import RiskLevel

MAX_ROWS = 10_000
CHUNK = 1_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def students_xlsx(students: QuerySet[Apprentice], user: object) -> tuple[IO[bytes], list[int]]:
    """(a temporary file holding the workbook, positioned at 0; the exported ids)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Elevoversigt"))
    sheet.append([_text(sheet, h) for h in _headers()])
    ids: list[int] = []
    for chunk in _chunks(students.iterator(chunk_size=CHUNK), CHUNK):
        agreements = selectors.current_agreements_at_user_schools([s.pk for s in chunk], user)
        for student in chunk:
            ids.append(student.pk)
            sheet.append(_row(sheet, student, agreements.get(student.pk)))
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    workbook.save(file)
    file.seek(0)
    return file, ids


def _headers() -> list[str]:
    return [
        _("Navn"),
        _("Uddannelse"),
        _("Hold"),
        _("Virksomhed"),
        _("Frafaldsrisiko"),
        _("Senest registreret"),
        _("Registreret af"),
    ]


def _row(sheet: WriteOnlyWorksheet, student: Apprentice, agreement) -> list[WriteOnlyCell]:
    latest = selectors.latest_of(student)
    sosu = agreement is None or agreement.is_sosu
    level = RiskLevel(latest.level).label if latest else RiskLevel.NONE.label
    return [
        _text(sheet, student.full_name),
        _text(sheet, agreement.education_name if agreement else ""),
        _text(sheet, agreement.team if agreement else ""),
        _text(sheet, agreement.company_name if agreement else ""),
        _text(sheet, str(level) if sosu else ""),
        _date(sheet, timezone.localtime(latest.assessed_at).date() if latest else None),
        _text(sheet, latest.registered_by_name if latest else ""),
    ]


def _text(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    # A control character (typed before the forms refused them) would make openpyxl fail.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _date(sheet: WriteOnlyWorksheet, value: dt.date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.number_format = "DD-MM-YYYY"
    return cell


def _chunks(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk
