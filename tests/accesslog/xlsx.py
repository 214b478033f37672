"""Reading an exported workbook back, as a spreadsheet program would."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell


def read_rows(content: bytes) -> list[tuple[Cell, ...]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return list(sheet.iter_rows())


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)
