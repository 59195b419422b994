"""Section 二 (proactive disclosure): every block, row and column, from any table form.

The cells are read as one stream, whatever the form cut it into rows: a 第二十条第（X）项
cell opens a block, 信息内容 and the names after it are the block's columns, a template
row label (规章, 行政许可, 政府集中采购, ...) opens a row, and the number or blank cells
after it fill the columns in order. Money is normalised to 万元 with the raw text kept:
``99.53万`` is 99.53; a unit in the column header (``（单位：万元）``, ``（元）``) or in a note of
the table (``金额单位：元``) settles a bare number; a bare number with no unit anywhere is
ambiguous (read as 元 from 10,000 up, as 万元 below) and flagged, unless 0.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from crawler.parse.cells import AMOUNT, cell_text, is_value
from crawler.parse.run_together import cut_run_together
from crawler.parse.tables import PageTable, table_run
from crawler.parse.template import SECTION2_COLUMNS, SECTION2_ROWS, TEMPLATE_2019, TEMPLATE_2021, section2_cells
from crawler.parse.text_tables import text_table_rows
from crawler.text.fold import BLANK_CELLS, fold

ROW_LABELS = ("规章", "行政规范性文件", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
              "行政事业性收费", "政府集中采购")
_BLOCK = re.compile(r"第二十条第[(（]([一二三四五六七八九十]+)[)）]项")
YUAN_FROM = 10_000  # a bare amount from here up is taken as 元
_UNIT = re.compile(r"单位[:：]?(万元|元)|[(（](万元|元)[)）]")
_NOTE = re.compile(r"[(（]?(?:金额)?单位[:：]")  # a unit note standing alone, not a column header


_BRACKETED = re.compile(r"\(.*?\)|\(.*$")  # after fold: a unit note such as (单位:万元 保留4位小数)


def _bare(name: str) -> str:
    return _BRACKETED.sub("", fold(name))


# Printed column name (brackets dropped) -> {version: the template's spelling}
_COLUMNS: dict[str, dict[str, str]] = {}
for _version, _blocks in SECTION2_COLUMNS.items():
    for _names in _blocks.values():
        for _name in _names:
            _COLUMNS.setdefault(_bare(_name), {})[_version] = _name


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one character changed, left out or added."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return a[start + (len(a) >= len(b)):] == b[start + (len(b) >= len(a)):]


def _dropped(name: str, printed: str) -> bool:
    """Whether ``printed`` is ``name`` with one or two characters left out (``本公开数量``)."""
    if not 0 < len(name) - len(printed) <= 2:
        return False
    rest = iter(name)
    return all(character in rest for character in printed)


@functools.lru_cache(maxsize=1024)
def _spellings(label: str) -> dict[str, str]:
    """{version: the template's spelling} of a printed column name, a typo of one character
    included (``本年废纸件数``, ``本年废止件`` for 本年废止件数), or one or two left out
    (``本公开数量``); {} for a name of neither version."""
    bare = _bare(label)
    if bare in _COLUMNS:
        return _COLUMNS[bare]
    near = [name for name in _COLUMNS if len(bare) > 3 and (_one_edit(name, bare) or _dropped(name, bare))]
    return _COLUMNS[near[0]] if len(near) == 1 else {}


@dataclass(frozen=True)
class Section2Cell:
    """One number of section 二 with where it stands and how it was read."""

    block: str  # the 第二十条 item, e.g. "（一）"
    row: str  # the row label, as the template spells it (规范性文件 for 2019, 行政规范性文件 for 2021)
    column: str  # the template's column name where the header is one, else the header as printed
    label: str  # the column header as printed (folded)
    raw: str
    value: float | None
    unit: str | None  # "万元" for money, None for counts
    ambiguous: bool  # money printed with no unit anywhere

    @property
    def unreadable(self) -> bool:
        """A cell that is neither blank nor a number (``一``, ``若干``): its value is not guessed."""
        return self.value is None and fold(self.raw) not in BLANK_CELLS


def section2_version(cells: list[Section2Cell]) -> str | None:
    """The template version whose column names the cells use (the most of them), or None."""
    votes = {version: sum(1 for c in cells if set(_spellings(c.label)) == {version})
             for version in (TEMPLATE_2019, TEMPLATE_2021)}
    best = max(votes, key=lambda version: votes[version])
    return best if votes[best] else None


def _in_template(cells: list[Section2Cell], version: str | None) -> list[Section2Cell]:
    """The cells with the template's spelling of rows and columns, once the version is known."""
    if version is None:
        return cells
    rows = {fold(row): row for rows in SECTION2_ROWS[version].values() for row in rows}
    regulations = rows.get("规范性文件") or rows["行政规范性文件"]
    rows |= {"规范性文件": regulations, "行政规范性文件": regulations}  # agencies write either in both versions
    return [dataclasses.replace(c, row=rows.get(c.row, c.row),
                                column=_spellings(c.label).get(version, c.label))
            for c in cells]


def block_key(label: str) -> str:
    """A block as cells name it: ``第二十条第（一）项`` (the template's spelling, full or half width) -> ``（一）``."""
    found = _BLOCK.search(fold(label))
    return f"（{found[1]}）" if found else label


# Row label -> its block: every row label belongs to one block of the template, in both versions.
_BLOCK_OF_ROW = {row: block_key(block) for rows in SECTION2_ROWS.values() for block, labels in rows.items()
                 for row in labels}


@functools.cache
def template_cells(template: str) -> tuple[tuple[str, str, str], ...]:
    """Every (block, row, column) of section 二 in a template version, as cells name them."""
    return tuple((block_key(block), row, column) for block, row, column in section2_cells(template))


def declared_unit(text: str) -> str | None:
    """The money unit a header or note declares: ``（单位：万元 保留4位小数）``, ``（元）``, ``金额单位:元``."""
    found = _UNIT.search(fold(text))
    return (found[1] or found[2]) if found else None


def read_value(raw: str, column: str, table_unit: str | None = None) -> tuple[float | None, str | None, bool]:
    """(value, unit, ambiguous) of one cell; unreadable or blank cells give None. A money cell's
    own unit (``99.53万``) comes first, then its column header's, then a unit note of the table."""
    text = cell_text(raw)
    money = "金额" in column
    match = AMOUNT.fullmatch(text)
    if text in BLANK_CELLS or not match:
        return None, ("万元" if money else None), False
    number, suffix = float(match[1]), match[2]
    if not money:
        return number, None, False
    unit = {"万": "万元", "个": None}.get(suffix or "", suffix) or declared_unit(column) or table_unit
    if unit == "万元":
        return number, "万元", False
    if unit == "元":
        return number / 10_000, "万元", False
    return (number / 10_000 if number >= YUAN_FROM else number), "万元", number != 0




@dataclass(frozen=True)
class Section2:
    """Section 二 of one report: its numbers, and the rows left out because their numbers do
    not fit their columns (a blank cell lost in text, a header cut in two), never guessed."""

    cells: list[Section2Cell]
    misfits: list[str]  # e.g. "（五） 行政许可: 2 numbers under 3 columns"


def section2_from_rows(rows: list[list[str]], run_together: bool = False) -> Section2:
    """Every number of section 二 found in ``rows`` (cells in Simplified); a block printed
    twice counts once, its first printing. ``run_together``: the rows come from text whose
    numbers may be run together (``规章000``), cut where one way is left."""
    notes = (declared_unit(cell) for cells in rows for cell in cells if _NOTE.match(fold(cell)))
    table_unit = next((unit for unit in notes if unit), None)  # a cell of its own: "金额单位：万元", "（单位：元）"
    found: dict[tuple[str, str, str], Section2Cell] = {}
    misfits: list[str] = []
    block = row = None
    columns: list[str] = []
    values: list[str] = []  # the open row's numbers, any beyond its columns included
    collecting = False

    def close_row() -> None:
        if block is None or row is None or not values:
            return
        cut = cut_run_together(values, len(columns)) if run_together and len(values) != len(columns) else None
        if cut is not None:
            values[:] = cut
        elif len(values) != len(columns):
            misfits.append(f"{block} {row}: {len(values)} numbers under {len(columns)} columns")
            return
        for column, cell in zip(columns, values):
            value, unit, ambiguous = read_value(cell, column, table_unit)
            found.setdefault((block, row, column),
                             Section2Cell(block, row, column, column, cell.strip(), value, unit, ambiguous))

    for cells in rows:
        for cell in cells:
            text = fold(cell)
            opened = _BLOCK.search(text)
            if opened or text == "信息内容" or text in ROW_LABELS:
                close_row()
                values = []
            if opened:
                block, row, columns, collecting = block_key(text), None, [], False
            elif text == "信息内容":
                row, columns, collecting = None, [], True
            elif text in ROW_LABELS:  # a row belongs to its block, whatever heading was printed last
                row, collecting, block = text, False, _BLOCK_OF_ROW[text]
            elif not collecting and len(text) > 3 and _spellings(text):  # a header whose 信息内容 a page break lost
                close_row()
                row, columns, values, collecting = None, [text], [], True
            elif row is not None and values and text and not is_value(text):  # a row the template lacks
                close_row()  # (其他主动公开文件, a province's): its numbers are not the row above's
                row, values = None, []
            elif row is not None and block is not None and (len(values) < len(columns) or (text and is_value(text))):
                values.append(cell)  # a blank beyond the columns is layout; a number beyond them, a misfit
            elif collecting and text and columns and not _spellings(columns[-1]) and _spellings(columns[-1] + text):
                columns[-1] += text  # a name broken by a space: 本年新 制作数量
            elif collecting and text and (not columns or columns[-1] != text):
                columns.append(text)  # a column stretched over several slots is named once
    close_row()
    cells = list(found.values())
    return Section2(_in_template(cells, section2_version(cells)), misfits)


def parse_section2(tables: list[PageTable]) -> Section2:
    """Section 二 from the page's tables, from the first that carries a 第二十条 block to section 三's."""
    return section2_from_rows(table_run(tables, lambda text: "第二十条" in text, ("本年新收", "行政诉讼")))


def parse_section2_text(text: str) -> Section2:
    """Section 二 from tables flattened into text (Word's tab-led cells, or `` |`` cells)."""
    return section2_from_rows(*text_table_rows(text, 2))
