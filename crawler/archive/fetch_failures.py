"""Fetches that brought nothing to keep, each recorded in the archive's ``fetch_failures`` table with
why: a request given up (timeouts, resets, refused connections, a body over the size limit, after
the retries) and a body whose content encoding is broken (a truncated or invalid gzip, deflate,
brotli or zstd stream). ``crawler.crawl.failure_middleware`` records them in a crawl.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from crawler.text.content_coding import CODING_ERRORS, inflated

COLUMNS = {"id": int, "portal": str, "url": str, "kind": str, "message": str, "failed_at": str}


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
    if not body:
        return None
    read = 0
    try:
        for chunk in inflated(body, coding):  # counted, never kept
            read += len(chunk)
            if read >= limit:
                return None  # the size limit, not the encoding, decides about the rest
    except EOFError:
        return f"truncated {coding}: the stream ends before its end"
    except CODING_ERRORS as error:
        return f"invalid {coding}: {error}"
    return None
