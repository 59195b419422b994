"""Section 三 read from tables flattened out of Word: the four seeds in that form, checked by hand."""

from __future__ import annotations

import pytest

from crawler.parse.section3 import parse_section3_text, section3_from_rows
from crawler.parse.template import SECTION3_KEYS, TEMPLATE_2019, TEMPLATE_2021
from crawler.parse.text_tables import flattened_rows, pipe_rows, piped_rows, stream_rows
from crawler.report_json import SECTION3_LABELS
from crawler.text.mirror import repair_mirror
from seed_numbers import PREFIXES, SECTION3, seed_text

ZEROS = (0,) * 7


def _seed(prefix: str) -> str:
    return seed_text(prefix)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_numbers_exact(prefix: str) -> None:
    parsed = parse_section3_text(_seed(prefix))
    assert parsed is not None
    assert parsed.template == TEMPLATE_2019
    assert {r.key: r.values for r in parsed.rows} == SECTION3[prefix]
    assert [r.key for r in parsed.rows] == list(SECTION3_KEYS[TEMPLATE_2019])
    assert parsed.problems == []


def test_the_mirror_reads_the_same_before_and_after_its_repair() -> None:
    mirror = _seed("002")
    repaired = repair_mirror(mirror)
    assert repaired is not None
    before, after = parse_section3_text(mirror), parse_section3_text(repaired.text)
    assert before is not None and after is not None
    assert [(r.key, r.values) for r in before.rows] == [(r.key, r.values) for r in after.rows]


def test_piped_rows_keep_a_lone_pipe_between_values_as_a_blank_cell() -> None:
    text = "(一)予以公开 |\n1 |\n|\n2 |\n||\n(二)部分公开 |\n3 |\n|\n(三)不予公开 |\n1.属于国家秘密 |\n0 |\n"
    assert piped_rows(text) == [
        ["(一)予以公开", "1", "", "2"],
        ["(二)部分公开", "3"],
        ["(三)不予公开", "1.属于国家秘密", "0"],
    ]


def test_cells_split_one_character_per_line_are_joined() -> None:
    rows = flattened_rows("\t\n\t自\n然\n人\n\t其\n他\n\n\t一、本年新收\n\t0\n\t\n")
    assert rows == [["", "自然人", "其他"], ["一、本年新收", "0", ""]]


def _without_block(text: str, label: str) -> str:
    blocks = text.split("\n\n")
    return "\n\n".join(b for b in blocks if label not in b)


def test_a_missing_row_is_incomplete_not_invented() -> None:
    parsed = parse_section3_text(_without_block(_seed("003"), "2.重复申请"))
    assert parsed is not None and parsed.template is None
    assert "not_processed_2" not in {r.key for r in parsed.rows}
    assert [p.rule for p in parsed.problems] == ["rows"]


@pytest.mark.parametrize(("cell", "value"), [("一", "unreadable"), ("0　", 0), ("1 ", 1), ("/", None), ("-", None),
                                             ("无", None)])
def test_odd_cells(cell: str, value: object) -> None:
    row = "\t一、本年新收政府信息公开申请数量\n\t"
    text = _seed("003").replace(row + "0\n", row + cell + "\n", 1)
    assert row + cell + "\n" in text
    parsed = parse_section3_text(text)
    assert parsed is not None
    rows = {r.key: r.values for r in parsed.rows}
    if value == "unreadable":  # a number in words is not read as one, never guessed, and is listed
        assert rows["new"][0] is None and parsed.unreadable == ["new 自然人: '一'"]
        assert parsed.template == "2019"
    else:
        assert rows["new"][0] == value and parsed.unreadable == []


def test_text_without_the_table() -> None:
    assert parse_section3_text("一、总体情况\n本年未收到申请。") is None


def test_stream_rows_hold_wrapped_labels_for_the_numbers_that_follow() -> None:
    text = ("（二）部分公开（区分处理的，只计这一情形，不计其他情\n11 1 1 0 1 1 15\n形）\n"
            "1.属于国家秘密 0 0 0 0 0 0 0\n采购总金额（单位:万元 保留4位小数） 12.5\n")
    assert stream_rows(text) == [
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情", "11", "1", "1", "0", "1", "1", "15"],
        ["形）", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        ["采购总金额（单位:万元 保留4位小数）", "12.5"],
    ]


def test_stream_rows_read_labels_and_numbers_run_together_on_one_line() -> None:
    """A page's text with its table cells run together (a saved page's text of a real report)."""
    text = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废纸件数现行有效件数规章000"
            "行政规范性文件808 2021年我局未收到申请。（六）其他处理1.申请人无正当理由逾期不补正0000000"
            "2.申请人逾期未按收费通知要求缴纳费用1 0 0 0 0 01（七）总计230 000023")
    assert stream_rows(text) == [
        ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数", "本年废纸件数", "现行有效件数",
         "规章", "000"],
        ["行政规范性文件", "808"],
        ["2021年我局未收到申请。", "（六）其他处理", "1.申请人无正当理由逾期不补正", "0000000"],
        ["2.申请人逾期未按收费通知要求缴纳费用", "1", "0", "0", "0", "0", "01"],
        ["（七）总计", "230", "000023"],
    ]


def test_pipe_rows_read_a_row_a_line_between_pipes() -> None:
    text = ("### 第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|:---:|---|---|\n"
            "| 规章 | 0 | | 2 |\n行政规范性文件 | 3 | 1 | 9\n| |||\n")
    assert pipe_rows(text) == [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                               ["规章", "0", "", "2"], ["行政规范性文件", "3", "1", "9"], ["", "", ""]]


def _markdown_report(rows: dict[str, tuple[int, ...]]) -> str:
    """A report's section 三 as a PDF converter writes it in markdown: the template's rows, a row a line."""
    header = ("| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
              "|---|---|---|---|---|---|---|---|\n")
    lines = "".join(f"| {label} | {' | '.join(map(str, values))} |\n" for label, values in rows.items())
    return f"## 三、收到和处理政府信息公开申请情况\n\n{header}{lines}\n## 四、政府信息公开行政复议、行政诉讼情况\n"


def test_section3_from_a_markdown_table() -> None:
    labels = {key: label.split("/")[-1] for key, label in SECTION3_LABELS.items()}
    values = {key: (n, 0, 0, 0, 1, 0, n + 1) for n, key in enumerate(SECTION3_KEYS[TEMPLATE_2021])}
    parsed = parse_section3_text(_markdown_report({labels[key]: row for key, row in values.items()}))
    assert parsed is not None and parsed.template == TEMPLATE_2021
    assert {row.key: row.values for row in parsed.rows} == values


def _labelled(key: str, values: tuple[int, ...]) -> str:
    return f"| {SECTION3_LABELS[key].split('/')[-1]} | {' | '.join(map(str, values))} |\n"


def _bare(values: tuple[int, ...]) -> str:
    return f"| {' | '.join(map(str, values))} |\n|---|---|---|---|---|---|---|\n"


def test_rows_that_lost_their_labels_are_placed_by_the_template_s_order_and_named() -> None:
    """A converter's markdown: the labels of some rows are loose text elsewhere, their numbers bare rows."""
    row = {key: (n, 0, 0, 0, 0, 0, n) for n, key in enumerate(SECTION3_KEYS[TEMPLATE_2021], start=1)}
    keys = SECTION3_KEYS[TEMPLATE_2021]
    lost = {"partial", "withheld_5", "unable_1", "unable_2", "unable_3", "other_1"}
    body = "".join(_bare(row[key]) if key in lost else _labelled(key, row[key]) for key in keys)
    loose = "（二）部分公开（区分处理的，只\n计这一情形）\n（四）无\n法提供\n"
    text = f"三、收到和处理政府信息公开申请情况\n{loose}{body}\n四、政府信息公开行政复议、行政诉讼情况\n"
    parsed = parse_section3_text(text)
    assert parsed is not None and parsed.template == TEMPLATE_2021
    assert {r.key: r.values for r in parsed.rows} == row
    assert set(parsed.placed) == lost


def test_bare_rows_are_not_placed_where_the_count_leaves_doubt() -> None:
    keys = SECTION3_KEYS[TEMPLATE_2021]
    row = {key: (1, 0, 0, 0, 0, 0, 1) for key in keys}
    # two bare rows where three rows (（四）1-3) are missing: which two is not known
    body = "".join(_bare(row[key]) if key in ("unable_1", "unable_2") else
                   ("" if key == "unable_3" else _labelled(key, row[key])) for key in keys)
    parsed = parse_section3_text(f"三、收到和处理政府信息公开申请情况\n{body}")
    assert parsed is not None and parsed.placed == ()
    assert {"unable_1", "unable_2", "unable_3"}.isdisjoint(r.key for r in parsed.rows)


def test_a_sub_row_label_is_known_whatever_its_punctuation() -> None:
    body = "| 1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |\n"
    header = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
    parsed = parse_section3_text("三、收到和处理政府信息公开申请情况\n### (六) 其他\n" + header + body)
    assert parsed is not None and [(r.key, r.values) for r in parsed.rows] == [("other_1", (9, 0, 0, 0, 0, 0, 9))]


def test_a_blank_cell_a_converter_added_past_the_numbers_is_dropped() -> None:
    text = ("三、收到和处理政府信息公开申请情况\n| 业 | 构 | 益组织 | 务机构 |  |  |  |  |  |\n"
            "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |  |\n")
    parsed = parse_section3_text(text)
    assert parsed is not None and [(r.key, r.values) for r in parsed.rows] == [("new", (32, 2, 0, 0, 0, 0, 34))]


def test_rows_a_line_with_cells_apart_by_tabs_keep_their_blank_cells() -> None:
    """Text copied from a spreadsheet or a page's table: a row a line, cells apart by tabs, blanks empty."""
    keys = SECTION3_KEYS[TEMPLATE_2019]
    lines = "".join(f"{SECTION3_LABELS[key].split('/')[-1]}\t1\t\t0\t0\t0\t0\t1\n" for key in keys)
    parsed = parse_section3_text(f"三、收到和处理政府信息公开申请情况\n申请人情况\t自然人\t商业企业\n{lines}")
    assert parsed is not None and parsed.template == TEMPLATE_2019
    assert {r.key: r.values for r in parsed.rows} == {key: (1, None, 0, 0, 0, 0, 1) for key in keys}


@pytest.mark.parametrize("label", ["1.属于国家秘密（填写说明：依据《条例》第十四条）", "1.属于国家秘密(注:含涉密文件)"])
def test_a_sub_row_with_a_filling_instruction_left_in_is_known_without_its_group(label: str) -> None:
    rows = [["申请人情况", "自然人"], [label, "1", "0", "0", "0", "0", "0", "1"]]
    parsed = section3_from_rows(rows)
    assert parsed is not None and [(r.key, r.values) for r in parsed.rows] == [("withheld_1", (1, 0, 0, 0, 0, 0, 1))]
