"""Spreadsheet reports (XLSX with openpyxl; XLS converted to XLSX by LibreOffice): each
sheet's rows as lines of text, and its tables as grids of cells.

A sheet holds a report's tables one under another, with blank rows between them and
headings or prose in rows of one cell. Runs of rows between blank rows are the sheet's
blocks; a block with a row of two or more cells is a table. Merged cells are placed as in
every other form: a cell merged across columns once in its row, one merged across rows
in each row it covers (``crawler.parse.tables.row_cells``). Numbers are written as Excel stored
them: 3 for 3.0, never in exponent form.
"""

from __future__ import annotations

import datetime
import io
from itertools import chain
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from crawler.parse.documents.document import Document, UnreadableDocument, row_line
from crawler.parse.documents.office_zip import check_office_zip
from crawler.parse.tables import PageTable, grid_table, row_cells

MAX_CELLS = 200_000  # cells of one sheet's used range: more is no report

Cell = tuple[int, int]  # (row, column), from 1


def _text(value: object) -> str:
    """A cell's value as its text."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _check_size(rows: int, columns: int) -> None:
    """Refuse a sheet whose used range (its cells and merged ranges) passes MAX_CELLS."""
    if rows * columns > MAX_CELLS:
        raise UnreadableDocument(f"sheet refused: {rows} x {columns} cells (limit {MAX_CELLS})")


def _read_sheet(book: Workbook, sheet: ReadOnlyWorksheet) -> tuple[dict[Cell, Any], set[CellRange]]:
    """A read-only sheet's cell values by (row, column) and its merged ranges, as a full load binds
    them, refused as soon as the rows streamed in pass MAX_CELLS. (A full load also restyles every
    merged cell, most of its time, and writes a hyperlink's target into an empty cell, which Excel
    shows empty.)

    Parsed with the sheet parser of ``ReadOnlyWorksheet``, built as it builds it: its rows would
    drop a row written out of order, and it keeps no merged ranges."""
    values: dict[Cell, Any] = {}
    rows = columns = 1
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for _, row in parser.parse():
            for cell in row:
                values[cell["row"], cell["column"]] = cell["value"]
                rows, columns = max(rows, cell["row"]), max(columns, cell["column"])
            _check_size(rows, columns)
    # in the order a full load holds them (a set's): only overlapping ranges, which Excel repairs away, depend on it
    refs = [CellRange(cell_range.ref) for cell_range in parser.merged_cells.mergeCell] if parser.merged_cells else []
    merged = MultiCellRange(refs).ranges
    for cell_range in merged:
        rows, columns = max(rows, cell_range.max_row), max(columns, cell_range.max_col)
    _check_size(rows, columns)
    covered = sum((r.max_row - r.min_row + 1) * (r.max_col - r.min_col + 1) for r in merged)
    if covered > MAX_CELLS:  # ranges laid over each other, each within the used range, are expanded each
        raise UnreadableDocument(f"sheet refused: merged ranges cover {covered} cells (limit {MAX_CELLS})")
    for cell_range in merged:  # a full load empties a merged range but for its top left cell
        for cell in list(cell_range.cells)[1:]:
            values.pop(cell, None)
    return values, merged


def _runs(rows: list[int]) -> list[list[int]]:
    """Sorted row numbers cut into runs of consecutive ones."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and runs[-1][-1] == r - 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def _sheet_blocks(values: dict[Cell, Any], merged: set[CellRange]) -> list[list[list[str]]]:
    """The sheet's runs of non-blank rows, each row cut to its block's width (the last column
    any row of the block uses, merged cells included), so blank cells inside a table stay."""
    origin = {cell: (cell_range.min_row, cell_range.min_col) for cell_range in merged for cell in cell_range.cells}
    texts = {cell: text for cell, value in values.items() if (text := _text(value))}
    used: dict[int, int] = {}  # row -> the last column it uses
    for r, c in chain(texts, origin):
        used[r] = max(used.get(r, 0), c)
    stride = max(used.values(), default=0) + 1  # numbers a cell row * stride + column: none lies further right
    blocks = []
    for block in _runs(sorted(used)):
        width = max(used[r] for r in block)
        cells = [[origin.get((r, c), (r, c)) for c in range(1, width + 1)] for r in block]
        blocks.append([row_cells([(top * stride + left, texts.get((top, left), "")) for top, left in row])
                       for row in cells])
    return blocks


def read_xlsx(data: bytes, form: str = "xlsx") -> Document:
    """The text and tables of every sheet of an XLSX file; raises UnreadableDocument."""
    check_office_zip(data, "xl/workbook.xml", "XLSX")
    lines: list[str] = []
    tables: list[PageTable] = []
    try:
        # read-only, and the sheets read by _read_sheet; formulas as their cached values
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            title = book.properties.title or None
            for sheet in book.worksheets:
                for block in _sheet_blocks(*_read_sheet(book, sheet)):
                    lines += [row_line(row) for row in block]
                    if any(len(row) > 1 for row in block):
                        tables.append(grid_table(block))
        finally:
            book.close()
    except UnreadableDocument:
        raise
    except Exception as error:  # openpyxl raises many kinds on broken parts
        raise UnreadableDocument(f"XLSX could not be read: {type(error).__name__}: {error}") from error
    return Document(form, "\n".join(lines), tables, title)


def read_xls(data: bytes) -> Document:
    """An Excel 97-2003 (XLS) report, read through its XLSX conversion by LibreOffice."""
    from crawler.parse.documents.legacy import convert

    return read_xlsx(convert(data, ".xls", "xlsx"), "xls")
