"""Base of the Scrapy components that write to the archive for a portal's crawl."""

from __future__ import annotations

from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.crawl.archive_thread import archive_of


class ArchiveUser:
    """On when the setting named ``switch`` is; keeps the process's archive writer open from the
    spider's opening to its closing, and calls ``opened`` and ``closed`` in between."""

    switch: str

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive = archive_of(crawler.settings)
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool(cls.switch):
            raise NotConfigured
        return cls(crawler)

    @property
    def portal(self) -> str:
        """The portal being crawled (a spider run without one: the spider's name)."""
        spider = self.crawler.spider
        return getattr(spider, "portal", spider.name)

    async def _opened(self, spider: Spider) -> None:
        self.archive.open()
        await self.opened(spider)

    async def _closed(self, spider: Spider, reason: str) -> None:
        try:
            await self.closed(spider, reason)
        finally:
            self.archive.close()

    async def opened(self, spider: Spider) -> None:
        """The spider opened (the archive is open)."""

    async def closed(self, spider: Spider, reason: str) -> None:
        """The spider closed, for ``reason`` (the archive is still open)."""
