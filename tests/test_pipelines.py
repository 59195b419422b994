"""The pipelines in order on one item, without a crawl: decode -> repair -> parse -> hash."""

from __future__ import annotations

import html
from pathlib import Path

from crawler.items import ReportItem
from crawler.template import TEMPLATE_2019
from pipelines.content_hash import ContentHashPipeline
from pipelines.decode import DecodePipeline
from pipelines.parse import ParsePipeline
from pipelines.repair import RepairPipeline

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _run(item: ReportItem) -> ReportItem:
    for pipeline in (DecodePipeline(), RepairPipeline(), ParsePipeline(), ContentHashPipeline()):
        item = pipeline.process_item(item)
    return item


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
