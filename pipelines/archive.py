"""Write every item to the SQLite archive."""

from __future__ import annotations

import sqlite_utils
from scrapy.crawler import Crawler

from crawler.archive import checkpoint, open_archive, store_capture
from crawler.items import ReportItem


class ArchivePipeline:
    """Thin adapter: one capture per item, one report per content hash."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.db: sqlite_utils.Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler.settings.get("OGI_DATABASE"))

    def open_spider(self) -> None:
        self.db = open_archive(self.path)

    def close_spider(self) -> None:
        if self.db is not None:
            checkpoint(self.db)
            self.db.close()

    def process_item(self, item: ReportItem) -> ReportItem:
        assert self.db is not None, "archive not open"
        store_capture(self.db, item)
        return item
