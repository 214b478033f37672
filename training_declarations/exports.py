"""The back office's overview as a spreadsheet.

openpyxl's write-only mode keeps memory flat; every text cell is written with data_type "s"
so a team name like "=HYPERLINK(...)" stays text and never runs as a formula (DESIGN.md
invariant 7). A back-office user sees the declarations of their own address, far fewer than
MAX_ROWS; a larger export would belong in a background job.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from training_declarations.models import Declaration

MAX_ROWS = 10_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def declarations_xlsx(declarations: QuerySet[Declaration]) -> tuple[IO[bytes], list[int]]:
    """(a temporary file holding the workbook, positioned at 0; the apprentice ids)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Erklæringer"))
    sheet.append([_text(sheet, header) for header in _headers()])
    apprentice_ids: list[int] = []
    for declaration in declarations[:MAX_ROWS].iterator(chunk_size=1000):
        apprentice_ids.append(declaration.apprentice_id)
        sheet.append(_row(sheet, declaration))
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    workbook.save(file)
    file.seek(0)
    return file, apprentice_ids


def _headers() -> list[str]:
    return [
        _("Lærling"),
        _("Uddannelse (speciale)"),
        _("Oplæringsforløb"),
        _("Skole"),
        _("Hold"),
        _("Hovedforløb"),
        _("Slutdato for oplæringsperioden"),
        _("Lærested"),
        _("CVR-nummer"),
        _("Status"),
        _("Udfyldt"),
    ]


def _row(sheet: WriteOnlyWorksheet, d: Declaration) -> list[WriteOnlyCell]:
    submitted = timezone.localtime(d.submitted_at).date() if d.submitted_at else None
    return [
        _text(sheet, d.apprentice.full_name),
        _text(sheet, d.education_label),
        _text(sheet, d.get_training_type_display()),
        _text(sheet, d.school.name),
        _text(sheet, d.team),
        _number(sheet, d.main_course),
        _date(sheet, d.period_end),
        _text(sheet, d.company_name),
        _text(sheet, d.cvr),
        _text(sheet, d.shown_status_label),
        _date(sheet, submitted),
    ]


def _text(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    # A control character (typed before the forms refused them) would make openpyxl fail.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _number(sheet: WriteOnlyWorksheet, value: int) -> WriteOnlyCell:
    return WriteOnlyCell(sheet, value=int(value))


def _date(sheet: WriteOnlyWorksheet, value: dt.date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.number_format = "DD-MM-YYYY"
    return cell
