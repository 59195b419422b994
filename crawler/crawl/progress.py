"""Crawl progress while it runs, and a summary when it ends, summed over crawlers."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.status import Status
from scrapy.crawler import Crawler
from twisted.internet import task

from crawler.crawl.error_stats import error_count, error_kinds


@dataclass(frozen=True)
class Counts:
    """What a crawler (or all of them) has done so far."""

    pages: int
    reports: int  # report pages and attachments kept (captures)
    errors: int
    new: int = 0  # reports fetched for the first time
    changed: int = 0  # fetched again, and different
    unchanged: int = 0  # not modified (304), the same bytes, or known and not asked again

    @classmethod
    def of(cls, crawler: Crawler) -> Counts:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        return cls(
            pages=int(stats.get("response_received_count", 0)),
            reports=int(stats.get("item_scraped_count", 0)),
            errors=error_count(stats),
            new=int(stats.get("ogi/pages/new", 0)),
            changed=int(stats.get("ogi/pages/changed", 0)),
            unchanged=int(stats.get("ogi/pages/unchanged", 0)),
        )

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other))))

    def line(self, name: str) -> str:
        return (f"  {name:<16} pages {self.pages:>6}  reports {self.reports:>6}  new {self.new:>6}  "
                f"changed {self.changed:>4}  unchanged {self.unchanged:>6}  errors {self.errors:>4}")


def total(crawlers: Iterable[Crawler]) -> Counts:
    """Counts summed over crawlers."""
    return sum((Counts.of(c) for c in crawlers), Counts(0, 0, 0))


class Progress:
    """While crawlers run, every ``interval`` seconds: on a terminal, a live status line (pages,
    reports, errors, rate) redrawn in place; elsewhere (a log, a pipe, CI), one plain line."""

    def __init__(self, crawlers: list[Crawler], interval: float = 2.0, out: TextIO = sys.stderr) -> None:
        self.crawlers = crawlers
        self.out = out
        self.started = time.monotonic()
        self._loop = task.LoopingCall(self.report)
        self._interval = interval
        self._live: Status | None = None
        if out.isatty():
            self._live = Console(file=out).status("crawling ...", spinner="dots")

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def start(self) -> None:
        if self._live is not None:
            self._live.start()
            self._loop.start(min(self._interval, 0.5), now=False)
        else:
            self._loop.start(self._interval, now=False)

    def stop(self) -> None:
        if self._loop.running:
            self._loop.stop()
        if self._live is not None:
            self._live.stop()

    def line(self) -> str:
        """What has been done so far, and how fast."""
        c = total(self.crawlers)
        rate = c.pages / self.elapsed if self.elapsed else 0.0
        return (f"[{self.elapsed:6.1f}s] pages {c.pages} · reports {c.reports} · errors {c.errors} · "
                f"{rate:.0f} pages/s")

    def report(self) -> None:
        if self._live is not None:
            self._live.update(self.line())
        else:
            print(self.line(), file=self.out, flush=True)

    def summary(self) -> None:
        """Per-spider lines and the total."""
        print(f"crawl finished in {self.elapsed:.1f}s", file=self.out)
        for crawler in self.crawlers:
            print(Counts.of(crawler).line(getattr(crawler.spider, "portal", crawler.spidercls.name)), file=self.out)
        print(total(self.crawlers).line("total"), file=self.out)
        kinds = error_kinds(crawler.stats.get_stats() for crawler in self.crawlers if crawler.stats)
        if kinds:
            print("  errors: " + ", ".join(f"{kind} {n}" for kind, n in kinds.items()), file=self.out)
        self.out.flush()
