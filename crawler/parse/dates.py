"""Publication dates as portals print them."""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_LABELLED = re.compile(r"(?:发布|成文|公开|发文)(?:时间|日期)\s*[:：]?\s*")


def find_date(text: str) -> str | None:
    """The first valid date in ``text`` as ISO ``YYYY-MM-DD``."""
    for m in _DATE.finditer(text or ""):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


def labelled_date(text: str) -> str | None:
    """The date a page prints after 发布时间/发布日期 (and the like), if any."""
    for m in _LABELLED.finditer(text or ""):
        found = find_date(text[m.end() : m.end() + 24])
        if found:
            return found
    return None
