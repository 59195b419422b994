"""Parse a report, in whatever form it was read, into what the archive keeps of it.

``parse_report`` is the parser's one entry point: template version, agency, year covered,
the six sections' text, the tables of sections 二, 三 and 四 with the template's checks,
and a parse status with its reasons. It never raises: a failure is a status.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from crawler.parse.agency import implausible, report_agency_of
from crawler.parse.documents.document import Document, UnreadableDocument
from crawler.parse.documents.forms import read_document
from crawler.parse.report_year import covered_year
from crawler.parse.section2 import (
    Section2,
    Section2Cell,
    parse_section2,
    parse_section2_text,
    section2_version,
    template_cells,
)
from crawler.parse.section3 import Section3, parse_section3, parse_section3_text
from crawler.parse.section4 import Section4, parse_section4, parse_section4_text
from crawler.parse.sections import split_sections
from crawler.parse.template import SECTION3_KEYS, TEMPLATE_2019, TEMPLATE_2021, template_for_year
from crawler.text.fold import fold

# Bumped whenever the parser reads any report differently: every report records the
# version that parsed it, so an archive knows which reports a re-parse would change.
# 2: a table's text has a cell merged across rows in each row, in every form.
# 3: text that lost its tables' rules is read as labels and runs of numbers, cells run together cut
#    where one way is left; a column name with a one-character typo is known; the period the
#    numbers cover gives the year.
# 4: a report's identity leaves out the template's labels that tables merge across rows (printed in
#    every row by pages, documents and farms, once by Word's text): every content hash changes.
# 5: a text's words broken one character a line (a flipbook's text layer, vertical header cells) are
#    joined back before it is read.
PARSER_VERSION = "5"

PARSED = "parsed"  # every table of its template version found and every cell read
PARTIAL = "partial"  # something is missing or unreadable: the reasons say what
FREE_FORM = "free-form"  # a report before 2019, when there was no fixed template, with no tables
FAILED = "failed"  # the document could not be read at all

_FIRST_TEMPLATE_YEAR = 2019
_LISTED = 5  # missing or unreadable cells named in a reason before "and N more"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedReport:
    """What the parser made of one report."""

    form: str
    status: str
    reasons: tuple[str, ...] = ()
    template: str | None = None  # "2019", "2021" or None (free-form or not found)
    agency: str | None = None
    year: int | None = None  # the year the report covers
    text: str = ""
    sections: dict[int, str] = field(default_factory=dict)  # section number (1-6) -> text
    section2: list[Section2Cell] = field(default_factory=list)
    section3: Section3 | None = None
    section4: Section4 | None = None
    parser_version: str = PARSER_VERSION


def _listed(what: str, items: list[str]) -> str:
    more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
    return f"{what}: {', '.join(items[:_LISTED])}{more}"


def _section3_version(section3: Section3 | None) -> str | None:
    if section3 is None:
        return None
    if section3.template:
        return section3.template
    keys = {row.key for row in section3.rows}
    return TEMPLATE_2021 if keys & {"other_1", "other_2", "other_3"} else TEMPLATE_2019 if "other" in keys else None


def _template(section2: list[Section2Cell], section3: Section3 | None, year: int | None,
              reasons: list[str]) -> str | None:
    """The version section 三's rows follow, else the one section 二's columns name. Where they
    differ (a 2021-style section 二 over the 2019 single （六）其他处理 row, common in 2022-2024),
    the version of the year covered wins, else section 二's, and the drift is a reason."""
    by_rows, by_columns = _section3_version(section3), section2_version(section2)
    if by_rows and by_columns and by_rows != by_columns:
        reasons.append(f"section 二 follows the {by_columns} template, section 三 the {by_rows} one")
        by_year = template_for_year(year) if year is not None and year >= _FIRST_TEMPLATE_YEAR else None
        return by_year if by_year in (by_rows, by_columns) else by_columns
    return by_rows or by_columns


def _section2_reasons(section2: Section2, template: str) -> list[str]:
    cells = section2.cells
    found = {(c.block, c.row, fold(c.column)) for c in cells}
    expected = template_cells(template)
    missing = [" ".join(key) for key in expected if (key[0], key[1], fold(key[2])) not in found]
    reasons = []
    if not cells and not section2.misfits:
        reasons.append("section 二: no table found")
    elif missing:
        reasons.append(_listed(f"section 二: {len(missing)} of {len(expected)} cells missing", missing))
    if section2.misfits:
        reasons.append(_listed("section 二: numbers that do not fit their columns, left out", section2.misfits))
    unreadable = [f"{c.block} {c.row} {c.column}: {c.raw!r}" for c in cells if c.unreadable]
    if unreadable:
        reasons.append(_listed("section 二: unreadable cells", unreadable))
    return reasons


def _section3_reasons(section3: Section3 | None, template: str) -> list[str]:
    if section3 is None:
        return ["section 三: no table found"]
    reasons = []
    if section3.template is None:
        keys = {row.key for row in section3.rows}
        missing = [key for key in SECTION3_KEYS[template] if key not in keys]
        reasons.append(_listed(f"section 三: rows of the {template} template missing", missing) if missing
                       else "section 三: rows out of the template's order or extra")
    if section3.unreadable:
        reasons.append(_listed("section 三: unreadable cells", section3.unreadable))
    if section3.placed:
        reasons.append(_listed("section 三: rows whose labels were lost, placed by the template's order",
                               list(section3.placed)))
    return reasons


def _section4_reasons(section4: Section4 | None) -> list[str]:
    if section4 is None:
        return ["section 四: no table found"]
    return [_listed("section 四: unreadable cells", section4.unreadable)] if section4.unreadable else []


def _parse(document: Document, title: str, source_agency: str | None) -> ParsedReport:
    text = document.text
    title = title or document.title or ""  # a document found without a listed title: its own
    year = covered_year(title, text)
    agency = report_agency_of(title, text) or source_agency
    not_a_body = implausible(agency) if agency else None
    from_tables = parse_section2(document.tables)
    section2 = from_tables if from_tables.cells or from_tables.misfits else parse_section2_text(text)
    section3 = parse_section3(document.tables) or parse_section3_text(text)
    section4 = parse_section4(document.tables) or parse_section4_text(text)
    reasons: list[str] = []
    template = _template(section2.cells, section3, year, reasons)
    free_form = template is None and section4 is None and year is not None and year < _FIRST_TEMPLATE_YEAR
    if year is None:
        reasons.append("the year the report covers was not found in its title or text")
    if not_a_body:  # a spam mirror's advertisement or URL where the name was: never an agency
        reasons.append(f"the agency read, {agency!r}, is not a plausible government body ({not_a_body}): left out")
        agency = None
    elif agency is None:
        reasons.append("the agency was not found in the title, the opening or the signature")
    if template is None and not free_form:
        reasons.append("no table of either template version found (sections 二 and 三)")
    if template is not None:
        reasons += _section2_reasons(section2, template) + _section3_reasons(section3, template)
        reasons += _section4_reasons(section4)
    status = FREE_FORM if free_form and not reasons else PARTIAL if reasons else PARSED
    return ParsedReport(document.form, status, tuple(reasons), template, agency, year, text, split_sections(text),
                        section2.cells, section3, section4)


def parse_report(document: Document, title: str = "", source_agency: str | None = None) -> ParsedReport:
    """Everything the parser reads from ``document``; ``title`` is the title it was listed under,
    ``source_agency`` the 信息来源 that repairing a content-farm mirror cut from its text."""
    try:
        return _parse(document, title, source_agency)
    except Exception as error:  # a parser bug must cost one report, never the crawl: recorded, logged
        log.exception("parser error on a %s document titled %r", document.form, title)
        return ParsedReport(document.form, FAILED, (f"parser error: {type(error).__name__}: {error}",),
                            text=document.text)


def parse_file(body: bytes, form: str, title: str = "", url: str = "") -> ParsedReport:
    """Read a PDF, DOCX or DOC/WPS body and parse it; an unreadable one is a FAILED report."""
    try:
        document = read_document(body, form, url)
    except UnreadableDocument as error:
        return ParsedReport(form, FAILED, (str(error),))
    return parse_report(document, title)
