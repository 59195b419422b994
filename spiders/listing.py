"""Walk a portal's column pages and fetch every annual OGI report they list."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.encoding import decode_page
from crawler.html_text import parse_html
from crawler.items import ReportItem
from crawler.listing import entries, other_pages
from crawler.titles import is_report_title


class ListingSpider(scrapy.Spider):
    """Generic spider for portals whose columns are paginated HTML lists.

    Arguments: ``portal`` (an id recorded on every capture) and ``start_urls``
    (the column pages, comma-separated on the command line).
    """

    name = "listing"

    def __init__(self, portal: str = "", start_urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        if not start_urls:
            raise ValueError("listing spider needs start_urls (comma-separated column URLs)")
        self.portal = portal or self.name
        self.start_urls = start_urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """Queue the reports a column lists and the column's other pages."""
        decoded = decode_page(response.body, response.headers.get("Content-Type", b"").decode("latin-1"))
        root = parse_html(decoded.text)
        for entry in entries(root, response.url):
            if is_report_title(entry.title):
                self.crawler.stats.inc_value("ogi/report_links")
                yield scrapy.Request(
                    entry.url,
                    callback=self.parse_report,
                    cb_kwargs={"title": entry.title, "published": entry.published},
                )
        for url in other_pages(root, decoded.text, response.url):
            yield scrapy.Request(url, callback=self.parse_listing)

    def parse_report(self, response: Response, title: str, published: str | None) -> Iterator[ReportItem]:
        """One item per report page, carrying the bytes exactly as fetched."""
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        if content_type and "html" not in content_type.lower():
            self.crawler.stats.inc_value("ogi/skipped_not_html")
            self.logger.info("not an HTML page, left for the attachment spiders: %s", response.url)
            return
        yield ReportItem(
            url=response.url,
            portal=self.portal,
            title=title,
            status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            body=response.body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            published=published,
        )
