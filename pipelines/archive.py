"""Write every item to the SQLite archive."""

from __future__ import annotations

import asyncio
import functools

from scrapy.crawler import Crawler

from crawler.archive import BatchWriter
from crawler.items import ReportItem


class _SharedWriter:
    """The archive's writer, shared by the crawlers of one process (a portal each): SQLite takes
    one writer at a time, so a batch held open by one connection would stall the others'.
    Closed when the last of its users closes."""

    def __init__(self, writer: BatchWriter) -> None:
        self.writer = writer
        self.users = 0
        self.timer: asyncio.TimerHandle | None = None

    def open(self) -> None:
        self.writer.open()
        self.users += 1

    def write(self, item: ReportItem) -> None:
        self.writer.write(item)
        if self.writer.pending and self.timer is None:  # an idle crawl still commits its last batch soon
            self.timer = asyncio.get_running_loop().call_later(self.writer.seconds, self._commit_if_due)

    def _commit_if_due(self) -> None:
        self.timer = None
        if self.writer.commit_due():
            self.writer.commit()
        elif self.writer.pending:  # a batch begun since: check again once it is old enough
            self.timer = asyncio.get_running_loop().call_later(self.writer.seconds, self._commit_if_due)

    def close(self) -> None:
        self.users -= 1
        if self.users == 0:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            self.writer.close()


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

    def process_item(self, item: ReportItem) -> ReportItem:
        self.shared.write(item)
        return item
