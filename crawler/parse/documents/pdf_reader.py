"""Text-layer PDF reports: lines of text and ruled tables, in reading order.

PDFium (``pdf_objects``) reads each page's characters and rules; tables and lines of text
are found on them as pdfplumber finds them with its default settings. Where its Python costs
most (a page's words and lines, a cell's text, the cells between the rules' intersections)
the same steps are done here again, faster; tests/test_pdf_objects.py holds them to its results.

Lines of prose wrapped at the right margin are joined back into paragraphs. Rows of cells
as for HTML tables (``crawler.parse.tables``; pdfplumber leaves merged slots empty,
so cells are placed by their boxes), and a table that a page break cut in two is joined
again when the next page opens with a table of the same left and right edges.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

import pypdfium2 as pdfium
from pdfplumber.table import TableSettings, cells_to_tables, edges_to_intersections, merge_edges
from pdfplumber.utils import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, filter_edges, obj_to_bbox
from pdfplumber.utils.text import LIGATURES

from crawler.parse.cells import is_value
from crawler.parse.documents.document import Document, UnreadableDocument, row_line
from crawler.parse.documents.pdf_objects import Obj, PageObjects, page_objects
from crawler.parse.tables import Slot, grid_table, row_cells

MAX_PAGES = 300  # reports run to tens of pages; more is not a report
# Reports hold tens of thousands of characters and a few thousand table cells. Reading a PDF's
# characters takes about 20 µs each, and every table cell is held until the end (with its text,
# some 300 bytes): these bound the time of a whole PDF and the memory its tables hold.
MAX_CHARS = 1_000_000
MAX_TABLE_CELLS = 200_000
_SAME_EDGE = 2.0  # points: rules this close are one (pages of one table differ by a point or so)
_TOP_MARGIN = 90.0  # points: a table starting this high on a page continues the last page's table
_LINE_END = 2.5  # characters: a line ending this close to the right margin was wrapped, not ended
_OPENS_PARAGRAPH = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_HANGING = "，。、；：？！”’）》」』,.;:?!)"  # punctuation a typesetter lets hang past the right margin
_GOES_ON = "\u2029"  # marks a wrapped line until the lines are joined into paragraphs

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Cells = list[tuple[Box, str]]  # a table's cells: where each is, and its text
Point = tuple[float, float]  # x, top
Word = tuple[float, str, list[Obj]]  # top, text, characters
_TABLE_SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults: tables ruled both ways


class Line(NamedTuple):
    """A line of text outside the tables: where it starts and ends, and the size of its last character."""

    top: float
    text: str
    x1: float
    size: float


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
    return [(box, _cell_text(cell)) for box, cell in zip(boxes, inside)]


def _cluster_ids(values: Iterable[float]) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict`` at its default ``y_tolerance``: each value's cluster, the
    values chaining within the tolerance of each other in one, the clusters numbered in order."""
    ids: dict[float, int] = {}
    cluster, last = -1, 0.0
    for value in sorted(set(values)):
        if cluster < 0 or value > last + DEFAULT_Y_TOLERANCE:
            cluster += 1
        ids[value], last = cluster, value
    return ids


def _clusters(objs: list[Any], key: Callable[[Any], float]) -> list[list[Any]]:
    """pdfplumber's ``cluster_objects``: the objects grouped by the clusters of their keys,
    in the clusters' order, each group's objects in their own order."""
    ids = _cluster_ids(map(key, objs))
    groups: list[list[Any]] = [[] for _ in range(max(ids.values(), default=-1) + 1)]
    for obj in objs:
        groups[ids[key(obj)]].append(obj)
    return groups


def _words(chars: list[Obj]) -> list[Word]:
    """The words pdfplumber's ``WordExtractor`` finds with its defaults: lines by ``top``, each
    read from left to right and split at a blank or at a gap wider than its ``x_tolerance``."""
    words: list[Word] = []

    def add(word: list[Obj]) -> None:
        if word:
            text = "".join(LIGATURES.get(char["text"], char["text"]) for char in word)
            words.append((min(char["top"] for char in word), text, word))

    for line in _clusters(chars, itemgetter("top")):
        word: list[Obj] = []
        for char in sorted(line, key=itemgetter("x0")):
            if char["text"].isspace():
                add(word)
                word = []
            elif word and (char["x0"] < word[-1]["x0"] or char["x0"] > word[-1]["x1"] + DEFAULT_X_TOLERANCE
                           or abs(char["top"] - word[-1]["top"]) > DEFAULT_Y_TOLERANCE):
                add(word)
                word = [char]
            else:
                word.append(char)
        add(word)
    return words


def _cell_text(chars: list[Obj]) -> str:
    """A cell's text as pdfplumber's ``extract_text`` reads it with its defaults, less the line
    breaks: the words' lines clustered again by their tops, their words joined by spaces.
    pdfplumber's own reading sets up a word extractor and text map per call, which for a table's
    many small cells costs more than the rest of the table."""
    if len(chars) == 1:  # most cells hold a single digit
        text = chars[0]["text"]
        return "" if text.isspace() else LIGATURES.get(text, text)
    return "".join(" ".join(text for _, text, _ in line) for line in _clusters(_words(chars), itemgetter(0)))


def _text_lines(chars: list[Obj]) -> list[Line]:
    """The lines of text pdfplumber's ``chars_to_textmap(chars).extract_text_lines()`` gives: the
    words in their order, a line ending wherever the next word's top is in another cluster (the
    words are not sorted into their lines as ``extract_text`` does), its words joined by spaces."""
    words = _words(chars)
    ids = _cluster_ids(top for top, _, _ in words)
    lines: list[Line] = []
    for _, run in groupby(words, key=lambda word: ids[word[0]]):
        line = list(run)
        chars = [char for _, _, word in line for char in word]
        lines.append(Line(min(top for top, _, _ in line), " ".join(text for _, text, _ in line),
                          max(char["x1"] for char in chars), chars[-1]["size"]))
    return lines


def _edges(positions: list[float]) -> list[float]:
    """Distinct positions, those closer than ``_SAME_EDGE`` counted as one."""
    edges: list[float] = []
    for position in sorted(positions):
        if not edges or position - edges[-1] >= _SAME_EDGE:
            edges.append(position)
    return edges


def _grid(cells: Cells) -> list[list[str]]:
    """The table's rows of cells (see ``crawler.parse.tables.row_cells``), placed by the cells' boxes."""
    # Every slot's column starts where some cell starts, and its row likewise.
    lefts = _edges([box[0] for box, _ in cells]) + [max(box[2] for box, _ in cells)]
    tops = _edges([box[1] for box, _ in cells]) + [max(box[3] for box, _ in cells)]

    # Each slot holds the first cell whose box holds the slot's middle: the cells are laid
    # from the last, the earlier overwriting the later.
    xs = [(left + right) / 2 for left, right in zip(lefts, lefts[1:])]
    ys = [(top + bottom) / 2 for top, bottom in zip(tops, tops[1:])]
    slots: list[list[Slot]] = [[(-1, "")] * len(xs) for _ in ys]
    for i in reversed(range(len(cells))):
        (x0, top, x1, bottom), text = cells[i]
        first, last = bisect_left(xs, x0), bisect_right(xs, x1)
        for row in slots[bisect_left(ys, top):bisect_right(ys, bottom)]:
            row[first:last] = [(i, text)] * (last - first)
    return [row_cells(row) for row in slots]


def _bounds(cells: Cells) -> Box:
    """The box around all the cells."""
    return (min(box[0] for box, _ in cells), min(box[1] for box, _ in cells),
            max(box[2] for box, _ in cells), max(box[3] for box, _ in cells))


def _continues(previous: Box, following: Box) -> bool:
    """Whether the table bounded by ``following`` (opening a page) is the rest of the one bounded by
    ``previous``: the same left and right edges."""
    return abs(previous[0] - following[0]) < 2 and abs(previous[2] - following[2]) < 2


def _below(following: Cells, shift: float) -> Cells:
    """``following`` moved down by ``shift``."""
    return [((x0, top + shift, x1, bottom + shift), text) for (x0, top, x1, bottom), text in following]


def _fills_the_line(line: Line, right: float) -> bool:
    """Whether a line of prose (one run of words: Chinese prose has no spaces, a table row
    without rules does) runs to the right margin, so that its paragraph may go on below."""
    return len(line.text.split()) == 1 and line.x1 >= right - _LINE_END * line.size


def _text_end(line: Line) -> float:
    """Where a line's text ends, less the punctuation a typesetter lets hang past the margin (标点悬挂)."""
    return line.x1 - (line.size if line.text[-1:] in _HANGING else 0.0)


def _tables(page: PageObjects) -> list[list[Box]]:
    """The cells of each table the page's rules draw, as pdfplumber's ``TableFinder`` with its default
    settings finds them, but the cells found by ``_ruled_cells``."""
    settings = _TABLE_SETTINGS
    edges = merge_edges(filter_edges(page.edges, "v", min_length=settings.edge_min_length_prefilter)
                        + filter_edges(page.edges, "h", min_length=settings.edge_min_length_prefilter),
                        settings.snap_x_tolerance, settings.snap_y_tolerance,
                        settings.join_x_tolerance, settings.join_y_tolerance)
    intersections = edges_to_intersections(filter_edges(edges, min_length=settings.edge_min_length),
                                           settings.intersection_x_tolerance, settings.intersection_y_tolerance)
    return cells_to_tables(_ruled_cells(intersections))


def _ruled_cells(intersections: dict[Point, dict[str, list[Obj]]]) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``: from each intersection of rules, in order, the
    smallest cell whose four corners are intersections joined by rules. Here the points in line
    with each come from a column and row index rather than a scan of all the points, and each
    intersection's rules are numbered once rather than compared as boxes at every test."""
    numbers: dict[Box, int] = {}  # a rule's box -> its number: rules are one if their boxes are

    def rules(edges: list[Obj]) -> set[int]:
        return {numbers.setdefault(obj_to_bbox(edge), len(numbers)) for edge in edges}

    vertical = {point: rules(edges["v"]) for point, edges in intersections.items()}
    horizontal = {point: rules(edges["h"]) for point, edges in intersections.items()}
    points = sorted(intersections)
    column: dict[float, list[float]] = {}  # x -> the tops of its points, in order
    row: dict[float, list[float]] = {}  # top -> the xs of its points, in order
    for x, top in points:
        column.setdefault(x, []).append(top)
        row.setdefault(top, []).append(x)

    def joined(a: set[int], b: set[int]) -> bool:
        """Whether two intersections' rules have one in common."""
        return not a.isdisjoint(b)

    def smallest(x: float, top: float) -> Box | None:
        xs, ys = row[top], column[x]
        right = [r for r in xs[bisect_right(xs, x):] if joined(horizontal[x, top], horizontal[r, top])]
        if not right:
            return None
        below = (y for y in ys[bisect_right(ys, top):] if joined(vertical[x, top], vertical[x, y]))
        return next(((x, top, r, y) for y in below for r in right
                     if (r, y) in intersections and joined(vertical[r, y], vertical[r, top])
                     and joined(horizontal[r, y], horizontal[x, y])), None)

    return [cell for cell in (smallest(x, top) for x, top in points) if cell]


def _split(chars: list[Obj], boxes: list[Box]) -> tuple[list[Obj], list[list[Obj]]]:
    """The characters whose middle lies outside every box, and for each box those inside it."""
    outside: list[Obj] = []
    inside: list[list[Obj]] = [[] for _ in boxes]
    pairs = list(zip(boxes, inside))
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        placed = False
        for (x0, top, x1, bottom), box_chars in pairs:
            if x0 <= x <= x1 and top <= y <= bottom:
                box_chars.append(char)
                placed = True
        if not placed:
            outside.append(char)
    return outside, inside


def _page_blocks(page: PageObjects) -> list[tuple[float, str | Cells]]:
    """(top, text line or table cells) of one page, tables found by their rules."""
    tables = _tables(page)
    boxes: list[Box] = [(min(box[0] for box in cells), min(box[1] for box in cells),
                         max(box[2] for box in cells), max(box[3] for box in cells)) for cells in tables]
    # A table's characters are among those inside its box: its cells' text is read from those alone.
    chars, inside = _split(page.chars, boxes)
    lines = _text_lines(chars)
    right = max((_text_end(line) for line in lines), default=0.0)
    blocks: list[tuple[float, str | Cells]] = [
        (line.top, line.text + (_GOES_ON if _fills_the_line(line, right) else "")) for line in lines
    ]
    blocks += [(box[1], _cells(cells, table_chars)) for cells, box, table_chars in zip(tables, boxes, inside)]
    return sorted(blocks, key=lambda block: block[0])


def read_pdf(data: bytes) -> Document:
    """The text and tables of a text-layer PDF; raises UnreadableDocument."""
    blocks: list[str | Cells] = []  # a table cut by a page break is joined into one
    table: tuple[Cells, Box] | None = None  # the last block when it is a table, and its bounds
    chars = cells = 0
    pdf: pdfium.PdfDocument | None = None
    try:
        pdf = pdfium.PdfDocument(data)
        if len(pdf) > MAX_PAGES:
            raise UnreadableDocument(f"PDF refused: {len(pdf)} pages (limit {MAX_PAGES})")
        title = pdf.get_metadata_dict(skip_empty=True).get("Title")
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            try:
                objects = page_objects(page, number)
            finally:
                page.close()
            chars += len(objects.chars)
            if chars > MAX_CHARS:
                raise UnreadableDocument(f"PDF refused: {chars} characters by page {number} (limit {MAX_CHARS})")
            page_blocks = _page_blocks(objects)
            cells += sum(len(block) for _, block in page_blocks if not isinstance(block, str))
            if cells > MAX_TABLE_CELLS:
                raise UnreadableDocument(f"PDF refused: {cells} table cells by page {number} "
                                         f"(limit {MAX_TABLE_CELLS})")
            for index, (top, block) in enumerate(page_blocks):
                if isinstance(block, str):
                    blocks.append(block)
                    table = None
                    continue
                bounds = _bounds(block)
                if index == 0 and top < _TOP_MARGIN and table is not None and _continues(table[1], bounds):
                    joined, (left, joined_top, right, bottom) = table
                    shift = bottom - bounds[1]
                    joined.extend(_below(block, shift))
                    table = joined, (min(left, bounds[0]), joined_top,
                                     max(right, bounds[2]), max(bottom, bounds[3] + shift))
                else:
                    blocks.append(block)
                    table = block, bounds
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
