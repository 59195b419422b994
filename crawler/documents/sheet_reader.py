"""Spreadsheet reports (XLSX with openpyxl; XLS converted to XLSX by LibreOffice): each
sheet's rows as lines of text, and its tables as grids of cells.

A sheet holds a report's tables one under another, with blank rows between them and
headings or prose in rows of one cell. Runs of rows between blank rows are the sheet's
blocks; a block with a row of two or more cells is a table. Merged cells are placed as in
every other form: a cell merged across columns once in its row, one merged across rows
in each row it covers (``crawler.tables.row_cells``). Numbers are written as Excel stored
them: 3 for 3.0, never in exponent form.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl

from crawler.documents.document import Document, UnreadableDocument, row_line
from crawler.documents.office_zip import check_office_zip
from crawler.tables import PageTable, Slot, grid_table, row_cells

MAX_CELLS = 200_000  # cells of one sheet's used range: more is no report


def _text(value: object) -> str:
    """A cell's value as its text."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _sheet_blocks(sheet: Any) -> list[list[list[str]]]:
    """The sheet's runs of non-blank rows, each row cut to its block's width (the last column
    any row of the block uses, merged cells included), so blank cells inside a table stay."""
    rows_count, columns_count = sheet.max_row, sheet.max_column
    if rows_count * columns_count > MAX_CELLS:
        raise UnreadableDocument(f"sheet refused: {rows_count} x {columns_count} cells (limit {MAX_CELLS})")
    origin: dict[tuple[int, int], tuple[int, int]] = {}  # a merged range's every cell -> its top left
    for merged in sheet.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                origin[r, c] = (merged.min_row, merged.min_col)
    values = {(cell.row, cell.column): _text(cell.value)
              for row in sheet.iter_rows() for cell in row if cell.value is not None}
    blocks: list[list[tuple[int, list[Slot]]]] = [[]]  # (columns used, slots) of each row
    for r in range(1, rows_count + 1):
        slots: list[Slot] = []
        used = 0
        for c in range(1, columns_count + 1):
            top, left = origin.get((r, c), (r, c))
            text = values.get((top, left), "")
            slots.append((top * (columns_count + 1) + left, text))
            if text or (r, c) in origin:
                used = c
        if used:
            blocks[-1].append((used, slots))
        elif blocks[-1]:
            blocks.append([])
    return [[row_cells(slots[:max(used for used, _ in block)]) for _, slots in block] for block in blocks if block]


def read_xlsx(data: bytes, form: str = "xlsx") -> Document:
    """The text and tables of every sheet of an XLSX file; raises UnreadableDocument."""
    check_office_zip(data, "xl/workbook.xml", "XLSX")
    lines: list[str] = []
    tables: list[PageTable] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)  # formulas as their cached values
        title = book.properties.title or None
        for sheet in book.worksheets:
            for block in _sheet_blocks(sheet):
                lines += [row_line(row) for row in block]
                if any(len(row) > 1 for row in block):
                    tables.append(grid_table(block))
    except UnreadableDocument:
        raise
    except Exception as error:  # openpyxl raises many kinds on broken parts
        raise UnreadableDocument(f"XLSX could not be read: {type(error).__name__}: {error}") from error
    return Document(form, "\n".join(lines), tables, title)


def read_xls(data: bytes) -> Document:
    """An Excel 97-2003 (XLS) report, read through its XLSX conversion by LibreOffice."""
    from crawler.documents.legacy import convert

    return read_xlsx(convert(data, ".xls", "xlsx"), "xls")
