"""Decode each fetched report page."""

from __future__ import annotations

from crawler.encoding import decode_page
from crawler.items import ReportItem


class DecodePipeline:
    """Fill the item's encoding fields and its decoded HTML."""

    def process_item(self, item: ReportItem) -> ReportItem:
        decoded = decode_page(item.body, item.headers.get("Content-Type"))
        item.declared_charset = decoded.declared
        item.encoding = decoded.encoding
        item.encoding_reason = decoded.reason
        item.encoding_confidence = decoded.confidence
        item.html = decoded.text
        return item
