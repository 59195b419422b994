"""Downloads wait while the worker processes are behind, so a crawl's memory stays bounded.

Items handed to the worker processes and not back yet are counted over every crawler of
the process (a crawl runs one crawler per portal). While ``limit`` of them wait, each new
download waits too (BacklogMiddleware), so a crawl that fetches faster than its workers
prepare holds at most ``limit`` items plus those already downloading, instead of a queue
that grows with the portal.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler


class Backlog:
    """A count of items in preparation, and a wait for room below ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0
        self._room: asyncio.Event | None = None

    def _event(self) -> asyncio.Event:
        if self._room is None:
            self._room = asyncio.Event()
            self._room.set()
        return self._room

    def add(self) -> None:
        """One more item handed over."""
        self.count += 1
        if self.count >= self.limit:
            self._event().clear()

    def done(self) -> None:
        """One item back."""
        self.count -= 1
        if self.count < self.limit:
            self._event().set()

    async def room(self) -> None:
        """Returns once fewer than ``limit`` items wait."""
        if self.count >= self.limit:
            await self._event().wait()


@functools.cache  # one per crawl process, shared by its crawlers as the worker pool is
def process_backlog(limit: int) -> Backlog:
    """The process's backlog."""
    return Backlog(limit)


class BacklogMiddleware:
    """Downloader middleware: a request waits here while the process's backlog is full."""

    def __init__(self, backlog: Backlog) -> None:
        self.backlog = backlog

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(process_backlog(crawler.settings.getint("OGI_BACKLOG")))

    async def process_request(self, request: Request) -> None:
        await self.backlog.room()
