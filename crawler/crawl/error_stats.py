"""Count a crawler's own errors in its stats.

Scrapy's ``log_count/ERROR`` is fed by the root logger, so when several crawlers share a
process each one counts the others' errors too. This extension counts, per crawler,
callback and pipeline exceptions; with ``retry/max_reached`` (requests given up), fetches
failed in a way not retried (``crawler.crawl.failure_middleware``) and
``httperror/response_ignored_count`` (error statuses) they make up ``ERROR_KEYS``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

PORTAL_BUSY = "ogi/errors/portal_busy"  # the portal was being crawled into the archive by another process
BROKEN_ENCODING = "ogi/errors/broken_encoding"  # a body whose gzip, deflate, br or zstd stream is broken
FETCH_FAILED = "ogi/errors/fetch_failed"  # a fetch failed in a way not retried (a browser timeout, ...)
ERROR_KEYS = ("retry/max_reached", "httperror/response_ignored_count", "ogi/errors/callback", "ogi/errors/item",
              PORTAL_BUSY, BROKEN_ENCODING, FETCH_FAILED)


class ErrorStats:
    """Extension: increments ``ogi/errors/callback`` and ``ogi/errors/item``."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ErrorStats:
        return cls(crawler)

    def spider_error(self, *args: Any, **kwargs: Any) -> None:
        self.stats.inc_value("ogi/errors/callback")

    def item_error(self, *args: Any, **kwargs: Any) -> None:
        self.stats.inc_value("ogi/errors/item")


def error_count(stats: dict[str, Any]) -> int:
    """A crawler's errors, from its stats."""
    return sum(int(stats.get(key, 0)) for key in ERROR_KEYS)


_KIND_NAMES = {
    "retry/max_reached": "gave up after retries",
    "ogi/errors/callback": "spider callback failed",
    "ogi/errors/item": "pipeline failed",
    PORTAL_BUSY: "crawled by another process",
    BROKEN_ENCODING: "broken content encoding",
    FETCH_FAILED: "failed, not retried",
}
_STATUS_PREFIX = "httperror/response_ignored_status_count/"


def error_kinds(all_stats: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Errors by kind (HTTP statuses named by code), summed over crawlers' stats."""
    kinds: Counter[str] = Counter()
    for stats in all_stats:
        for key, value in stats.items():
            if key in _KIND_NAMES:
                kinds[_KIND_NAMES[key]] += int(value)
            elif key.startswith(_STATUS_PREFIX):
                kinds["HTTP " + key.removeprefix(_STATUS_PREFIX)] += int(value)
    return dict(sorted(kinds.items()))
