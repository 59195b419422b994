"""Decode each fetched report page and extract its article text."""

from __future__ import annotations

from crawler.dates import labelled_date
from crawler.encoding import decode_page
from crawler.html_text import article, element_text, parse_html
from crawler.items import ReportItem


class DecodePipeline:
    """Fill the item's encoding fields, HTML, article text and (if missing) date."""

    def process_item(self, item: ReportItem) -> ReportItem:
        decoded = decode_page(item.body, item.headers.get("Content-Type"))
        item.declared_charset = decoded.declared
        item.encoding = decoded.encoding
        item.encoding_reason = decoded.reason
        item.encoding_confidence = decoded.confidence
        item.html = decoded.text
        root = parse_html(decoded.text)
        item.text = element_text(article(root))
        if not item.published:
            item.published = labelled_date(root.text_content())
        return item
