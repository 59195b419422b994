"""The item a spider yields for every report page it fetches."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.section2 import Section2Cell
from crawler.section3 import Section3
from crawler.section4 import Section4


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
    body: bytes
    fetched_at: str
    published: str | None = None
    # filled by DecodePipeline
    declared_charset: str | None = None
    encoding: str | None = None
    encoding_reason: str | None = None
    encoding_confidence: float | None = None
    html: str | None = None
    # filled by RepairPipeline
    repairs: dict[str, int] = field(default_factory=dict)
    lossy_chars: int = 0
    source_agency: str | None = None
    # filled by ParsePipeline
    text: str | None = None
    agency: str | None = None  # as the title names it
    year: int | None = None  # the year the report covers
    section2: list[Section2Cell] = field(default_factory=list)
    section3: Section3 | None = None
    section4: Section4 | None = None
    sections: dict[int, str] = field(default_factory=dict)  # the six sections' text, by number
    # filled by ContentHashPipeline
    content_hash: str | None = None
    body_sha256: str | None = None
