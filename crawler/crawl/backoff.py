"""Retries that wait: Scrapy's RetryMiddleware, waiting longer before each retry of a request.

A 5xx answer or a timeout is retried RETRY_TIMES times; the n-th retry waits
RETRY_BACKOFF_BASE * 2**(n-1) seconds (at most RETRY_BACKOFF_MAX), so a portal that is
struggling is given time instead of being hit again at once. The wait holds no download
slot and blocks nothing else.
"""

from __future__ import annotations

import asyncio
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response


def backoff_delay(retry: int, base: float, cap: float) -> float:
    """Seconds to wait before the ``retry``-th retry (1-based)."""
    return min(cap, base * 2 ** (retry - 1))


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware with a growing wait before each retry."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.base = crawler.settings.getfloat("RETRY_BACKOFF_BASE")
        middleware.cap = crawler.settings.getfloat("RETRY_BACKOFF_MAX")
        return middleware

    async def _after_wait(self, result: Request | Response | None) -> Request | Response | None:
        if isinstance(result, Request) and self.base > 0:
            await asyncio.sleep(backoff_delay(result.meta.get("retry_times", 1), self.base, self.cap))
        return result

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        waited = await self._after_wait(result)
        assert waited is not None
        return waited

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        return await self._after_wait(super().process_exception(request, exception))
