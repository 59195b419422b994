"""What a page rendered in the browser may load, and for how long (a scrapy-playwright page init callback).

A portal's script can ask for anything: an analytics beacon abroad, a font from a CDN, a page on
another site, an address on the crawler's own network. The crawl asks only the portals it was
given, so the browser does too: a request to another origin than the page's, or by a scheme other
than http(s), is aborted before it leaves. Images, media and fonts are never needed to read a
list, so they are not loaded at all. And since a page's ``load`` event waits for every
subresource (scrapy-playwright awaits it after each page method), one that never answers would
hold the page forever: each is given ``ogi_resource_timeout`` milliseconds (request meta), then
aborted, so the page finishes loading with what came.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Route
from playwright.async_api import Request as BrowserRequest

from crawler.crawl.settings import OGI_RENDER_RESOURCE_TIMEOUT

RESOURCE_TIMEOUT = "ogi_resource_timeout"  # request meta: milliseconds a subresource is given
_NOT_NEEDED = {"image", "media", "font"}


def origin(url: str) -> tuple[str, str, int] | None:
    """The scheme, host and port of an http(s) URL (default ports filled in), or None for another scheme
    or a malformed port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.scheme, (parts.hostname or "").lower(), port


def may_load(url: str, page_url: str) -> bool:
    """Whether a page at ``page_url`` may load ``url``: the same origin only."""
    wanted = origin(url)
    return wanted is not None and wanted == origin(page_url)


async def guard(page: Page, request: scrapy.Request) -> None:
    """Page init callback (``playwright_page_init_callback``): the page loads from its own origin only,
    no images, media or fonts, each subresource within the request's ``ogi_resource_timeout``."""
    timeout = float(request.meta.get(RESOURCE_TIMEOUT, OGI_RENDER_RESOURCE_TIMEOUT))

    async def answer(route: Route, asked: BrowserRequest) -> None:
        if asked.url == request.url and asked.is_navigation_request():
            return await route.fallback()  # the page itself: scrapy-playwright fetches it
        if not may_load(asked.url, request.url) or asked.resource_type in _NOT_NEEDED:
            return await route.abort("blockedbyclient")
        try:
            fetched = await route.fetch(timeout=timeout, max_redirects=0)
        except PlaywrightError:  # no answer in time, or none at all
            return await route.abort("timedout")
        await route.fulfill(response=fetched)

    async def route(route: Route, asked: BrowserRequest) -> None:
        try:
            await answer(route, asked)
        except PlaywrightError:  # the page was closed meanwhile
            pass

    await page.route("**", route)
