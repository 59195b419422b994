"""Section 四's 15 numbers from HTML tables and from text."""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest

from crawler.demo.flatten import piped_text
from crawler.demo.reports import render_html, seed_reports, variant_report
from crawler.parse.section3 import parse_section3_text
from crawler.parse.section4 import parse_section4, parse_section4_text, section4_from_rows
from crawler.parse.tables import page_tables

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
REPORTS = seed_reports() + [variant_report(random.Random(i), "某市公安局", 2019 + i % 6) for i in range(12)]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_report_no_review_or_suit(path: Path) -> None:
    # Checked by hand: every seed prints 15 zeros (001 with no-break spaces after some).
    parsed = parse_section4_text(path.read_text(encoding="utf-8"))
    assert parsed is not None
    assert parsed.values == (0,) * 15
    assert parsed.problems == []


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_rendered_reports_parse_to_their_numbers(report) -> None:
    parsed = parse_section4(page_tables(lxml.html.fragment_fromstring(render_html(report), create_parent="div")))
    assert parsed is not None
    assert parsed.values == report.section4
    assert parsed.problems == []


def test_blank_and_broken_cells() -> None:
    row = ["1", "0", "", "0", "1"] + ["0"] * 9 + ["2"]
    parsed = section4_from_rows([["行政复议", "行政诉讼"], row])
    assert parsed is not None
    assert parsed.values[2] is None
    assert [p.rule for p in parsed.problems] == ["review-total"]  # 0+0+0+0 != 2 in the last group
    in_words = section4_from_rows([["一"] + ["0"] * 14])  # a number in words: listed, never guessed
    assert in_words is not None and in_words.values[0] is None
    assert in_words.unreadable == ["行政复议 结果维持: '一'"]
    assert section4_from_rows([["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3]) is None  # a header
    assert section4_from_rows([[""] * 15]) is None


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_round_trip_through_content_farm_text(report) -> None:
    text = piped_text(f"<html><body><div id='zoom'>{render_html(report)}</div></body></html>")
    section3, section4 = parse_section3_text(text), parse_section4_text(text)
    assert section3 is not None and [(r.key, r.values) for r in section3.rows] == list(report.section3)
    assert section4 is not None and section4.values == report.section4


def test_a_table_cut_in_three_by_a_converter_is_read_in_order() -> None:
    header = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"
    groups = (("行政复议", "27 | 10 | 9 | 15 | 61"), ("行政诉讼（未经复议直接起诉）", "3 | 0 | 0 | 0 | 3"),
              ("行政诉讼（复议后起诉）", "8 | 0 | 1 | 1 | 10"))
    text = "".join(f"### {group}\n{header}| {row} |\n\n" for group, row in groups)
    parsed = parse_section4_text(f"## 四、政府信息公开行政复议、行政诉讼情况\n{text}## 五、存在的主要问题及改进情况\n")
    assert parsed is not None and parsed.values == (27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10)
    assert not parsed.problems


def test_run_together_numbers_are_cut_where_the_totals_leave_one_way() -> None:
    text = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
            "未经复议直接起诉复议后起诉 00 0 00 0 0 0 00 0 0 0 00五、存在的主要问题及改进情况")
    parsed = parse_section4_text(text)
    assert parsed is not None and parsed.values == (0,) * 15


def test_a_cell_of_thousands_of_digits_is_no_number_and_no_error() -> None:
    """Python refuses to read an integer of more than 4,300 digits: such a cell is not a count."""
    assert section4_from_rows([["行政复议", *(["0"] * 14), "9" * 5000]]) is None
    assert section4_from_rows([["行政复议", *(["0"] * 14), "9" * 5000]], run_together=True) is None
