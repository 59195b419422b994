"""Static paginated columns (TRS WCM ``index_N.html`` paged by script, ``?page=N`` with 下一页)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.crawl.listing import entries, other_pages
from crawler.parse.html_text import parse_html
from spiders.portal import PortalSpider, decoded_text


class ListingSpider(PortalSpider):
    """Portals whose columns are paginated HTML lists."""

    name = "listing"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed: dict[str, set[str]] = {}  # column (its first page) -> entry URLs its pages showed

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """Queue the reports a column page lists and the column's other pages; a page that
        lists nothing new (a pager that goes on past the end, repeating the last page) is
        followed no further."""
        text = decoded_text(response)
        root = parse_html(text)
        found = entries(root, response.url)
        column = response.meta.get("column", response.url)
        listed = self.listed.setdefault(column, set())
        new = {entry.url for entry in found} - listed
        listed |= new
        yield from self.report_requests(found)
        if not new:
            self.crawler.stats.inc_value("ogi/trap/page_without_new_entries")
            return
        for url in other_pages(root, text, response.url):
            yield scrapy.Request(url, callback=self.parse_column, meta={"column": column})
