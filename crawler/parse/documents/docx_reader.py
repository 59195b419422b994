"""DOCX (Office Open XML) reports: paragraphs and tables in reading order, read from the
document's XML with lxml, their text as python-docx renders it.

Rows of cells as for HTML tables (``crawler.parse.tables``), and a layout table's nested tables
are read instead of the layout table itself.

python-docx's ``Document`` is not used: opening one parses every part of the package (the
styles alone are often ten times the text), and its ``Paragraph.text`` runs an XPath per
paragraph and per run; together they were five sixths of the time to read a DOCX.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

from crawler.parse.documents.document import Document, UnreadableDocument, row_line
from crawler.parse.documents.office_zip import check_office_zip
from crawler.parse.tables import MAX_COLSPAN, PageTable, grid_table, row_cells

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _T, _BR, _TBL, _TR, _TC, _TR_PR, _TC_PR, _GRID_BEFORE, _GRID_SPAN, _V_MERGE, _VAL, _TYPE = (
    _W + name for name in ("body", "p", "t", "br", "tbl", "tr", "tc", "trPr", "tcPr", "gridBefore", "gridSpan",
                           "vMerge", "val", "type"))
_SYMBOLS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_RUN_CONTENT = etree.XPath("w:r/* | w:hyperlink/w:r/*", namespaces={"w": _W[1:-1]})  # in document order
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE_PART = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's, for the same trees


def _content_text(element: etree._Element) -> str:
    """The text of a run's child as python-docx's ``CT_R.text`` renders it: a line break as a
    newline, a page or column break as nothing, properties and drawings as nothing."""
    if element.tag == _T:
        return element.text or ""
    if element.tag == _BR:
        return "\n" if element.get(_TYPE, "textWrapping") == "textWrapping" else ""
    return _SYMBOLS.get(element.tag, "")


def _paragraph_text(p: etree._Element) -> str:
    """A ``w:p``'s text as python-docx's ``Paragraph.text``: its runs and its hyperlinks' runs."""
    return "".join(_content_text(element) for element in _RUN_CONTENT(p))


def _cell_text(tc: etree._Element) -> str:
    """A ``w:tc``'s paragraphs, one a line (those of a nested table left to that table)."""
    return "\n".join(_paragraph_text(p) for p in tc.iterchildren(_P)).strip()


def _child(parent: etree._Element | None, tag: str) -> etree._Element | None:
    """``parent``'s first child ``tag``, as python-docx reads a property (twice as fast as ``find``)."""
    return None if parent is None else next(parent.iterchildren(tag), None)


def _decimal(parent: etree._Element | None, tag: str, default: int) -> int:
    """The ``w:val`` of ``parent``'s child ``tag``, as python-docx reads a decimal property."""
    child = _child(parent, tag)
    return default if child is None else int(child.get(_VAL))


def _grid(tbl: etree._Element) -> Iterator[list[tuple[etree._Element, int]]]:
    """Each row's cells as (origin, grid columns it spans), as python-docx's ``_Row.cells``
    places them: a cell continuing a vertical merge is its origin, the cell at the same grid
    column in the row above (or itself where there is none, which ``_Row.cells`` raises on)."""
    above: dict[int, etree._Element] = {}  # grid column -> the origin of the cell there in the row above
    for tr in tbl.iterchildren(_TR):
        column = _decimal(_child(tr, _TR_PR), _GRID_BEFORE, 0)
        here: dict[int, etree._Element] = {}
        row = []
        for tc in tr.iterchildren(_TC):
            properties = _child(tc, _TC_PR)
            span = min(max(_decimal(properties, _GRID_SPAN, 1), 1), MAX_COLSPAN)  # bounded as an HTML colspan
            merge = _child(properties, _V_MERGE)
            continues = merge is not None and merge.get(_VAL, "continue") == "continue"
            here[column] = origin = above.get(column, tc) if continues else tc
            row.append((origin, span))
            column += span
        above = here
        yield row


def _rows(tbl: etree._Element) -> list[list[str]]:
    """The table's rows of cells: a vertically merged cell in every row it covers, a horizontally
    merged one once (see ``crawler.parse.tables.row_cells``)."""
    rows: list[list[str]] = []
    texts: dict[etree._Element, str] = {}  # holds every origin, so that their ids stay unique
    for row in _grid(tbl):
        slots = []
        for origin, span in row:
            if origin not in texts:
                texts[origin] = _cell_text(origin)
            slots += [(id(origin), texts[origin])] * span
        rows.append(row_cells(slots))
    return rows


def _innermost(tbl: etree._Element) -> list[etree._Element]:
    """``tbl`` itself, or the tables nested in its cells when it is a layout table."""
    if next(tbl.iterdescendants(_TBL), None) is None:
        return [tbl]
    nested = [inner for row in _grid(tbl) for origin, _ in row for inner in origin.iterchildren(_TBL)]
    unique = list(dict.fromkeys(nested))  # a merged cell is listed once per row it covers
    return [t for inner in unique for t in _innermost(inner)] if unique else [tbl]


def _parts(data: bytes) -> tuple[etree._Element, etree._Element | None]:
    """The main document part and the core properties (None without them), found through the
    package relationships as python-docx finds them."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        relationships = etree.fromstring(archive.read("_rels/.rels"), _PARSER)
        targets = {rel.get("Type"): posixpath.normpath(posixpath.join("/", rel.get("Target")))[1:]
                   for rel in relationships.iterchildren(_RELATIONSHIP)}
        main = etree.fromstring(archive.read(targets[_MAIN_PART]), _PARSER)
        core = etree.fromstring(archive.read(targets[_CORE_PART]), _PARSER) if _CORE_PART in targets else None
    return main, core


def read_docx(data: bytes) -> Document:
    """The paragraphs and tables of a DOCX file; raises UnreadableDocument."""
    check_office_zip(data, "word/document.xml", "DOCX")
    try:
        main, core = _parts(data)
        lines: list[str] = []
        tables: list[PageTable] = []
        for block in main.find(_BODY).iterchildren(_P, _TBL):
            if block.tag == _TBL:
                for table in _innermost(block):
                    grid = _rows(table)
                    tables.append(grid_table(grid))
                    lines += [row_line(row) for row in grid]
            elif text := _paragraph_text(block).strip():
                lines.append(text)
        title = core.findtext(_TITLE) if core is not None else None
    except Exception as error:  # lxml, zipfile and int() raise many kinds on broken parts
        raise UnreadableDocument(f"DOCX could not be read: {type(error).__name__}: {error}") from error
    return Document("docx", "\n".join(lines), tables, title or None)
