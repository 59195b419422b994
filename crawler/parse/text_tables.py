"""Tables flattened into text, back into rows of cells.

Word's form (seeds 000, 001, 003, 004): each cell starts a line with a tab; a line without
the tab continues the cell before it (Word splits narrow cells one character per line);
an empty line ends a row. A cell that was blank is a line holding the tab alone. The
content farms' form (seed 002): see ``piped_rows``; a row a line with cells between pipes
(markdown from PDF converters): see ``pipe_rows``; cells apart by spaces: see ``spaced_rows``.
"""

from __future__ import annotations

import re

from crawler.parse.cells import is_value
from crawler.text.fold import fold
from crawler.text.mirror import unmirror

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
            if labels and 0 < len(values) < 7 and line == "|" and is_value(following.removesuffix("|")):
                values.append("")
            continue
        if not line.endswith("|"):
            continue
        cell = line.removesuffix("|").strip()
        if is_value(cell) and labels:
            values.append(cell)
            continue
        if values:
            rows.append(labels + values)
            labels, values = [], []
        labels.append(cell)
    if labels:
        rows.append(labels + values)
    return rows


_RULE = re.compile(r":?-{3,}:?")  # a markdown table's rule cell: ---, :---, ---:, :---:


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a table row written on one line between pipes (``| 规章 | 0 | 0 | 0 |``, markdown's
    and some flattened pages' form; ``| |||`` holds blank cells), or None for any other line. A
    markdown rule line (``|---|:---:|``) is a row of no cells."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    if "|" not in inner:
        return None
    cells = [cell.strip() for cell in inner.split("|")]
    return [] if all(_RULE.fullmatch(cell) for cell in cells) else cells


def pipe_rows(text: str) -> list[list[str]]:
    """Rows of tables written one row per line with cells between pipes. The lines between the
    tables (a markdown heading ``### 第二十条第（一）项``, a note) are rows of one cell, as a table's
    caption cells are in a page, so a block's label still leads its rows."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        cells = _pipe_cells(line)
        if cells is None:
            caption = line.strip().lstrip("#").strip()
            if caption:
                rows.append([caption])
        elif cells:
            rows.append(cells)
    return rows


def _is_pipe_table(text: str) -> bool:
    """Whether ``text`` holds tables of one row per line: two lines at least with cells between pipes, one
    not blank (a content farm's lines of pipes alone mark ends of cells, not rows)."""
    return sum(1 for line in text.splitlines() if any(_pipe_cells(line) or ())) >= 2


def _words(line: str) -> list[str]:
    """A line split at spaces, except inside brackets: ``采购总金额（单位:万元 保留4位小数）`` is one."""
    words: list[str] = []
    for word in line.split():
        if words and _open_brackets(words[-1]) > 0:
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def _open_brackets(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


_PENDING_CELLS = 8  # label cells kept from lines without numbers, for the numbers that follow


def spaced_rows(text: str) -> list[list[str]]:
    """Rows of a table whose rules were lost (text taken from a PDF or a web page without
    them): each line's trailing numbers are its values, the words before them its labels.

    A label too long for its cell wraps onto lines of its own, before and after the line
    with the numbers (``（二）部分公开（区分处理的，…不计其他情`` / ``11 1 1 0 1 1 15`` /
    ``形）``), so the words of lines without numbers are held and lead the next row's labels.
    A blank cell leaves no trace in such text: a row with one is short, and is left out.
    """
    rows: list[list[str]] = []
    pending: list[str] = []
    for line in text.splitlines():
        tokens = _words(line)
        values = len(tokens)
        while values and is_value(tokens[values - 1]) and fold(tokens[values - 1]):
            values -= 1
        if values == len(tokens):
            pending = (pending + tokens)[-_PENDING_CELLS:]
            continue
        rows.append(pending + tokens)
        pending = []
    return rows


def text_table_rows(text: str, start_heading: str, end_heading: str) -> list[list[str]]:
    """The rows of the tables between two headings of ``text``, in whichever flattened form
    they come (tab-led cells, a row a line between pipes, `` |`` cells, else cells apart by
    spaces), read in Simplified
    with a mirror's pinyin out.

    Where the first heading is missing the text is read from its start, and to its end
    where the second is missing.
    """
    simplified = unmirror(text)
    start = max(simplified.find(start_heading), 0)
    end = simplified.find(end_heading, start)
    part = simplified[start:end if end > start else None]
    if "\n\t" in part or part.startswith("\t"):
        return flattened_rows(part)
    if _is_pipe_table(part):
        return pipe_rows(part)
    return piped_rows(part) if "|\n" in part or part.rstrip().endswith("|") else spaced_rows(part)
