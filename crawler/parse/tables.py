"""HTML tables as rows of cells, rowspan and colspan expanded: a table's shape whatever its source."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.etree
from lxml.html import HtmlElement

from crawler.text.fold import fold
from crawler.text.mirror import to_simplified

MAX_ROWSPAN = 500  # bounds a hostile or broken span
MAX_COLSPAN = 100


def cell_text(cell: HtmlElement) -> str:
    """A cell's text with runs of whitespace (line breaks, U+3000 and no-break spaces included)
    folded to one space."""
    text = (cell.text or "") if len(cell) == 0 else cell.text_content()
    return " ".join(text.split())


_DIGITS = re.compile(r"\s*(\d+)")


def _span(cell: HtmlElement, name: str, limit: int) -> int:
    value = cell.get(name)
    if value is None or value == "1":
        return 1
    digits = _DIGITS.match(value)
    return min(max(int(digits.group(1)), 1), limit) if digits else 1


_OWN_ROWS = lxml.etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_CELL_TAGS = ("td", "th")


def table_rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows, not those of tables nested in it."""
    return _OWN_ROWS(table)


def row_elements(tr: HtmlElement) -> list[HtmlElement]:
    """The cells (td and th) of a row."""
    return [cell for cell in tr if cell.tag in _CELL_TAGS]


Slot = tuple[int, str]  # (the cell's number in the table, its text)


def _fill_spanned(row: list[Slot], pending: dict[int, tuple[int, Slot]]) -> None:
    """Append to ``row`` the slots that cells of earlier rows span into."""
    while len(row) in pending:
        column = len(row)
        left, slot = pending.pop(column)
        row.append(slot)
        if left > 1:
            pending[column] = (left - 1, slot)


def _slots(table: HtmlElement) -> list[list[Slot]]:
    """The table laid out on a grid: every slot holds the cell that covers it."""
    grid: list[list[Slot]] = []
    pending: dict[int, tuple[int, Slot]] = {}  # column -> (rows still covered, slot)
    number = 0
    for tr in table_rows(table):
        row: list[Slot] = []
        for cell in row_elements(tr):
            if pending:
                _fill_spanned(row, pending)
            slot, number = (number, cell_text(cell)), number + 1
            rowspan = _span(cell, "rowspan", MAX_ROWSPAN)
            colspan = _span(cell, "colspan", MAX_COLSPAN)
            if rowspan > 1:
                pending.update((len(row) + i, (rowspan - 1, slot)) for i in range(colspan))
            row += [slot] * colspan
        if pending:
            _fill_spanned(row, pending)
        grid.append(row)
    return grid


def table_cells(table: HtmlElement) -> list[list[str]]:
    """The table's rows of cells (see ``row_cells``)."""
    return [row_cells(row) for row in _slots(table)]


def _text_lines(slots: list[list[Slot]]) -> list[str]:
    """The table as lines of text: each row's cells (``row_cells``), tab-separated, as a
    document's reader writes them (``crawler.parse.documents.document.row_line``)."""
    lines = ["\t".join(row_cells(row)).strip("\t") for row in slots]
    return [line for line in lines if line]


def innermost_tables(root: HtmlElement) -> list[HtmlElement]:
    """The tables under ``root`` that hold no other table (the content, not the layout around it)."""
    return [t for t in root.iter("table") if next(t.iterdescendants("table"), None) is None]


def lay_out(table: HtmlElement) -> tuple[str, PageTable]:
    """An innermost table laid out once: its text (a line per row) and its rows of cells for
    the section parsers."""
    slots = _slots(table)
    return "\n".join(_text_lines(slots)), grid_table([row_cells(row) for row in slots])


def row_cells(row: list[Slot]) -> list[str]:
    """A grid row as the cells it holds: a cell spanning several columns once, one spanning
    rows in each of them. Numbers are read from these, so a value cell that Word or
    LibreOffice spread over two grid columns (where rows disagree on column edges) counts once."""
    return [text for i, (number, text) in enumerate(row) if i == 0 or number != row[i - 1][0]]


@dataclass(frozen=True)
class PageTable:
    """A table of a page that holds no other table: its folded text and its grid, in Simplified."""

    text: str
    grid: list[list[str]]


def grid_table(grid: list[list[str]]) -> PageTable:
    """A table from its rows of cells (any source), read in Simplified when its text is Traditional."""
    text = fold("".join("".join(row) for row in grid))
    if to_simplified(text) != text:  # a Traditional page: labels are matched in Simplified
        text, grid = to_simplified(text), [[to_simplified(cell) for cell in row] for row in grid]
    return PageTable(text, grid)


def page_tables(root: HtmlElement) -> list[PageTable]:
    """Every innermost table under ``root``, laid out once for all the section parsers."""
    return [grid_table(table_cells(t)) for t in innermost_tables(root)]


def table_run(tables: list[PageTable], starts: Callable[[str], bool], stop_words: tuple[str, ...]) -> list[list[str]]:
    """The rows of the first table whose text ``starts`` a section's table, and of the tables
    after it until one carries a word of another section's table: a table that a page break
    or an editor split in parts (a header apart, the numbers apart) is read whole."""
    rows: list[list[str]] = []
    for table in tables:
        if rows and any(word in table.text for word in stop_words):
            break
        if rows or starts(table.text):
            rows += table.grid
    return rows
