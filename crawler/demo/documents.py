"""A report's HTML body written out as the attachments portals publish: DOCX, PDF and XLSX.

The body's paragraphs and tables (rowspan and colspan kept as merged cells) are laid out
the way Word and a Word-exported PDF show them, so the parser meets real documents.
"""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from crawler.parse.html_text import parse_html
from crawler.parse.tables import cell_text, row_elements, table_rows
from crawler.parse.text_tables import text_blocks


@dataclass(frozen=True)
class Cell:
    """A table cell placed on its table's grid."""

    row: int
    column: int
    rowspan: int
    colspan: int
    text: str


@dataclass(frozen=True)
class Table:
    """A table as a grid size and the cells on it."""

    rows: int
    columns: int
    cells: list[Cell]


Block = str | Table  # a paragraph's text, or a table


def _table(element: HtmlElement) -> Table:
    """Place each cell of ``element`` on the grid, as browsers do with rowspan and colspan."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    rows = table_rows(element)
    for r, tr in enumerate(rows):
        column = 0
        for td in row_elements(tr):
            while (r, column) in taken:
                column += 1
            rowspan = min(int(td.get("rowspan") or 1), len(rows) - r)
            colspan = int(td.get("colspan") or 1)
            cells.append(Cell(r, column, rowspan, colspan, cell_text(td)))
            taken |= {(r + i, column + j) for i in range(rowspan) for j in range(colspan)}
            column += colspan
    columns = max((c.column + c.colspan for c in cells), default=0)
    return Table(len(rows), columns, cells)


def blocks(body: str) -> list[Block]:
    """The paragraphs and tables of an HTML body, in order."""
    found: list[Block] = []
    for element in parse_html(f"<html><body>{body}</body></html>").find("body"):
        if element.tag == "table":
            found.append(_table(element))
        elif element.text_content().strip():
            found.append(element.text_content().strip())
    return found


def text_html(text: str) -> str:
    """An HTML body of a report that reached us as flattened text (the seeds): its prose as
    paragraphs, its tables as tables. A row shorter than the table widens its first (label)
    cell, so that the numbers stay under their columns as in the Word original."""
    parts: list[str] = []
    for block in text_blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        width = max(len(row) for row in block)
        rows = []
        for row in block:
            first = f'<td colspan="{width - len(row) + 1}">{html.escape(row[0])}</td>'
            rows.append("<tr>" + first + "".join(f"<td>{html.escape(cell)}</td>" for cell in row[1:]) + "</tr>")
        parts.append("<table>" + "".join(rows) + "</table>")
    return "\n".join(parts)


def to_docx(title: str, body: str) -> bytes:
    """A Word document of the title (if any) and the body, tables with merged cells."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
    for block in blocks(body):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=block.rows, cols=block.columns)
        table.style = "Table Grid"
        for cell in block.cells:
            target = table.cell(cell.row, cell.column)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1))
            target.text = cell.text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def _pdf_styles() -> tuple[object, object]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("text", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=text, fontSize=7, leading=8.5)
    return text, cell


_MIN_COLUMN = 16.0  # points: room for two digits
# STSong-Light (GB2312) holds the middle dot as U+30FB; the reader gives it back as U+00B7
_CID_FORMS = str.maketrans({"\u00b7": "\u30fb"})


def _pdf_text(text: str) -> str:
    return html.escape(text.translate(_CID_FORMS))


def _column_widths(table: Table, width: float) -> list[float]:
    """Widths in proportion to the longest unmerged text of each column (labels get room)."""
    longest = [2] * table.columns
    for cell in table.cells:
        if cell.colspan == 1:
            longest[cell.column] = max(longest[cell.column], min(len(cell.text), 24))
    spare = width - _MIN_COLUMN * table.columns
    return [_MIN_COLUMN + spare * n / sum(longest) for n in longest]


def to_pdf(title: str, body: str, ruled: bool = True) -> bytes:
    """A text-layer PDF of the title (if any) and the body, merged cells spanned, tables ruled
    (or not: then only the text's layout shows the table, as in many exported PDFs)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.platypus import Table as PdfTable

    text, cell_style = _pdf_styles()
    width = A4[0] - 100
    story: list[object] = [Paragraph(_pdf_text(title), text)] if title else []
    for block in blocks(body):
        if isinstance(block, str):
            story.append(Paragraph(_pdf_text(block), text))
            continue
        data: list[list[object]] = [[""] * block.columns for _ in range(block.rows)]
        style: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
        for cell in block.cells:
            data[cell.row][cell.column] = Paragraph(_pdf_text(cell.text), cell_style)
            if cell.rowspan > 1 or cell.colspan > 1:
                end = (cell.column + cell.colspan - 1, cell.row + cell.rowspan - 1)
                style.append(("SPAN", (cell.column, cell.row), end))
        style += [(f"{side}PADDING", (0, 0), (-1, -1), 1) for side in ("TOP", "BOTTOM", "LEFT", "RIGHT")]
        story.append(PdfTable(data, colWidths=_column_widths(block, width), style=style))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=50, rightMargin=50, title=title).build(story)
    return out.getvalue()


_WHOLE = re.compile(r"0|[1-9]\d*")
_DECIMAL = re.compile(r"\d+\.\d+")


def _sheet_value(text: str) -> object:
    """A cell's value as a spreadsheet stores it: a number where the text is a plain one."""
    if _WHOLE.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text) and repr(float(text)) == text:
        return float(text)
    return text


def to_xlsx(title: str, body: str) -> bytes:
    """An XLSX of the title and the body as spreadsheet reports come: one sheet, prose in
    the first column a paragraph a row, each table below with its merged cells, a blank row
    around each table, numbers stored as numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "年报"
    book.properties.title = title
    row = 1
    for block in ([title] if title else []) + blocks(body):
        if isinstance(block, str):
            sheet.cell(row, 1, block)
            row += 1
            continue
        row += 1
        for cell in block.cells:
            sheet.cell(row + cell.row, cell.column + 1, _sheet_value(cell.text))
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=row + cell.row, start_column=cell.column + 1,
                                  end_row=row + cell.row + cell.rowspan - 1, end_column=cell.column + cell.colspan)
        row += block.rows + 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
