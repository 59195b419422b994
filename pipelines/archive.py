"""Write every item to the SQLite archive, from a thread of its own."""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor

from scrapy.crawler import Crawler

from crawler.archive import BatchWriter
from crawler.items import ReportItem


class _SharedWriter:
    """The archive's writer, shared by the crawlers of one process (a portal each): SQLite takes
    one writer at a time, so a batch held open by one connection would stall the others'.

    Every call runs on one thread that owns the connection: SQLite lets go of Python's lock
    while it writes, so the crawl goes on meanwhile. Closed when the last of its users closes.
    """

    def __init__(self, writer: BatchWriter) -> None:
        self.writer = writer
        self.users = 0
        self.thread: ThreadPoolExecutor | None = None
        self.timer: asyncio.TimerHandle | None = None

    def open(self) -> None:
        if self.thread is None:
            self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive")
        self.thread.submit(self.writer.open).result()
        self.users += 1

    async def write(self, item: ReportItem) -> None:
        assert self.thread is not None, "archive not open"
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.thread, self.writer.write, item)
        if self.writer.pending and self.timer is None:  # an idle crawl still commits its last batch soon
            self.timer = loop.call_later(self.writer.seconds, self._commit_when_due)

    def _commit_when_due(self) -> None:
        """Commit the batch once it is old enough; look again while one is open."""
        self.timer = None
        if self.thread is not None and self.writer.pending:
            self.thread.submit(self.writer.commit_if_due)
            self.timer = asyncio.get_running_loop().call_later(self.writer.seconds, self._commit_when_due)

    def close(self) -> None:
        self.users -= 1
        if self.users == 0 and self.thread is not None:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            self.thread.submit(self.writer.close).result()
            self.thread.shutdown()
            self.thread = None


@functools.cache  # one per process and archive
def _shared(path: str, size: int, seconds: float) -> _SharedWriter:
    return _SharedWriter(BatchWriter(path, size, seconds))


class ArchivePipeline:
    """Thin adapter: one capture per item, one report per content hash, committed in batches
    of OGI_COMMIT_EVERY captures or OGI_COMMIT_SECONDS (``crawler.archive.BatchWriter``)."""

    def __init__(self, shared: _SharedWriter) -> None:
        self.shared = shared

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        return cls(_shared(settings.get("OGI_DATABASE"), settings.getint("OGI_COMMIT_EVERY"),
                           settings.getfloat("OGI_COMMIT_SECONDS")))

    def open_spider(self) -> None:
        self.shared.open()

    def close_spider(self) -> None:
        self.shared.close()

    async def process_item(self, item: ReportItem) -> ReportItem:
        await self.shared.write(item)
        return item
