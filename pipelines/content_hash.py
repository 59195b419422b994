"""Give each item its report identity and the digest of its raw bytes."""

from __future__ import annotations

from crawler.content_hash import bytes_sha256, content_hash
from crawler.items import ReportItem


class ContentHashPipeline:
    """A page with no article text gets no report identity (its capture is still kept)."""

    def process_item(self, item: ReportItem) -> ReportItem:
        item.body_sha256 = bytes_sha256(item.body)
        text = item.report.text if item.report else ""
        item.content_hash = content_hash(text) if text.strip() else None
        return item
