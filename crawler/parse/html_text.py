"""Find a report page's article and turn it into text, tables kept as rows of cells."""

from __future__ import annotations

import re
from collections.abc import Mapping

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

# Article containers of the content-management systems government portals run on.
ARTICLE_XPATHS = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//div[@id='zoom']",
    "//div[@id='UCAP-CONTENT']",
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]",
    "//div[@id='content']",
    "//article",
)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "table", "section", "pre"}
_CELLS = {"td", "th"}
_SKIP = {"script", "style", "noscript", "template"}


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(html: str) -> HtmlElement:
    """Parse a page into an lxml tree; never raises (an empty page is an empty document)."""
    html = _XML_DECLARATION.sub("", html)  # XHTML pages: lxml refuses a declaration in a str
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def article(root: HtmlElement) -> HtmlElement:
    """The element holding the report itself: a known CMS container, else the body."""
    for xpath in ARTICLE_XPATHS:
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    body = root.find("body")
    return body if body is not None else root


def element_text(el: HtmlElement, laid_out: Mapping[HtmlElement, str] | None = None) -> str:
    """Readable text of ``el``: one line per block, table cells separated by tabs. Tables whose
    text is already known (``laid_out``: table -> its lines) are not walked again."""
    parts: list[str] = []
    _walk(el, parts, laid_out or {})
    lines = (_clean_cells(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _clean_cells(line: str) -> str:
    cells = (" ".join(cell.split()) for cell in line.split("\t"))  # whitespace runs, U+3000 too, to one space
    return "\t".join(cells).strip("\t")


def _walk(el: HtmlElement, parts: list[str], laid_out: Mapping[HtmlElement, str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP:
        parts.append(el.tail or "")
        return
    if tag == "table" and el in laid_out:
        parts += ["\n", laid_out[el], "\n", (el.tail or "").replace("\t", " ").replace("\n", " ")]
        return
    if tag in _BLOCKS:
        parts.append("\n")
    if tag in _CELLS:
        parts.append("\t")
    if tag and el.text:
        parts.append(el.text.replace("\t", " ").replace("\n", " "))
    for child in el:
        _walk(child, parts, laid_out)
    if tag in _BLOCKS:
        parts.append("\n")
    if el.tail:
        parts.append(el.tail.replace("\t", " ").replace("\n", " "))

