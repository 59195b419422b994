"""What every form of report is read into: its text and its tables as grids of cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.parse.tables import PageTable


class UnreadableDocument(Exception):
    """A document that cannot be read; the message says why, for the report's parse status."""


@dataclass(frozen=True)
class Document:
    """A report as read from one form: readable text (one line per paragraph or table row,
    a row's cells tab-separated) and its innermost tables, in reading order."""

    form: str  # "html", "text", "docx", "pdf", "doc" (DOC/WPS converted by LibreOffice), "xlsx" or "xls"
    text: str
    tables: list[PageTable] = field(default_factory=list)
    title: str | None = None  # the document's own title, where its metadata gives one


def row_line(cells: list[str]) -> str:
    """A table row (``crawler.parse.tables.row_cells``: a cell merged across columns once, one merged
    across rows in each) as a line of text, its cells tab-separated, as a page's is."""
    return "\t".join(cell.replace("\t", " ").replace("\n", "") for cell in cells)
