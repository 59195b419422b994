"""What every demo portal does, whatever its family: its pages, and how it builds and serves them.

A portal publishes its reports, and news pages that are not reports (including notices
*about* reports), in its columns, and serves its home page, column pages, detail pages,
attachments and ``robots.txt``. Each family, in a module of this package, subclasses
``DemoPortal`` and overrides the hooks where its sites differ: columns and detail paths,
how a report is published, listings and pagers, page head and encoding, validators, and
routes and pages of its own.

Every portal also answers the traps a TRS portal links: a calendar whose days link the next
day forever (``/xxgk/calendar.html?date=``) and a page that redirects to itself without end.
``requests`` counts what was asked, by path; tests read it, and have a report page revised,
through paths no page links.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import itertools
import json
import random
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar
from urllib.parse import parse_qs

from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.reports import DemoReport, body_paragraphs, render_html

PER_PAGE = 8
CALENDAR = "/xxgk/calendar.html"
LOOP = "/xxgk/gknb/moved.html"
REQUESTS = "/__requests.json"
REVISE = "/__revise"
OGI_SECTION = "/zfxxgk/index.html"  # the home page links it as 政府信息公开; it links the annual-report column
_NEWS = (
    "关于做好{year}年政府信息公开工作年度报告编制和发布工作的通知",
    "图解：{agency}{year}年政府信息公开工作年度报告",
    "{agency}政府信息公开指南",
    "关于开展{year}年安全生产大检查的通知",
    "{agency}召开{year}年政务公开工作推进会",
    "{agency}{year}年法治政府建设年度报告",
    "{year}年第三季度政务公开工作情况通报",
    "{agency}{year}年国民经济和社会发展统计公报",
    "解读：{agency}{year}年政府信息公开工作年度报告",
)

Response = tuple[int, str, bytes]  # status, Content-Type (a redirect's location) and body


@dataclass(frozen=True)
class Page:
    """One served page: its path, title, date and body HTML fragment."""

    path: str
    title: str
    published: date
    body: str
    source: str | None = None  # on a mirror: the agency the page was copied from
    modified: date | None = None  # when the page was last changed, if after it was published


@dataclass(frozen=True)
class PublishedReport:
    """A report as one portal publishes it: on its page, or in an attachment the page links."""

    path: str
    report: DemoReport
    attachment: str | None = None  # the attachment's path and query, where the report is one

    @property
    def captured_path(self) -> str:
        """Where the report itself is fetched from."""
        return self.attachment or self.path

    @property
    def paragraphs(self) -> list[str]:
        return body_paragraphs(self.report)


class DemoPortal:
    """One imitation portal: its pages, columns and expected reports (a family subclasses it)."""

    family: ClassVar[str]
    encoding: ClassVar[str] = "utf-8"
    name_suffix: ClassVar[str] = "人民政府"  # its name is its county's and this
    copies: ClassVar[bool] = False  # publishes the reports of the portal before it, none of its own
    republishes: ClassVar[int] = 0  # reports of the portal before it that it publishes again
    _head: ClassVar[str] = '<meta charset="utf-8">'
    _content_type: ClassVar[str] = "text/html; charset=utf-8"
    _container: ClassVar[str] = '<div id="zoom">'  # what holds a detail page's text

    def __init__(self, portal_id: str, name: str, reports: list[DemoReport], republished: list[DemoReport],
                 rng: random.Random, region: str = "") -> None:
        self.id = portal_id
        self.name = name
        self.region = region
        self.reports: list[PublishedReport] = []
        self.news: list[Page] = []
        self.dead_links: list[Page] = []  # listed as reports, but their pages are gone (404)
        self.misdeclared: set[str] = set()  # paths served as UTF-8 under the GBK portal's gb2312 <meta>
        self.attachments: dict[str, tuple[str, DemoReport]] = {}  # path and query -> (pdf, docx or xlsx, report)
        self.requests: Counter[str] = Counter()  # path -> times asked (traps are judged by it)
        self.requests_by_url: Counter[str] = Counter()  # path and query (and a POST's form) -> times asked
        self._pages: dict[str, Page] = {}
        self._columns: dict[str, list[Page]] = {}
        self._build(reports, republished, rng)

    @property
    def agency(self) -> str:
        """The agency publishing the portal."""
        return self.name

    # -- building -------------------------------------------------------------------
    def _column_paths(self, rng: random.Random) -> tuple[str, str]:
        """The column the reports are listed in, and the one the news is (perhaps the same)."""
        raise NotImplementedError

    def _detail_path(self, column: str, published: date, serial: int) -> str:
        """Where a page of ``column`` is served: by default as a JCMS serves it."""
        column_id = column.split("col")[-1].strip("/")
        return f"/art/{published.year}/{published.month}/{published.day}/art_{column_id}_{serial}.html"

    def _add(self, column: str, title: str, published: date, body: str, serial: int, served: bool = True,
             source: str | None = None) -> Page:
        page = Page(self._detail_path(column, published, serial), title, published, body, source)
        if served:
            self._pages[page.path] = page
        self._columns.setdefault(column, []).append(page)
        return page

    def _publish(self, column: str, index: int, report: DemoReport, serial: int,
                 rng: random.Random) -> PublishedReport:
        """Publish the ``index``th report in ``column``: by default as a page of its own."""
        page = self._add(column, report.title, report.published, render_html(report), serial)
        return PublishedReport(page.path, report)

    def _add_traps(self, column: str, serials: Iterator[int]) -> None:
        """Add the family's traps among the reports of ``column`` (by default none)."""

    def _build(self, reports: list[DemoReport], republished: list[DemoReport], rng: random.Random) -> None:
        serials = itertools.count(3040000 + rng.randrange(1000) * 100 + 1)
        report_column, news_column = self._column_paths(rng)
        for index, report in enumerate(reports + republished):
            self.reports.append(self._publish(report_column, index, report, next(serials), rng))
        self._report_column = report_column
        self._add_traps(report_column, serials)
        for _ in range(max(3, len(reports) // 2)):
            serial = next(serials)
            year = rng.randrange(2019, 2025)
            title = rng.choice(_NEWS).format(year=year, agency=self.name)
            published = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            body = "".join(f"<p>{html.escape(title)}相关工作安排第{k}项。</p>" for k in range(1, 4))
            self.news.append(self._add(news_column, title, published, body, serial))
        for pages in self._columns.values():
            pages.sort(key=lambda p: (p.published, p.path), reverse=True)

    # -- what the crawler is given ------------------------------------------------------
    @property
    def start_paths(self) -> list[str]:
        """The column pages a spider starts from."""
        return [f"{column}index.html" for column in self._columns]

    # -- serving ------------------------------------------------------------------------
    def render(self, path: str, query: str = "", form: str = "") -> Response:
        """Status, Content-Type and bytes for a request path (``form``: a POST's body); for a
        redirect, the location in place of the Content-Type."""
        if path == REQUESTS:  # for tests: what the crawler asked for (not linked from anywhere), by path
            asked = self.requests_by_url if query == "by=url" else self.requests  # or by path and query
            return 200, "application/json", json.dumps(asked, ensure_ascii=False).encode("utf-8")
        if path == REVISE:  # for tests: the portal corrects its first report page (not linked either)
            return 200, "text/plain", self.revise().encode("utf-8")
        self.requests[path] += 1
        self.requests_by_url[(f"{path}?{query}" if query else path) + (f" {form}" if form else "")] += 1
        if path == "/robots.txt":
            return 200, "text/plain", self._robots().encode()
        routed = self._route(path, query, form)
        if routed is not None:
            return routed
        if path == CALENDAR:
            return self._page("日历", _calendar(query))
        if path == LOOP:  # moved, and moved again, without end (a new URL each time)
            hop = int(parse_qs(query).get("hop", ["0"])[-1] or 0) + 1
            return 302, f"{LOOP}?hop={hop}", b""
        if path in ("/", "/index.html"):
            return self._page(self.name, self._home())
        if path == OGI_SECTION:
            return self._page("政府信息公开", self._ogi_section())
        if f"{path}?{query}" in self.attachments:
            return 200, "application/octet-stream", self._attachment(f"{path}?{query}")
        for column, pages in self._columns.items():
            if path.startswith(column) and path[len(column):].startswith("index"):
                count = self._page_count(pages)
                number = self._page_number(path[len(column):], query, count)
                if number is not None and number < count:
                    return self._page(self.name, self._listing(column, pages, number))
        page = self._pages.get(path)
        if page is None:
            return 404, "text/html; charset=utf-8", b"<html><body><h1>404 Not Found</h1></body></html>"
        return self._page(page.title, self._detail(page), "utf-8" if path in self.misdeclared else self.encoding)

    def revise(self) -> str:
        """Correct the first report published as a page (as agencies do after publishing);
        its Last-Modified moves on. Returns the page's path."""
        published = next(r for r in self.reports if r.attachment is None)
        page = self._pages[published.path]
        correction = "<p>（本报告发布后已更正个别文字。）</p>"
        self._pages[page.path] = dataclasses.replace(page, body=page.body + correction,
                                                     modified=page.published + timedelta(days=30))
        return page.path

    def validators(self, path: str, query: str, body: bytes) -> dict[str, str]:
        """The validators served with a report page or attachment, as the family's servers do:
        by default an ETag, as the CMS sites send."""
        target = f"{path}?{query}" if query else path
        if path not in self._pages and target not in self.attachments:
            return {}
        return {"ETag": f'"{hashlib.sha1(body).hexdigest()[:16]}"'}

    def prerender(self) -> None:
        """Write every attachment now rather than when first asked for (for benchmarks)."""
        for target in self.attachments:
            self._attachment(target)

    def _robots(self) -> str:
        return "User-agent: *\nDisallow: /admin/\n"

    def _route(self, path: str, query: str, form: str) -> Response | None:
        """The answer to a path only the family serves, if ``path`` is one (by default none is)."""
        return None

    def _page_number(self, name: str, query: str, count: int) -> int | None:
        """Which page of a column of ``count`` pages ``name`` and ``query`` ask for, if any: by
        default ``index.html?page=N``, from 1."""
        if name != "index.html":
            return None
        param = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("page", "1")
        return int(param) - 1 if param.isdigit() and int(param) > 0 else None

    @staticmethod
    def _page_count(pages: list[Page]) -> int:
        return max(1, -(-len(pages) // PER_PAGE))

    def _page(self, title: str, body: str, encoding: str | None = None) -> Response:
        doc = (
            f"<!DOCTYPE html><html><head>{self._head}<title>{html.escape(title)}</title></head><body>"
            f'<div class="header"><a href="/">{html.escape(self.name)}</a>'
            " | 首页 | 政务公开 | 政务服务 | 互动交流</div>"
            f"{body}"
            f'<div class="footer">主办：{html.escape(self.name)} 网站标识码：{zlib.crc32(self.id.encode()):010d}</div>'
            "</body></html>"
        )
        return 200, self._content_type, doc.encode(encoding or self.encoding, "xmlcharrefreplace")

    def _home(self) -> str:
        """A home page as real sites have: the way to the annual reports is its OGI section."""
        news = "".join(f'<li><a href="{p}">新闻动态</a></li>' for p in self.start_paths
                       if not p.startswith(self._report_column))
        return (f'<div class="main"><ul><li><a href="{OGI_SECTION}">政府信息公开</a></li>{news}</ul>'
                '<a href="/admin/login.html">管理</a></div>')

    def _ogi_section(self) -> str:
        """The OGI section's index: its guide, its catalogue, its annual-report column."""
        return ('<div class="main"><ul><li><a href="/zfxxgk/zn.html">政府信息公开指南</a></li>'
                '<li><a href="/zfxxgk/fdzdgknr.html">法定主动公开内容</a></li>'
                f'<li><a href="{self._report_column}index.html"><span>政府信息</span><br>公开年报</a></li></ul></div>')

    def _listing(self, column: str, pages: list[Page], number: int) -> str:
        """Page ``number`` of a column: by default its entries and a pager."""
        shown = pages[number * PER_PAGE:(number + 1) * PER_PAGE]
        items = "".join(self._entry(column, p) for p in shown)
        return f'<div class="list"><ul>{items}</ul></div>{self._pager(pages, number)}'

    def _entry(self, column: str, page: Page) -> str:
        return (f'<li><a href="{self._href(column, page.path)}" title="{html.escape(page.title)}" '
                f'target="_blank">{html.escape(truncate(page.title))}</a><span>{page.published:%Y-%m-%d}</span></li>')

    def _href(self, column: str, path: str) -> str:
        """How a listing in ``column`` links ``path``: by default by its whole path."""
        return path

    def _pager(self, pages: list[Page], number: int) -> str:
        """Links to a column's other pages, and a 下一页 while there is a next one."""
        count = self._page_count(pages)
        following = f'<a href="index.html?page={number + 2}">下一页</a>' if number + 1 < count else ""
        return self._numbered_pager(count, number, following)

    @staticmethod
    def _numbered_pager(count: int, number: int, following: str, session: str = "") -> str:
        """Links ``index.html?page=N`` (and ``session``) to pages but ``number``, then ``following``."""
        links = "".join(
            f'<a href="index.html?page={n + 1}{session}">{n + 1}</a> ' for n in range(count) if n != number
        )
        return f'<div class="pager">{links}{following}</div>'

    def _detail(self, page: Page) -> str:
        return (
            f'<div class="article"><h1>{html.escape(page.title)}</h1>'
            f'<div class="info">发布时间：{page.published:%Y-%m-%d} 来源：{html.escape(self.name)}</div>'
            f"{self._container}{page.body}</div>"
            '<div class="share">【打印本页】【关闭窗口】</div></div>'
        )

    def _attachment(self, target: str) -> bytes:
        kind, report = self.attachments[target]
        return _document(kind, report.title, render_html(report))


def _calendar(query: str) -> str:
    """A day of a calendar, linking the next day: infinite pages for a crawler that follows."""
    day = parse_qs(query).get("date", ["2021-01-01"])[-1]
    try:
        following = date.fromisoformat(day) + timedelta(days=1)
    except ValueError:
        following = date(2021, 1, 1)
    return f'<div class="calendar"><a href="{CALENDAR}?date={following.isoformat()}">后一天</a></div>'


@functools.cache  # written when first asked for (or by prerender): a farm of thousands starts at once
def _document(kind: str, title: str, body: str) -> bytes:
    return {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx}[kind](title, body)


def truncate(title: str, limit: int = 24) -> str:
    return title if len(title) <= limit else title[:limit] + "..."
