"""Helpers for tests that crawl a demo farm more than once: what its servers were asked, and what an
archive holds of the reports."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from crawler.demo.portals.base import REQUESTS


def requests_by_url(described: list[dict]) -> Counter[tuple[str, str]]:
    """(portal, path and query, and a POST's form after a space) -> times the farm's servers were asked for it."""
    asked: Counter[tuple[str, str]] = Counter()
    for portal in described:
        with urllib.request.urlopen(portal["base_url"].rstrip("/") + REQUESTS + "?by=url", timeout=10) as response:
            for path, times in json.load(response).items():
                asked[portal["id"], path] = times
    return asked


def local(url: str) -> str:
    """A URL's path and query, as the farm's request log keys it."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def archive_numbers(db: Path) -> dict[str, object]:
    """Every report and its numbers, and the report URLs captured: what two crawls of one farm must share."""
    with sqlite3.connect(db) as conn:
        return {
            "reports": sorted(conn.execute("select content_hash, title, agency, year, parse_status from reports")),
            "section2": sorted(conn.execute("select content_hash, block, row_label, column_name, value from section2")),
            "section3": sorted(conn.execute("select * from section3")),
            "section4": sorted(conn.execute("select * from section4")),
            "report_urls": sorted(conn.execute("select distinct url from report_captures")),
        }
