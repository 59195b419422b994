"""A portal's sitemap as the way in, where its columns cannot be read: every page it lists
is fetched, and those whose own heading is a report's title are reports.

Sitemaps give URLs and dates but no titles, so this costs a fetch per page of the site:
a fallback, not the first choice. Start URLs are sitemaps (``sitemap.xml``, sitemap
indexes) or a ``robots.txt`` whose ``Sitemap:`` lines name them.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.items import ReportItem
from crawler.parse.html_text import parse_html
from spiders.portal import PortalSpider, decoded_text


def page_heading(html: str) -> str:
    """The page's own title: its first ``<h1>``, else its ``<title>``."""
    root = parse_html(html)
    for xpath in ("//h1", "//title"):
        found = root.xpath(xpath)
        if found and found[0].text_content().strip():
            return " ".join(found[0].text_content().split())
    return ""


class SitemapSpider(PortalSpider):
    """Portals reached through their sitemaps."""

    name = "sitemap"

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap (or robots.txt): the sitemaps it names, or the pages it lists on the portal's hosts."""
        if urlsplit(response.url).path.endswith("robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield scrapy.Request(url, callback=self.parse_column)
            return
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            url = urljoin(response.url, entry.get("loc", ""))
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(url, callback=self.parse_column)
            elif urlsplit(url).hostname in self.allowed_domains:
                published = (entry.get("lastmod") or "")[:10] or None
                request = self.fetch(url, self.parse_candidate, {"published": published}, "candidate")
                if request is not None:
                    yield request

    def parse_candidate(self, response: Response, published: str | None) -> Iterator[ReportItem | scrapy.Request]:
        """A listed page: a report if its own heading is a report's title."""
        if response.status == 304:  # a report an earlier crawl archived, unchanged
            yield from self.parse_report(response, "", published)
            return
        title = page_heading(decoded_text(response))
        if self.is_report(title):
            yield from self.parse_report(response, title, published)
