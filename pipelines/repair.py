"""Repair mojibake and content-farm mirrors in the decoded page, recording what changed."""

from __future__ import annotations

from crawler.items import ReportItem
from crawler.repair.page import repair_page


class RepairPipeline:
    """Replace ``item.html`` by its repaired form; the raw bytes stay as fetched."""

    def process_item(self, item: ReportItem) -> ReportItem:
        repaired = repair_page(item.html or "")
        item.html = repaired.html
        item.repairs = repaired.repairs
        item.lossy_chars = repaired.lossy_chars
        item.source_agency = repaired.source_agency
        return item
