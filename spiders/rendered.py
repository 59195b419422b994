"""Columns whose list exists only after the page's JavaScript ran: rendered in Chromium.

Only the column pages go through the browser (scrapy-playwright driving Debian's
Chromium, see PLAYWRIGHT_LAUNCH_OPTIONS); the reports they list are fetched plainly.
A column is read once its HTML is parsed and its list is there; both waits end at
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT. The page loads from its own origin only, and each
subresource is given OGI_RENDER_RESOURCE_TIMEOUT, so one that never answers cannot hold the page
(``crawler.crawl.browser_guard``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Response as PlaywrightResponse
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawler.crawl.browser_guard import RESOURCE_TIMEOUT
from crawler.crawl.listing import entries
from crawler.parse.html_text import parse_html
from spiders.portal import PortalSpider

_PLAYWRIGHT = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


class RenderedSpider(PortalSpider):
    """Portals whose column lists are written by JavaScript. Options: ``wait_for``, the CSS
    selector of a list entry, awaited before the rendered page is read (default: a link
    in a list item); ``render_timeout`` and ``resource_timeout`` (milliseconds), this portal's
    own PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT and OGI_RENDER_RESOURCE_TIMEOUT."""

    name = "rendered"
    custom_settings = {"DOWNLOAD_HANDLERS": {"http": _PLAYWRIGHT, "https": _PLAYWRIGHT}}

    def __init__(self, *args: Any, wait_for: str = "li a", render_timeout: int | None = None,
                 resource_timeout: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wait_for = wait_for
        self.render_timeout = render_timeout
        self.resource_timeout = resource_timeout
        # each rendered page's navigation as the server sent it (status, headers, body), by URL, until
        # the capture middleware writes it as the response record beside the rendered DOM
        self.served_pages: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}

    async def served(self, response: PlaywrightResponse) -> None:
        """Page event handler: keep the main frame's navigation response as served."""
        request = response.request
        if not request.is_navigation_request() or request.frame.parent_frame is not None:
            return
        try:
            body = await response.body()
        except PlaywrightError:  # a redirect has no body; a page gone before it was read
            return
        headers = [(h["name"], h["value"]) for h in await response.headers_array()]
        self.served_pages[response.url] = (response.status, headers, body)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield self.rendered(url)

    def rendered(self, url: str) -> scrapy.Request:
        """A request for a column page, rendered by the browser until its list is there."""
        timeout = int(self.render_timeout or self.settings.getint("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"))
        methods = [PageMethod("wait_for_selector", self.wait_for, state="attached", timeout=timeout)]
        return scrapy.Request(url, callback=self.parse_column, meta={
            "playwright": True, "playwright_page_methods": methods,
            "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded", "timeout": timeout},
            "playwright_page_init_callback": "crawler.crawl.browser_guard.guard",
            "playwright_page_event_handlers": {"response": "served"},
            RESOURCE_TIMEOUT: int(self.resource_timeout or self.settings.getint("OGI_RENDER_RESOURCE_TIMEOUT")),
        })

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """The reports among the entries the script wrote."""
        self.served_pages.pop(response.url, None)  # when nothing captured it (OGI_CAPTURE off)
        yield from self.report_requests(entries(parse_html(response.text), response.url))
