"""The year a report covers: from its title, else from its text (never the crawl date)."""

from __future__ import annotations

import re
from collections import Counter

from crawler.parse.titles import report_year

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_OPENING = 2000  # characters of text read: the opening states the year covered


def covered_year(title: str, text: str) -> int | None:
    """The title's year; else the year the opening of the text names most often."""
    from_title = report_year(title)
    if from_title is not None:
        return from_title
    counts = Counter(int(y) for y in _YEAR.findall(text[:_OPENING]) if 2007 <= int(y) <= 2100)
    return counts.most_common(1)[0][0] if counts else None
