"""Static paginated columns (TRS WCM ``index_N.html`` paged by script, ``?page=N`` with 下一页)."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from crawler.encoding import decode_page
from crawler.html_text import parse_html
from crawler.listing import entries, other_pages
from spiders.portal import PortalSpider


class ListingSpider(PortalSpider):
    """Portals whose columns are paginated HTML lists."""

    name = "listing"

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """Queue the reports a column page lists and the column's other pages."""
        decoded = decode_page(response.body, response.headers.get("Content-Type", b"").decode("latin-1"))
        root = parse_html(decoded.text)
        yield from self.report_requests(entries(root, response.url))
        for url in other_pages(root, decoded.text, response.url):
            yield scrapy.Request(url, callback=self.parse_column)
