"""Fetches that brought nothing to keep, each recorded in the archive's ``fetch_failures`` table with
why: a request given up (timeouts, resets, refused connections, a body over the size limit, after
the retries) and a body whose content encoding is broken (a truncated or invalid gzip stream).
``crawler.failure_middleware`` records them in a crawl.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import sqlite_utils

COLUMNS = {"id": int, "portal": str, "url": str, "kind": str, "message": str, "failed_at": str}
_CHUNK = 1 << 16


def record_failure(db: sqlite_utils.Database, portal: str, url: str, kind: str, message: str) -> None:
    """One failed fetch, now."""
    db.execute("insert into fetch_failures (portal, url, kind, message, failed_at) values (?, ?, ?, ?, ?)",
               [portal, url, kind, message[:1000], datetime.now(UTC).isoformat(timespec="seconds")])


def broken_encoding(body: bytes, encoding: str, limit: int) -> str | None:
    """Why a gzip or deflate body cannot be decoded whole (truncated, invalid), or None when it can;
    at most ``limit`` bytes are inflated to tell (a bomb is cut there and judged on what was read)."""
    wbits = {"gzip": 31, "x-gzip": 31, "deflate": 15}.get(encoding.strip().lower())
    if wbits is None:
        return None
    inflater = zlib.decompressobj(wbits)
    try:
        inflated = len(inflater.decompress(body, limit))
        while inflater.unconsumed_tail and inflated < limit:
            inflated += len(inflater.decompress(inflater.unconsumed_tail, limit - inflated))
    except zlib.error as error:
        if wbits == 15:  # deflate sent raw, without its zlib header, as some servers do
            return broken_encoding_raw(body, limit)
        return f"invalid {encoding}: {error}"
    if inflated >= limit:
        return None  # the size limit, not the encoding, decides about the rest
    return None if inflater.eof else f"truncated {encoding}: the stream ends before its end"


def broken_encoding_raw(body: bytes, limit: int) -> str | None:
    try:
        zlib.decompressobj(-15).decompress(body, limit)
    except zlib.error as error:
        return f"invalid deflate: {error}"
    return None
