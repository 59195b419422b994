"""Property: any valid generated report, rendered in any supported form, parses back exactly;
and no input, however broken, makes the parser raise."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.demo.documents import to_docx, to_pdf
from crawler.demo.reports import render_html, variant_report
from crawler.parse.documents.html_page import read_html, read_text
from crawler.parse.html_text import parse_html
from crawler.parse.report import ParsedReport, parse_file, parse_report
from forms import FORMS, assert_round_trip

reports = st.builds(
    lambda seed, agency, year, style: variant_report(random.Random(seed), agency, year, style),
    st.integers(0, 2**32),
    st.sampled_from(["某县教育局", "甲乙镇人民政府", "某市自然资源和规划局", "某区人民政府办公室"]),
    st.integers(2019, 2026),
    st.integers(0, 3),
)


@settings(max_examples=40, deadline=None)
@given(reports, st.sampled_from(["html", "content-farm text", "word text"]))
def test_every_text_form_round_trips_through_parse_report(report, form: str) -> None:
    assert_round_trip(FORMS[form](render_html(report), report.title), report)


@settings(max_examples=12, deadline=None)  # a DOCX or PDF takes 0.05-0.3 s to write and read
@given(reports, st.sampled_from(["docx", "pdf", "pdf without rules", "xlsx"]))
def test_every_document_form_round_trips_through_parse_file(report, form: str) -> None:
    assert_round_trip(FORMS[form](render_html(report), report.title), report)


cells = st.sampled_from([
    "0", "1", "12", "", " ", "一", "-", "/", "无", "0\u3000", "总计", "（三）不予公开", "1.属于国家秘密",
    "一、本年新收政府信息公开申请数量", "行政复议", "|", "||", "\t", "\n", "<td rowspan='9999'>", "</tr>",
])


def _no_parser_error(parsed: ParsedReport) -> None:
    assert not any(reason.startswith("parser error") for reason in parsed.reasons), parsed.reasons


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=120), st.text(max_size=50))
def test_no_exception_escapes_on_any_input(parts: list[str], noise: str) -> None:
    text = "\n".join(parts) + noise
    for form in (text, "\t" + text.replace("\n", "\n\t"), " |\n".join(parts)):
        _no_parser_error(parse_report(read_text(form), noise))
    page = "<table><tr><td>" + "</td><td>".join(parts) + "</td></tr></table>" + noise
    _no_parser_error(parse_report(read_html(parse_html(page)), noise))


_SMALL = variant_report(random.Random(7), "某乡人民政府", 2021)
DOCUMENTS = {"docx": to_docx(_SMALL.title, render_html(_SMALL)), "pdf": to_pdf(_SMALL.title, render_html(_SMALL))}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(DOCUMENTS)), st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)),
                                                     min_size=1, max_size=6))
def test_damaged_documents_fail_with_a_reason_never_an_exception(form: str, damage: list) -> None:
    body = bytearray(DOCUMENTS[form])
    for where, junk in damage:
        start = int(where * (len(body) - len(junk)))
        body[start:start + len(junk)] = junk
    parsed = parse_file(bytes(body), form)
    _no_parser_error(parsed)
    assert parsed.status != "failed" or parsed.reasons
