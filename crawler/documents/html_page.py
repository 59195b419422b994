"""HTML pages and plain text as documents for the parser."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.documents.document import Document
from crawler.html_text import article, element_text
from crawler.tables import page_tables


def read_html(root: HtmlElement) -> Document:
    """The report in a parsed page: its article's text and innermost tables."""
    content = article(root)
    return Document("html", element_text(content), page_tables(content))


def read_text(text: str) -> Document:
    """A report that reaches us as text: its tables are read from the text itself."""
    return Document("text", text)
