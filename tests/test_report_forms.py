"""parse_report on every form a report arrives in: the seeds (numbers checked by hand) and
generated reports of both template versions, as HTML, text, DOCX, PDF and DOC."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable

import pytest

from crawler.demo.documents import text_html, to_docx, to_pdf, to_xlsx
from crawler.demo.reports import DemoReport, render_html, variant_report
from crawler.parse.documents.forms import sniff
from crawler.parse.documents.html_page import read_text
from crawler.parse.documents.legacy import convert
from crawler.parse.report import PARSED, ParsedReport, parse_file, parse_report
from crawler.parse.template import TEMPLATE_2019, TEMPLATE_2021
from crawler.text.repair import repair_page
from forms import FORMS, assert_round_trip
from seed_numbers import AGENCY, PREFIXES, SECTION3, SECTION4, section2_values, seed_text


def _seed_body(prefix: str) -> str:
    """The seed's prose and tables as a page body; 002, a mirror, as repaired and with its 信息来源."""
    repaired = repair_page(seed_text(prefix))
    source = f"信息来源：{repaired.source_agency}\n" if repaired.source_agency else ""
    return text_html(source + repaired.html)


def _assert_seed_numbers(parsed: ParsedReport, prefix: str) -> None:
    assert (parsed.status, parsed.reasons) == (PARSED, ())
    assert (parsed.template, parsed.year, parsed.agency) == (TEMPLATE_2019, 2020, AGENCY[prefix])
    assert {(c.block, c.row, c.column): c.value for c in parsed.section2} == pytest.approx(section2_values(prefix))
    assert parsed.section3 is not None and {r.key: r.values for r in parsed.section3.rows} == SECTION3[prefix]
    assert parsed.section4 is not None and parsed.section4.values == SECTION4[prefix]
    assert parsed.section3.problems == [] and parsed.section4.problems == []
    assert sorted(parsed.sections) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_as_published_text(prefix: str) -> None:
    repaired = repair_page(seed_text(prefix))  # as the pipeline does: 002 is a mirror, its 信息来源 set aside
    _assert_seed_numbers(parse_report(read_text(repaired.html), "", repaired.source_agency), prefix)


@pytest.mark.parametrize("form", ["html", "docx", "pdf", "xlsx"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_in_every_form(prefix: str, form: str) -> None:
    # no title given: an attachment is often listed as 附件; the agency and year come from the text
    _assert_seed_numbers(FORMS[form](_seed_body(prefix), ""), prefix)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_in_a_pdf_without_rules_is_exact_or_partial_never_invented(prefix: str) -> None:
    parsed = FORMS["pdf without rules"](_seed_body(prefix), "")
    if prefix in ("000", "003", "004"):
        _assert_seed_numbers(parsed, prefix)
        return
    # 001's blank cells, and 002's (its odd table: a block's header, row and numbers in one
    # row, wrapped in narrow columns), leave no trace without rules: what cannot be placed is
    # left out and named, and every number that is read is right
    assert parsed.status == "partial" and parsed.reasons
    rows = {r.key: r.values for r in parsed.section3.rows} if parsed.section3 else {}
    assert all(SECTION3[prefix][key] == values for key, values in rows.items())
    expected2 = section2_values(prefix)
    assert all(expected2[(c.block, c.row, c.column)] == c.value for c in parsed.section2)
    # 001 has blanks in every row; 002 in one; row 一's label, glued to its first number
    # in the PDF's text (申请0) in the middle of the header's wrapped words, is read all the same
    assert len(rows) == {"001": 0, "002": 22}[prefix]


@pytest.mark.parametrize(("write", "suffix", "form", "prefix"), [(to_docx, ".docx", "doc", "003"),
                                                              (to_xlsx, ".xlsx", "xls", "004")])
def test_seed_as_legacy_office_file(write: Callable[[str, str], bytes], suffix: str, form: str, prefix: str) -> None:
    legacy = convert(write("", _seed_body(prefix)), suffix, form)
    assert legacy.startswith(b"\xd0\xcf\x11\xe0")  # a real Word or Excel 97 file, made by LibreOffice
    assert sniff(legacy, "application/octet-stream", "http://x/down.jsp?id=1") == form
    parsed = parse_file(legacy, form)
    assert parsed.form == form
    _assert_seed_numbers(parsed, prefix)


GENERATED = [variant_report(random.Random(i), "某市生态环境局", 2019 + i, title_style=i) for i in range(4)]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("report", GENERATED, ids=lambda r: f"{r.year}-{r.template}")
def test_generated_report_in_every_form(report: DemoReport, form: str) -> None:
    assert_round_trip(FORMS[form](render_html(report), report.title), report)


def test_generated_2021_report_as_legacy_word_document() -> None:
    report = GENERATED[-1]
    assert report.template == TEMPLATE_2021
    document = convert(to_docx(report.title, render_html(report)), ".docx", "doc")
    assert_round_trip(parse_file(document, "doc"), report)


# ---------------------------------------------------------------- broken tables

BROKEN_BASE = GENERATED[0]


def _with_row(report: DemoReport, key: str, values: tuple) -> DemoReport:
    return dataclasses.replace(report, section3=tuple((k, values if k == key else v) for k, v in report.section3))


@pytest.mark.parametrize("form", ["html", "word text", "docx"])
def test_a_missing_row_is_reported_not_invented(form: str) -> None:
    report = dataclasses.replace(BROKEN_BASE, section3=tuple(r for r in BROKEN_BASE.section3
                                                             if r[0] != "not_processed_2"))
    parsed = FORMS[form](render_html(report), report.title)
    assert parsed.status == "partial" and parsed.template == TEMPLATE_2019
    assert parsed.reasons == ("section 三: rows of the 2019 template missing: not_processed_2",)
    assert parsed.section3 is not None and "not_processed_2" not in {r.key for r in parsed.section3.rows}


@pytest.mark.parametrize("form", ["html", "word text"])  # a Word or PDF table is rectangular: no row is short
def test_a_row_short_of_a_cell_is_left_out_not_shifted(form: str) -> None:
    body = render_html(BROKEN_BASE)
    row = re.search(r"<tr>(?:(?!</tr>).)*予以公开.*?</tr>", body)
    assert row is not None
    short = re.sub(r"<td[^>]*>[^<]*</td></tr>$", "</tr>", row[0])
    parsed = FORMS[form](body.replace(row[0], short), BROKEN_BASE.title)
    assert parsed.status == "partial"
    assert parsed.section3 is not None and "open" not in {r.key for r in parsed.section3.rows}
    assert "section 三: rows of the 2019 template missing: open" in parsed.reasons


@pytest.mark.parametrize("form", ["html", "word text", "docx", "pdf"])
@pytest.mark.parametrize(("cell", "value", "reason"), [
    ("一", None, "section 三: unreadable cells: new 自然人: '一'"),
    ("若干", None, "section 三: unreadable cells: new 自然人: '若干'"),
    ("0\u3000", 0, None), ("1 ", 1, None), ("/", None, None), ("-", None, None), ("无", None, None),
])
def test_odd_cells_in_every_form(form: str, cell: str, value: int | None, reason: str | None) -> None:
    report = _with_row(BROKEN_BASE, "new", (7, 0, 0, 0, 0, 0, 7))
    body = render_html(report).replace(">7</td>", f">{cell}</td>", 1)
    parsed = FORMS[form](body, report.title)
    assert parsed.section3 is not None and dict((r.key, r.values) for r in parsed.section3.rows)["new"][0] == value
    assert parsed.reasons == ((reason,) if reason else ())
    assert parsed.status == ("partial" if reason else PARSED)


def test_a_page_without_tables_is_partial_and_says_so() -> None:
    parsed = parse_report(read_text("某县2021年政府信息公开工作年度报告\n一、总体情况\n本年无申请。"))
    assert parsed.status == "partial" and parsed.template is None
    assert parsed.reasons == ("no table of either template version found (sections 二 and 三)",)


def test_a_report_before_2019_is_free_form() -> None:
    parsed = parse_report(read_text("某县2017年政府信息公开工作年度报告\n一、概述\n本年共主动公开信息120条。"))
    assert (parsed.status, parsed.template, parsed.year, parsed.agency) == ("free-form", None, 2017, "某县")


# ---------------------------------------------------------------- unreadable documents


def _zip_bomb() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>")
    return out.getvalue()


def _zip_of_a_future_version() -> bytes:
    """A DOCX whose central directory asks for zip version 6.4 (zipfile raises NotImplementedError)."""
    body = bytearray(to_docx("t", "<p>x</p>"))
    directory = body.index(b"PK\x01\x02")
    body[directory + 6:directory + 8] = (64).to_bytes(2, "little")  # version needed to extract
    return bytes(body)


def _drawing_only_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(100, 100, 200, 200)  # a scan has pixels, not text; a drawing is as textless
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(("body", "form", "reason"), [
    (to_pdf("t", "<p>x</p>")[:400], "pdf", "PDF could not be read"),
    (to_docx("t", "<p>x</p>")[:2000], "docx", "not a valid DOCX (zip): BadZipFile"),
    (_zip_bomb(), "docx", "DOCX refused: 2 parts unpacking to"),
    (_zip_of_a_future_version(), "docx", "not a valid DOCX (zip): NotImplementedError"),
    (to_xlsx("t", "<p>x</p>")[:2000], "xlsx", "not a valid XLSX (zip): BadZipFile"),
    (to_docx("t", "<p>x</p>"), "xlsx", "a zip without xl/workbook.xml is not a XLSX"),
    (_drawing_only_pdf(), "pdf", "PDF has no text layer"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "image", "an image (a scanned report): OCR is not attempted"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "doc", "LibreOffice could not convert"),
])
def test_unreadable_documents_fail_with_a_reason(body: bytes, form: str, reason: str) -> None:
    parsed = parse_file(body, form)
    assert parsed.status == "failed" and parsed.form == form
    assert len(parsed.reasons) == 1 and parsed.reasons[0].startswith(reason)
    assert parsed.section3 is None and parsed.section2 == []


# ---------------------------------------------------------------- HTML layouts


def _split_after_row(table: str, rows: int) -> str:
    """The table cut in two after ``rows`` rows, as a page break in Word's HTML leaves it."""
    cut = [m.end() for m in re.finditer("</tr>", table)][rows - 1]
    opening = table[:table.index("<tbody>") + len("<tbody>")]
    return table[:cut] + "</tbody></table>\n<p style='page-break-before:always'>&nbsp;</p>\n" + opening + table[cut:]


@pytest.mark.parametrize("report", GENERATED[1:3], ids=lambda r: r.template)
def test_tables_split_in_parts_and_wrapped_in_a_layout_table(report: DemoReport) -> None:
    body = render_html(report)
    tables = re.findall(r"<table.*?</table>", body, flags=re.S)
    assert len(tables) == 3
    section2, section3, section4 = tables
    body = body.replace(section2, _split_after_row(section2, 7))
    body = body.replace(section3, _split_after_row(section3, 12))  # inside 三、本年度办理结果's rowspan
    body = body.replace(section4, _split_after_row(section4, 3))  # the header apart from the numbers
    layout = f"<table width='100%'><tr><td class='nav'>首页</td><td><div>{body}</div></td></tr></table>"
    assert_round_trip(FORMS["html"](layout, report.title), report)


def test_a_docx_layout_table_is_read_through_to_the_tables_inside() -> None:
    import io

    import docx

    from crawler.parse.documents.docx_reader import read_docx

    document = docx.Document()
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "导航"
    inner = layout.cell(0, 1).add_table(rows=2, cols=3)
    for c, (label, value) in enumerate([("结果维持", "1"), ("结果纠正", "0"), ("总计", "1")]):
        inner.cell(0, c).text, inner.cell(1, c).text = label, value
    out = io.BytesIO()
    document.save(out)
    (table,) = read_docx(out.getvalue()).tables
    assert table.grid == [["结果维持", "结果纠正", "总计"], ["1", "0", "1"]]


def test_a_hostile_docx_span_is_bounded_as_an_html_one() -> None:
    import io

    import docx
    from docx.oxml.ns import qn

    from crawler.parse.documents.docx_reader import read_docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for c, text in enumerate(["甲", "乙"]):
        table.cell(0, c).text, table.cell(1, c).text = text, str(c)
    table.cell(0, 0)._tc.get_or_add_tcPr().get_or_add_gridSpan().set(qn("w:val"), "1000000000")
    out = io.BytesIO()
    document.save(out)
    (read,) = read_docx(out.getvalue()).tables
    assert read.grid == [["甲", "乙"], ["0", "1"]]  # the wide cell once in its row, as every merged cell


def test_xlsx_merged_ranges_laid_over_each_other_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import openpyxl

    from crawler.parse.documents import sheet_reader
    from crawler.parse.documents.document import UnreadableDocument

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "甲"
    for row in range(1, 21):  # 20 ranges of 50 to 100 cells, each inside the used range
        sheet.merge_cells(start_row=1, start_column=1, end_row=5 + row % 6, end_column=10)
    sheet["K11"] = 1
    out = io.BytesIO()
    book.save(out)
    monkeypatch.setattr(sheet_reader, "MAX_CELLS", 150)  # the used range is 121 cells
    with pytest.raises(UnreadableDocument, match="merged ranges cover"):
        sheet_reader.read_xlsx(out.getvalue())


def test_a_document_listed_without_a_title_uses_its_own() -> None:
    from crawler.parse.documents.pdf_reader import read_pdf

    report = GENERATED[2]
    document = read_pdf(to_pdf(report.title, render_html(report)))
    assert document.title == report.title  # the PDF's own metadata
    # the heading line cut from the text, and no title from a listing: only the PDF's own names the agency
    parsed = parse_report(dataclasses.replace(document, text=document.text.split("\n", 1)[1]))
    assert (parsed.agency, parsed.year) == (report.agency, report.year)


@pytest.mark.parametrize(("body", "form"), [
    (random.Random(3).randbytes(8192), "binary"),  # about one byte in nine a control byte
    ("某县人民政府".encode("gbk") * 200 + b"\x00\x01" + "年度报告".encode("gbk") * 200, "html"),  # a stray NUL
    ("\ufeff<html>年度报告</html>".encode("utf-16"), "html"),  # UTF-16, NULs and all, after its mark
    (b"", "html"),
])
def test_binary_is_told_from_a_page_by_its_control_bytes(body: bytes, form: str) -> None:
    assert sniff(body, "text/html; charset=utf-8", "http://x.invalid/a.html") == form


@pytest.mark.parametrize(("body", "content_type", "url", "form"), [
    ("# 某县2023年政府信息公开工作年度报告\n| 规章 | 0 | 0 |".encode(), "", "file:///r/a.md", "text"),  # markdown
    ("| 规章 | 0 | 0 |".encode(), "text/markdown", "http://x.invalid/a", "text"),
    ("一、总体情况\n规章 0 0 0".encode("gbk"), "", "file:///r/a", "text"),  # no type claimed, no tag
    ("<div>一、总体情况</div>".encode("gbk"), "", "file:///r/a", "html"),
    ("\ufeff<html>年度报告</html>".encode("utf-16"), "", "file:///r/a", "html"),
    ("一、总体情况".encode(), "text/html", "http://x.invalid/a.html", "html"),  # a server's word is kept
])
def test_text_and_markdown_are_told_from_pages(body: bytes, content_type: str, url: str, form: str) -> None:
    assert sniff(body, content_type, url) == form
