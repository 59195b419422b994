"""The archive's writer on a thread of its own, shared by the crawlers of one process."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from crawler.archive.batch import BatchWriter
from crawler.archive.warc import Exchange
from crawler.crawl.backlog import Backlog, process_backlog
from crawler.items import ReportItem

T = TypeVar("T")


class ArchiveThread:
    """One ``BatchWriter`` for the crawlers of a process (a portal each): SQLite takes one writer
    at a time, so a batch held open by one connection would stall the others'.

    Every call runs on one thread that owns the connection and the WARC file: SQLite and zlib
    let go of Python's lock while they work, so the crawl goes on meanwhile. Opened by its
    first user, closed when the last closes.
    """

    def __init__(self, writer: BatchWriter, backlog: Backlog) -> None:
        self.writer = writer
        self.backlog = backlog  # writes handed to the thread and not done count in the process's backlog
        self.users = 0
        self.thread: ThreadPoolExecutor | None = None
        self.timer: asyncio.TimerHandle | None = None

    def open(self) -> None:
        if self.thread is None:
            self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive")
        self.thread.submit(self.writer.open).result()
        self.users += 1

    async def capture(self, exchange: Exchange) -> tuple[int, str]:
        """``BatchWriter.capture`` on the archive's thread."""
        return await self._run(self.writer.capture, exchange)

    async def write(self, item: ReportItem) -> int:
        """``BatchWriter.write`` on the archive's thread."""
        return await self._run(self.writer.write, item)

    async def apply(self, change: Callable[..., T], *args: object, commit: bool = False) -> T:
        """``BatchWriter.apply`` on the archive's thread."""
        return await self._run(functools.partial(self.writer.apply, change, *args, commit=commit))

    async def mark(self, portal: str, added: list[tuple[str, str, str]], done: tuple[str, str] | None) -> None:
        """``BatchWriter.mark`` on the archive's thread."""
        await self._run(self.writer.mark, portal, added, done)

    async def _run(self, call, *args):  # type: ignore[no-untyped-def]
        assert self.thread is not None, "archive not open"
        loop = asyncio.get_running_loop()
        self.backlog.add()
        try:
            result = await loop.run_in_executor(self.thread, call, *args)
        finally:
            self.backlog.done()
        if self.writer.pending and self.timer is None:  # an idle crawl still commits its last batch soon
            self.timer = loop.call_later(self.writer.seconds, self._commit_when_due)
        return result

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
def shared_archive(path: str, size: int, seconds: float, warc_bytes: int, backlog: Backlog) -> ArchiveThread:
    """The process's writer for the archive at ``path``."""
    return ArchiveThread(BatchWriter(path, size, seconds, warc_bytes), backlog)


def archive_of(settings) -> ArchiveThread:  # type: ignore[no-untyped-def]
    """The process's writer for the crawl's archive (OGI_DATABASE, OGI_COMMIT_EVERY,
    OGI_COMMIT_SECONDS, OGI_WARC_BYTES), counting its pending writes in the process's backlog
    (OGI_BACKLOG), so downloads wait while the archive is behind."""
    return shared_archive(settings.get("OGI_DATABASE"), settings.getint("OGI_COMMIT_EVERY"),
                          settings.getfloat("OGI_COMMIT_SECONDS"), settings.getint("OGI_WARC_BYTES"),
                          process_backlog(settings.getint("OGI_BACKLOG")))
