"""What the PDF reader refuses to read because reading it would take too much memory or time, each
with its reason (figures from benchmarks/memory.py); a report of ordinary size is read as before."""

from __future__ import annotations

import io
import random
import tracemalloc
from collections.abc import Callable

import pytest
from reportlab.pdfgen import canvas

from crawler.demo.documents import to_pdf
from crawler.demo.reports import render_html, variant_report
from crawler.parse.documents import pdf_reader
from crawler.parse.documents.document import UnreadableDocument
from crawler.parse.documents.pdf_objects import MAX_PAGE_CHARS
from crawler.parse.documents.pdf_reader import read_pdf
from crawler.parse.report import parse_file
from forms import assert_round_trip

LINE = "0123456789" * 10  # a line of 100 characters


def _pdf(*pages: Callable[[canvas.Canvas], None], height: float = 842.0) -> bytes:
    """A PDF of one page drawn by each of ``pages``."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=(595, height))
    for draw in pages:
        draw(drawing)
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def _digits(characters: int) -> Callable[[canvas.Canvas], None]:
    """A page of ``characters`` digits (a multiple of 100) in lines of 100, in 2-point type 4 points apart."""
    def draw(page: canvas.Canvas) -> None:
        page.setFont("Helvetica", 2)
        for line in range(characters // len(LINE)):
            page.drawString(10, 10 + 4 * line, LINE)
    return draw


def _table(page_number: int, right: float = 310) -> Callable[[canvas.Canvas], None]:
    """A page opening with a ruled table of 5 rows of 3 cells from x 10 to ``right``, each cell
    holding its page, row and column."""
    def draw(page: canvas.Canvas) -> None:
        page.setFont("Helvetica", 8)
        width = (right - 10) / 3
        for row in range(5):
            for column in range(3):
                x, y = 10 + column * width, 800 - (row + 1) * 20
                page.rect(x, y, width, 20)
                page.drawString(x + 3, y + 6, f"{page_number}.{row}.{column}")
    return draw


def test_a_page_of_more_characters_than_the_limit_is_refused_with_its_number() -> None:
    body = _pdf(_digits(1000), _digits(MAX_PAGE_CHARS + 100))
    assert len(body) < 10_000  # a few kilobytes
    parsed = parse_file(body, "pdf")
    assert (parsed.status, parsed.form) == ("failed", "pdf")
    (reason,) = parsed.reasons
    assert reason.startswith("PDF refused: page 2 has ") and reason.endswith(f" characters (limit {MAX_PAGE_CHARS})")


def test_a_page_of_many_characters_is_refused_before_they_are_read() -> None:
    body = _pdf(_digits(200_000), height=8100)  # read, its characters would take some 100 MiB of Python objects
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument, match="page 1 has"):
            read_pdf(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


def test_a_pdf_of_more_characters_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # at the real limit, the pages before the refusal would take some 20 s to read
    body = _pdf(_digits(1000), _digits(1000), _digits(1000))
    monkeypatch.setattr(pdf_reader, "MAX_CHARS", 2500)
    assert parse_file(body, "pdf").reasons == ("PDF refused: 3000 characters by page 3 (limit 2500)",)
    monkeypatch.setattr(pdf_reader, "MAX_CHARS", 3000)
    assert read_pdf(body).text.count(LINE) == 30


def test_a_pdf_of_more_table_cells_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    body = _pdf(_table(1), _table(2), _table(3))
    monkeypatch.setattr(pdf_reader, "MAX_TABLE_CELLS", 40)
    assert parse_file(body, "pdf").reasons == ("PDF refused: 45 table cells by page 3 (limit 40)",)
    monkeypatch.setattr(pdf_reader, "MAX_TABLE_CELLS", 45)
    assert len(read_pdf(body).tables) == 1


def test_a_table_over_several_pages_is_joined_in_order() -> None:
    document = read_pdf(_pdf(_table(1), _table(2), _table(3), _table(4, right=400), _table(5, right=401)))
    first, second = (table.grid for table in document.tables)
    assert first == [[f"{page}.{row}.{column}" for column in range(3)] for page in (1, 2, 3) for row in range(5)]
    assert second == [[f"{page}.{row}.{column}" for column in range(3)] for page in (4, 5) for row in range(5)]


def test_a_report_with_a_table_over_a_page_break_is_read_as_before() -> None:
    report = variant_report(random.Random(0), "某县财政局", 2021)
    body = render_html(report)
    parsed = parse_file(to_pdf(report.title, body), "pdf", report.title)
    assert_round_trip(parsed, report)
    assert len(read_pdf(to_pdf(report.title, body)).tables) == 3  # one of them cut by a page break, joined
