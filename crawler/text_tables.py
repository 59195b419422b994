"""Tables flattened into text, back into rows of cells.

Word's form (seeds 000, 001, 003, 004): each cell starts a line with a tab; a line without
the tab continues the cell before it (Word splits narrow cells one character per line);
an empty line ends a row. A cell that was blank is a line holding the tab alone. The
content farms' form (seed 002): see ``piped_rows``.
"""

from __future__ import annotations

from crawler.fold import BLANK_CELLS, fold
from crawler.repair.mirror import unmirror

Block = str | list[list[str]]  # a line of prose, or a table as rows of cells


def flattened_blocks(text: str) -> list[Block]:
    """The prose lines and tables of Word-flattened ``text``, in order: consecutive rows make a table."""
    blocks: list[Block] = []
    cells: list[str] = []

    def end_row() -> None:
        if cells:
            if not blocks or isinstance(blocks[-1], str):
                blocks.append([])
            blocks[-1].append(cells.copy())  # type: ignore[union-attr]
            cells.clear()

    for line in text.splitlines():
        if not line.strip("\r"):
            end_row()
        elif line.startswith("\t"):
            cells.append(line.strip())
        elif cells:  # a cell's text broken over lines
            cells[-1] += line.strip()
        else:
            blocks.append(line.strip())
    end_row()
    return blocks


def flattened_rows(text: str) -> list[list[str]]:
    """Every row of cells in ``text`` (blocks without any tab-led line are prose, skipped)."""
    return [row for block in flattened_blocks(text) if not isinstance(block, str) for row in block]


def piped_blocks(text: str) -> list[Block]:
    """The prose lines and tables of a content farm's text, in order: runs of `` |`` lines are tables."""
    blocks: list[Block] = []
    run: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.rstrip().endswith("|"):
            run.append(line)
            continue
        if run:
            blocks.append(piped_rows("\n".join(run)))
            run = []
        if line.strip():
            blocks.append(line.strip())
    return blocks


def text_blocks(text: str) -> list[Block]:
    """Prose and tables of text in either flattened form (tab-led cells, else `` |`` cells)."""
    return flattened_blocks(text) if "\n\t" in text else piped_blocks(text)


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
