"""The six sections found by their headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.parse.sections import split_sections
from crawler.text.mirror import repair_mirror

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"

# The first words of section 五 in each seed, read off the texts by hand.
FIFTH = {
    "000": "2020年，我乡在政府信息公开上取得了一定成效",
    "001": "存在的主要问题：",
    "002": "2020年,全乡政府信息公开工作虽取得了积极成效",
    "003": "（一）存在问题",
    "004": "（一）存在的主要问题",
}


@pytest.mark.parametrize("prefix", sorted(FIFTH))
def test_seeds_have_six_sections(prefix: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    if prefix == "002":
        repaired = repair_mirror(text)
        assert repaired is not None
        text = repaired.text
    sections = split_sections(text)
    assert sorted(sections) == [1, 2, 3, 4, 5, 6]
    assert sections[5].startswith(FIFTH[prefix])
    assert "本年新收政府信息公开申请数量" in sections[3]
    assert "行政复议" in sections[4]


def test_table_rows_and_sub_items_are_not_headings() -> None:
    text = (
        "一、总体情况\n概述\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t0\t0\n（一）予以公开\n五、存在的主要问题及改进情况\n无"
    )
    assert split_sections(text) == {
        1: "概述",
        3: "一、本年新收政府信息公开申请数量\t0\t0\n（一）予以公开",
        5: "无",
    }


def test_no_headings_no_sections() -> None:
    assert split_sections("2015年度报告正文，未按模板编写。") == {}
