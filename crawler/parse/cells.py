"""Reading table cells as numbers: a blank is None, never 0, and a word is never guessed."""

from __future__ import annotations

import re

from crawler.text.fold import BLANK_CELLS, fold

_NUMBER = re.compile(r"\d+")
# A number as section 二 prints it: a count (3个 too), a change (+3, -2) or an amount with its unit (99.53万).
AMOUNT = re.compile(r"([+-]?\d+(?:\.\d+)?)(万元|万|元|个)?")
# A cell that is not a number may still stand in a row of numbers when it is this short
# (``一``, ``若干``, ``1件``); a longer one is a label, so the row has fewer numbers than it should.
UNREADABLE_MAX = 3
MAX_DIGITS = 15  # digits a cell's number has at most (counts and amounts in 元 stay far below)


# A note after a cell's number, in brackets: ``22（其中修订 16 件）``, ``55(含自然失效29件)``.
_NOTE = re.compile(r"\([^()]*\)$")


def cell_text(raw: str) -> str:
    """A cell's text folded, without a note in brackets after its number (the note is kept in
    the raw cell, not read)."""
    text = fold(raw)
    if text.endswith(")") and "(" in text:
        bare = _NOTE.sub("", text)
        if bare and AMOUNT.fullmatch(bare):
            return bare
    return text


def cell_number(raw: str) -> tuple[int | None, bool]:
    """(value, is_number_or_blank) of a cell's text."""
    text = cell_text(raw)
    if text in BLANK_CELLS:
        return None, True
    if _NUMBER.fullmatch(text) and len(text) <= MAX_DIGITS:
        return int(text), True
    return None, False  # a word, or a run of digits no count has (a hostile page's 5,000 digits)


def is_number(raw: str) -> bool:
    """Whether a cell holds a whole number (``0``, ``12``), not a blank nor a word."""
    return _NUMBER.fullmatch(cell_text(raw)) is not None


def is_value(raw: str) -> bool:
    """Whether a cell holds a number (in any of section 二's ways) or is blank."""
    text = cell_text(raw)
    return text in BLANK_CELLS or AMOUNT.fullmatch(text) is not None


def number_row(raw: tuple[str, ...], at_least: int) -> tuple[tuple[int | None, ...], list[int]] | None:
    """(values, indexes of unreadable cells) when ``raw`` reads as a row of numbers: at least
    ``at_least`` numbers or blanks, and no label among the cells. Else None."""
    parsed = [cell_number(cell) for cell in raw]
    unreadable = [i for i, (_, ok) in enumerate(parsed) if not ok]
    if len(raw) - len(unreadable) < at_least or any(len(fold(raw[i])) > UNREADABLE_MAX for i in unreadable):
        return None
    return tuple(value for value, _ in parsed), unreadable
