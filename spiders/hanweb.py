"""Hanweb JCMS columns: the list is asked of the column's dataproxy directly, not rendered."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.crawl.hanweb import JPage, find_jpage, read_datastore, records_html
from crawler.crawl.listing import entries
from crawler.parse.html_text import parse_html
from spiders.portal import PortalSpider, decoded_text

MAX_WINDOWS = 2000  # a column claiming more records than this many windows is a trap, not a column


class HanwebSpider(PortalSpider):
    """Portals on Hanweb JCMS: column pages whose list a ``jpage`` script loads from a dataproxy."""

    name = "hanweb"

    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        text = decoded_text(response)
        jpage = find_jpage(text, response.url)
        if jpage is None:  # a plain list after all
            self.crawler.stats.inc_value("ogi/hanweb/no_jpage")
            yield from self.report_requests(entries(parse_html(text), response.url))
            return
        yield self._window(jpage, 1, response.url)

    def _window(self, jpage: JPage, start: int, column_url: str) -> scrapy.FormRequest:
        # the column's dataproxy as plain fields: a request kept in the frontier is JSON
        return scrapy.FormRequest(jpage.window(start), formdata=jpage.params, callback=self.parse_window,
                                  cb_kwargs={"dataproxy": dataclasses.asdict(jpage), "start": start,
                                             "column_url": column_url})

    def parse_window(self, response: Response, dataproxy: dict[str, Any], start: int, column_url: str
                     ) -> Iterator[scrapy.Request]:
        """The reports among one window's records; from the first window, the other windows."""
        jpage = JPage(**dataproxy)
        store = read_datastore(response.body)
        self.crawler.stats.inc_value("ogi/hanweb/records", len(store.records))
        if store.records:
            yield from self.report_requests(entries(records_html(store.records), column_url))
        if start == 1 and store.total:
            starts = range(1 + jpage.window_size, store.total + 1, jpage.window_size)
            for following in list(starts)[:MAX_WINDOWS]:
                yield self._window(jpage, following, column_url)
        elif store.total is None and len(store.records) >= jpage.window_size:
            # an answer that does not say the column's size: the next window, while windows come full
            if start // jpage.window_size + 1 < MAX_WINDOWS:
                yield self._window(jpage, start + jpage.window_size, column_url)
