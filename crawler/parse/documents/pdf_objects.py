"""What a PDF page shows that a report's reader needs, read by PDFium (pypdfium2): the
characters with their boxes, and the straight edges its rules draw.

They come in pdfplumber's shapes (dicts in top-down page coordinates), so pdfplumber's
table finder and text lines work on them unchanged. PDFium reads a page several times
as fast as pdfminer, which interprets the content stream in Python.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from crawler.parse.documents.document import UnreadableDocument

# A report's page holds at most a few thousand characters. Each costs about 600 bytes read (a dict
# here, PDFium's own record), and a page of a few kilobytes can draw millions: a page past this count
# (PDFium's, the spaces and line breaks it adds included) is refused before its characters are read.
MAX_PAGE_CHARS = 20_000

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_STRAIGHT = 0.01  # points: a segment whose ends differ less than this across is straight
_MAX_DEPTH = 8  # form XObjects nested deeper than this are not followed
_SKIPPED = {0, 0xFFFE, 0xFFFF, ord("\r"), ord("\n")}
_SPACE = ord(" ")
# GB 2312's middle dot (A1A4), which Chinese fonts' CID tables hold, reads in PDFium as
# U+30FB (katakana); GB 18030 and the HTML of the same report have U+00B7.
_CHARACTERS = {0x30FB: "\u00b7"}
_REPLACEMENT = 0xFFFD  # what a lone half of a UTF-16 surrogate pair becomes


@dataclass(frozen=True)
class PageObjects:
    """One page's characters and edges, shaped as pdfplumber's ``Page.chars`` and ``Page.edges``."""

    chars: list[Obj]
    edges: list[Obj]
    bbox: tuple[float, float, float, float]


def page_objects(page: pdfium.PdfPage, number: int) -> PageObjects:
    """The characters and rule edges of one page, the ``number``th (from 1) of its document;
    raises UnreadableDocument for a page of more than MAX_PAGE_CHARS characters."""
    width, height = page.get_size()
    return PageObjects(_chars(page, number, height), _edges(page, height), (0.0, 0.0, width, height))


def _chars(page: pdfium.PdfPage, number: int, height: float) -> list[Obj]:
    """Every character drawn (not the spaces and line breaks PDFium adds), boxed by its font's
    ascent and descent, so the characters of one line share their top and bottom."""
    textpage = page.get_textpage()
    handle = textpage.raw
    box = pdfium_c.FS_RECTF()
    # Bound once: a page has thousands of characters, each read through four calls.
    unicode, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    loose_box, font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    chars: list[Obj] = []
    count = pdfium_c.FPDFText_CountChars(handle)
    try:
        if count > MAX_PAGE_CHARS:
            raise UnreadableDocument(f"PDF refused: page {number} has {count} characters (limit {MAX_PAGE_CHARS})")
        for i in range(count):
            code = unicode(handle, i)
            if 0xDC00 <= code <= 0xDFFF and i and 0xD800 <= unicode(handle, i - 1) <= 0xDBFF:
                continue  # the second half of a character beyond the BMP, joined to the first below
            if 0xD800 <= code <= 0xDFFF:  # PDFium counts UTF-16 units: join a pair, a lone half is unreadable
                low = unicode(handle, i + 1) if i + 1 < count else 0
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) if (
                    code <= 0xDBFF and 0xDC00 <= low <= 0xDFFF) else _REPLACEMENT
            # PDFium generates only spaces and line breaks (the latter skipped anyway), so only a
            # space is asked whether it was generated.
            if code in _SKIPPED or (code == _SPACE and generated(handle, i) == 1) or not loose_box(handle, i, box):
                continue
            left, right, top, bottom = box.left, box.right, height - box.top, height - box.bottom
            chars.append({"text": _CHARACTERS.get(code) or chr(code), "x0": left, "x1": right,
                          "top": top, "bottom": bottom, "doctop": top, "width": right - left, "height": bottom - top,
                          "size": font_size(handle, i), "upright": True})
    finally:
        textpage.close()
    return chars


def _edges(page: pdfium.PdfPage, height: float) -> list[Obj]:
    """The horizontal and vertical segments of every path stroked or filled on the page."""
    edges: list[Obj] = []
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        _object_edges(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, height, edges, 0)
    return edges


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 (the matrix's own letters)
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _object_edges(obj: Any, outer: Matrix, height: float, edges: list[Obj], depth: int) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
        return
    fs = pdfium_c.FS_MATRIX()
    matrix = (_compose((fs.a, fs.b, fs.c, fs.d, fs.e, fs.f), outer)
              if pdfium_c.FPDFPageObj_GetMatrix(obj, fs) else outer)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        if depth < _MAX_DEPTH:
            for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                _object_edges(pdfium_c.FPDFFormObj_GetObject(obj, i), matrix, height, edges, depth + 1)
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
        return  # a clipping path draws nothing
    for start, end in _segments(obj, matrix):
        edge = _edge(start, end, height)
        if edge is not None:
            edges.append(edge)


def _segments(path: Any, matrix: Matrix) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The path's straight segments in page coordinates (a subpath's closing one too)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    segments = []
    start = current = (0.0, 0.0)
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            segments.append((current, point))
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            segments.append((current, start))
            current = start
    return segments


def _edge(start: tuple[float, float], end: tuple[float, float], height: float) -> Obj | None:
    """A horizontal or vertical segment as a pdfplumber edge; None for a slanted one or a point."""
    (x0, y0), (x1, y1) = start, end
    if abs(y0 - y1) < _STRAIGHT and abs(x0 - x1) < _STRAIGHT:
        return None
    if abs(y0 - y1) < _STRAIGHT:
        orientation = "h"
    elif abs(x0 - x1) < _STRAIGHT:
        orientation = "v"
    else:
        return None
    top, bottom = height - max(y0, y1), height - min(y0, y1)
    left, right = min(x0, x1), max(x0, x1)
    return {"object_type": "line", "orientation": orientation, "x0": left, "x1": right, "top": top,
            "bottom": bottom, "doctop": top, "width": right - left, "height": bottom - top}
