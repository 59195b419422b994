"""A report's identity: the hash of its normalised text.

Normalisation, defined here and nowhere else:
1. Unicode NFKC (full-width letters, digits and punctuation become half-width);
2. every whitespace character and table-cell separator (tab, ``|``) is removed.
Two copies of a report that differ only in layout, spacing, punctuation width or
table markup therefore get the same hash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DROP = re.compile(r"[\s|\u200b\ufeff]+")


def normalise_text(text: str) -> str:
    """The text a report's identity is computed from."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def bytes_sha256(body: bytes) -> str:
    """sha256 (hex) of raw bytes as fetched."""
    return hashlib.sha256(body).hexdigest()
