"""PDFium's view of a page, in pdfplumber's shapes: characters and rule edges."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from crawler.parse.documents.pdf_objects import PageObjects, page_objects

HEIGHT = 842.0


def _objects(draw: object) -> PageObjects:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, HEIGHT))
    draw(page)  # type: ignore[operator]
    page.save()
    pdf = pdfium.PdfDocument(out.getvalue())
    try:
        return page_objects(pdf[0], 1)
    finally:
        pdf.close()


def test_a_line_of_one_chinese_character_in_a_font_not_embedded_is_read() -> None:
    # PDFium drops such a character unless a Chinese font is installed (scripts/bootstrap does)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(page: canvas.Canvas) -> None:
        page.setFont("STSong-Light", 10)
        page.drawString(100, 700, "业")
        page.drawString(100, 680, "杭州·临安")

    chars = _objects(draw).chars
    assert "".join(c["text"] for c in chars) == "业杭州·临安"
    first = chars[0]
    assert (round(first["x0"]), round(first["x1"])) == (100, 110)
    assert first["top"] < HEIGHT - 700 < first["bottom"]  # top-down, the baseline inside the box


def test_rules_are_edges_in_page_coordinates_even_inside_a_form() -> None:
    def draw(page: canvas.Canvas) -> None:
        page.line(50, 800, 250, 800)  # a stroked line
        page.rect(50, 600, 100, 50, stroke=1, fill=0)  # a rectangle: four edges
        page.line(0, 0, 30, 30)  # slanted: no edge
        page.beginForm("rule")
        page.line(0, 0, 0, 40)
        page.endForm()
        page.saveState()
        page.translate(300, 500)
        page.doForm("rule")
        page.restoreState()

    edges = {(e["orientation"], round(e["x0"]), round(e["top"]), round(e["x1"]), round(e["bottom"]))
             for e in _objects(draw).edges}
    assert edges == {
        ("h", 50, 42, 250, 42),
        ("h", 50, 192, 150, 192), ("h", 50, 242, 150, 242),
        ("v", 50, 192, 50, 242), ("v", 150, 192, 150, 242),
        ("v", 300, 302, 300, 342),
    }


def test_the_reader_reads_words_lines_and_ruled_cells_as_pdfplumber_does() -> None:
    # pdf_reader mirrors these pdfplumber readings for speed; a pdfplumber upgrade must not part them
    from pdfplumber.table import TableFinder
    from pdfplumber.utils import chars_to_textmap, extract_text

    from crawler.parse.documents.pdf_reader import _cell_text, _tables, _text_lines

    rnd = random.Random(0)

    def char() -> dict:
        x, top, width, size = rnd.choice([rnd.uniform(0, 60), 5.0 * rnd.randint(0, 12)]), rnd.uniform(0, 20), 5.0, 10.0
        return {"text": rnd.choice("ab12一二,. \u3000ﬁ"), "x0": x, "x1": x + width, "top": top, "bottom": top + size,
                "doctop": top, "width": width, "height": size, "size": size, "upright": True}

    def edge() -> dict:
        a, b = sorted(10.0 * rnd.randint(0, 10) + rnd.choice([0, 0, 1, 4]) for _ in range(2))
        at = 10.0 * rnd.randint(0, 10)
        if rnd.random() < 0.5:
            return {"orientation": "h", "x0": a, "x1": b, "top": at, "bottom": at, "width": b - a, "height": 0.0}
        return {"orientation": "v", "x0": at, "x1": at, "top": a, "bottom": b, "width": 0.0, "height": b - a}

    for _ in range(500):
        chars = [char() for _ in range(rnd.randint(0, 12))]
        assert _cell_text(chars) == extract_text(chars).replace("\n", "")
        lines = chars_to_textmap(chars, layout_bbox=(0, 0, 100, 100)).extract_text_lines()
        assert [tuple(line) for line in _text_lines(chars)] == [
            (line["top"], line["text"], line["x1"], line["chars"][-1]["size"]) for line in lines]
        page = PageObjects([], [edge() for _ in range(rnd.randint(0, 25))], (0.0, 0.0, 120.0, 120.0))
        assert _tables(page) == [table.cells for table in TableFinder(page).tables]


def test_a_damaged_pdf_gives_no_lone_surrogate() -> None:
    # found by benchmarks/fuzz.py: PDFium counts UTF-16 units, and this damage left half a pair in the text,
    # which no UTF-8 encoding (the content hash's) takes
    import random

    from crawler.demo.documents import to_pdf
    from crawler.demo.reports import render_html, variant_report
    from crawler.items import ReportItem
    from crawler.prepare import prepare

    report = variant_report(random.Random(11), "某县财政局", 2021)
    body = to_pdf(report.title, render_html(report))
    at = int(0.3592711044872848 * len(body))
    item = prepare(ReportItem(url="http://x.invalid/a.pdf", portal="t", title=report.title, status=200,
                              headers={"Content-Type": "application/octet-stream"}, body=body[:at] + body[at + 4:],
                              fetched_at="2026-01-01T00:00:00+00:00"))
    text = item.report.text if item.report else ""
    assert not any("\ud800" <= c <= "\udfff" for c in text)
    text.encode("utf-8")
