"""The pipelines' stages in order on one item, without a crawl: decode -> repair -> parse -> hash."""

from __future__ import annotations

import html
import random
from pathlib import Path

import pytest

from crawler.archive.batch import BatchWriter
from crawler.archive.database import captured_payload, open_archive
from crawler.demo.documents import to_docx, to_pdf
from crawler.demo.reports import render_html, variant_report
from crawler.items import ReportItem
from crawler.parse.template import TEMPLATE_2019
from crawler.prepare import prepare

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _run(item: ReportItem) -> ReportItem:
    return prepare(item)


def test_a_mirror_page_with_piped_tables_in_gbk() -> None:
    (seed,) = SEEDS.glob("002_*.txt")
    lines = seed.read_text(encoding="utf-8").splitlines()
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = f"<html><body><div id='zoom'>{paragraphs}</div></body></html>"
    body = page.encode("gb18030")
    title = "群峰鄉(xiāng)2020年度政府信息公開工作報告"
    item = _run(ReportItem(url="http://127.0.0.1/a.html", portal="p", title=title, status=200,
                           headers={"Content-Type": "text/html"}, body=body, fetched_at="2026-01-01"))
    assert (item.encoding, item.encoding_reason) == ("gb18030", "detected")
    assert item.repairs["mirror-pinyin-removed"] > 100
    assert item.source_agency == "洪江市群峰乡政府"
    assert item.title == "群峰乡2020年度政府信息公开工作报告"
    assert item.report is not None and item.report.template == TEMPLATE_2019
    assert item.report.section3 is not None and item.report.section3.template == TEMPLATE_2019
    assert item.body == body and item.content_hash


def _archived(tmp_path: Path, body: bytes, url: str, content_type: str) -> tuple[ReportItem, dict, list[dict]]:
    item = _run(ReportItem(url=url, portal="p", title="附件1", status=200, headers={"Content-Type": content_type},
                           body=body, fetched_at="2026-01-01"))
    writer = BatchWriter(tmp_path / "a.db")
    writer.open()
    writer.write(item)
    writer.close()
    db = open_archive(tmp_path / "a.db")
    (capture,) = db["captures"].rows
    # the bytes as fetched, always
    assert captured_payload(tmp_path / "a.db", capture["warc_file"], capture["warc_offset"]) == body
    return item, capture, list(db["reports"].rows)


@pytest.mark.parametrize(("make", "form"), [(to_docx, "docx"), (to_pdf, "pdf")])
def test_an_attachment_is_read_from_its_bytes(tmp_path: Path, make, form: str) -> None:
    report = variant_report(random.Random(3), "某县审计局", 2022)
    body = make(report.title, render_html(report))
    item, capture, reports = _archived(tmp_path, body, f"http://127.0.0.1/f/{form}.bin", "application/octet-stream")
    assert item.html is None and item.encoding is None  # a document is not decoded as a page
    assert (capture["form"], capture["parse_status"]) == (form, "parsed")
    (stored,) = reports
    assert (stored["agency"], stored["year"], stored["template_version"], stored["form"]) == (
        "某县审计局", 2022, report.template, form)


def test_a_broken_attachment_keeps_its_bytes_and_says_why(tmp_path: Path) -> None:
    body = b"%PDF-1.4\n" + bytes(300)
    item, capture, reports = _archived(tmp_path, body, "http://127.0.0.1/f/a.pdf", "application/pdf")
    assert (capture["form"], capture["parse_status"]) == ("pdf", "failed")
    assert capture["parse_reasons"].startswith("PDF could not be read")
    assert reports == [] and item.content_hash is None
    assert capture["body_sha256"] == item.body_sha256
