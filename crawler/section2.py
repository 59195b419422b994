"""Section 二 (proactive disclosure): every block, row and column, from any table form.

The cells are read as one stream, whatever the form cut it into rows: a 第二十条第（X）项
cell opens a block, 信息内容 and the names after it are the block's columns, a template
row label (规章, 行政许可, 政府集中采购, ...) opens a row, and the number or blank cells
after it fill the columns in order. Money is normalised to 万元 with the raw text kept:
``99.53万`` is 99.53; a header saying 万元 settles a bare number; a bare number with no
unit anywhere is ambiguous (read as 元 from 10,000 up, as 万元 below) and flagged, unless 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.fold import BLANK_CELLS, fold
from crawler.tables import PageTable
from crawler.text_tables import text_table_rows

ROW_LABELS = ("规章", "行政规范性文件", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
              "行政事业性收费", "政府集中采购")
_BLOCK = re.compile(r"第二十条第[(（]([一二三四五六七八九十]+)[)）]项")
_AMOUNT = re.compile(r"([+-]?\d+(?:\.\d+)?)(万元|万|元)?")
YUAN_FROM = 10_000  # a bare amount from here up is taken as 元


@dataclass(frozen=True)
class Section2Cell:
    """One number of section 二 with where it stands and how it was read."""

    block: str  # the 第二十条 item, e.g. "（一）"
    row: str  # the template row label, as the template spells it
    column: str  # the column header as printed (folded)
    raw: str
    value: float | None
    unit: str | None  # "万元" for money, None for counts
    ambiguous: bool  # money printed with no unit anywhere


def read_value(raw: str, column: str) -> tuple[float | None, str | None, bool]:
    """(value, unit, ambiguous) of one cell; unreadable or blank cells give None."""
    text = fold(raw)
    money = "金额" in column
    match = _AMOUNT.fullmatch(text)
    if text in BLANK_CELLS or not match:
        return None, ("万元" if money else None), False
    number, suffix = float(match[1]), match[2]
    if not money:
        return number, None, False
    if suffix in ("万", "万元") or (suffix is None and "万元" in column):
        return number, "万元", False
    if suffix == "元":
        return number / 10_000, "万元", False
    return (number / 10_000 if number >= YUAN_FROM else number), "万元", number != 0




def section2_from_rows(rows: list[list[str]]) -> list[Section2Cell]:
    """Every number of section 二 found in ``rows`` (cells in Simplified; an empty list when
    there is none); a block printed twice counts once, its first printing."""
    found: dict[tuple[str, str, str], Section2Cell] = {}
    block = row = None
    columns: list[str] = []
    collecting = False
    values: list[str] = []
    for cells in rows:
        for cell in cells:
            text = fold(cell)
            opened = _BLOCK.search(text)
            if opened:
                block, row, columns, collecting = f"（{opened[1]}）", None, [], False
            elif text == "信息内容":
                row, columns, collecting = None, [], True
            elif text in ROW_LABELS:
                row, values, collecting = text, [], False
            elif row is not None and block is not None and len(values) < len(columns):
                values.append(cell)
                column = columns[len(values) - 1]
                value, unit, ambiguous = read_value(cell, column)
                found.setdefault((block, row, column), Section2Cell(block, row, column, cell.strip(), value, unit,
                                                                    ambiguous))
            elif collecting and text and (not columns or columns[-1] != text):
                columns.append(text)  # a column stretched over several slots is named once
    return list(found.values())


def parse_section2(tables: list[PageTable]) -> list[Section2Cell]:
    """Section 二 from the page's tables that carry 第二十条 blocks."""
    return section2_from_rows([row for table in tables if "第二十条" in table.text for row in table.grid])


def parse_section2_text(text: str) -> list[Section2Cell]:
    """Section 二 from tables flattened into text (Word's tab-led cells, or `` |`` cells)."""
    return section2_from_rows(text_table_rows(text, "主动公开政府信息情况", "收到和处理政府信息公开申请情况"))
