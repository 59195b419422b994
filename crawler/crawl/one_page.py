"""Fetch one page, as ``ogi probe`` does: a plain GET with the crawler's name, bounded in time
and size, its bytes decoded from all the evidence (``crawler.text.encoding``)."""

from __future__ import annotations

import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass

from crawler.crawl.settings import USER_AGENT
from crawler.text.encoding import decode_page

MAX_BYTES = 8 * 1024 * 1024  # a portal page is far smaller; more is refused, not read
TIMEOUT = 30.0


class FetchError(Exception):
    """The page could not be had; the message says why."""


@dataclass(frozen=True)
class Page:
    """A fetched page: the URL it was served at (after redirects) and its text."""

    url: str
    text: str


def fetch_page(url: str, timeout: float = TIMEOUT) -> Page:
    """GET ``url`` (following redirects); raises FetchError for a page that cannot be had."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (http(s) only, checked)
            body = answer.read(MAX_BYTES + 1)
            final_url = answer.url
            content_type = answer.headers.get("Content-Type", "")
            coding = answer.headers.get("Content-Encoding", "").lower()
    except urllib.error.HTTPError as e:
        raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise FetchError(f"{url}: {getattr(e, 'reason', e)}") from e
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: more than {MAX_BYTES} bytes; not a portal page")
    body = _decompressed(body, coding, url)
    return Page(final_url, decode_page(body, content_type).text)


def _decompressed(body: bytes, coding: str, url: str) -> bytes:
    """The body without its content coding; never more than MAX_BYTES (a zip bomb is refused)."""
    # gzip; deflate as zlib data, or raw as some servers send it
    formats = {"gzip": [16 + zlib.MAX_WBITS], "x-gzip": [16 + zlib.MAX_WBITS],
               "deflate": [zlib.MAX_WBITS, -zlib.MAX_WBITS]}.get(coding)
    if formats is None:
        return body
    for wbits in formats:
        try:
            out = zlib.decompressobj(wbits).decompress(body, MAX_BYTES + 1)
            break
        except zlib.error as e:
            error = e
    else:
        raise FetchError(f"{url}: a broken {coding} body ({error})")
    if len(out) > MAX_BYTES:
        raise FetchError(f"{url}: unpacks to more than {MAX_BYTES} bytes; not a portal page")
    return out
