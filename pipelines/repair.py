"""Repair mojibake and content-farm mirrors in the decoded page, recording what changed."""

from __future__ import annotations

from crawler.items import ReportItem
from crawler.repair.mirror import unmirror
from crawler.repair.page import repair_page


class RepairPipeline:
    """Replace ``item.html`` (and a mirror's title) by the repaired form; the raw bytes stay as fetched."""

    def process_item(self, item: ReportItem) -> ReportItem:
        if item.html is None:  # a document: its readers decode it
            return item
        repaired = repair_page(item.html or "")
        item.html = repaired.html
        item.repairs = repaired.repairs
        item.lossy_chars = repaired.lossy_chars
        item.source_agency = repaired.source_agency
        if "mirror-pinyin-removed" in repaired.repairs:  # the listing showed the mirror's title
            item.title = unmirror(item.title)
        return item
