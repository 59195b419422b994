"""DOCX (Office Open XML) reports: paragraphs and tables in reading order, with python-docx.

Rows of cells as for HTML tables (``crawler.tables``), and a layout table's nested tables
are read instead of the layout table itself.
"""

from __future__ import annotations

import io

import docx
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.table import CT_Tc
from docx.table import Table
from docx.text.paragraph import Paragraph

from crawler.documents.document import Document, UnreadableDocument, row_line
from crawler.documents.office_zip import check_office_zip
from crawler.tables import PageTable, grid_table, row_cells


def _rows(table: Table) -> list[list[str]]:
    """The table's rows of cells: a vertically merged cell in every row it covers, a horizontally
    merged one once (see ``crawler.tables.row_cells``).

    As python-docx's ``_Row.cells`` places them, in one pass: a cell continuing a vertical
    merge is its origin, the cell at the same grid column in the row above (``_Row.cells``
    looks each one up again, which made reading a DOCX's tables half its cost).
    """
    rows: list[list[str]] = []
    above: dict[int, CT_Tc] = {}  # grid column -> the origin of the cell there in the row above
    texts: dict[CT_Tc, str] = {}  # holds every origin, so that their ids stay unique
    for tr in table._tbl.tr_lst:
        column = tr.grid_before
        here: dict[int, CT_Tc] = {}
        slots = []
        for tc in tr.tc_lst:
            origin = above.get(column, tc) if tc.vMerge == ST_Merge.CONTINUE else tc
            if origin not in texts:
                texts[origin] = "\n".join(Paragraph(p, table).text for p in origin.p_lst).strip()
            here[column] = origin
            slots += [(id(origin), texts[origin])] * tc.grid_span
            column += tc.grid_span
        above = here
        rows.append(row_cells(slots))
    return rows


def _innermost(table: Table) -> list[Table]:
    """``table`` itself, or the tables nested in its cells when it is a layout table."""
    if not table._tbl.xpath(".//w:tbl"):
        return [table]
    nested = [inner for row in table.rows for cell in row.cells for inner in cell.tables]
    unique = list({id(t._tbl): t for t in nested}.values())  # a merged cell is listed once per slot
    return [t for inner in unique for t in _innermost(inner)] if unique else [table]


def read_docx(data: bytes) -> Document:
    """The paragraphs and tables of a DOCX file; raises UnreadableDocument."""
    check_office_zip(data, "word/document.xml", "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        tables: list[PageTable] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for table in _innermost(block):
                    grid = _rows(table)
                    tables.append(grid_table(grid))
                    lines += [row_line(row) for row in grid]
            elif block.text.strip():
                lines.append(block.text.strip())
        title = document.core_properties.title or None
    except UnreadableDocument:
        raise
    except Exception as error:  # python-docx raises many kinds on broken parts
        raise UnreadableDocument(f"DOCX could not be read: {type(error).__name__}: {error}") from error
    return Document("docx", "\n".join(lines), tables, title)
