"""Tables flattened into text, back into rows of cells.

Word's form (seeds 000, 001, 003, 004): each cell starts a line with a tab; a line without
the tab continues the cell before it (Word splits narrow cells one character per line);
an empty line ends a row. A cell that was blank is a line holding the tab alone. The
content farms' form (seed 002): see ``piped_rows``.
"""

from __future__ import annotations

from crawler.fold import BLANK_CELLS, fold
from crawler.repair.mirror import unmirror


def flattened_rows(text: str) -> list[list[str]]:
    """Every row of cells in ``text`` (blocks without any tab-led line are prose, skipped)."""
    rows: list[list[str]] = []
    cells: list[str] = []
    for line in text.splitlines():
        if not line.strip("\r"):
            if cells:
                rows.append(cells)
            cells = []
        elif line.startswith("\t"):
            cells.append(line.strip())
        elif cells:  # a cell's text broken over lines
            cells[-1] += line.strip()
    if cells:
        rows.append(cells)
    return rows


def _is_value(cell: str) -> bool:
    text = fold(cell)
    return text.isdigit() or text in BLANK_CELLS


def piped_rows(text: str) -> list[list[str]]:
    """Rows of a table flattened with `` |`` after each cell (content-farm mirrors, seed 002).

    Each ``text |`` line is a cell. Lines of pipes alone mark where a row or a spanned cell
    ended, inconsistently, so rows are found by their shape instead: label cells, then
    value cells; a label after values starts the next row. A lone ``|`` between values
    is a blank cell.
    """
    lines = [line.strip() for line in text.splitlines()]
    rows: list[list[str]] = []
    labels: list[str] = []
    values: list[str] = []
    for i, line in enumerate(lines):
        if line and set(line) == {"|"}:
            following = next((n for n in lines[i + 1:] if n and set(n) != {"|"}), "")
            if labels and 0 < len(values) < 7 and line == "|" and _is_value(following.removesuffix("|")):
                values.append("")
            continue
        if not line.endswith("|"):
            continue
        cell = line.removesuffix("|").strip()
        if _is_value(cell) and labels:
            values.append(cell)
            continue
        if values:
            rows.append(labels + values)
            labels, values = [], []
        labels.append(cell)
    if labels:
        rows.append(labels + values)
    return rows


def text_table_rows(text: str, start_heading: str, end_heading: str) -> list[list[str]]:
    """The rows of the tables between two headings of ``text``, in whichever flattened form
    they come (tab-led cells, else `` |`` cells), read in Simplified with a mirror's pinyin out.

    Where the first heading is missing the text is read from its start, and to its end
    where the second is missing.
    """
    simplified = unmirror(text)
    start = max(simplified.find(start_heading), 0)
    end = simplified.find(end_heading, start)
    part = simplified[start:end if end > start else None]
    return flattened_rows(part) if "\t" in part else piped_rows(part)
