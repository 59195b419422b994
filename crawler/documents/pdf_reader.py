"""Text-layer PDF reports: lines of text and ruled tables, in reading order.

PDFium (``pdf_objects``) reads each page's characters and rules; pdfplumber's table finder
and text lines work on them.

Lines of prose wrapped at the right margin are joined back into paragraphs. Rows of cells
as for HTML tables (``crawler.tables``; pdfplumber leaves merged slots empty,
so cells are placed by their boxes), and a table that a page break cut in two is joined
again when the next page opens with a table of the same left and right edges.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import pypdfium2 as pdfium
from pdfplumber.table import TableFinder
from pdfplumber.utils import chars_to_textmap, extract_text

from crawler.cells import is_value
from crawler.documents.document import Document, UnreadableDocument, row_line
from crawler.documents.pdf_objects import Obj, PageObjects, page_objects
from crawler.tables import Slot, grid_table, row_cells

MAX_PAGES = 300  # reports run to tens of pages; more is not a report
_SAME_EDGE = 2.0  # points: rules this close are one (pages of one table differ by a point or so)
_TOP_MARGIN = 90.0  # points: a table starting this high on a page continues the last page's table
_LINE_END = 2.5  # characters: a line ending this close to the right margin was wrapped, not ended
_OPENS_PARAGRAPH = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_HANGING = "，。、；：？！”’）》」』,.;:?!)"  # punctuation a typesetter lets hang past the right margin
_GOES_ON = "\u2029"  # marks a wrapped line until the lines are joined into paragraphs

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Cells = list[tuple[Box, str]]  # a table's cells: where each is, and its text


def _cells(boxes: list[Box], chars: list[Obj]) -> Cells:
    """Each cell's box and text: the characters whose middle lies inside it, as pdfplumber's
    ``Table.extract`` decides, but each character placed once through the grid of the cells'
    edges rather than tried against every row."""
    xs = sorted({box[0] for box in boxes} | {box[2] for box in boxes})
    ys = sorted({box[1] for box in boxes} | {box[3] for box in boxes})
    owner: dict[tuple[int, int], int] = {}  # grid slot -> the cell covering it
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for column in range(bisect_left(xs, x0), bisect_left(xs, x1)):
            for row in range(bisect_left(ys, top), bisect_left(ys, bottom)):
                owner[row, column] = i
    inside: list[list[Obj]] = [[] for _ in boxes]
    for char in chars:
        slot = (bisect_right(ys, (char["top"] + char["bottom"]) / 2) - 1,
                bisect_right(xs, (char["x0"] + char["x1"]) / 2) - 1)
        if slot in owner:
            inside[owner[slot]].append(char)
    return [(box, extract_text(cell).replace("\n", "") if cell else "") for box, cell in zip(boxes, inside)]


def _edges(positions: list[float]) -> list[float]:
    """Distinct positions, those closer than ``_SAME_EDGE`` counted as one."""
    edges: list[float] = []
    for position in sorted(positions):
        if not edges or position - edges[-1] >= _SAME_EDGE:
            edges.append(position)
    return edges


def _grid(cells: Cells) -> list[list[str]]:
    """The table's rows of cells (see ``crawler.tables.row_cells``), placed by the cells' boxes."""
    # Every slot's column starts where some cell starts, and its row likewise.
    lefts = _edges([box[0] for box, _ in cells]) + [max(box[2] for box, _ in cells)]
    tops = _edges([box[1] for box, _ in cells]) + [max(box[3] for box, _ in cells)]

    def covering(r: int, c: int) -> Slot:
        x, y = (lefts[c] + lefts[c + 1]) / 2, (tops[r] + tops[r + 1]) / 2
        return next(((i, text) for i, ((x0, top, x1, bottom), text) in enumerate(cells)
                     if x0 <= x <= x1 and top <= y <= bottom), (-1, ""))

    return [row_cells([covering(r, c) for c in range(len(lefts) - 1)]) for r in range(len(tops) - 1)]


def _continues(previous: Cells, following: Cells) -> bool:
    """Whether ``following`` (opening a page) is the rest of ``previous``: the same left and right edges."""
    def edges(cells: Cells) -> tuple[float, float]:
        return min(box[0] for box, _ in cells), max(box[2] for box, _ in cells)

    (a0, a1), (b0, b1) = edges(previous), edges(following)
    return abs(a0 - b0) < 2 and abs(a1 - b1) < 2


def _below(previous: Cells, following: Cells) -> Cells:
    """``following`` moved down to start where ``previous`` ends."""
    shift = max(box[3] for box, _ in previous) - min(box[1] for box, _ in following)
    return [((x0, top + shift, x1, bottom + shift), text) for (x0, top, x1, bottom), text in following]


def _fills_the_line(line: dict, right: float) -> bool:
    """Whether a line of prose (one run of words: Chinese prose has no spaces, a table row
    without rules does) runs to the right margin, so that its paragraph may go on below."""
    chars = line.get("chars") or [{}]
    margin = _LINE_END * float(chars[-1].get("size", 10.0))
    return len(line["text"].split()) == 1 and line["x1"] >= right - margin


def _text_end(line: dict) -> float:
    """Where a line's text ends, less the punctuation a typesetter lets hang past the margin (标点悬挂)."""
    chars = line.get("chars") or [{}]
    hangs = line["text"][-1:] in _HANGING
    return float(line["x1"]) - (float(chars[-1].get("size", 10.0)) if hangs else 0.0)


def _page_blocks(page: PageObjects) -> list[tuple[float, str | Cells]]:
    """(top, text line or table cells) of one page, tables found by their rules."""
    tables = [table for table in TableFinder(page).tables if table.cells]
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    chars = [char for char in page.chars if outside(char)]
    lines = chars_to_textmap(chars, layout_bbox=page.bbox).extract_text_lines()
    right = max((_text_end(line) for line in lines), default=0.0)
    blocks: list[tuple[float, str | Cells]] = [
        (line["top"], line["text"] + (_GOES_ON if _fills_the_line(line, right) else "")) for line in lines
    ]
    blocks += [(table.bbox[1], _cells(table.cells, page.chars)) for table in tables]
    return sorted(blocks, key=lambda block: block[0])


def read_pdf(data: bytes) -> Document:
    """The text and tables of a text-layer PDF; raises UnreadableDocument."""
    blocks: list[str | Cells] = []  # a table cut by a page break is joined into one
    pdf: pdfium.PdfDocument | None = None
    try:
        pdf = pdfium.PdfDocument(data)
        if len(pdf) > MAX_PAGES:
            raise UnreadableDocument(f"PDF refused: {len(pdf)} pages (limit {MAX_PAGES})")
        title = pdf.get_metadata_dict(skip_empty=True).get("Title")
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                objects = page_objects(page)
            finally:
                page.close()
            for index, (top, block) in enumerate(_page_blocks(objects)):
                if isinstance(block, str):
                    blocks.append(block)
                    continue
                last = blocks[-1] if blocks else None
                if index == 0 and top < _TOP_MARGIN and isinstance(last, list) and _continues(last, block):
                    last.extend(_below(last, block))
                else:
                    blocks.append(block)
    except UnreadableDocument:
        raise
    except Exception as error:  # PDFium refuses broken files; pdfplumber's geometry may trip on odd ones
        raise UnreadableDocument(f"PDF could not be read: {type(error).__name__}: {error}") from error
    finally:
        if pdf is not None:
            pdf.close()
    lines: list[str] = []
    grids: list[list[list[str]]] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
        else:
            grids.append(_grid(block))
            lines += [row_line(row) for row in grids[-1]]
    if not any(line.strip() for line in lines):
        raise UnreadableDocument("PDF has no text layer (a scan): OCR is not attempted")
    return Document("pdf", _paragraphs(lines), [grid_table(grid) for grid in grids],
                    title if isinstance(title, str) else None)


def _paragraphs(lines: list[str]) -> str:
    """The lines as text, a wrapped line joined to the next (across pages too) unless the next
    is a table row (ending in a number) or opens a paragraph of its own (一、 （二） 3. ...)."""
    text: list[str] = []
    for line in lines:
        words = line.split()
        goes_on = (bool(text) and text[-1].endswith(_GOES_ON) and not (words and is_value(words[-1]))
                   and not _OPENS_PARAGRAPH.match(line))
        if text:
            text[-1] = text[-1].removesuffix(_GOES_ON)
        if goes_on:
            text[-1] += line
        else:
            text.append(line)
    return "\n".join(text).replace(_GOES_ON, "")
