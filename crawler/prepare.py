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
from crawler.parse.report import FAILED, PARSED, PARTIAL, ParsedReport, parse_file, parse_report
from crawler.parse.soft_404 import soft_404
from crawler.text.chinese import chinese_score
from crawler.text.encoding import SAMPLE, decode_page
from crawler.text.mirror import unmirror
from crawler.text.repair import repair_page

UNSURE_BELOW = 0.9  # real report text reads at 0.98 and up; mojibake at 0.3 to 0.75


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
    """Replace a decoded page (and a mirror's title) by its repaired form, recording what changed,
    and how well the repaired text reads as Chinese (``item.encoding_confidence``)."""
    if item.html is None:  # a document: its readers decode it
        return
    repaired = repair_page(item.html)
    item.html = repaired.html
    score = chinese_score(repaired.html[:SAMPLE])
    item.encoding_confidence = item.encoding_confidence if score is None else round(score, 3)
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


def flag_unsure_text(item: ReportItem) -> None:
    """A page or text that, decoded and repaired, still reads as Chinese only with low confidence
    (mojibake no repair undid, a wrong codec): its report says so and is never taken as clean."""
    confidence = item.encoding_confidence
    if item.report is None or item.html is None or confidence is None or confidence >= UNSURE_BELOW:
        return
    reason = (f"the text reads as Chinese only with low confidence ({confidence:.2f}, decoded as "
              f"{item.encoding}): its decoding may be wrong and its numbers are not to be trusted")
    status = PARTIAL if item.report.status == PARSED else item.report.status
    item.report = replace(item.report, status=status, reasons=(*item.report.reasons, reason))


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
    for stage in (decode, repair, parse, flag_unsure_text, identify):
        stage(item)
    item.html = None
    return item


def prepare_apart(item: ReportItem) -> ReportItem:
    """``prepare`` in a worker process: the item goes back without its bytes, which the crawl
    still holds, so they cross between processes once."""
    prepare(item).body = b""
    return item
