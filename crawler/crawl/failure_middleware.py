"""Scrapy downloader middlewares recording failed fetches (``crawler.archive.fetch_failures``); on by OGI_CRAWL_LOG,
as the record of the crawls is."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import load_object

from crawler.archive.fetch_failures import broken_encoding, record_failure
from crawler.crawl.archive_user import ArchiveUser
from crawler.crawl.error_stats import BROKEN_ENCODING, FETCH_FAILED


class FailureLog(ArchiveUser):
    """Downloader middleware, outermost: records the requests given up, once the retries are spent, and
    counts as errors those the retries did not count (a failure not retried, such as a browser timeout)."""

    switch = "OGI_CRAWL_LOG"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.retried = tuple(load_object(name) if isinstance(name, str) else name
                             for name in crawler.settings.getlist("RETRY_EXCEPTIONS"))

    async def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):  # robots.txt, another site, a broken body: decided, not failed
            return
        if not isinstance(exception, self.retried) or request.meta.get("dont_retry"):
            self.crawler.stats.inc_value(FETCH_FAILED)
        message = str(exception) or (type(exception).__doc__ or "").strip().split("\n")[0]
        await self.archive.apply(record_failure, self.portal, request.url, type(exception).__name__, message)


class EncodingCheck(ArchiveUser):
    """Downloader middleware, just outside HTTP decompression: a body whose gzip, deflate, brotli or zstd stream
    is broken is recorded and goes no further (its capture keeps the bytes as received)."""

    switch = "OGI_CRAWL_LOG"

    async def process_response(self, request: Request, response: Response) -> Response:
        encoding = response.headers.get("Content-Encoding", b"").decode("latin-1")
        why = broken_encoding(response.body, encoding, self.crawler.settings.getint("DOWNLOAD_MAXSIZE")) \
            if encoding else None
        if why is None:
            return response
        self.crawler.stats.inc_value(BROKEN_ENCODING)
        await self.archive.apply(record_failure, self.portal, response.url, "broken encoding", why)
        raise IgnoreRequest(f"{response.url}: {why}")
