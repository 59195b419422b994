"""Repair content-farm mirrors: Traditional Chinese with a pinyin reading after some characters.

Such sites print ``網(wǎng)站支持IPv6`` / ``發(fā)布時間:... 信息來源:...`` over a government page. We drop each
parenthesised group that is a reading of the Han character before it, convert to Simplified, and lift the
site's boilerplate lines into metadata.

OpenCC configuration, chosen by measurement: the four clean Simplified seeds (000, 001, 003, 004; 12,114
characters) converted to Traditional and back, wrong characters against the original (aligned count):

    to Traditional \\ back:   t2s   tw2s   hk2s   tw2sp
    s2t                        0      0      0     35
    s2tw                       1      0      1     35
    s2hk                       0      0      0     35

tw2s is the only one with no error in every row (t2s and hk2s keep Taiwan's 本著 for 本着; tw2sp also
rewrites vocabulary: 文件→文档, 程序→进程). Its known cost: 卓著/土著 become 卓着/土着.
"""

from __future__ import annotations

import operator
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import opencc

OPENCC_CONFIG = "tw2s"
MIN_GROUPS, SHORT_TEXT = 3, 200
HEADER_LINES = 5  # boilerplate is looked for only this near the top
HEAD_CHARS = 4000  # ... and within a page's markup, only this near the top

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_GROUP = re.compile(rf"([{_HAN}])[(（]([a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]{{1,7}}[1-5]?)[)）]")
_SITE_HEADER = re.compile(r"^\s*网站支持\s*IPv6\s*$", re.IGNORECASE)
_SOURCE = re.compile(r"信息来源[:：]\s*([^\s<>|\"']+)")
_META_LINE = re.compile(
    r"^\s*发布时间[:：]\s*(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?:信息来源[:：]\s*(\S*))?\s*$"
)


@dataclass(frozen=True)
class MirrorRepair:
    text: str  # repaired text: Simplified, pinyin removed, boilerplate lines removed
    pinyin_removed: int  # parenthesised pinyin groups removed
    converted: int  # characters changed by the Traditional->Simplified conversion
    source_agency: str | None  # the agency after 信息来源, in Simplified
    published: str | None  # the 发布时间 date-time as printed, e.g. "2021-01-25 15:54"


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


def to_simplified(text: str) -> str:
    """``text`` converted from Traditional to Simplified characters (OpenCC, OPENCC_CONFIG)."""
    return _converter().convert(text)


# The ways OpenCC writes Simplified text in Traditional characters (standard, Taiwan, Hong Kong).
TRADITIONAL_CONFIGS = ("s2t", "s2tw", "s2hk")


@cache
def _traditional_converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str, config: str = "s2t") -> str:
    """``text`` in Traditional characters, as OpenCC ``config`` (one of TRADITIONAL_CONFIGS) writes it."""
    return _traditional_converter(config).convert(text)


def unmirror(text: str) -> str:
    """``text`` with a mirror's pinyin groups removed, in Simplified characters (any text: no signature test)."""
    return to_simplified(strip_pinyin(text)[0])


def _norm(reading: str) -> str:
    return unicodedata.normalize("NFC", reading).lower().replace("ü", "v")


@cache
def _readings(char: str) -> frozenset[str]:
    """Every printed form (tone marks, tone numbers, toneless) of every heteronym of ``char``."""
    # Imported on first use (11 MB of readings; a crawl whose workers repair pages never
    # needs them), and without pypinyin's phrase dictionary (another 45 MB): readings of
    # single characters are all this needs.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    forms: set[str] = set()
    for style, five in ((Style.TONE, False), (Style.TONE3, False), (Style.TONE3, True), (Style.NORMAL, False)):
        for heteronyms in pinyin(char, heteronym=True, style=style, errors="ignore", neutral_tone_with_five=five):
            forms.update(_norm(r) for r in heteronyms)
    return frozenset(forms)


def _is_reading(char: str, group: str) -> bool:
    reading = _norm(group)
    if reading in _readings(char):
        return True
    simplified = _converter().convert(char)
    return simplified != char and reading in _readings(simplified)


def strip_pinyin(text: str) -> tuple[str, int]:
    """Drop each ``(pinyin)`` / ``（pinyin）`` that reads the Han character right before it; return (text, count)."""
    removed = 0

    def keep_char(match: re.Match[str]) -> str:
        nonlocal removed
        if not _is_reading(match[1], match[2]):
            return match[0]
        removed += 1
        return match[1]

    return _GROUP.sub(keep_char, text), removed


def _signature(text: str, removed: int) -> bool:
    return removed >= MIN_GROUPS or (removed >= 1 and len(text) < SHORT_TEXT)


def is_mirror(text: str) -> bool:
    """True when ``text`` carries the content-farm signature: pinyin groups after the characters they read."""
    return _signature(text, strip_pinyin(text)[1])


def _strip_boilerplate(text: str) -> tuple[str, str | None, str | None]:
    """Remove the site header and the 发布时间/信息来源 line near the top; return (text, agency, published)."""
    agency = published = None
    kept: list[str] = []
    for index, line in enumerate(text.split("\n")):
        meta = _META_LINE.match(line) if index < HEADER_LINES and published is None else None
        if meta:
            published, agency = meta[1], meta[2] or None
        elif not (index < HEADER_LINES and _SITE_HEADER.match(line)):
            kept.append(line)
    return "\n".join(kept), agency, published


def repair_mirror(text: str) -> MirrorRepair | None:
    """Repair a mirror (pinyin out, Simplified, boilerplate lifted to metadata); None when ``text`` is no mirror."""
    stripped, removed = strip_pinyin(text)
    if not _signature(text, removed):
        return None
    simplified = _converter().convert(stripped)
    converted = sum(sum(map(operator.ne, before, after)) + abs(len(before) - len(after))  # line by line:
                    for before, after in zip(stripped.split("\n"), simplified.split("\n")) if before != after)
    body, agency, published = _strip_boilerplate(simplified)
    if agency is None:  # boilerplate inside markup rather than on lines of its own
        found = _SOURCE.search(simplified[:HEAD_CHARS])
        agency = found[1] if found else None
    return MirrorRepair(body, removed, converted, agency, published)
