"""Tables flattened from Word documents back into rows of cells.

The form (seeds 000, 001, 003, 004): each cell starts a line with a tab; a line without
the tab continues the cell before it (Word splits narrow cells one character per line);
an empty line ends a row. A cell that was blank is a line holding the tab alone.
"""

from __future__ import annotations


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
