"""Labels compared as printed, whatever their layout."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACE = re.compile(r"\s+")


# What a blank table cell is printed as (after fold: full-width dashes and slashes are half-width).
BLANK_CELLS = frozenset({"", "-", "—", "/", "无"})


@functools.lru_cache(maxsize=8192)  # table labels and small numbers repeat across every report
def fold(text: str) -> str:
    """NFKC (full-width forms to half-width) with all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))
