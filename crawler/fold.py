"""Labels compared as printed, whatever their layout."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC (full-width forms to half-width) with all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))
