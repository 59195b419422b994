"""Every form a report reaches the parser in, made from an HTML body, and the round-trip check."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html

from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.flatten import piped_text, word_text
from crawler.demo.reports import DemoReport, body_paragraphs
from crawler.parse.documents.html_page import read_html, read_text
from crawler.parse.report import PARSED, ParsedReport, parse_file, parse_report
from crawler.parse.section2 import block_key


def page(body: str) -> str:
    return f"<html><body><div id='zoom'>{body}</div></body></html>"


def _html(body: str, title: str) -> ParsedReport:
    return parse_report(read_html(lxml.html.document_fromstring(page(body))), title)


def markdown_with_html_tables(body: str) -> str:
    """The body as a PDF converter's markdown that keeps tables as HTML (MinerU and others): each
    paragraph a line of text, each table its HTML markup, a blank line between blocks."""
    blocks = lxml.html.fragment_fromstring(body, create_parent="div")
    return "\n\n".join(lxml.html.tostring(block, encoding="unicode") if block.tag == "table"
                        else " ".join(block.text_content().split()) for block in blocks)


# form -> parse(body, title): the body rendered in that form, then parsed as the pipeline does
FORMS: dict[str, Callable[[str, str], ParsedReport]] = {
    "html": _html,
    "content-farm text": lambda body, title: parse_report(read_text(piped_text(page(body))), title),
    "word text": lambda body, title: parse_report(read_text(word_text(body)), title),
    "markdown with html tables": lambda body, title: parse_report(read_text(markdown_with_html_tables(body)), title),
    "docx": lambda body, title: parse_file(to_docx(title, body), "docx"),
    "pdf": lambda body, title: parse_file(to_pdf(title, body), "pdf"),
    "pdf without rules": lambda body, title: parse_file(to_pdf(title, body, ruled=False), "pdf"),
    "xlsx": lambda body, title: parse_file(to_xlsx(title, body), "xlsx"),
}


def assert_round_trip(parsed: ParsedReport, report: DemoReport) -> None:
    """``parsed`` holds exactly the generated report's numbers, agency, year and template."""
    assert (parsed.status, parsed.reasons) == (PARSED, ())
    assert (parsed.template, parsed.year, parsed.agency) == (report.template, report.year, report.agency)
    expected2 = [(block_key(block), row, raw)
                 for block, row, cells in report.section2 for raw in cells]
    assert [(c.block, c.row, c.raw) for c in parsed.section2] == expected2
    assert parsed.section3 is not None and [(r.key, r.values) for r in parsed.section3.rows] == list(report.section3)
    assert parsed.section4 is not None and parsed.section4.values == report.section4
    assert sorted(parsed.sections) == [1, 2, 3, 4, 5, 6]
    assert all(paragraph in parsed.text for paragraph in body_paragraphs(report))  # prose whole, unwrapped
