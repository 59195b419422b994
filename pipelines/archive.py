"""Write every prepared item to the archive, from the archive's own thread."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.crawl.archive_thread import ArchiveThread, archive_of
from crawler.items import ReportItem


class ArchivePipeline:
    """Thin adapter: an item's report, sources and WARC metadata record, committed in batches of
    OGI_COMMIT_EVERY writes or OGI_COMMIT_SECONDS (``crawler.archive.batch.BatchWriter``)."""

    def __init__(self, archive: ArchiveThread) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(archive_of(crawler.settings))

    def open_spider(self) -> None:
        self.archive.open()

    def close_spider(self) -> None:
        self.archive.close()

    async def process_item(self, item: ReportItem) -> ReportItem:
        await self.archive.write(item)
        return item
