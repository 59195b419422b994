"""Parse the report's tables into numbers (a first parse: section 三)."""

from __future__ import annotations

from crawler.html_text import article, parse_html
from crawler.items import ReportItem
from crawler.section3 import parse_section3


class ParsePipeline:
    """Fill ``item.section3`` from the article's HTML tables."""

    def process_item(self, item: ReportItem) -> ReportItem:
        item.section3 = parse_section3(article(parse_html(item.html or "")))
        return item
