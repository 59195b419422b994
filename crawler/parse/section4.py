"""Section 四 (administrative review and litigation): its 15 numbers, from any table form.

The numbers are the row whose last 15 cells are numbers or blanks (a few unreadable short
cells, such as ``一``, are kept as None and listed), in the template's order: 行政复议,
then 行政诉讼 未经复议直接起诉, then 复议后起诉, each as 结果维持, 结果纠正, 其他结果,
尚未审结, 总计. A blank cell is None, not 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.parse.cells import is_value, number_row
from crawler.parse.checks import Check, failed, section4_checks
from crawler.parse.run_together import cut_run_together, totals_add_up, trailing_run
from crawler.parse.tables import PageTable, table_run
from crawler.parse.template import REVIEW_RESULTS, SECTION4_GROUPS
from crawler.parse.text_tables import text_table_rows

WIDTH = 15
_READABLE_AT_LEAST = 12  # of the 15 cells: fewer, and the row is a header, not numbers
_NAMES = [f"{group} {result}" for group in SECTION4_GROUPS for result in REVIEW_RESULTS]


@dataclass(frozen=True)
class Section4:
    """The 15 numbers of section 四, their cells as printed, and the rules they break."""

    values: tuple[int | None, ...]
    raw: tuple[str, ...]
    checks: list[Check]  # every check of the template's rules, passed, failed or not checkable
    unreadable: list[str]  # cells neither a number nor blank, e.g. "行政复议 总计: '一'" (read as None)

    @property
    def problems(self) -> list[Check]:
        """The checks that failed."""
        return failed(self.checks)


def _cut(cells: list[str]) -> tuple[str, ...] | None:
    """The row's 15 numbers when they ran together in text (``00 0 00 0 0 0 00 0 0 0 00``) and
    one way of cutting them is left (``crawler.parse.run_together``)."""
    count = trailing_run(cells)
    return cut_run_together(cells[-count:], WIDTH, totals_add_up(len(REVIEW_RESULTS))) if 0 < count < WIDTH else None


def section4_from_rows(rows: list[list[str]], run_together: bool = False) -> Section4 | None:
    """The first row of 15 numbers (blanks allowed, not all blank) among ``rows``; ``run_together``:
    the rows come from text whose numbers may be run together, to be cut where one way is left.
    A table a converter cut in three (行政复议, then each 行政诉讼, five numbers apiece) is read
    as its three rows of numbers in order, when they are all the numbers it prints."""
    for cells in rows:
        cut = _cut(cells) if run_together else None
        if cut is None and len(cells) < WIDTH:
            continue
        raw = cut or tuple(cells[-WIDTH:])
        numbers = number_row(raw, _READABLE_AT_LEAST)
        if numbers is not None and any(v is not None for v in numbers[0]):
            return _section4(raw, numbers)
    groups = [tuple(cells) for cells in rows if cells and all(is_value(cell) for cell in cells)]
    if [len(group) for group in groups] == [len(REVIEW_RESULTS)] * len(SECTION4_GROUPS):
        raw = tuple(cell for group in groups for cell in group)
        numbers = number_row(raw, _READABLE_AT_LEAST)
        if numbers is not None and any(v is not None for v in numbers[0]):
            return _section4(raw, numbers)
    return None


def _section4(raw: tuple[str, ...], numbers: tuple[tuple[int | None, ...], list[int]]) -> Section4:
    values, odd = numbers
    return Section4(values, raw, section4_checks(values), [f"{_NAMES[i]}: {raw[i].strip()!r}" for i in odd])


def parse_section4(tables: list[PageTable]) -> Section4 | None:
    """Section 四 from the page's table that names both 行政复议 and 行政诉讼 (and its parts after it)."""
    rows = table_run(tables, lambda text: "行政复议" in text and "行政诉讼" in text, ("第二十条", "本年新收"))
    return section4_from_rows(rows) if rows else None


def parse_section4_text(text: str) -> Section4 | None:
    """Section 四 from tables flattened into text (Word's tab-led cells, or `` |`` cells)."""
    return section4_from_rows(*text_table_rows(text, 4))
