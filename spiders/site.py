"""Portals known by a page of their site (a home page, an OGI section, one report's page) rather
than by their annual-report column: the way to the column is found as the ``discover`` spider
finds it, then each column is crawled by what it turns out to be (a Hanweb column through its
dataproxy, any other through its pages of links). A column whose list only a script writes is
counted (``ogi/site/scripted_column``), not read: register it with the ``js`` family."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.crawl.hanweb import find_jpage
from crawler.crawl.probe import COLUMN, START, Walk, is_annual_column, leads, probe
from spiders.discover import PRIORITY
from spiders.hanweb import HanwebSpider
from spiders.listing import ListingSpider
from spiders.portal import decoded_text


class SiteSpider(HanwebSpider, ListingSpider):
    """Options: ``start_as`` (``column`` when the start URLs are known to be the columns themselves;
    else they are any page of the site), ``max_depth`` (links followed from a start page to a
    column, default 3) and ``max_pages`` (pages fetched on the way, default 40)."""

    name = "site"

    def __init__(self, *args: Any, start_as: str = START, max_depth: int | str = 3, max_pages: int | str = 40,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if start_as not in (START, COLUMN):
            raise ValueError(f"start_as is {COLUMN!r} or {START!r}, not {start_as!r}")
        self.start_as = start_as
        self.walk = Walk(int(max_depth), int(max_pages))
        self.columns: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            request = self._walk(url, self.start_as, 0)
            if request is not None:
                yield request

    def _walk(self, url: str, why: str, depth: int) -> scrapy.Request | None:
        if not self.walk.take(depth):
            return None
        return scrapy.Request(url, callback=self.parse_site, priority=PRIORITY[why],
                              cb_kwargs={"why": why, "depth": depth})

    def parse_site(self, response: Response, why: str, depth: int) -> Iterator[scrapy.Request]:
        """A page on the way: crawled as a column if it is one, else its leads to one followed."""
        if not hasattr(response, "text"):
            return
        text = decoded_text(response)
        found = probe(text, response.url)
        if is_annual_column(found, why):
            if response.url not in self.columns:
                self.columns.add(response.url)
                self.crawler.stats.inc_value("ogi/site/columns")
                if found.family == "js":
                    self.crawler.stats.inc_value("ogi/site/scripted_column")
                # a column whose jpage script names its dataproxy is read through it, any other by its pages
                jpage = find_jpage(text, response.url)
                read = HanwebSpider.parse_column if jpage is not None else ListingSpider.parse_column
                yield from read(self, response)
            return
        for url, reason in leads(found, why):
            request = self._walk(url, reason, depth + 1)
            if request is not None:
                yield request

    # a column's later pages (ListingSpider asks for them with this callback) are pages of links
    parse_column = ListingSpider.parse_column
