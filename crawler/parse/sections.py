"""Split a report's text into the template's six sections by their headings."""

from __future__ import annotations

from crawler.text.fold import fold

# Each heading: its numeral and words that every version of the heading keeps.
HEADINGS = (
    ("一", ("总体情况", "概述")),
    ("二", ("主动公开",)),
    ("三", ("收到和处理", "依申请公开")),
    ("四", ("行政复议",)),
    ("五", ("存在的主要问题", "存在问题", "主要问题")),
    ("六", ("其他需要报告", "其他事项")),
)
_NUMERALS = {numeral for numeral, _ in HEADINGS}


def _heading(line: str, start: int) -> int | None:
    """The index (from ``start`` on) of the heading ``line`` is, if it is one (a markdown heading's
    ``##`` aside)."""
    line = line.lstrip().lstrip("#")
    if "\t" in line.strip() or line.lstrip()[:1] not in _NUMERALS:  # table rows and prose: quick no
        return None
    text = fold(line)
    for index in range(start, len(HEADINGS)):
        numeral, words = HEADINGS[index]
        if text.startswith((numeral + "、", numeral + ".")) and any(word in text[:30] for word in words):
            return index
    return None


def split_sections(text: str) -> dict[int, str]:
    """Section number (1-6) -> its text, heading excluded, for the headings found in order.

    A heading must start its line with the section's numeral and carry its keywords, and
    must not be a table row (table rows are tab-separated): 一、本年新收… is no heading.
    """
    found: dict[int, list[str]] = {}
    current = 0
    for line in text.splitlines():
        following = _heading(line, current)
        if following is not None:
            current = following + 1
            found[current] = []
        elif current:
            found[current].append(line)
    return {number: "\n".join(lines).strip() for number, lines in found.items()}
