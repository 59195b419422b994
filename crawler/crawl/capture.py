"""Every response the crawl receives, as it came, into the WARC files and the captures index.

A downloader middleware placed next to the downloader (after it nothing has decompressed,
redirected or retried the response yet), so redirects, errors, robots.txt, listing pages,
reports and attachments are all kept. The capture's id and time travel on in the
request's meta (``ogi_capture``) for the item made from the response.
"""

from __future__ import annotations

from typing import Self
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response

from crawler.archive.store import KIND, PORTAL, RENDERED
from crawler.archive.warc import Exchange
from crawler.crawl.archive_thread import ArchiveThread, archive_of

Served = tuple[int, list[tuple[str, str]], bytes]  # a rendered page's navigation: status, headers, body
CAPTURE = "ogi_capture"  # request.meta: (capture id, fetched_at) of the response's capture
KIND_META = "ogi_kind"  # request.meta: "report" or "attachment", as the spider asked for it


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


def kind_of(request: Request) -> str:
    """What a request fetched: as the spider said, else robots.txt or a listing page."""
    return request.meta.get(KIND_META) or ("robots" if urlsplit(request.url).path == "/robots.txt" else "listing")


class CaptureMiddleware:
    """Downloader middleware (OGI_CAPTURE turns it off): each response written to the WARC
    files and indexed on the process's archive thread."""

    def __init__(self, crawler: Crawler, archive: ArchiveThread) -> None:
        self.crawler = crawler
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("OGI_CAPTURE"):
            raise NotConfigured("OGI_CAPTURE is off")
        middleware = cls(crawler, archive_of(crawler.settings))
        crawler.signals.connect(middleware.archive.open, signal=signals.spider_opened)
        crawler.signals.connect(middleware.archive.close, signal=signals.spider_closed)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Response:
        fields = {PORTAL: getattr(self.crawler.spider, "portal", ""), KIND: kind_of(request)}
        served = self._served(request, response)
        if served is not None:  # rendered: the response as served, the browser's DOM beside it
            status, headers, body = served
            exchange = Exchange(url=response.url, status=status, response_headers=headers, body=body,
                                method=request.method, request_headers=_pairs(request.headers), fields=fields,
                                rendered=response.body)
        else:
            if request.meta.get("playwright"):  # the served bytes were not seen: the DOM, marked as such
                fields[RENDERED] = "chromium"
            exchange = Exchange(
                url=response.url, status=response.status, response_headers=_pairs(response.headers),
                body=response.body, method=request.method, request_headers=_pairs(request.headers),
                protocol=response.protocol or "HTTP/1.1", fields=fields,
            )
        request.meta[CAPTURE] = await self.archive.capture(exchange)
        return response

    def _served(self, request: Request, response: Response) -> Served | None:
        """For a page rendered in Chromium, the navigation's response as the server sent it (kept by
        the rendered spider's ``served`` page event handler), if it was seen."""
        if not request.meta.get("playwright"):
            return None
        kept = getattr(self.crawler.spider, "served_pages", None)
        return kept.pop(response.url, None) or kept.pop(request.url, None) if kept is not None else None
