"""Parse each report, in whatever form it came, with the parser's one entry point."""

from __future__ import annotations

from crawler.dates import labelled_date
from crawler.documents.forms import is_document
from crawler.documents.html_page import read_html, read_text
from crawler.html_text import parse_html
from crawler.items import ReportItem
from crawler.report import parse_file, parse_report


class ParsePipeline:
    """Fill ``item.report`` (and ``published`` from the page, where the listing showed none)."""

    def process_item(self, item: ReportItem) -> ReportItem:
        if is_document(item.form or ""):
            item.report = parse_file(item.body, item.form or "", item.title, item.url)
            return item
        if item.form == "text":
            item.report = parse_report(read_text(item.html or ""), item.title, item.source_agency)
            return item
        root = parse_html(item.html or "")
        item.report = parse_report(read_html(root), item.title, item.source_agency)
        if not item.published:
            item.published = labelled_date(root.text_content())
        return item
