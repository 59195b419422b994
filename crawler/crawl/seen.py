"""What earlier crawls fetched, read from the archive, so that a re-crawl asks only for what is new.

For every URL the archive holds an archived item of (a capture whose item was stored: a
fetch written but not yet stored, as after a crash, does not count), the validators its
server gave (ETag, Last-Modified) and the sha256 of the bytes. A page the server gave validators for is
asked again conditionally (If-None-Match / If-Modified-Since: an unchanged page costs a
304 and no body); a page it gave none for is asked again only once its last capture is
old enough (OGI_REVISIT_DAYS), so a report corrected in place is found in the end.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Seen:
    """The last capture of a URL: its server's validators, the digest of its bytes, and when."""

    etag: str | None
    last_modified: str | None
    body_sha256: str
    fetched_at: str  # ISO 8601 with its offset, as captures record it

    def revisit_due(self, now: datetime, days: float) -> bool:
        """Whether a page without validators is to be fetched again: its last capture is
        ``days`` old or older (an unreadable time counts as old)."""
        try:
            return now - datetime.fromisoformat(self.fetched_at) >= timedelta(days=days)
        except (TypeError, ValueError):
            return True

    def conditional_headers(self) -> dict[str, str]:
        """The headers that ask the server for the page only if it changed since."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name), None)


def seen_pages(database: str | Path, hosts: Iterable[str]) -> dict[str, Seen]:
    """URL -> its last capture, for every URL on ``hosts`` the archive at ``database`` holds
    ({} without an archive)."""
    hosts = set(hosts)
    path = Path(database)
    if not path.exists():
        return {}
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "select url, headers, body_sha256, fetched_at from captures where id in"
            " (select max(id) from captures where body_sha256 is not null group by url)"
        ).fetchall()
    except sqlite3.OperationalError:  # an archive without captures yet
        return {}
    finally:
        connection.close()
    seen = {}
    for url, headers, body_sha256, fetched_at in rows:
        if urlsplit(url).hostname not in hosts:
            continue
        fields = json.loads(headers or "{}")
        seen[url] = Seen(_header(fields, "etag"), _header(fields, "last-modified"), body_sha256, fetched_at)
    return seen
