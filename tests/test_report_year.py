"""The year a report covers."""

from pathlib import Path

import pytest

from crawler.parse.report_year import covered_year

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_texts_cover_2020(path: Path) -> None:
    # Every seed is a report on 2020, published in 2021 (seed 002 says 發布時間:2021-01-25).
    assert covered_year("政府信息公开工作年度报告", path.read_text(encoding="utf-8")) == 2020


def test_the_title_wins_and_nothing_is_invented() -> None:
    assert covered_year("某县2021年政府信息公开工作年度报告", "2020年，我县……2020年") == 2021
    assert covered_year("政府信息公开工作年度报告", "本年度未收到申请。") is None
    assert covered_year("年报", "编号12020年") is None


def test_the_period_the_numbers_cover_beats_years_named_more_often() -> None:
    text = "2019年上海市政府信息公开工作年度报告 2019年 2019年 本年度报告中所列数据统计期限自2020年1月1日到12月31日止。"
    assert covered_year("", text) == 2020
    assert covered_year("", "数据统计期限为2023年1月1日至2023年12月31日。2024年工作安排") == 2023
