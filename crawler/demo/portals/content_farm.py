"""The ``mirror`` family (UTF-8): a content farm copying the portal before it.

It publishes that portal's reports (its republications too) in Traditional characters with
pinyin after some of them and its boilerplate on top, in one column ``/zixun/``. It is no
agency, and its server sends no validators. (``crawler.demo.mirror`` is what makes a page
look mirrored.)
"""

from __future__ import annotations

import html
import random
from datetime import date

from crawler.demo.mirror import mirrored
from crawler.demo.portals.base import DemoPortal, Page, PublishedReport
from crawler.demo.reports import DemoReport, render_html


class MirrorPortal(DemoPortal):
    """A content farm: the reports of another portal, rewritten, and no report of its own."""

    family = "mirror"
    name_suffix = "资讯网"
    copies = True

    @property
    def agency(self) -> str:
        """None: a content farm is no agency."""
        return ""

    def _column_paths(self, rng: random.Random) -> tuple[str, str]:
        return "/zixun/", "/zixun/"

    def _detail_path(self, column: str, published: date, serial: int) -> str:
        return f"{column}{published:%Y%m%d}/{serial}.html"

    def _publish(self, column: str, index: int, report: DemoReport, serial: int,
                 rng: random.Random) -> PublishedReport:
        """The report's page, mirrored, saying whose it was."""
        title, body = mirrored(report.title, rng), mirrored(render_html(report), rng)
        page = self._add(column, title, report.published, body, serial, source=report.agency)
        return PublishedReport(page.path, report)

    def validators(self, path: str, query: str, body: bytes) -> dict[str, str]:
        """None: a content farm's server sends no validators."""
        return {}

    def _detail(self, page: Page) -> str:
        boilerplate = mirrored(f"网站支持IPv6 发布时间:{page.published:%Y-%m-%d} 信息来源:{page.source or ''}",
                               random.Random(page.path), every=2)
        return (
            f'<div class="art"><h1>{html.escape(page.title)}</h1><div class="info">{html.escape(boilerplate)}</div>'
            f'<div class="article-content">{page.body}</div></div>'
        )
