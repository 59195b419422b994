"""Read a portal's column (listing) page: its entries and its other pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.crawl.urls import without_session
from crawler.parse.dates import find_date

_PAGER_WORDS = {"下一页", "下页", "尾页", "末页", "最后一页", "上一页", "首页", ">", ">>", "»", "›"}
# TRS WCM writes its pager from a script: createPageHTML(12, 0, "index", "html")
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(\w+)\s*,\s*\w+\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']\s*\)"
)
_COUNT_VAR = re.compile(r"var\s+countPage\s*=\s*(\d+)")


@dataclass(frozen=True)
class Entry:
    """A link on a listing page: where it goes, its title and the date shown beside it."""

    url: str
    title: str
    published: str | None


def entries(root: HtmlElement, base_url: str) -> list[Entry]:
    """Every linked entry of a listing page, with the date printed in its row."""
    found: list[Entry] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        title = (a.get("title") or a.text_content() or "").strip()
        row = a.getparent()
        row_text = row.text_content() if row is not None else ""
        found.append(Entry(without_session(urljoin(base_url, href)), title, find_date(row_text)))
    return found


def other_pages(root: HtmlElement, html: str, base_url: str) -> list[str]:
    """URLs of the column's other listing pages, from pager links and pager scripts."""
    pages = [urljoin(base_url, u) for u in _script_pages(html)]
    for a in root.iter("a"):
        text = a.text_content().strip()
        href = (a.get("href") or "").strip()
        if href and not href.startswith("javascript:") and (text in _PAGER_WORDS or text.isdigit()):
            pages.append(without_session(urljoin(base_url, href)))
    host = urlsplit(base_url).netloc
    seen: set[str] = set()
    same_site = []
    for url in pages:
        if urlsplit(url).netloc == host and url not in seen:
            seen.add(url)
            same_site.append(url)
    return same_site


def _script_pages(html: str) -> list[str]:
    m = _CREATE_PAGE.search(html)
    if not m:
        return []
    count, stem, ext = m.groups()
    if not count.isdigit():
        var = _COUNT_VAR.search(html)
        if not var:
            return []
        count = var.group(1)
    return [f"{stem}.{ext}"] + [f"{stem}_{i}.{ext}" for i in range(1, int(count))]
