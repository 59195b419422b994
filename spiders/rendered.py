"""Columns whose list exists only after the page's JavaScript ran: rendered in Chromium.

Only the column pages go through the browser (scrapy-playwright driving Debian's
Chromium, see PLAYWRIGHT_LAUNCH_OPTIONS); the reports they list are fetched plainly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawler.html_text import parse_html
from crawler.listing import entries
from spiders.portal import PortalSpider

_PLAYWRIGHT = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


class RenderedSpider(PortalSpider):
    """Portals whose column lists are written by JavaScript. Option ``wait_for``: the CSS
    selector of a list entry, awaited before the rendered page is read (default: a link
    in a list item)."""

    name = "rendered"
    custom_settings = {"DOWNLOAD_HANDLERS": {"http": _PLAYWRIGHT, "https": _PLAYWRIGHT}}

    def __init__(self, *args: Any, wait_for: str = "li a", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wait_for = wait_for

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield self.rendered(url)

    def rendered(self, url: str) -> scrapy.Request:
        """A request for a column page, rendered by the browser until its list is there."""
        methods = [PageMethod("wait_for_selector", self.wait_for)]
        return scrapy.Request(url, callback=self.parse_column,
                              meta={"playwright": True, "playwright_page_methods": methods})

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """The reports among the entries the script wrote."""
        yield from self.report_requests(entries(parse_html(response.text), response.url))
