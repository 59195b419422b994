"""What the parser refuses to read because reading it would take too much memory, each with its reason
(figures from benchmarks/memory.py); a report of ordinary size is read as before."""

from __future__ import annotations

import io
import random
import zipfile

from crawler.demo.reports import render_html, variant_report
from crawler.items import ReportItem
from crawler.parse.documents.html_page import MAX_TAGS
from crawler.parse.documents.office_zip import MAX_MAIN_PART
from crawler.prepare import prepare
from forms import page

REPORT = variant_report(random.Random(5), "某县财政局", 2021)
TITLE = REPORT.title
REPORT_HTML = page(render_html(REPORT))


def _prepared(body: bytes, content_type: str, url: str = "http://127.0.0.1/a.html") -> ReportItem:
    return prepare(ReportItem(url=url, portal="p", title=TITLE, status=200, headers={"Content-Type": content_type},
                              body=body, fetched_at="2026-11-30T00:00:00+00:00"))


def test_a_page_of_more_tags_than_the_limit_is_refused_before_it_is_parsed() -> None:
    page = REPORT_HTML + "<br>" * MAX_TAGS
    item = _prepared(page.encode("utf-8"), "text/html; charset=utf-8")
    assert (item.report.status, item.content_hash) == ("failed", None)
    assert item.report.reasons[0].startswith("page refused: ") and f"(limit {MAX_TAGS})" in item.report.reasons[0]


def test_a_page_just_under_the_limit_is_read() -> None:
    item = _prepared((REPORT_HTML + "<br>" * 1000).encode("utf-8"), "text/html; charset=utf-8")
    assert item.report.status == "parsed" and item.content_hash


def _docx(padding: int) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                         'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                         + " " * padding + "</w:t></w:r></w:p></w:body></w:document>")
    return packed.getvalue()


def test_a_docx_whose_text_unpacks_past_the_limit_is_refused_from_its_directory() -> None:
    item = _prepared(_docx(MAX_MAIN_PART + 1), "application/octet-stream", "http://127.0.0.1/a.docx")
    assert (item.form, item.report.status, item.content_hash) == ("docx", "failed", None)
    (reason,) = item.report.reasons
    assert reason.startswith("DOCX refused: word/document.xml unpacks to ") and f"(limit {MAX_MAIN_PART})" in reason
