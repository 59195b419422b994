"""Scrapy spider middleware: keeps each portal's frontier in the archive (``crawler.archive.frontier``) and
resumes a portal's unfinished crawl; on by OGI_FRONTIER."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.archive.frontier import Left, forget, left_by
from crawler.crawl.archive_user import ArchiveUser
from crawler.crawl.error_stats import PORTAL_BUSY
from crawler.crawl.portal_lock import PortalLock
from crawler.crawl.request_json import request_from_json, request_to_json
from crawler.items import ReportItem

FRONTIER = "ogi_frontier"  # request meta: the fingerprint the request is kept under
log = logging.getLogger(__name__)


class FrontierMiddleware(ArchiveUser):
    """Records every request a page leads to, and each request done once what it gave is recorded;
    at start, skips what an unfinished crawl of the portal did and makes again what it had yet to.
    A portal's frontier is cleared when its crawl finishes."""

    switch = "OGI_FRONTIER"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.database = crawler.settings.get("OGI_DATABASE")
        self.left = Left()
        self.known: set[str] = set()  # fingerprints recorded (done or pending)
        # a worker of a distributed crawl resumes from the shared queue: it records only what is done
        self.resume = crawler.settings.getbool("OGI_FRONTIER_RESUME")
        self.lock: PortalLock | None = None  # held while this process crawls the portal

    def _fingerprint(self, request: Request) -> str:
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

    @property
    def crawling(self) -> bool:
        """Whether this process holds the portal (no other crawls it into the archive)."""
        return self.lock is not None and self.lock.handle is not None

    async def opened(self, spider: Spider) -> None:
        self.lock = PortalLock(self.database, self.portal)
        if not self.lock.acquire():
            self.crawler.stats.inc_value(PORTAL_BUSY)
            log.error("%s is being crawled into %s by another process: not crawled", self.portal, self.database)
            return
        if self.resume:
            self.left = left_by(self.database, self.portal)
        self.known = self.left.done | {fingerprint for fingerprint, _ in self.left.pending}

    async def closed(self, spider: Spider, reason: str) -> None:
        if not self.crawling:  # another process crawls the portal: its frontier is not ours
            return
        if reason == "finished":
            await self.archive.apply(forget, self.portal, commit=True)
        assert self.lock is not None
        self.lock.release()

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests but those done; then the requests left pending (nothing, while
        another process crawls the portal)."""
        stats = self.crawler.stats
        if not self.crawling:
            return
        async for request in start:
            if isinstance(request, Request):
                fingerprint = self._fingerprint(request)
                if fingerprint in self.left.done:
                    stats.inc_value("ogi/frontier/skipped")
                    continue
                request.meta[FRONTIER] = fingerprint
            yield request
        for fingerprint, stored in self.left.pending:
            request = request_from_json(stored, self.crawler.spider)
            request.meta[FRONTIER] = fingerprint
            stats.inc_value("ogi/frontier/resumed")
            yield request

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Requests as they go (those done before dropped), then one step: the new ones recorded and
        this response's request done; a report carries its request's mark to the archive instead."""
        parent = response.meta.get(FRONTIER)
        added: list[tuple[str, str, str]] = []
        carried = False
        async for thing in result:
            if isinstance(thing, Request):
                fingerprint = self._fingerprint(thing)
                if fingerprint in self.left.done:
                    self.crawler.stats.inc_value("ogi/frontier/skipped")
                    continue
                thing.meta[FRONTIER] = fingerprint
                if self.resume and fingerprint not in self.known:
                    self.known.add(fingerprint)
                    added.append((fingerprint, thing.url, request_to_json(thing, self.crawler.spider)))
            elif isinstance(thing, ReportItem) and parent is not None:
                thing.frontier, carried = parent, True
            yield thing
        done = (parent, response.url) if parent is not None and not carried else None
        if added or done:
            await self.archive.mark(self.portal, added, done)

    async def process_spider_exception(self, response: Response, exception: Exception) -> None:
        """An error status (404, 500 after retries) came back: that request is done too."""
        parent = response.meta.get(FRONTIER)
        if isinstance(exception, HttpError) and parent is not None:
            await self.archive.mark(self.portal, [], (parent, response.url))
