"""Fetches that brought nothing to keep, each recorded in the archive's ``fetch_failures`` table with
why: a request given up (timeouts, resets, refused connections, a body over the size limit, after
the retries) and a body whose content encoding is broken (a truncated or invalid gzip, deflate,
brotli or zstd stream). ``crawler.failure_middleware`` records them in a crawl.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import brotli
import sqlite_utils

if sys.version_info >= (3, 14):  # the zstd Scrapy decodes with (scrapy.utils._compression)
    from compression import zstd
else:
    from backports import zstd

COLUMNS = {"id": int, "portal": str, "url": str, "kind": str, "message": str, "failed_at": str}
_CHUNK = 1 << 16  # bytes inflated at a time: what is inflated is counted, never kept


def record_failure(db: sqlite_utils.Database, portal: str, url: str, kind: str, message: str) -> None:
    """One failed fetch, now."""
    db.execute("insert into fetch_failures (portal, url, kind, message, failed_at) values (?, ?, ?, ?, ?)",
               [portal, url, kind, message[:1000], datetime.now(UTC).isoformat(timespec="seconds")])


def broken_encoding(body: bytes, encoding: str, limit: int) -> str | None:
    """Why a gzip, deflate, brotli (br) or zstd body cannot be decoded whole (truncated, invalid), or None
    when it can; at most ``limit`` bytes are inflated to tell (a bomb is cut there and judged on what was
    read). Only the first gzip member or zstd frame is judged, and another coding not at all; an empty body
    (a 304, a 204, an answer to HEAD) has nothing to decode, as Scrapy takes it."""
    coding = encoding.strip().lower()
    inflate = _INFLATERS.get(coding)
    if inflate is None or not body:
        return None
    inflated = 0
    try:
        for chunk in inflate(body):
            inflated += len(chunk)
            if inflated >= limit:
                return None  # the size limit, not the encoding, decides about the rest
    except EOFError:
        return f"truncated {coding}: the stream ends before its end"
    except (zlib.error, brotli.error, zstd.ZstdError) as error:
        return f"invalid {coding}: {error}"
    return None


def _zlib(body: bytes, wbits: int) -> Iterator[bytes]:
    """A gzip or deflate stream's output, a chunk at a time; EOFError where it ends before its end."""
    inflater = zlib.decompressobj(wbits)
    data = body
    while not inflater.eof:
        chunk = inflater.decompress(data, _CHUNK)
        if not chunk and not inflater.unconsumed_tail and not inflater.eof:
            raise EOFError
        data = inflater.unconsumed_tail
        yield chunk


def _deflate(body: bytes) -> Iterator[bytes]:
    """A deflate stream's output: zlib-wrapped, or raw (as some servers send it) if its first chunk says so,
    as Scrapy decides."""
    wrapped = _zlib(body, 15)
    try:
        first = next(wrapped, b"")
    except zlib.error:
        yield from _zlib(body, -15)
        return
    yield first
    yield from wrapped


def _brotli(body: bytes) -> Iterator[bytes]:
    """A brotli stream's output, a chunk at a time; EOFError where it ends before its end."""
    decompressor = brotli.Decompressor()
    chunk = decompressor.process(body, output_buffer_limit=_CHUNK)
    while True:
        yield chunk
        if decompressor.is_finished():
            return
        chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            raise EOFError


def _zstd(body: bytes) -> Iterator[bytes]:
    """A zstd frame's output, a chunk at a time; EOFError where it ends before its end."""
    decompressor = zstd.ZstdDecompressor()
    data = body
    while not decompressor.eof:
        chunk = decompressor.decompress(data, _CHUNK)
        if not chunk and decompressor.needs_input and not decompressor.eof:
            raise EOFError
        data = b""
        yield chunk


_INFLATERS: dict[str, Callable[[bytes], Iterator[bytes]]] = {
    "gzip": lambda body: _zlib(body, 31), "x-gzip": lambda body: _zlib(body, 31), "deflate": _deflate,
    "br": _brotli, "zstd": _zstd,
}
