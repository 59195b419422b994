"""Property: any valid generated report, rendered in any supported form, parses back exactly."""

from __future__ import annotations

import random

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.demo.flatten import piped_text
from crawler.demo.reports import render_html, variant_report
from crawler.html_text import parse_html
from crawler.section2 import parse_section2, parse_section2_text
from crawler.section3 import parse_section3, parse_section3_text
from crawler.section4 import parse_section4, parse_section4_text
from crawler.sections import split_sections
from crawler.tables import page_tables

reports = st.builds(
    lambda seed, agency, year, style: variant_report(random.Random(seed), agency, year, style),
    st.integers(0, 2**32),
    st.sampled_from(["某县教育局", "甲乙镇人民政府", "某市自然资源和规划局", "某区人民政府办公室"]),
    st.integers(2019, 2026),
    st.integers(0, 3),
)


def _page(report) -> str:
    return f"<html><body><div id='zoom'>{render_html(report)}</div></body></html>"


@settings(max_examples=60, deadline=None)
@given(reports)
def test_html_round_trip(report) -> None:
    root = lxml.html.document_fromstring(_page(report))
    tables = page_tables(root)
    section3, section4 = parse_section3(tables), parse_section4(tables)
    assert section3 is not None and [(r.key, r.values) for r in section3.rows] == list(report.section3)
    assert section3.template == report.template
    assert section4 is not None and section4.values == report.section4


@settings(max_examples=60, deadline=None)
@given(reports)
def test_content_farm_text_round_trip(report) -> None:
    text = piped_text(_page(report))
    section3, section4 = parse_section3_text(text), parse_section4_text(text)
    assert section3 is not None and [(r.key, r.values) for r in section3.rows] == list(report.section3)
    assert section4 is not None and section4.values == report.section4
    assert sorted(split_sections(text)) == [1, 2, 3, 4, 5, 6]


cells = st.sampled_from([
    "0", "1", "12", "", " ", "一", "-", "/", "无", "0\u3000", "总计", "（三）不予公开", "1.属于国家秘密",
    "一、本年新收政府信息公开申请数量", "行政复议", "|", "||", "\t", "\n", "<td rowspan='9999'>", "</tr>",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=120), st.text(max_size=50))
def test_no_exception_escapes_on_any_input(parts: list[str], noise: str) -> None:
    text = "\n".join(parts) + noise
    for form in (text, "\t" + text.replace("\n", "\n\t"), " |\n".join(parts)):
        parse_section2_text(form)
        parse_section3_text(form)
        parse_section4_text(form)
        split_sections(form)
    root = parse_html("<table><tr><td>" + "</td><td>".join(parts) + "</td></tr></table>" + noise)
    tables = page_tables(root)
    parse_section2(tables)
    parse_section3(tables)
    parse_section4(tables)
