"""From a site's home page to its annual-report columns: follow the links real sites use
(政府信息公开, 法定主动公开内容, 政府信息公开年报, 年度报告, ...) within the site, bounded in
depth and pages, and yield each column found with its family, as a registry entry.

Nothing is archived: the spider's items are columns, which ``ogi discover`` prints.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from crawler.crawl.probe import COLUMN, SECTION, START, Probe, Walk, is_annual_column, leads, probe
from spiders.portal import decoded_text

PRIORITY = {COLUMN: 20, SECTION: 10, START: 0}  # a column link is followed first


class DiscoverSpider(scrapy.Spider):
    """Arguments: ``start_urls`` (home pages, comma-separated), ``max_depth`` (links followed
    from a home page, default 3) and ``max_pages`` (pages fetched in all, default 60)."""

    name = "discover"
    custom_settings = {"ITEM_PIPELINES": {}, "OGI_CAPTURE": False, "OGI_FRONTIER": False, "OGI_CRAWL_LOG": False}

    def __init__(self, start_urls: str | list[str] = "", max_depth: int | str = 3, max_pages: int | str = 60,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        if not start_urls:
            raise ValueError("discover spider needs start_urls (comma-separated home page URLs)")
        self.start_urls = start_urls
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in start_urls} - {""})
        self.walk = Walk(int(max_depth), int(max_pages))
        self.found: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            request = self._request(url, START, 0)
            if request is not None:
                yield request

    def _request(self, url: str, why: str, depth: int) -> scrapy.Request | None:
        if not self.walk.take(depth):
            return None
        return scrapy.Request(url, callback=self.parse_page, priority=PRIORITY[why],
                              cb_kwargs={"why": why, "depth": depth})

    def parse_page(self, response: Response, why: str, depth: int) -> Iterator[dict[str, Any] | scrapy.Request]:
        """Probe the page; yield it if it is an annual-report column; follow its columns and sections."""
        if not hasattr(response, "text"):  # a document, not a page
            return
        found = probe(decoded_text(response), response.url)
        if is_annual_column(found, why) and found.url not in self.found:
            self.found.add(found.url)
            yield self._column(found, response)
        for url, reason in leads(found, why):
            request = self._request(url, reason, depth + 1)
            if request is not None:
                yield request

    def _column(self, found: Probe, response: Response) -> dict[str, Any]:
        referer = response.request.headers.get("Referer", b"").decode("latin-1") if response.request else ""
        return {
            "url": found.url, "title": found.title, "family": found.family, "evidence": found.evidence,
            "reports": len(found.reports), "pages": len(found.pages), "linked_from": referer or None,
            "registry_entry": found.registry_entry(),
        }
