"""What happens to a fetched item before it is archived: decode, repair, parse, identify.

Plain functions over a ``ReportItem``, with no Scrapy: ``pipelines.prepare`` runs
``prepare`` in the crawl or in worker processes, which import this module and the parser
and nothing of the crawl. The raw bytes stay as fetched throughout.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.items import ReportItem
from crawler.parse.content_hash import bytes_sha256, content_hash
from crawler.parse.dates import labelled_date
from crawler.parse.documents.document import UnreadableDocument
from crawler.parse.documents.forms import is_document, sniff
from crawler.parse.documents.html_page import read_page, read_text
from crawler.parse.report import FAILED, ParsedReport, parse_file, parse_report
from crawler.parse.soft_404 import soft_404
from crawler.text.encoding import decode_page
from crawler.text.mirror import unmirror
from crawler.text.repair import repair_page


def decode(item: ReportItem) -> None:
    """Fill the item's form, and for a page or text its encoding fields and decoded text
    (documents such as PDF, DOCX or XLSX are left to their readers)."""
    item.form = sniff(item.body, item.headers.get("Content-Type", ""), item.url)
    if is_document(item.form):
        return
    decoded = decode_page(item.body, item.headers.get("Content-Type"))
    item.declared_charset = decoded.declared
    item.encoding = decoded.encoding
    item.encoding_reason = decoded.reason
    item.encoding_confidence = decoded.confidence
    item.html = decoded.text


def repair(item: ReportItem) -> None:
    """Replace a decoded page (and a mirror's title) by its repaired form, recording what changed."""
    if item.html is None:  # a document: its readers decode it
        return
    repaired = repair_page(item.html)
    item.html = repaired.html
    item.repairs = repaired.repairs
    item.lossy_chars = repaired.lossy_chars
    item.source_agency = repaired.source_agency
    if "mirror-pinyin-removed" in repaired.repairs:  # the listing showed the mirror's title
        item.title = unmirror(item.title)


def parse(item: ReportItem) -> None:
    """Fill ``item.report`` in whatever form the report came (and ``published`` from the page,
    where the listing showed none)."""
    if is_document(item.form or ""):
        item.report = parse_file(item.body, item.form or "", item.title, item.url)
        return
    if item.form == "text":
        item.report = parse_report(read_text(item.html or ""), item.title, item.source_agency)
        return
    try:
        root, document = read_page(item.html or "")
    except UnreadableDocument as error:
        item.report = ParsedReport(item.form or "html", FAILED, (str(error),))
        return
    item.report = parse_report(document, item.title, item.source_agency)
    if not item.published:
        item.published = labelled_date(root.text_content())


def identify(item: ReportItem) -> None:
    """The report's identity (content hash) and the digest of the raw bytes; a page with no
    article text, or one saying it does not exist, gets no report identity (its capture is
    still kept, with the reason)."""
    item.body_sha256 = bytes_sha256(item.body)
    text = item.report.text if item.report else ""
    if item.report and (says := soft_404(text)):
        item.report = replace(item.report, status="not-a-report", reasons=(f"soft 404: the page says {says}",))
        text = ""
    item.content_hash = content_hash(text) if text.strip() else None


def prepare(item: ReportItem) -> ReportItem:
    """The item decoded, repaired, parsed and given its identity (the decoded page is not
    kept: the report's text is)."""
    for stage in (decode, repair, parse, identify):
        stage(item)
    item.html = None
    return item


def prepare_apart(item: ReportItem) -> ReportItem:
    """``prepare`` in a worker process: the item goes back without its bytes, which the crawl
    still holds, so they cross between processes once."""
    prepare(item).body = b""
    return item
