"""The ``trs`` family (GBK, TRS WCM style).

A 政府信息公开年报 column ``/xxgk/gknb/index.html``, ``index_1.html``, ... whose page count
exists only in a ``createPageHTML(...)`` script, and a 通知公告 column of notices paged by the
older template's inline script (``var countPage`` and document.write); both list their entries
as table rows with the date in the cell after the link (as the real pages of tests/files do); pages
declare ``gb2312`` in ``<meta>`` while carrying GBK-only characters, and the HTTP header
names no charset. Its server sends a Last-Modified with a report page.

Traps: the report column's first page carries a calendar whose days link the next day
forever (``/xxgk/calendar.html?date=``), a report-titled link to another site, and one to a
page that redirects to itself without end. The column lists a report whose page is gone
(404), and one report is served as UTF-8 under the gb2312 ``<meta>``.
"""

from __future__ import annotations

import email.utils
import html
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from crawler.demo.portals.base import CALENDAR, LOOP, PER_PAGE, DemoPortal, Page, truncate


class TrsPortal(DemoPortal):
    """A TRS WCM portal: GBK pages, a report column paged by script, and traps on its first page."""

    family = "trs"
    encoding = "gbk"
    _head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    _content_type = "text/html"
    _container = '<div class="TRS_Editor">'

    def _column_paths(self, rng: random.Random) -> tuple[str, str]:
        return "/xxgk/gknb/", "/xwzx/tzgg/"

    def _detail_path(self, column: str, published: date, serial: int) -> str:
        return f"{column}{published:%Y%m}/t{published:%Y%m%d}_{serial}.html"

    def _add_traps(self, column: str, serials: Iterator[int]) -> None:
        """A page re-saved as UTF-8 under the unchanged gb2312 template, and an old report whose
        page has been taken down."""
        self.misdeclared.add(self.reports[0].path)
        title = f"{self.name}2018年政府信息公开工作年度报告"
        self.dead_links.append(self._add(column, title, date(2019, 3, 1), "", next(serials), served=False))

    def validators(self, path: str, query: str, body: bytes) -> dict[str, str]:
        """A Last-Modified with a page: when it was last changed."""
        page = self._pages.get(path)
        if page is None:
            return {}
        return {"Last-Modified": email.utils.format_datetime(
            datetime.combine(page.modified or page.published, time(8), tzinfo=UTC), usegmt=True)}

    def _page_number(self, name: str, query: str, count: int) -> int | None:
        """``index.html``, then ``index_1.html``, ``index_2.html``, ..."""
        if name == "index.html":
            return 0
        digits = name.removeprefix("index_").removesuffix(".html")
        return int(digits) if digits.isdigit() else None

    def _listing(self, column: str, pages: list[Page], number: int) -> str:
        """Rows of a table, each date in the cell after its link, as TRS templates print them."""
        shown = pages[number * PER_PAGE:(number + 1) * PER_PAGE]
        rows = "".join(
            f'<tr><td class="title"><a href="{self._href(column, p.path)}" title="{html.escape(p.title)}" '
            f'target="_blank">{html.escape(truncate(p.title))}</a></td>'
            f'<td class="date">{p.published:%Y-%m-%d}</td></tr>' for p in shown)
        listing = f'<table class="gl_list"><tbody>{rows}</tbody></table>{self._pager_of(column, pages, number)}'
        if number == 0 and column == self._report_column:
            return self._traps() + listing
        return listing

    def _traps(self) -> str:
        """What the first page of the report column links besides its entries: a calendar, a
        report on another site, a report that moved in circles."""
        return (
            f'<div class="calendar"><a href="{CALENDAR}?date=2021-01-01">1月1日</a></div>'
            f'<ul class="related"><li><a href="http://offsite.invalid/gknb/2020.html" target="_blank">'
            f"{html.escape(self.name)}2020年政府信息公开工作年度报告（转载）</a></li>"
            f'<li><a href="{LOOP}">{html.escape(self.name)}2018年度政府信息公开工作年度报告</a></li></ul>'
        )

    def _href(self, column: str, path: str) -> str:
        return "./" + path[len(column):]

    def _pager_of(self, column: str, pages: list[Page], number: int) -> str:
        """No links: a script writes them from the page count. The report column's is
        ``createPageHTML``; the notices column keeps the older template's inline script, which counts
        the pages in ``countPage`` and writes each link with document.write."""
        count = self._page_count(pages)
        if column == self._report_column:
            return f'<div class="page"><script>createPageHTML({count}, {number}, "index", "html");</script></div>'
        return (f'<div class="page"><script language="JavaScript">var currentPage = {number};//所在页从0开始\n'
                f'var countPage = {count}//共多少页\n'
                'document.write("&nbsp;<a href=\\"index."+"html\\">首页</a>&nbsp;|");\n'
                'for (var i = 1; i < countPage; i++) document.write("<a href=\\"index"+"_" + i + "."+"html\\">"'
                '+(i+1)+"</a>&nbsp;|");</script></div>')
