"""Imitation government portals, generated deterministically, served by ``crawler.demo.server``.

Three families, after the sites reports are found on:

* ``trs`` (GBK, TRS WCM style): a 政府信息公开年报 column ``/xxgk/gknb/index.html``,
  ``index_1.html``, ... whose page count exists only in a ``createPageHTML(...)`` script,
  and a 通知公告 column of notices; pages declare ``gb2312`` in ``<meta>`` while
  carrying GBK-only characters, and the HTTP header names no charset.
* ``mirror`` (UTF-8): a content farm copying the portal before it, in Traditional
  characters with pinyin after some of them and its boilerplate on top.
* ``news`` (UTF-8): one 政务动态 column ``/col/col<n>/index.html?page=N`` with ``下一页``
  links, where reports are mixed with news and must be picked by title.
* ``hanweb`` (UTF-8, Hanweb JCMS style): a 政府信息公开年报 column ``/col/col<n>/index.html``
  whose page holds no list, only the parameters of a ``jpage`` script; the list comes as
  XML (records in CDATA) from ``POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=``.
  Half its reports are published as an attachment (PDF, DOCX or XLSX, by turns) linked from a
  short page, served by ``/module/download/downfile.jsp?filename=...`` as octet-stream.
* ``js`` (UTF-8): a 政府信息公开年报 column ``/gkml/gknb/index.html`` whose list exists only
  once its script has run: the entries are base64 data in the page, written into the
  document by JavaScript (no list API to call instead); reports mixed with news.

Traps, each on a page of its own: the ``trs`` portals' first column page carries a calendar
whose days link the next day forever (``/xxgk/calendar.html?date=``), a report-titled
link to another site, and one to a page that redirects to itself without end; the
``news`` pager puts a fresh session id on every link (``&sid=``) and its 下一页 goes on
past the last page, which then repeats. ``requests`` counts what was asked, by path.

Every portal also has news pages that are not reports (including notices *about*
reports), and all but the mirrors one report whose numbers break the template's rules. ``trs`` portals list
a report whose page is gone (404) and serve one report as UTF-8 under their gb2312
``<meta>``. ``news`` portals republish some reports of the portal before them, so the
archive sees the same report twice.
"""

from __future__ import annotations

import base64
import dataclasses
import email.utils
import functools
import hashlib
import html
import itertools
import json
import random
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlencode

from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.mirror import mirrored
from crawler.demo.reports import (
    DemoReport,
    body_paragraphs,
    inconsistent,
    render_html,
    seed_reports,
    variant_report,
)

FAMILIES = ("trs", "news", "mirror", "hanweb", "js")  # portal i is of family i % 5
PER_PAGE = 8
HANWEB_PER_PAGE = 5  # records per page of a Hanweb column; its dataproxy is asked three pages at a time
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx")  # a Hanweb portal's attachments, by turns
DATAPROXY = "/module/web/jpage/dataproxy.jsp"
CALENDAR = "/xxgk/calendar.html"
REQUESTS = "/__requests.json"
REVISE = "/__revise"
SEARCH = "/search/index.jsp"
LOOP = "/xxgk/gknb/moved.html"
# real counties (each name found once in the gazetteer, so their reports are located), and one made up
# (青石县), whose reports stay unlocated as some real agencies' do; the towns are made up
_COUNTIES = ("青石县", "白河县", "婺源县", "歙县", "郯城县", "麻栗坡县", "睢宁县", "岢岚县", "鄯善县", "蕲春县")
_TOWNS = ("东关镇", "西坪乡", "喆阳镇", "南溪镇", "北山乡", "龙泉镇", "珺岭乡", "杨柳镇", "花桥乡", "新集镇",
          "白沙镇", "石桥乡", "柳林镇", "高坪乡")
_BUREAUS = (
    "人民政府", "人民政府办公室", "发展和改革局", "教育局", "财政局", "自然资源局", "生态环境局", "卫生健康委员会",
    "公安局", "民政局", "司法局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "商务局", "文化和旅游局", "市场监督管理局", "应急管理局", "审计局", "统计局", "医疗保障局", "退役军人事务局",
)
_YEARS = range(2019, 2026)
MAX_REPORTS = (len(_BUREAUS) + len(_TOWNS)) * len(_YEARS)
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
    """One imitation portal: its pages, columns and expected reports."""

    def __init__(self, portal_id: str, name: str, family: str, reports: list[DemoReport],
                 republished: list[DemoReport], rng: random.Random, region: str = "") -> None:
        self.id = portal_id
        self.name = name
        self.region = region
        self.agency = "" if family == "mirror" else name  # a content farm is no agency
        self.family = family
        self.encoding = "gbk" if family == "trs" else "utf-8"
        self.reports: list[PublishedReport] = []
        self.news: list[Page] = []
        self.dead_links: list[Page] = []  # listed as reports, but their pages are gone (404)
        self.misdeclared: set[str] = set()  # paths served as UTF-8 under the GBK portal's gb2312 <meta>
        self.attachments: dict[str, tuple[str, DemoReport]] = {}  # path and query -> (pdf, docx or xlsx, report)
        self.requests: Counter[str] = Counter()  # path -> times asked (traps are judged by it)
        self.requests_by_url: Counter[str] = Counter()  # path and query (and a POST's form) -> times asked
        self._sessions = itertools.count(1)
        self._pages: dict[str, Page] = {}
        self._columns: dict[str, list[Page]] = {}
        self._build(reports, republished, rng)

    # -- building -------------------------------------------------------------------
    def _detail_path(self, column: str, published: date, serial: int) -> str:
        if self.family == "trs":
            return f"{column}{published:%Y%m}/t{published:%Y%m%d}_{serial}.html"
        if self.family == "mirror":
            return f"{column}{published:%Y%m%d}/{serial}.html"
        if self.family == "js":
            return f"{column}content_{serial}.html"
        column_id = column.split("col")[-1].strip("/")
        return f"/art/{published.year}/{published.month}/{published.day}/art_{column_id}_{serial}.html"

    def _add(self, column: str, title: str, published: date, body: str, serial: int, served: bool = True,
             source: str | None = None) -> Page:
        page = Page(self._detail_path(column, published, serial), title, published, body, source)
        if served:
            self._pages[page.path] = page
        self._columns.setdefault(column, []).append(page)
        return page

    def _build(self, reports: list[DemoReport], republished: list[DemoReport], rng: random.Random) -> None:
        serial = 3040000 + rng.randrange(1000) * 100
        if self.family == "trs":
            report_column, news_column = "/xxgk/gknb/", "/xwzx/tzgg/"
        elif self.family == "mirror":
            report_column = news_column = "/zixun/"
        elif self.family == "js":
            report_column = news_column = "/gkml/gknb/"
        elif self.family == "hanweb":  # a dedicated 年报 column, and a news column
            report_column = f"/col/col{rng.randrange(1000, 4999)}/"
            news_column = f"/col/col{rng.randrange(5000, 9999)}/"
        else:
            report_column = news_column = f"/col/col{rng.randrange(1000, 9999)}/"
        for index, report in enumerate(reports + republished):
            serial += 1
            attachment = None
            if self.family == "mirror":
                title, body = mirrored(report.title, rng), mirrored(render_html(report), rng)
                page = self._add(report_column, title, report.published, body, serial, source=report.agency)
            elif self.family == "hanweb" and index % 2:
                kind = ATTACHMENT_KINDS[index // 2 % len(ATTACHMENT_KINDS)]
                attachment = f"/module/download/downfile.jsp?classid=0&filename={serial}.{kind}"
                self.attachments[attachment] = (kind, report)
                link = f'<p>附件：<a href="{html.escape(attachment)}">{html.escape(report.title)}.{kind}</a></p>'
                page = self._add(report_column, report.title, report.published, link, serial)
            else:
                page = self._add(report_column, report.title, report.published, render_html(report), serial)
            self.reports.append(PublishedReport(page.path, report, attachment))
        self._report_column = report_column
        if self.family == "trs":  # a page re-saved as UTF-8 under the unchanged gb2312 template
            self.misdeclared.add(self.reports[0].path)
        if self.family == "trs":  # an old report whose page has been taken down
            serial += 1
            title = f"{self.name}2018年政府信息公开工作年度报告"
            self.dead_links.append(self._add(report_column, title, date(2019, 3, 1), "", serial, served=False))
        for _ in range(max(3, len(reports) // 2)):
            serial += 1
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
    def render(self, path: str, query: str = "", form: str = "") -> tuple[int, str, bytes]:
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
            sitemap = "Sitemap: /sitemap.xml\n" if self.family == "news" else ""
            return 200, "text/plain", f"User-agent: *\nDisallow: /admin/\n{sitemap}".encode()
        if self.family == "news" and path == "/sitemap.xml":
            return 200, "application/xml", self._sitemap()
        if self.family == "news" and path == SEARCH:
            return self._page("搜索结果", self._search(query))
        if path == CALENDAR:
            return self._page("日历", self._calendar(query))
        if path == LOOP:  # moved, and moved again, without end (a new URL each time)
            hop = int(parse_qs(query).get("hop", ["0"])[-1] or 0) + 1
            return 302, f"{LOOP}?hop={hop}", b""
        if path in ("/", "/index.html"):
            return self._page(self.name, self._home())
        if self.family == "hanweb" and path == DATAPROXY:
            return self._datastore(query, form)
        if f"{path}?{query}" in self.attachments:
            return 200, "application/octet-stream", self._attachment(f"{path}?{query}")
        for column, pages in self._columns.items():
            if path.startswith(column) and path[len(column):].startswith("index"):
                number = self._page_number(path[len(column):], query)
                if number is not None and self.family == "news":  # past the end: the last page again
                    number = min(number, self._page_count(pages) - 1)
                if number is not None and number < self._page_count(pages):
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
        TRS sites a Last-Modified, the CMS sites an ETag, content farms none."""
        target = f"{path}?{query}" if query else path
        if self.family == "mirror" or (path not in self._pages and target not in self.attachments):
            return {}
        if self.family == "trs":
            page = self._pages[path]
            return {"Last-Modified": email.utils.format_datetime(
                datetime.combine(page.modified or page.published, time(8), tzinfo=UTC), usegmt=True)}
        return {"ETag": f'"{hashlib.sha1(body).hexdigest()[:16]}"'}

    def _page_number(self, name: str, query: str) -> int | None:
        if self.family in ("hanweb", "js"):
            return 0 if name == "index.html" else None
        if self.family == "trs":
            if name == "index.html":
                return 0
            digits = name.removeprefix("index_").removesuffix(".html")
            return int(digits) if digits.isdigit() else None
        if name != "index.html":
            return None
        param = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("page", "1")
        return int(param) - 1 if param.isdigit() and int(param) > 0 else None

    @staticmethod
    def _page_count(pages: list[Page]) -> int:
        return max(1, -(-len(pages) // PER_PAGE))

    def _page(self, title: str, body: str, encoding: str | None = None) -> tuple[int, str, bytes]:
        if self.family == "trs":
            head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            content_type = "text/html"
        else:
            head = '<meta charset="utf-8">'
            content_type = "text/html; charset=utf-8"
        doc = (
            f"<!DOCTYPE html><html><head>{head}<title>{html.escape(title)}</title></head><body>"
            f'<div class="header"><a href="/">{html.escape(self.name)}</a>'
            " | 首页 | 政务公开 | 政务服务 | 互动交流</div>"
            f"{body}"
            f'<div class="footer">主办：{html.escape(self.name)} 网站标识码：{zlib.crc32(self.id.encode()):010d}</div>'
            "</body></html>"
        )
        return 200, content_type, doc.encode(encoding or self.encoding, "xmlcharrefreplace")

    def _home(self) -> str:
        links = "".join(f'<li><a href="{p}">栏目{i + 1}</a></li>' for i, p in enumerate(self.start_paths))
        return f'<div class="main"><ul>{links}</ul><a href="/admin/login.html">管理</a></div>'

    def _sitemap(self) -> bytes:
        """Every page of the site, as a sitemap lists it: URLs and dates, no titles."""
        urls = "".join(f"<url><loc>{html.escape(path)}</loc><lastmod>{page.published.isoformat()}</lastmod></url>"
                       for path, page in sorted(self._pages.items()))
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()

    def _search(self, query: str) -> str:
        """The site search: entries whose title holds every word of ``q``, 8 to a page (``&p=N``)."""
        args = parse_qs(query)
        words = args.get("q", [""])[-1].split()
        number = int(args.get("p", ["1"])[-1]) if args.get("p", ["1"])[-1].isdigit() else 1
        found = [p for p in self._pages.values() if all(word in p.title for word in words)]
        found.sort(key=lambda p: (p.published, p.path), reverse=True)
        shown = found[(number - 1) * PER_PAGE:number * PER_PAGE]
        items = "".join(self._entry("/", p) for p in shown)
        following = ""
        if number * PER_PAGE < len(found):
            following = f'<a href="{SEARCH}?{urlencode({"q": " ".join(words), "p": number + 1})}">下一页</a>'
        return f'<div class="search"><ul>{items}</ul><div class="pager">{following}</div></div>'

    def _traps(self) -> str:
        """What the first page of a TRS column links besides its entries: a calendar, a report
        on another site, a report that moved in circles."""
        return (
            f'<div class="calendar"><a href="{CALENDAR}?date=2021-01-01">1月1日</a></div>'
            f'<ul class="related"><li><a href="http://offsite.invalid/gknb/2020.html" target="_blank">'
            f"{html.escape(self.name)}2020年政府信息公开工作年度报告（转载）</a></li>"
            f'<li><a href="{LOOP}">{html.escape(self.name)}2018年度政府信息公开工作年度报告</a></li></ul>'
        )

    @staticmethod
    def _calendar(query: str) -> str:
        """A day of a calendar, linking the next day: infinite pages for a crawler that follows."""
        day = parse_qs(query).get("date", ["2021-01-01"])[-1]
        try:
            following = date.fromisoformat(day) + timedelta(days=1)
        except ValueError:
            following = date(2021, 1, 1)
        return f'<div class="calendar"><a href="{CALENDAR}?date={following.isoformat()}">后一天</a></div>'

    def _listing(self, column: str, pages: list[Page], number: int) -> str:
        if self.family == "trs" and number == 0 and column == self._report_column:
            return self._traps() + self._plain_listing(column, pages, number)
        return self._plain_listing(column, pages, number)

    def _plain_listing(self, column: str, pages: list[Page], number: int) -> str:
        if self.family == "hanweb":
            return self._jpage(column)
        if self.family == "js":
            return self._scripted(column, pages)
        shown = pages[number * PER_PAGE:(number + 1) * PER_PAGE]
        items = "".join(self._entry(column, p) for p in shown)
        return f'<div class="list"><ul>{items}</ul></div>{self._pager(pages, number)}'

    def _entry(self, column: str, page: Page) -> str:
        return (f'<li><a href="{self._relative(column, page.path)}" title="{html.escape(page.title)}" '
                f'target="_blank">{html.escape(_truncate(page.title))}</a><span>{page.published:%Y-%m-%d}</span></li>')

    def _jpage(self, column: str) -> str:
        """A Hanweb column page: no list, only the script that would fetch it."""
        column_id = column.removeprefix("/col/col").strip("/")
        unit = zlib.crc32(column.encode()) % 90000 + 10000
        return (
            f'<div class="list"><div id="{unit}"></div></div>'
            '<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>'
            "<script>$(document).ready(function(){"
            f"$('#{unit}').jpage({{dataStore: [], proxyUrl: '{DATAPROXY}', perPage: {HANWEB_PER_PAGE}, "
            f"totalRecord: -1, groupSize: 3, params: {{col: 1, appid: 1, webid: 12, path: '/', "
            f"columnid: {column_id}, sourceContentType: 1, unitid: {unit}, webname: '{self.name}', "
            "permissiontype: 0}});});</script>"
        )

    def _scripted(self, column: str, pages: list[Page]) -> str:
        """A column whose list its script writes from data in the page: nothing to read without JavaScript."""
        data = base64.b64encode(json.dumps(
            [{"u": p.path, "t": p.title, "d": f"{p.published:%Y-%m-%d}"} for p in pages], ensure_ascii=False,
        ).encode("utf-8")).decode("ascii")
        return (
            '<div class="list"><ul id="gknb-list"></ul></div>'
            f'<script>var ITEMS = "{data}";'
            "var rows = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(ITEMS), c => c.charCodeAt(0))));"
            "var list = document.getElementById('gknb-list');"
            "setTimeout(function () { rows.forEach(function (row) {"
            "var li = document.createElement('li'), a = document.createElement('a'),"
            " span = document.createElement('span');"
            "a.href = row.u; a.title = row.t; a.textContent = row.t.length > 24 ? row.t.slice(0, 24) + '...' : row.t;"
            "span.textContent = row.d; li.appendChild(a); li.appendChild(span); list.appendChild(li); }); }, 50);"
            "</script>"
        )

    def _datastore(self, query: str, form: str) -> tuple[int, str, bytes]:
        """The XML a Hanweb dataproxy answers: the column's records in a start..end window."""
        args = {k: v[-1] for k, v in (parse_qs(query) | parse_qs(form)).items()}
        column = f"/col/col{args.get('columnid', '')}/"
        pages = self._columns.get(column)
        start, end = (int(args[k]) if args.get(k, "").isdigit() else 0 for k in ("startrecord", "endrecord"))
        if pages is None or start < 1 or end < start:
            return 200, "text/xml; charset=utf-8", b"<datastore><totalrecord>0</totalrecord></datastore>"
        records = "".join(f"<record><![CDATA[{self._entry(column, p)}]]></record>" for p in pages[start - 1:end])
        total_pages = -(-len(pages) // HANWEB_PER_PAGE)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[]]></nextgroup>'
               f"<recordset>{records}</recordset><totalrecord>{len(pages)}</totalrecord>"
               f"<totalpage>{total_pages}</totalpage></datastore>")
        return 200, "text/xml; charset=utf-8", xml.encode("utf-8")

    def prerender(self) -> None:
        """Write every attachment now rather than when first asked for (for benchmarks)."""
        for target in self.attachments:
            self._attachment(target)

    def _attachment(self, target: str) -> bytes:
        kind, report = self.attachments[target]
        return _document(kind, report.title, render_html(report))

    def _relative(self, column: str, path: str) -> str:
        return "./" + path[len(column):] if self.family == "trs" else path

    def _pager(self, pages: list[Page], number: int) -> str:
        count = self._page_count(pages)
        if self.family == "trs":
            return f'<div class="page"><script>createPageHTML({count}, {number}, "index", "html");</script></div>'
        if self.family == "news":  # a fresh session id on every link, and a 下一页 that never ends
            session = f"&sid={next(self._sessions)}"
            following = f'<a href="index.html?page={number + 2}{session}">下一页</a>'
        else:
            session = ""
            following = f'<a href="index.html?page={number + 2}">下一页</a>' if number + 1 < count else ""
        links = "".join(
            f'<a href="index.html?page={n + 1}{session}">{n + 1}</a> ' for n in range(count) if n != number
        )
        return f'<div class="pager">{links}{following}</div>'

    def _detail(self, page: Page) -> str:
        if self.family == "mirror":
            return self._mirror_detail(page)
        container = '<div class="TRS_Editor">' if self.family == "trs" else '<div id="zoom">'
        return (
            f'<div class="article"><h1>{html.escape(page.title)}</h1>'
            f'<div class="info">发布时间：{page.published:%Y-%m-%d} 来源：{html.escape(self.name)}</div>'
            f"{container}{page.body}</div>"
            '<div class="share">【打印本页】【关闭窗口】</div></div>'
        )


    def _mirror_detail(self, page: Page) -> str:
        boilerplate = mirrored(f"网站支持IPv6 发布时间:{page.published:%Y-%m-%d} 信息来源:{page.source or ''}",
                               random.Random(page.path), every=2)
        return (
            f'<div class="art"><h1>{html.escape(page.title)}</h1><div class="info">{html.escape(boilerplate)}</div>'
            f'<div class="article-content">{page.body}</div></div>'
        )


@functools.cache  # written when first asked for (or by prerender): a farm of thousands starts at once
def _document(kind: str, title: str, body: str) -> bytes:
    return {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx}[kind](title, body)


def _truncate(title: str, limit: int = 24) -> str:
    return title if len(title) <= limit else title[:limit] + "..."


def build_portals(portals: int = 4, reports: int = 20, seed: int = 2020) -> list[DemoPortal]:
    """``portals`` portals of ``reports`` reports each (the seeds among the first ones)."""
    if reports > MAX_REPORTS:
        raise ValueError(f"a demo portal holds at most {MAX_REPORTS} reports (one per agency and year)")
    rng = random.Random(seed)
    seeds = seed_reports()
    built: list[DemoPortal] = []
    for i in range(portals):
        county = _COUNTIES[i % len(_COUNTIES)] + (str(i // len(_COUNTIES) + 1) if i >= len(_COUNTIES) else "")
        family = FAMILIES[i % len(FAMILIES)]
        if family == "mirror":  # a content farm copying the portal before it
            copied = [r.report for r in built[-1].reports[-reports:]]  # its republications too
            built.append(DemoPortal(f"mirror-{i + 1}", f"{county}资讯网", family, copied, [], rng, county))
            continue
        own = [s for k, s in enumerate(seeds) if k % portals == i][:reports]
        taken = {(r.agency, r.year) for r in own}
        while len(own) < reports:
            agency = county + rng.choice(_BUREAUS + tuple(t + "人民政府" for t in _TOWNS))
            year = rng.choice(_YEARS)
            if (agency, year) not in taken:
                taken.add((agency, year))
                own.append(variant_report(rng, agency, year, rng.randrange(4)))
        if len(own) > len(seeds):  # one report whose numbers break the template's rules
            own[-1] = inconsistent(own[-1], rng)
        republished = built[-1].reports[:2] if family == "news" and built else []
        built.append(DemoPortal(f"{family}-{i + 1}", county + "人民政府", family, own,
                                [r.report for r in republished], rng, county))
    return built

