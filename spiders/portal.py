"""What every portal spider does once it has found a column's entries: fetch the reports,
following the attachment a short page only wraps, and yield each as an item."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.crawl.attachments import EXTENSIONS, attachment_links, wraps_attachments
from crawler.crawl.capture import CAPTURE, KIND_META
from crawler.crawl.listing import Entry
from crawler.crawl.registry import load_registry, select
from crawler.crawl.seen import Seen, seen_pages
from crawler.items import ReportItem
from crawler.parse.html_text import article, element_text, parse_html
from crawler.parse.titles import is_report_title
from crawler.text.encoding import decode_page

# Bytes that a page linking an attachment carries; a page without any is not decoded twice.
_ATTACHMENT_HINTS = tuple(f".{ext}".encode() for ext in EXTENSIONS) + (b"filename=",)


class PortalSpider(scrapy.Spider):
    """Base of the portal spiders. Arguments: ``portal`` (an id recorded on every capture),
    ``start_urls`` (the column pages, comma-separated on the command line; without them
    the portal's entry in the registry gives them) and ``download_timeout`` (seconds this
    portal's fetches may take, its crawler's DOWNLOAD_TIMEOUT).
    Subclasses read a column in ``parse_column`` and hand its entries to ``report_requests``."""

    def __init__(self, portal: str = "", start_urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        if not start_urls:
            raise ValueError(f"{self.name} spider needs start_urls (comma-separated column URLs)")
        self.portal = portal or self.name
        self.start_urls = start_urls
        # the portal's own hosts: links elsewhere (other sites, content farms) are not followed
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in start_urls} - {""})
        self.seen: dict[str, Seen] = {}  # what earlier crawls into the archive fetched (from_crawler)
        self.not_asked: set[str] = set()  # known pages without validators, not fetched again
        self.revisit_days = 30.0  # OGI_REVISIT_DAYS (from_crawler)
        self.started = datetime.now(UTC)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        """``-a portal=ID`` alone takes the portal's start URLs and options from the registry
        (the OGI_REGISTRY setting)."""
        if not kwargs.get("start_urls") and kwargs.get("portal"):
            (entry,) = select(load_registry(crawler.settings.get("OGI_REGISTRY")), [kwargs["portal"]])
            kwargs = {**entry.options, **kwargs, "start_urls": list(entry.start_urls)}
        timeout = kwargs.pop("download_timeout", None)
        if timeout is not None:  # a portal's own wait: its crawler's setting (the crawler's settings are its own)
            crawler.settings.set("DOWNLOAD_TIMEOUT", float(timeout), priority="spider")
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.seen = seen_pages(crawler.settings.get("OGI_DATABASE"), spider.allowed_domains)
        spider.revisit_days = crawler.settings.getfloat("OGI_REVISIT_DAYS")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_column)

    def parse_column(self, response: Response) -> Iterable[scrapy.Request]:
        raise NotImplementedError

    def report_requests(self, entries: Iterable[Entry]) -> Iterator[scrapy.Request]:
        """Requests for the entries that are annual reports (by their titles)."""
        for entry in entries:
            if self.is_report(entry.title):
                found = {"title": entry.title, "published": entry.published}
                request = self.fetch(entry.url, self.parse_report, found, "report")
                if request is not None:
                    yield request

    def is_report(self, title: str) -> bool:
        """Whether ``title`` is an annual report's (and counts the report links found)."""
        if is_report_title(title):
            self.crawler.stats.inc_value("ogi/report_links")
            return True
        return False

    def fetch(self, url: str, callback: Callable[..., Any], found: dict[str, Any], kind: str
              ) -> scrapy.Request | None:
        """A request for a report page or attachment (``kind``): conditional where an earlier crawl got
        validators for it; where it got none (the page cannot be asked cheaply), plain once the
        last capture is OGI_REVISIT_DAYS old, else none."""
        seen = self.seen.get(url)
        headers = seen.conditional_headers() if seen else {}
        if seen is None or (not headers and seen.revisit_due(self.started, self.revisit_days)):
            return scrapy.Request(url, callback=callback, cb_kwargs=found, meta={KIND_META: kind})
        if not headers:
            if url not in self.not_asked:  # a page listed twice is counted once
                self.not_asked.add(url)
                self.crawler.stats.inc_value("ogi/pages/unchanged")
            return None
        return scrapy.Request(url, callback=callback, cb_kwargs=found, headers=headers,
                              meta={KIND_META: kind, "handle_httpstatus_list": [304]})

    def _fetched(self, response: Response) -> bool:
        """Count the fetch as new, changed or unchanged; whether it brought something to keep."""
        seen = self.seen.get(response.url)
        if response.status == 304 or (seen and seen.body_sha256 == hashlib.sha256(response.body).hexdigest()):
            self.crawler.stats.inc_value("ogi/pages/unchanged")
            return False
        self.crawler.stats.inc_value("ogi/pages/changed" if seen else "ogi/pages/new")
        return True

    def parse_report(self, response: Response, title: str, published: str | None
                     ) -> Iterator[ReportItem | scrapy.Request]:
        """The report page as an item; or, for a page that only wraps attachments, the attachments."""
        if response.status == 304:
            self._fetched(response)
            return
        if _is_page(response) and any(hint in response.body for hint in _ATTACHMENT_HINTS):
            content = article(parse_html(decoded_text(response)))
            links = attachment_links(content, response.url)
            if wraps_attachments(element_text(content), links):
                for link in links:
                    self.crawler.stats.inc_value("ogi/attachment_links")
                    found = {"title": title, "published": published, "linked_from": response.url}
                    request = self.fetch(link.url, self.parse_attachment, found, "attachment")
                    if request is not None:
                        yield request
                return
        if self._fetched(response):
            yield self.item(response, title, published)

    def parse_attachment(self, response: Response, title: str, published: str | None, linked_from: str
                         ) -> Iterator[ReportItem]:
        """An attached document, under the title its page was listed with."""
        if self._fetched(response):
            yield self.item(response, title, published, linked_from)

    def item(self, response: Response, title: str, published: str | None, linked_from: str | None = None
             ) -> ReportItem:
        """An item carrying the bytes as fetched (and its capture, when one was written)."""
        captured = response.request.meta.get(CAPTURE) if response.request else None
        capture_id, fetched_at = captured or (None, datetime.now(UTC).isoformat(timespec="seconds"))
        return ReportItem(
            url=response.url,
            portal=self.portal,
            title=title,
            status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            body=response.body,
            fetched_at=fetched_at,
            published=published,
            linked_from=linked_from,
            capture_id=capture_id,
        )


def _content_type(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1")


def decoded_text(response: Response) -> str:
    """A fetched page's text, decoded from all the evidence (crawler.text.encoding)."""
    return decode_page(response.body, _content_type(response)).text


def _is_page(response: Response) -> bool:
    kind = _content_type(response).lower()
    return not kind or "html" in kind
