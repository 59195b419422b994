"""PDFium's view of a page, in pdfplumber's shapes: characters and rule edges."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from crawler.documents.pdf_objects import PageObjects, page_objects

HEIGHT = 842.0


def _objects(draw: object) -> PageObjects:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, HEIGHT))
    draw(page)  # type: ignore[operator]
    page.save()
    pdf = pdfium.PdfDocument(out.getvalue())
    try:
        return page_objects(pdf[0])
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
