"""Cells whose numbers were printed run together, cut back apart only where the text leaves one way.

A page's table copied as text without separators prints ``1000001`` under seven columns, or
``1 0 0 0 0 01`` with the last two cells joined, or ``230 000023`` for 23, 0, 0, 0, 0, 0, 23. A
number never starts with 0 unless it is 0, so ``01`` is two cells; the rest is decided by
the text alone where it can be (one digit a cell when a cut-less run has as many digits as
the row has columns), else by the row's own arithmetic (its 总计 is the sum of its other
cells): a cut is made only when exactly one way of cutting is left. Anything else stays
unread, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from crawler.parse.cells import MAX_DIGITS

# One run of numbers as the text prints it, signs inside included (``0+11``, ``2648-18538``: a sign
# starts a cell).
RUN = re.compile(r"[+-]?\d+(?:[+-]\d+)*")
_SIGNED = re.compile(r"[+-]?\d+")
_MAX_STEPS = 20_000  # steps of cutting a run tried before it is called ambiguous

Check = Callable[[tuple[int, ...]], bool]


class _Ambiguous(Exception):
    """Too many ways of cutting to try: the run is not cut."""


def _is_number(part: str) -> bool:
    digits = part.lstrip("+-")
    return 0 < len(digits) <= MAX_DIGITS and (digits == "0" or not digits.startswith("0"))


def _cuts(token: str, parts: int, budget: list[int]) -> Iterator[tuple[str, ...]]:
    """Every way of cutting ``token`` (digits, perhaps signed) into ``parts`` numbers."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Ambiguous
    if parts == 1:
        if _is_number(token):
            yield (token,)
        return
    sign = 1 if token[:1] in "+-" else 0
    for end in range(sign + 1, len(token) - parts + 2):
        head = token[:end]
        if _is_number(head):
            for rest in _cuts(token[end:], parts - 1, budget):
                yield (head, *rest)


def _one_digit_cells(part: str) -> list[str]:
    """``+11`` -> ``+1``, ``1``: a signed part cut one digit a cell, its sign on the first."""
    sign, digits = part[:len(part) - len(part.lstrip("+-"))], part.lstrip("+-")
    return [sign + digits[0], *digits[1:]]


def _digits(token: str) -> int:
    return len(token.lstrip("+-"))


def _ways(tokens: Sequence[str], width: int, budget: list[int]) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Every way of cutting ``tokens`` into ``width`` numbers, each with whether it cuts only
    tokens that cannot be one number (``01``, ``000``)."""
    if not tokens:
        if width == 0:
            yield (), True
        return
    token, rest = tokens[0], tokens[1:]
    whole = _is_number(token)
    fewest = max(1, width - sum(map(_digits, rest)))  # the rest can take no more cells than digits
    for parts in range(fewest, min(_digits(token), width - len(rest)) + 1):
        forced = parts == 1 or not whole
        for head in _cuts(token, parts, budget):
            for tail, tail_forced in _ways(rest, width - parts, budget):
                yield (*head, *tail), forced and tail_forced


def cut_run_together(tokens: Sequence[str], width: int, check: Check | None = None) -> tuple[str, ...] | None:
    """``tokens`` (the numbers of one row as the text splits them at spaces) as ``width`` cells,
    or None when the text leaves more than one way, or none.

    Tried in turn: the tokens as they are; the one way that passes ``check`` (the row's
    arithmetic); the one way the text itself leaves: cutting only tokens that cannot be one
    number, or one digit a cell for a single token of exactly ``width`` digits (cells printed
    with nothing between them), unless ``check`` is passed by other ways and not by it. Only
    whole numbers are cut: a token with a decimal point or a unit is one cell.
    """
    if len(tokens) == width:
        return tuple(tokens)
    if not tokens or not all(RUN.fullmatch(token) for token in tokens):
        return None
    parts = [part for token in tokens for part in _SIGNED.findall(token)]  # a sign starts a cell
    if sum(map(_digits, parts)) > width * MAX_DIGITS:  # more digits than any row of numbers holds
        return None
    if len(parts) == width:
        return tuple(parts)
    if len(parts) > width:
        return None
    natural: set[tuple[str, ...]] = set()
    checked: set[tuple[str, ...]] = set()
    try:
        for way, forced in _ways(parts, width, [_MAX_STEPS]):
            if forced:
                natural.add(way)
            if check is not None and check(tuple(int(cell) for cell in way)):
                checked.add(way)
    except _Ambiguous:
        return None
    if len(tokens) == 1 and sum(map(_digits, parts)) == width:  # printed with nothing between cells
        natural.add(tuple(digit for part in parts for digit in _one_digit_cells(part)))
    if len(checked) == 1:
        return checked.pop()
    if len(natural) == 1 and (not checked or natural <= checked):
        return natural.pop()
    return None


def trailing_run(cells: Sequence[str]) -> int:
    """How many cells a row of text ends with that are numbers as the text prints them (``RUN``)."""
    return next((i for i, cell in enumerate(reversed(cells)) if not RUN.fullmatch(cell)), len(cells))


def totals_add_up(group: int) -> Check:
    """A check for rows made of groups of ``group`` cells whose last is the sum of the others
    (section 三's rows: 7; section 四's row: three groups of 5)."""
    def check(values: tuple[int, ...]) -> bool:
        return all(sum(values[i:i + group - 1]) == values[i + group - 1] for i in range(0, len(values), group))
    return check
