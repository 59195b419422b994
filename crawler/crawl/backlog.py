"""Downloads wait while the worker processes or the archive's writer are behind, so a crawl's
memory stays bounded.

Work handed over and not back yet (items to the worker processes, fetches and items to the
archive's thread) is counted over every crawler of the process (a crawl runs one crawler per
portal). While ``limit`` of them wait, each new download waits too (BacklogMiddleware), so
a crawl that fetches faster than it can prepare or write holds at most ``limit`` of them
plus what is already downloading, instead of a queue that grows with the portal (the
archive's thread alone was found 892 writes behind on a 16-portal farm).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler


class Backlog:
    """A count of work handed over and not done, and a wait for room below ``limit``."""

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
        """One more piece of work handed over."""
        self.count += 1
        if self.count >= self.limit:
            self._event().clear()

    def done(self) -> None:
        """One piece of work done."""
        self.count -= 1
        if self.count < self.limit:
            self._event().set()

    async def room(self) -> None:
        """Returns once fewer than ``limit`` pieces of work wait."""
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
