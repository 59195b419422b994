"""The ``news`` family (UTF-8).

One 政务动态 column ``/col/col<n>/index.html?page=N`` with ``下一页`` links, where reports are
mixed with news and must be picked by title. The pager puts a fresh session id on every link
(``&sid=``) and its 下一页 goes on past the last page, which then repeats. Such a portal
republishes some reports of the portal before it, so the archive sees the same report twice.
Its ``robots.txt`` names a sitemap of every page, and it has a site search.
"""

from __future__ import annotations

import functools
import html
import itertools
import random
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode

from crawler.demo.portals.base import PER_PAGE, DemoPortal, Page, Response

SEARCH = "/search/index.jsp"


class NewsPortal(DemoPortal):
    """A portal of one news column holding the reports too, with an endless pager, a sitemap and a search."""

    family = "news"
    republishes = 2

    def _column_paths(self, rng: random.Random) -> tuple[str, str]:
        column = f"/col/col{rng.randrange(1000, 9999)}/"
        return column, column

    def _robots(self) -> str:
        return super()._robots() + "Sitemap: /sitemap.xml\n"

    def _route(self, path: str, query: str, form: str) -> Response | None:
        if path == "/sitemap.xml":
            return 200, "application/xml", self._sitemap()
        if path == SEARCH:
            return self._page("搜索结果", self._search(query))
        return None

    def _page_number(self, name: str, query: str, count: int) -> int | None:
        """As ``?page=N`` goes, but past the end: the last page again."""
        number = super()._page_number(name, query, count)
        return None if number is None else min(number, count - 1)

    @functools.cached_property
    def _sessions(self) -> Iterator[int]:
        return itertools.count(1)

    def _pager(self, pages: list[Page], number: int) -> str:
        """A fresh session id on every link, and a 下一页 that never ends."""
        session = f"&sid={next(self._sessions)}"
        following = f'<a href="index.html?page={number + 2}{session}">下一页</a>'
        return self._numbered_pager(self._page_count(pages), number, following, session)

    def _sitemap(self) -> bytes:
        """Every page of the site, as a sitemap lists it: URLs and dates, no titles."""
        urls = "".join(f"<url><loc>{html.escape(path)}</loc><lastmod>{page.published.isoformat()}</lastmod></url>"
                       for path, page in sorted(self._pages.items()))
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()

    def _search(self, query: str) -> str:
        """The site search: entries whose title holds every word of ``q``, 8 to a page (``&p=N``)."""
        args = parse_qs(query)
        words = args.get("q", [""])[-1].split()
        number = int(args.get("p", ["1"])[-1]) if args.get("p", ["1"])[-1].isdigit() else 1
        found = [p for p in self._pages.values() if all(word in p.title for word in words)]
        found.sort(key=lambda p: (p.published, p.path), reverse=True)
        shown = found[(number - 1) * PER_PAGE:number * PER_PAGE]
        items = "".join(self._entry("/", p) for p in shown)
        following = ""
        if number * PER_PAGE < len(found):
            following = f'<a href="{SEARCH}?{urlencode({"q": " ".join(words), "p": number + 1})}">下一页</a>'
        return f'<div class="search"><ul>{items}</ul><div class="pager">{following}</div></div>'
