"""HTML pages and plain text as documents for the parser."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.documents.document import Document
from crawler.html_text import article, element_text
from crawler.tables import innermost_tables, lay_out

_TITLE_AT_MOST = 200  # characters of a page's <title> kept


def read_html(root: HtmlElement) -> Document:
    """The report in a parsed page: its article's text and innermost tables, each table laid
    out once for both, and the page's ``<title>`` (what a page found with no listed title goes by)."""
    content = article(root)
    laid_out = {table: lay_out(table) for table in innermost_tables(content)}
    text = element_text(content, {table: lines for table, (lines, _) in laid_out.items()})
    title = " ".join(" ".join(root.xpath("//title//text()")).split())[:_TITLE_AT_MOST] or None
    return Document("html", text, [table for _, table in laid_out.values()], title=title)


def read_text(text: str) -> Document:
    """A report that reaches us as text: its tables are read from the text itself."""
    return Document("text", text)
