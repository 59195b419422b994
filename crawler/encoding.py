"""Decide how a fetched page's bytes are decoded, from every piece of evidence.

Order of evidence: a byte-order mark; then the charsets the page declares (HTTP
``Content-Type`` header, ``<meta>``), each accepted only if the bytes decode with it
without error; then byte-level detection with chardet. GB2312 and GBK are decoded as
GB18030, their superset: pages declaring GB2312 routinely carry GBK-only characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import chardet

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


@dataclass(frozen=True)
class Decoded:
    """A page's text and how it was obtained."""

    text: str
    encoding: str  # the codec used, canonical Python name
    declared: str | None  # what the header or <meta> said, as written
    reason: str  # bom | header | meta | detected | fallback
    confidence: float


def canonical(label: str) -> str | None:
    """Python's canonical codec name for a charset label, widened to its superset."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    """The charset named in an HTTP Content-Type value, if any."""
    m = _HEADER.search(content_type or "")
    return m.group(1) if m else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` within its first 4 KiB."""
    m = _META.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def _try(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a fetched HTML page; never raises, never drops bytes silently."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(encoding, "replace"), encoding, None, "bom", 1.0)
    from_header = header_charset(content_type)
    from_meta = meta_charset(body)
    declared = from_header or from_meta
    for label, reason in ((from_header, "header"), (from_meta, "meta")):
        encoding = canonical(label) if label else None
        text = _try(body, encoding) if encoding else None
        if text is not None:
            return Decoded(text, encoding, declared, reason, 0.99)
    guess = chardet.detect(body)
    encoding = canonical(guess["encoding"] or "") if guess["encoding"] else None
    text = _try(body, encoding) if encoding else None
    if text is not None:
        return Decoded(text, encoding, declared, "detected", float(guess["confidence"] or 0.0))
    return Decoded(body.decode("utf-8", "replace"), "utf-8", declared, "fallback", 0.0)
