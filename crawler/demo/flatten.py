"""A report as it reaches us flattened into text: by content farms (each cell `` |`` on a line
of its own) or copied out of Word (each cell a tab-led line, narrow cells one character per line)."""

from __future__ import annotations

from crawler.demo.documents import Table, blocks
from crawler.parse.html_text import article, parse_html
from crawler.parse.tables import table_cells

NARROW = 3  # characters: Word prints a cell this short in a narrow column one character per line


def piped_text(page: str) -> str:
    """The article of ``page`` as text; a table's cells one per line (a cell merged across rows
    repeated in each, as seed 002 shows), then ``||``."""
    lines: list[str] = []
    for element in article(parse_html(page)):
        if element.tag == "table":
            lines += [f"{cell} |" for row in table_cells(element) for cell in row] + ["||"]
        else:
            lines.append(element.text_content())
    return "\n".join(lines)


def _word_cell(text: str) -> str:
    return "\t" + ("\n".join(text) if 1 < len(text) <= NARROW and not text.isdigit() else text)


def _word_table(table: Table) -> list[str]:
    rows = [[cell for cell in table.cells if cell.row == r] for r in range(table.rows)]
    return ["\n".join(_word_cell(cell.text) for cell in row) + "\n" for row in rows]


def word_text(body: str) -> str:
    """An HTML body as text copied out of Word: a merged cell once, in the row it starts in;
    a blank cell a tab alone; rows separated by blank lines."""
    lines: list[str] = []
    for block in blocks(body):
        lines += [block] if isinstance(block, str) else [*_word_table(block), ""]
    return "\n".join(lines)
