"""The template's own consistency rules ("勾稽关系"), checked on a report's numbers.

A rule that involves a blank cell (None) is not checked rather than failed.
Each problem names its rule: ``rows`` (section 三 does not have a template's rows),
``row-total``, ``balance``, ``results-sum`` or ``review-total``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crawler.template import APPLICANT_COLUMNS, BALANCE_ROWS, SECTION3_KEYS, SECTION4_GROUPS

Values = Sequence[int | None]


@dataclass(frozen=True)
class Problem:
    """A broken rule and what broke it."""

    rule: str
    detail: str


def _known(*values: int | None) -> bool:
    return all(v is not None for v in values)


def check_section3(rows: Iterable[tuple[str, Values]]) -> list[Problem]:
    """Problems with section 三; [] when every checkable rule holds."""
    table = dict(rows)
    if tuple(table) not in SECTION3_KEYS.values():
        return [Problem("rows", "the rows follow neither the 2019 nor the 2021 template")]
    problems = [Problem("rows", f"{key} has {len(v)} values, not 7") for key, v in table.items() if len(v) != 7]
    if problems:
        return problems
    for key, v in table.items():
        if _known(*v) and v[6] != sum(v[:6]):
            detail = f"{key} 总计 {v[6]} != {sum(v[:6])}, the sum of the other columns"
            problems.append(Problem("row-total", detail))
    results = [key for key in table if key not in BALANCE_ROWS]
    for c, name in enumerate(APPLICANT_COLUMNS):
        new, carried, total, forward = (table[k][c] for k in ("new", "carried_over", "total", "carry_forward"))
        if _known(new, carried, total, forward) and new + carried != total + forward:
            detail = f"{name} 一+二 = {new + carried} != 三（七）总计+四 = {total + forward}"
            problems.append(Problem("balance", detail))
        parts = [table[k][c] for k in results]
        if _known(total, *parts) and total != sum(parts):
            detail = f"{name} （七）总计 {total} != {sum(parts)}, the sum of （一）…（六）"
            problems.append(Problem("results-sum", detail))
    return problems


def check_section4(values: Values) -> list[Problem]:
    """Problems with section 四's 15 numbers; [] when every checkable rule holds."""
    if len(values) != 15:
        return [Problem("rows", f"{len(values)} values, not 15")]
    problems: list[Problem] = []
    for g, name in enumerate(SECTION4_GROUPS):
        part = values[5 * g:5 * g + 5]
        if _known(*part) and part[4] != sum(part[:4]):
            detail = f"{name} 总计 {part[4]} != {sum(part[:4])}, the sum of the four results"
            problems.append(Problem("review-total", detail))
    return problems
