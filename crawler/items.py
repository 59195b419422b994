"""The item a spider yields for every report page it fetches."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.parse.report import ParsedReport


@dataclass
class ReportItem:
    """One fetch of a report page.

    Spiders fill the fetch fields; pipelines fill the rest in order
    (decode -> repair -> parse -> content hash -> archive).
    """

    url: str
    portal: str
    title: str
    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)  # logged errors name the item, not its bytes
    fetched_at: str
    published: str | None = None
    linked_from: str | None = None  # an attachment: the page that linked it
    capture_id: int | None = None  # its row in captures (crawler.crawl.capture wrote its fetch to WARC)
    frontier: str | None = None  # its request's fingerprint: marked done with it (crawler.archive.frontier)
    # filled by crawler.prepare: decode
    form: str | None = None  # "html", "text", "pdf", "docx", "doc", "xlsx", "xls", ... (crawler.parse.documents.forms)
    declared_charset: str | None = None
    encoding: str | None = None
    encoding_reason: str | None = None
    encoding_confidence: float | None = None  # how well the text reads as Chinese once repaired (0-1)
    html: str | None = field(default=None, repr=False)  # pages and text until parsed; documents: read from bytes
    # ... repair
    repairs: dict[str, int] = field(default_factory=dict)
    lossy_chars: int = 0
    source_agency: str | None = None
    # ... parse
    report: ParsedReport | None = field(default=None, repr=False)
    # ... identify
    content_hash: str | None = None
    body_sha256: str | None = None
