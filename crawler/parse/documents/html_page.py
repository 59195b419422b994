"""HTML pages and plain text as documents for the parser."""

from __future__ import annotations

import re

import lxml.etree
from lxml.html import HtmlElement

from crawler.parse.broken_lines import join_broken_lines
from crawler.parse.documents.document import Document, UnreadableDocument
from crawler.parse.html_text import article, element_text, parse_html
from crawler.parse.tables import innermost_tables, lay_out

_TITLE_AT_MOST = 200  # characters of a page's <title> kept
# A report page has about a thousand tags. Read, a tag costs 300-500 bytes (tree and laid-out tables), so a
# million is about 600 MiB (benchmarks/memory.py); past ten million libxml2's XPath gives up altogether.
MAX_TAGS = 1_000_000


def read_page(html: str) -> tuple[HtmlElement, Document]:
    """A decoded page's tree and the report in it; UnreadableDocument for a page of more than MAX_TAGS
    tags (counted before anything is parsed) or one lxml cannot walk."""
    tags = html.count("<")
    if tags > MAX_TAGS:
        raise UnreadableDocument(f"page refused: {tags} tags (limit {MAX_TAGS})")
    root = parse_html(html)
    try:
        return root, read_html(root)
    except lxml.etree.LxmlError as error:
        raise UnreadableDocument(f"page could not be read: {type(error).__name__}: {error}") from error


def read_html(root: HtmlElement) -> Document:
    """The report in a parsed page: its article's text and innermost tables, each table laid
    out once for both, and the page's ``<title>`` (what a page found with no listed title goes by)."""
    content = article(root)
    laid_out = {table: lay_out(table) for table in innermost_tables(content)}
    text = element_text(content, {table: lines for table, (lines, _) in laid_out.items()})
    title = " ".join(" ".join(root.xpath("//title//text()")).split())[:_TITLE_AT_MOST] or None
    return Document("html", text, [table for _, table in laid_out.values()], title=title)


_HTML_TABLE = re.compile(r"<table\b[^>]*>.*?</t[dh]>", re.IGNORECASE | re.DOTALL)
_TABLES = re.compile(r"(<table\b.*?</table>)", re.IGNORECASE | re.DOTALL)


def read_text(text: str) -> Document:
    """A report that reaches us as text: its tables are read from the text itself, or, where a
    converter wrote them as HTML inside its markdown (``<table><tr><td>规章</td>…``, as MinerU
    and others do), from that markup, the text around them kept as it is. Words broken one
    character a line (a flipbook's text layer) are joined back (``crawler.parse.broken_lines``)."""
    if _HTML_TABLE.search(text) and text.count("<") <= MAX_TAGS:
        parts = _TABLES.split(text)  # the text's lines stay lines (headings start theirs), tables tables
        markup = "".join(part if i % 2 else part.replace("\n", "<br>\n") for i, part in enumerate(parts))
        document = read_html(parse_html(markup))
        return Document("text", document.text, document.tables)
    return Document("text", join_broken_lines(text))
