"""Read a portal's column (listing) page: its entries and its other pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.crawl.urls import without_session
from crawler.parse.dates import find_date

_PAGER_WORDS = {"下一页", "下页", "尾页", "末页", "最后一页", "上一页", "上页", "首页", "第一页", "后页", "前页",
                ">", ">>", "»", "›", "<", "<<", "«", "‹"}
_PAGER_SKIP = re.compile(r"^[上下前后]\s*\d+\s*页$")  # 下5页: a pager that skips ahead
_YEAR_TAB = re.compile(r"^(?:19|20)\d{2}年度?(?:年报)?$")  # 2022年: a tab of a column split by year
# TRS WCM writes its pager from a script: createPageHTML(12, 0, "index", "html")
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(\w+)\s*,\s*\w+\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']\s*\)"
)
_COUNT_VAR = re.compile(r"var\s+countPage\s*=\s*(\d+)")
# an older pager script's first link, written as document.write("<a href=\"index.html\">首页</a>")
_WRITTEN_FIRST = re.compile(r"""href=\\?["'](\w+)\.(s?html?)\\?["']""")
_WRITTEN_WITHIN = 2000  # characters after countPage in which the script writes it
_CONCATENATED = re.compile(r"""["']\s*\+\s*["']""")  # "index."+"html": one string in the browser
# dates the CMS writes into a document's URL: TRS ./202101/t20210125_3040015.html,
# Hanweb /art/2021/1/25/art_1229_2.html
_URL_DATE = re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+|/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
_ROW_LEVELS = 4  # how far above a link its row may be (a <td> in a <tr>, a <div> in a <div>)
# a date printed in a row, with the brackets around it: [2021-01-02], （2021年1月2日）
_DATE_TEXT = re.compile(r"[\[【(（]?(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?[\]】)）]?")


@dataclass(frozen=True)
class Entry:
    """A link on a listing page: where it goes, its title and the date shown beside it."""

    url: str
    title: str
    published: str | None


def entries(root: HtmlElement, base_url: str) -> list[Entry]:
    """Every linked entry of a listing page, with the date printed in its row (else in its URL).
    Links are read against the page's ``<base href>`` when it has one."""
    base = root.find(".//base[@href]")
    if base is not None:
        base_url = urljoin(base_url, base.get("href", "").strip())
    found: list[Entry] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = without_session(urljoin(base_url, href))
        found.append(Entry(url, link_title(a) or row_title(a), row_date(a) or url_date(url)))
    return found


def link_title(a: HtmlElement) -> str:
    """A link's title (its ``title`` attribute, else its text) on one line; a line break or
    space between two Chinese characters is no space."""
    title = " ".join((a.get("title") or a.text_content() or "").split())
    return _CJK_SPACE.sub("", title)


def row_title(a: HtmlElement) -> str:
    """The title of a link with no text of its own (a script fills it in in the browser): the text
    of its row, without the date, when the row holds no other link."""
    row = a.getparent()
    if row is None or _holds_other_link(row, a):
        return ""
    return _CJK_SPACE.sub("", " ".join(_DATE_TEXT.sub(" ", row.text_content()).split()))


def row_date(a: HtmlElement) -> str | None:
    """The date printed in a link's row: in the link, or in an element around it that holds no
    other link (so a date is never taken from the next entry's row)."""
    node: HtmlElement | None = a
    for _ in range(_ROW_LEVELS + 1):
        if node is None:
            return None
        found = find_date(node.text_content())
        if found:
            return found
        node = node.getparent()
        if node is not None and _holds_other_link(node, a):
            return None
    return None


def _holds_other_link(node: HtmlElement, a: HtmlElement) -> bool:
    """Whether ``node`` holds a link elsewhere than ``a``'s (it is more than ``a``'s row)."""
    href = a.get("href")
    return any(other.get("href") not in (None, href) for other in node.iter("a"))


def url_date(url: str) -> str | None:
    """The date a CMS wrote into a document's URL, if any."""
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    year, month, day = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def other_pages(root: HtmlElement, html: str, base_url: str) -> list[str]:
    """URLs of the column's other listing pages, from pager links, pager scripts and the tabs of a
    column split by year (``2022年`` linking a page in or under the column's folder, or the same
    module with another ``fbtime``)."""
    pages = [urljoin(base_url, u) for u in script_pages(html)]
    for a in root.iter("a"):
        text = "".join(a.text_content().split())
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        url = without_session(urljoin(base_url, href))
        if _is_pager(text) and _folder(url) == _folder(base_url):  # 首页 in a menu is the site's home page
            pages.append(url)
        elif _YEAR_TAB.match(text) and _folder(url).startswith(_folder(base_url)):  # a column split by year
            pages.append(url)
    host = urlsplit(base_url).netloc
    return list(dict.fromkeys(url for url in pages if urlsplit(url).netloc == host))


def _folder(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[0]


def _is_pager(text: str) -> bool:
    return text in _PAGER_WORDS or text.isdigit() or bool(_PAGER_SKIP.match(text))


def script_pages(html: str) -> list[str]:
    """The column's pages a TRS pager script counts: createPageHTML(count, current, stem, ext), or
    (older templates) ``var countPage = N`` and document.write calls linking ``index.html`` and
    ``"index" + "_" + i + "." + "html"``."""
    m = _CREATE_PAGE.search(html)
    var = _COUNT_VAR.search(html)
    if m:
        count, stem, ext = m.groups()
    elif var:
        script = _CONCATENATED.sub("", html[var.end():var.end() + _WRITTEN_WITHIN])  # "index."+"html"
        written = _WRITTEN_FIRST.search(script)
        if not written:
            return []
        count, stem, ext = var.group(1), written.group(1), written.group(2)
    else:
        return []
    if not count.isdigit():
        if not var:
            return []
        count = var.group(1)
    return [f"{stem}.{ext}"] + [f"{stem}_{i}.{ext}" for i in range(1, int(count))]
