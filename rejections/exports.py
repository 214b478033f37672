""" "Hent tidligere afslag som regneark": the company's earlier rejections as .xlsx.

No applicant data, ever (the guide: "Det er dog ikke muligt at se oplysninger om ansøger"):
the rows come from `company_rejections`, which does not even load the applicant fields, and
no column refers to them. The cancellation's free-text reason is left out as well, since a
user might have typed the applicant's name into it.

Every text cell is written as a string cell (openpyxl's data_type "s"), so text starting
with = + - @ tab or carriage return is shown as text and never run as a formula
(DESIGN.md invariant 7); such cells also carry the quote-prefix style, the mark Excel and
LibreOffice set themselves on text typed as 'text, so that editing the cell keeps it text.

openpyxl's write-only mode keeps memory flat; an .xlsx is a zip file that cannot be sent
while it is written, so it goes to an anonymous temporary file that is streamed afterwards.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rejections.models import Rejection

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"


def text_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A cell that a spreadsheet program shows as the text itself, never as a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def date_cell(sheet: WriteOnlyWorksheet, value: dt.date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def headers() -> list[str]:
    return [
        _("Dato for afslag"),
        _("Uddannelse"),
        _("Arbejdssted"),
        _("P-nummer"),
        _("Primær begrundelse for afslag"),
        _("Sekundær begrundelse for afslag"),
        _("Registreret af"),
        _("Registreret"),
        _("Registreret for sent"),
        _("Annulleret"),
        _("Annulleret dato"),
    ]


def _row(sheet: WriteOnlyWorksheet, rejection: Rejection) -> list[WriteOnlyCell]:
    cancellation = getattr(rejection, "cancellation", None)
    yes, no = _("Ja"), _("Nej")
    return [
        date_cell(sheet, rejection.rejected_on),
        text_cell(sheet, rejection.education.name),
        text_cell(sheet, rejection.workplace.name),
        text_cell(sheet, rejection.workplace.p_number),
        text_cell(sheet, rejection.primary_reason.text),
        text_cell(sheet, rejection.secondary_reason.text if rejection.secondary_reason else ""),
        text_cell(sheet, rejection.registered_by.full_name),
        date_cell(sheet, timezone.localdate(rejection.registered_at)),
        text_cell(sheet, yes if rejection.is_late else no),
        text_cell(sheet, yes if cancellation else no),
        date_cell(sheet, timezone.localdate(cancellation.cancelled_at) if cancellation else None),
    ]


def write_rejections_xlsx(rejections: Iterable[Rejection]) -> IO[bytes]:
    """The spreadsheet in a temporary file, positioned at its start (caller closes it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Tidligere afslag")[:31])
    sheet.append([text_cell(sheet, header) for header in headers()])
    for rejection in rejections:
        sheet.append(_row(sheet, rejection))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    try:
        workbook.save(output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output
