"""Section 三 parsed from the HTML tables real portals carry."""

from __future__ import annotations

import random

import lxml.html
import pytest

from crawler.demo.reports import inconsistent, render_html, seed_reports, variant_report
from crawler.parse.cells import cell_number
from crawler.parse.section3 import parse_section3, row_key
from crawler.parse.tables import page_tables

REPORTS = seed_reports() + [variant_report(random.Random(i), "某县教育局", 2019 + i % 6) for i in range(12)]


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_rendered_reports_parse_to_their_numbers(report) -> None:
    parsed = parse_section3(page_tables(lxml.html.fragment_fromstring(render_html(report), create_parent="div")))
    assert parsed is not None
    assert [(r.key, r.values) for r in parsed.rows] == [(k, v) for k, v in report.section3]
    assert parsed.template == report.template
    assert parsed.problems == []


def test_broken_numbers_are_reported() -> None:
    broken = inconsistent(REPORTS[5], random.Random(1))
    parsed = parse_section3(page_tables(lxml.html.fragment_fromstring(render_html(broken), create_parent="div")))
    assert parsed is not None and parsed.problems


def test_no_table_no_section() -> None:
    assert parse_section3(page_tables(lxml.html.fragment_fromstring("<div><p>一、总体情况</p></div>"))) is None


@pytest.mark.parametrize(
    ("labels", "key"),
    [
        (["一、本年新收政府信息公开申请数量"], "new"),
        (["二、上年结转政府信息公开申请数量"], "carried_over"),
        (["三、本年度办理结果", "（一）予以公开"], "open"),
        (["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], "partial"),
        (["三、本年度办理结果", "（三）\n不予\n公开", "1.属于国家秘密"], "withheld_1"),
        (["三、本年度办理结果", "(四)无法提供", "3．补正后申请内容仍不明确"], "unable_3"),
        (["三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"], "not_processed_5"),
        (["三、本年度办理结果", "（六）其他处理"], "other"),
        (["三、本年度办理结果", "（六）其他处理", "3.其他"], "other_3"),
        (["三、本年度办理结果", "（七）总计"], "total"),
        (["三、本年度办理结果", "（三）不予公开1.属于国家秘密"], "withheld_1"),  # group and row in one cell
        (["（三）不予公开", "（2）其他法律行政法规禁止公开"], "withheld_2"),
        (["（四）无法提供", "3、补正后申请内容仍不明确"], "unable_3"),
        (["四、结转下年度继续办理"], "carry_forward"),
        (["申请人情况"], None),
    ],
)
def test_row_labels(labels: list[str], key: str | None) -> None:
    assert row_key(labels) == key


def test_cells() -> None:
    assert cell_number("0\u3000") == (0, True)
    assert cell_number("１２") == (12, True)
    assert cell_number(" ") == (None, True)
    assert cell_number("自然人") == (None, False)
