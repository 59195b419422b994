"""Scrapy extension: the crawl's record in the archive (``crawler.archive.crawls``), written as portals
open and close; on by OGI_CRAWL_LOG."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import os
import socket
from datetime import UTC, datetime

from scrapy import Spider
from scrapy.crawler import Crawler

from crawler.archive.crawls import begin_crawl, begin_portal, end_crawl, end_portal
from crawler.crawl.archive_thread import ArchiveThread
from crawler.crawl.archive_user import ArchiveUser
from crawler.crawl.error_stats import error_kinds
from crawler.crawl.progress import Counts


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ProcessRun:
    """The ``crawls`` row of this process's run, begun by the first portal to open and ended by the last to close."""

    def __init__(self) -> None:
        self.crawl: asyncio.Future[int] | None = None
        self.portals = 0

    async def begin(self, archive: ArchiveThread) -> int:
        self.portals += 1
        if self.crawl is None:
            self.crawl = asyncio.ensure_future(
                archive.apply(begin_crawl, _now(), socket.gethostname(), os.getpid(), commit=True))
        return await self.crawl

    async def end(self, archive: ArchiveThread) -> None:
        self.portals -= 1
        if self.portals == 0 and self.crawl is not None:
            crawl, self.crawl = await self.crawl, None
            await archive.apply(end_crawl, crawl, _now(), commit=True)


@functools.cache  # one per process and archive
def process_run(database: str) -> ProcessRun:
    return ProcessRun()


class CrawlLog(ArchiveUser):
    """Records each portal's crawl (its figures and how it ended) and the run's totals."""

    switch = "OGI_CRAWL_LOG"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.run = process_run(crawler.settings.get("OGI_DATABASE"))
        self.crawl: int | None = None

    async def opened(self, spider: Spider) -> None:
        self.crawl = await self.run.begin(self.archive)
        await self.archive.apply(begin_portal, self.crawl, self.portal, spider.name, _now(), commit=True)

    async def closed(self, spider: Spider, reason: str) -> None:
        if self.crawl is None:  # the portal never opened (its crawl failed to start): nothing to record
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = dataclasses.asdict(Counts.of(self.crawler)) | {"resumed": int(stats.get("ogi/frontier/resumed", 0))}
        await self.archive.apply(end_portal, self.crawl, self.portal, _now(), reason, counts,
                                 error_kinds([stats]), commit=True)
        await self.run.end(self.archive)
