"""The numbers of the five seed reports, read off their texts by hand, once.

Section 二: every cell is 0 but those listed. Section 三: seeds 000, 003 and 004 report no
applications (every cell 0); 001 has one application from a natural person, answered
予以公开, and leaves the other cells blank (blank, not 0); 002, the content-farm mirror
with `` |`` cells, is all 0 but for a blank 商业企业 cell in 6.属于四类过程性信息.
Section 四: every seed prints 15 zeros (001 with no-break spaces after some).
"""

from __future__ import annotations

from pathlib import Path

from crawler.parse.section2 import template_cells
from crawler.parse.template import SECTION3_KEYS, TEMPLATE_2019

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
PREFIXES = ("000", "001", "002", "003", "004")

# (block, row, column) -> (raw, value in 件 or 万元, unit, ambiguous)
SECTION2_NONZERO = {
    "000": {("（九）", "政府集中采购", "采购项目数量"): ("2", 2, None, False),
            ("（九）", "政府集中采购", "采购总金额"): ("99.53万", 99.53, "万元", False)},
    "001": {},
    "002": {},
    "003": {("（五）", "行政许可", "本年增/减"): ("3", 3, None, False),
            ("（六）", "行政处罚", "本年增/减"): ("9", 9, None, False),
            ("（六）", "行政处罚", "处理决定数量"): ("8", 8, None, False),
            ("（九）", "政府集中采购", "采购项目数量"): ("1", 1, None, False),
            ("（九）", "政府集中采购", "采购总金额"): ("3805463.74", 380.546374, "万元", True)},
    "004": {("（一）", "规范性文件", "本年新制作数量"): ("4", 4, None, False),
            ("（一）", "规范性文件", "本年新公开数量"): ("4", 4, None, False),
            ("（一）", "规范性文件", "对外公开总数量"): ("13", 13, None, False)},
}

_ZEROS = (0,) * 7
_BLANK = (None,) * 7
SECTION3 = {
    "000": {key: _ZEROS for key in SECTION3_KEYS[TEMPLATE_2019]},
    "001": {
        **{key: _BLANK for key in SECTION3_KEYS[TEMPLATE_2019]},
        "new": (1, None, None, None, None, None, 1),
        "carried_over": (0, None, None, None, None, None, 0),
        "open": (1, None, None, None, None, None, 1),
        "other": (0, None, None, None, None, None, 0),
        "total": (1, None, None, None, None, None, 1),
        "carry_forward": (0, None, None, None, None, None, 0),
    },
    "002": {key: _ZEROS for key in SECTION3_KEYS[TEMPLATE_2019]} | {"withheld_6": (0, None, 0, 0, 0, 0, 0)},
    "003": {key: _ZEROS for key in SECTION3_KEYS[TEMPLATE_2019]},
    "004": {key: _ZEROS for key in SECTION3_KEYS[TEMPLATE_2019]},
}

SECTION4 = {prefix: (0,) * 15 for prefix in PREFIXES}

AGENCY = {
    "000": "团山子乡人民政府",  # its title, broken over two lines by a Word bookmark
    "001": "清凉峰镇",
    "002": "洪江市群峰乡政府",  # a mirror without the title: its 信息来源 label
    "003": "雷庄镇",
    "004": "新乡市牧野区人民政府办公室",
}


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def section2_values(prefix: str) -> dict[tuple[str, str, str], float]:
    """Every cell of the seed's section 二 (2019 format) -> its value."""
    values = {}
    for key in template_cells(TEMPLATE_2019):
        values[key] = SECTION2_NONZERO[prefix].get(key, ("0", 0, None, False))[1]
    return values
