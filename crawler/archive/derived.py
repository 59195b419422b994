"""What the archive derives from its reports once a crawl or a re-parse has stored them: the
full-text index (``crawler.archive.search``) and each report's region (``crawler.archive.regions``)."""

from __future__ import annotations

import sqlite_utils

from crawler.archive.regions import refresh_regions
from crawler.archive.search import refresh_search


def refresh_derived(db: sqlite_utils.Database) -> None:
    """Index and locate the reports that are not yet (nothing is done twice)."""
    refresh_search(db)
    refresh_regions(db)
