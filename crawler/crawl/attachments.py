"""Reports published as an attachment: which links are attachments, and which pages only wrap one."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.crawl.listing import Entry

# What a report attachment's name ends with (in the path, a filename= parameter, or the link text).
EXTENSIONS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "ofd")
_NAMED = re.compile(r"\.(" + "|".join(EXTENSIONS) + r")\s*$", re.I)
# a document a script names (a PDF viewer fed from an array: var files = ["/u/2021/report.pdf"])
_SCRIPTED_FILE = re.compile(r"""["']([^"'\s<>]+\.(?:""" + "|".join(EXTENSIONS) + r"""))["']""", re.I)
WRAPPER_TEXT = 400  # characters: a page with less text than this around its attachment only wraps it


def _named_file(url: str, text: str) -> bool:
    parts = urlsplit(url)
    names = [parts.path] + [v for values in parse_qs(parts.query).values() for v in values] + [text]
    return any(_NAMED.search(name) for name in names)


def attachment_links(root: HtmlElement, base_url: str) -> list[Entry]:
    """The links of a page (its article) to attached documents, once each, in page order."""
    found: dict[str, Entry] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        text = a.text_content().strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            url = urljoin(base_url, href)
            if _named_file(url, text) and url not in found:
                found[url] = Entry(url, text, None)
    for script in root.iter("script"):
        for name in _SCRIPTED_FILE.findall(script.text or ""):
            url = urljoin(base_url, name.replace("\\/", "/"))
            if urlsplit(url).scheme in ("http", "https") and url not in found:
                found[url] = Entry(url, "", None)
    return list(found.values())


def wraps_attachments(text: str, links: list[Entry]) -> bool:
    """Whether a page's article only presents attachments (the report is in them, not on the page)."""
    return bool(links) and len("".join(text.split())) < WRAPPER_TEXT
