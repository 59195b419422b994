"""Section 二: every block, row and column, money in 万元 with the raw text kept."""

from __future__ import annotations

import random

import lxml.html
import pytest

from crawler.demo.flatten import piped_text
from crawler.demo.reports import render_html, seed_reports, variant_report
from crawler.parse.section2 import block_key, parse_section2, parse_section2_text, read_value, section2_from_rows
from crawler.parse.tables import page_tables
from seed_numbers import PREFIXES, SECTION2_NONZERO, section2_values, seed_text

REPORTS = seed_reports() + [variant_report(random.Random(i), "某县财政局", 2019 + i % 6) for i in range(12)]

@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_numbers_exact(prefix: str) -> None:
    cells = parse_section2_text(seed_text(prefix)).cells
    assert len(cells) == 22  # the 2019 format: 3+3, 3+3, 3+3, 2 and 2 numbers
    assert {(c.block, c.row, c.column) for c in cells} == set(section2_values(prefix))
    for c in cells:
        raw, value, unit, ambiguous = SECTION2_NONZERO[prefix].get((c.block, c.row, c.column), ("0", 0, c.unit, False))
        assert (c.raw.strip("\u3000 "), c.value, c.unit, c.ambiguous) == (raw, pytest.approx(value), unit, ambiguous)


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_round_trip_in_html_and_content_farm_text(report) -> None:
    page = f"<html><body><div id='zoom'>{render_html(report)}</div></body></html>"
    expected = [(block_key(block), row, raw)
                for block, row, cells in report.section2 for raw in cells]
    from_html = parse_section2(page_tables(lxml.html.document_fromstring(page))).cells
    for cells in (from_html, parse_section2_text(piped_text(page)).cells):
        assert [(c.block, c.row, c.raw) for c in cells] == expected


@pytest.mark.parametrize(
    ("raw", "column", "expected"),
    [
        ("99.53万", "采购总金额", (99.53, "万元", False)),
        ("120000元", "采购总金额", (12.0, "万元", False)),
        ("12.5", "采购总金额（单位:万元 保留4位小数）", (12.5, "万元", False)),
        ("12.5", "本年收费金额（单位：万元）", (12.5, "万元", False)),  # the 2021 fee column
        ("3805463.74", "采购总金额（元）", (380.546374, "万元", False)),
        ("120000", "采购总金额(单位:元)", (12.0, "万元", False)),
        ("3805463.74", "采购总金额", (380.546374, "万元", True)),
        ("12.5", "采购总金额", (12.5, "万元", True)),
        ("0", "采购总金额", (0.0, "万元", False)),
        ("-2", "本年增/减", (-2.0, None, False)),
        ("+3", "本年增/减", (3.0, None, False)),
        ("无", "处理决定数量", (None, None, False)),
        ("三", "处理决定数量", (None, None, False)),
    ],
)
def test_values(raw: str, column: str, expected: tuple) -> None:
    value, unit, ambiguous = read_value(raw, column)
    assert (value, unit, ambiguous) == (pytest.approx(expected[0]) if expected[0] is not None else None,
                                        expected[1], expected[2])


@pytest.mark.parametrize(("note", "value", "ambiguous"), [
    ("金额单位：元", 380.546374, False), ("（单位：万元）", 3805463.74, False), ("", 380.546374, True)])
def test_a_unit_note_of_the_table_settles_bare_amounts(note: str, value: float, ambiguous: bool) -> None:
    rows = [[note], ["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", "3", "3805463.74"]]
    (count, amount) = section2_from_rows(rows).cells
    assert (count.value, count.unit) == (3, None)
    assert (amount.value, amount.unit, amount.ambiguous) == (pytest.approx(value), "万元", ambiguous)


def test_a_block_printed_twice_counts_once() -> None:
    rows = [
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "1", "2", "3"],
    ]
    cells = section2_from_rows(rows + rows).cells
    assert [(c.column, c.value) for c in cells] == [("上一年项目数量", 1), ("本年增/减", 2), ("处理决定数量", 3)]


def test_a_traditional_html_page_is_read_in_simplified() -> None:
    page = ("<table><tr><td colspan='3'>第二十條第（九）項</td></tr><tr><td>信息內容</td><td>採購項目數量</td>"
            "<td>採購總金額</td></tr><tr><td>政府集中採購</td><td>2</td><td>99.53萬</td></tr></table>")
    cells = parse_section2(page_tables(lxml.html.document_fromstring(page))).cells
    assert [(c.block, c.row, c.column, c.value, c.unit) for c in cells] == [
        ("（九）", "政府集中采购", "采购项目数量", 2, None),
        ("（九）", "政府集中采购", "采购总金额", 99.53, "万元"),
    ]


@pytest.mark.parametrize(("numbers", "misfit"), [(["1", "2"], "（五） 行政许可: 2 numbers under 3 columns"),
                                                  (["1", "2", "3", "4"], "（五） 行政许可: 4 numbers under 3 columns")])
def test_numbers_that_do_not_fit_their_columns_are_left_out(numbers: list[str], misfit: str) -> None:
    rows = [["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", *numbers],
            ["其他对外管理服务事项", "5", "6", "7", ""]]  # a blank past the columns is layout, not a misfit
    section2 = section2_from_rows(rows)
    assert section2.misfits == [misfit]
    assert [(c.row, c.value) for c in section2.cells] == [("其他对外管理服务事项", 5), ("其他对外管理服务事项", 6),
                                                          ("其他对外管理服务事项", 7)]


def test_loose_lines_between_a_converter_s_tables_are_read_and_rows_find_their_blocks() -> None:
    """A converter's markdown: block headings misplaced, rows as loose lines, a page footer inside."""
    text = ("一、主动公开政府信息情况\n第二十条第（一）项\n第二十条第（五）项\n信息内容本年处理决定数量\n行政许可 97\n"
            "— 4 —\n第二十条第（六）项\n信息内容本年处理决定数量\n行政处罚 0\n行政强制 0\n第二十条第（八）项\n"
            "信息内容本年收费金额（单位：万元）\n行政事业性收费 0\n## 表二：主动公开政府信息情况\n"
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 0 |\n"
            "| 规范性文件 | 13 | 0 | 55 |\n\n二、收到和处理政府信息公开申请情况\n")
    cells = {(c.block, c.row, c.column): c.value for c in parse_section2_text(text).cells}
    decisions, fees = "本年处理决定数量", "本年收费金额（单位：万元）"
    assert cells == {("（一）", "规章", "本年制发件数"): 0, ("（一）", "规章", "本年废止件数"): 0,
                     ("（一）", "规章", "现行有效件数"): 0, ("（一）", "行政规范性文件", "本年制发件数"): 13,
                     ("（一）", "行政规范性文件", "本年废止件数"): 0, ("（一）", "行政规范性文件", "现行有效件数"): 55,
                     ("（五）", "行政许可", decisions): 97, ("（六）", "行政处罚", decisions): 0,
                     ("（六）", "行政强制", decisions): 0, ("（八）", "行政事业性收费", fees): 0}


@pytest.mark.parametrize("header", ["本年新 制作数量 本年新 公开数量 对外公开 总数量",  # names broken by spaces
                                    "本年新制作数量本公开数量对外公开总数量"])  # run together, a name misprinted
def test_column_names_broken_or_misprinted_are_known(header: str) -> None:
    text = f"二、主动公开政府信息情况 第二十条第（一）项 信息内容 {header} 规章 0 0 0 规范性文件 5 5 5 三、收到和处理"
    cells = {(c.row, c.column): c.value for c in parse_section2_text(text).cells}
    assert cells == {("规章", "本年新制作数量"): 0, ("规章", "本年新公开数量"): 0, ("规章", "对外公开总数量"): 0,
                     ("规范性文件", "本年新制作数量"): 5, ("规范性文件", "本年新公开数量"): 5,
                     ("规范性文件", "对外公开总数量"): 5}


@pytest.mark.parametrize(("raw", "value"), [("22（其中修订 16 件）", 22.0), ("55(含自然失效29件)", 55.0),
                                            ("3（件）", 3.0)])
def test_a_note_in_brackets_after_a_cell_s_number_is_not_read(raw: str, value: float) -> None:
    assert read_value(raw, "本年制发件数") == (value, None, False)


def test_a_row_a_province_adds_does_not_take_the_row_above_with_it() -> None:
    """Some provinces add rows (其他主动公开文件): their numbers are not the row above's, which stays whole."""
    rows = [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"], ["行政规范性文件", "5", "0", "5"], ["其他主动公开文件", "2", "0", "2"],
            ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "7"]]
    section = section2_from_rows(rows)
    regulations = {c.column: c.value for c in section.cells if c.row == "行政规范性文件"}
    assert regulations == {"本年制发件数": 5, "本年废止件数": 0, "现行有效件数": 5}
    assert [(c.row, c.value) for c in section.cells if c.block == "（五）"] == [("行政许可", 7)]
    assert section.misfits == []
