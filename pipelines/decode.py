"""Decode each fetched report page; documents (PDF, DOCX, DOC) are left to their readers."""

from __future__ import annotations

from crawler.documents.forms import is_document, sniff
from crawler.encoding import decode_page
from crawler.items import ReportItem


class DecodePipeline:
    """Fill the item's form, and for a page or text its encoding fields and decoded text."""

    def process_item(self, item: ReportItem) -> ReportItem:
        item.form = sniff(item.body, item.headers.get("Content-Type", ""), item.url)
        if is_document(item.form):
            return item
        decoded = decode_page(item.body, item.headers.get("Content-Type"))
        item.declared_charset = decoded.declared
        item.encoding = decoded.encoding
        item.encoding_reason = decoded.reason
        item.encoding_confidence = decoded.confidence
        item.html = decoded.text
        return item
