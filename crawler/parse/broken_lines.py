"""Text whose words were broken one character a line: a flipbook's or a PDF viewer's text layer,
a table's vertical header cells (``三、\\n本\\n年\\n度\\n办\\n理\\n结\\n果``). Runs of such lines are
joined back into the words they were, so that labels, headings, the agency and the year can be read.

A line of one digit stays a line (a cell of a table printed one cell a line) unless a label's
numbering mark follows it (``1`` ``.`` ``属``...), or it is a year or date's (``2021`` ``年``), and so do the
marks of a blank cell (``无``, ``/``, ``-``) at the ends of a run: only characters between
other characters of a word are joined.
"""

from __future__ import annotations

import re

MIN_RUN = 3  # one-character lines in a row before they are taken for a broken word
_BLANK_MARKS = frozenset("无/-—－–")
_WORDS_OF_WU = frozenset("法正")  # 无法提供, 无正当理由: the template's labels that start with 无
# one character a line: a Chinese character or a bracket or mark of a label, never a digit
# (a line led by a tab is a cell of Word's flattened tables: it stays a line)
_ONE = re.compile(r"^[ \u3000]*([^\s\d])[ \t\u3000]*$")
_DIGIT = re.compile(r"^[ \u3000]*(\d)[ \t\u3000]*$")
_NUMBER_MARKS = frozenset(".．、")
_DATE_NUMBER = re.compile(r"^[ \u3000]*(\d{1,4})[ \t\u3000]*$")
_DATE_MARKS = frozenset("年月日")


def join_broken_lines(text: str) -> str:
    """``text`` with each run of one-character lines (at least MIN_RUN) joined into one line."""
    if "\n" not in text:
        return text
    lines = [*text.split("\n"), "\n"]  # a sentinel that ends the last run
    out: list[str] = []
    run: list[str] = []
    for i, line in enumerate(lines):
        m = _ONE.match(line) or _numbering(line, lines[i + 1] if i + 1 < len(lines) else "")
        if m:
            run.append(m.group(1))
            continue
        out.extend(_joined(run))
        run = []
        out.append(line)
    out.pop()  # the sentinel
    return "\n".join(out)


def _numbering(line: str, following: str) -> re.Match[str] | None:
    """A number that belongs to the words broken after it: a label's numbering (``1`` then ``.``
    then ``属于国家秘密``) or a year or date in prose (``2021`` then ``年``)."""
    mark = following.strip()
    if mark in _NUMBER_MARKS:
        return _DIGIT.match(line)
    if mark in _DATE_MARKS:
        return _DATE_NUMBER.match(line)
    return None


def _joined(run: list[str]) -> list[str]:
    """A run of one-character lines: its word on one line, blank marks at its ends kept apart."""
    start, end = 0, len(run)
    while start < end and run[start] in _BLANK_MARKS and not (
            run[start] == "无" and start + 1 < end and run[start + 1] in _WORDS_OF_WU):
        start += 1
    while end > start and run[end - 1] in _BLANK_MARKS:
        end -= 1
    if end - start < MIN_RUN:
        return run
    return [*run[:start], "".join(run[start:end]), *run[end:]]
