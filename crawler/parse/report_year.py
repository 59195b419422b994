"""The year a report covers: from its title, else from its text (never the crawl date)."""

from __future__ import annotations

import re
from collections import Counter

from crawler.parse.titles import report_year

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_OPENING = 2000  # characters of text read: the opening states the year covered
# "统计期限为2023年1月1日至12月31日", "2020年1月1日到12月31日止": the period the numbers cover
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|—|-|－|~|～)\s*"
                     r"(?:(?:19|20)\d{2}\s*年\s*)?12\s*月\s*31\s*日")
_PERIOD_WITHIN = 20_000  # characters of text searched for the period


def covered_year(title: str, text: str) -> int | None:
    """The title's year; else the year of the period the text says its numbers cover; else
    the year the opening of the text names most often."""
    from_title = report_year(title)
    if from_title is not None:
        return from_title
    period = _PERIOD.search(text[:_PERIOD_WITHIN])
    if period:
        return int(period[1])
    counts = Counter(int(y) for y in _YEAR.findall(text[:_OPENING]) if 2007 <= int(y) <= 2100)
    return counts.most_common(1)[0][0] if counts else None
