"""Decide how a fetched page's bytes are decoded, from every piece of evidence.

1. A byte-order mark settles it.
2. Otherwise every candidate — the charsets the page declares (HTTP ``Content-Type``,
   then ``<meta>``), UTF-8, GB18030, Big5-HKSCS, and chardet's guess when none of those
   reads well — is tried as a strict decode, and each text that decodes is scored by how
   much it reads as Chinese (``crawler.text.chinese``), as it is or once its mojibake is
   undone (``crawler.text.mojibake``: the repair itself is left to ``crawler.text.repair``).
3. The declared charset is used when it decodes and reads as well as the best candidate;
   when the bytes disagree with it, the bytes win (reason ``bytes``).
GB2312 and GBK are decoded as GB18030, their superset: pages declaring GB2312 routinely
carry GBK-only characters. Nothing raises: undecodable bytes fall back to the best
candidate with U+FFFD replacements (reason ``fallback``), and the raw bytes are kept
elsewhere regardless.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import chardet

from crawler.text.chinese import chinese_score
from crawler.text.mojibake import repair_read_as_latin1, repair_utf8_read_as_gbk

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_CHINESE_CODECS = ("utf-8", "gb18030", "big5hkscs")
SAMPLE = 16384  # characters scored; mojibake shows within the first few thousand
_GOOD = 0.9  # a score at which no further candidate (chardet) is tried
_SLACK = 0.05  # how much worse than the best a declared charset may read and still be used
_NEUTRAL = 0.5  # the score of a text with no Han characters at all


@dataclass(frozen=True)
class Decoded:
    """A page's text and how it was obtained."""

    text: str
    encoding: str  # the codec used, canonical Python name
    declared: str | None  # what the header (else <meta>) said, as written
    reason: str  # bom | header | meta | bytes | detected | fallback
    confidence: float  # how well the text reads as Chinese (0-1); 1.0 for a BOM


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


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _score(text: str) -> float:
    """How well ``text`` reads as Chinese, as it is or once its mojibake is undone: UTF-8
    bytes that went through latin-1 once (``æ”¿åºœ``, C1 controls among them) decode as UTF-8
    into text that only reads once repaired, and must not lose to GB18030's reading of the same
    bytes (``鏀垮簻``-like garbage of rare characters)."""
    sample = text[:SAMPLE]
    score = chinese_score(sample)
    if score is not None and score >= _GOOD:
        return score
    for repair in (repair_read_as_latin1, repair_utf8_read_as_gbk):
        repaired, changed = repair(sample)
        repaired_score = chinese_score(repaired) if changed else None
        if repaired_score is not None and repaired_score > (score or 0):
            score = repaired_score
    return _NEUTRAL if score is None else score


def decode_page(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a fetched page; never raises."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(encoding, "replace"), encoding, None, "bom", 1.0)
    labels = {"header": header_charset(content_type), "meta": meta_charset(body)}
    declared_label = labels["header"] or labels["meta"]
    declared = [(reason, canonical(label)) for reason, label in labels.items() if label and canonical(label)]

    tried: dict[str, tuple[str, float]] = {}  # encoding -> (text, score)
    for encoding in dict.fromkeys([e for _, e in declared] + list(_CHINESE_CODECS)):
        text = _strict(body, encoding)
        if text is not None:
            tried[encoding] = (text, _score(text))
            if declared and encoding == declared[0][1] and tried[encoding][1] >= 1 - _SLACK:
                # no candidate can read better by more than the slack: the declared one stands
                return Decoded(text, encoding, declared_label, declared[0][0], tried[encoding][1])
    if not tried or max(score for _, score in tried.values()) < _GOOD:
        guess = chardet.detect(body).get("encoding")
        encoding = canonical(guess) if guess else None
        text = _strict(body, encoding) if encoding and encoding not in tried else None
        if encoding and text is not None:
            tried[encoding] = (text, _score(text))

    if not tried:
        encoding = next((e for _, e in declared), "utf-8")
        return Decoded(body.decode(encoding, "replace"), encoding, declared_label, "fallback", 0.0)
    best = max(tried, key=lambda e: tried[e][1])  # ties: the earlier (declared) candidate
    for reason, encoding in declared:
        if encoding in tried and tried[encoding][1] >= tried[best][1] - _SLACK:
            return Decoded(tried[encoding][0], encoding, declared_label, reason, tried[encoding][1])
    reason = "bytes" if declared else "detected"
    return Decoded(tried[best][0], best, declared_label, reason, tried[best][1])
