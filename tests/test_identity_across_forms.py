"""One report, one identity, whatever form it is fetched in; two reports, two identities.

Each form is made the way the crawl meets it and goes through ``crawler.prepare.prepare`` as an
item built from its bytes: a TRS portal's GBK page (and the page it serves as UTF-8 under its
gb2312 ``<meta>``), a UTF-8 portal page, a content-farm mirror page (Traditional characters,
pinyin after some, its boilerplate on top), a content farm's flattened text (the same, its tables
as `` |`` lines), a DOCX and a PDF attachment, a PDF with page numbers in its footers, and a
Traditional copy without pinyin. Reports are generated for both template versions, and the seeds
are taken as published.
"""

from __future__ import annotations

import functools
import html
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import lxml.html
import opencc
import pytest

from crawler.demo.documents import text_html, to_docx, to_pdf
from crawler.demo.flatten import piped_text, word_text
from crawler.demo.mirror import mirrored
from crawler.demo.portals import new_portal
from crawler.demo.reports import DemoReport, render_html, seed_reports, variant_report
from crawler.items import ReportItem
from crawler.parse.content_hash import normalise_text
from crawler.parse.report import PARSED
from crawler.parse.template import TEMPLATE_2019, TEMPLATE_2021
from crawler.prepare import prepare
from crawler.text.encoding import decode_page
from crawler.text.repair import repair_page

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
FETCHED_AT = "2026-01-01T00:00:00+00:00"

REPORTS = [
    variant_report(random.Random(11), "青石县财政局", 2019, 0),
    variant_report(random.Random(12), "白河县教育局", 2020, 1),
    variant_report(random.Random(13), "堃山县喆阳镇人民政府", 2021, 2),  # GBK-only characters
    variant_report(random.Random(14), "镕江县审计局", 2024, 3),
    seed_reports()[3],  # a seed's own title and prose
]
IDS = [f"{report.year}-template-{report.template}-{k}" for k, report in enumerate(REPORTS)]


def test_reports_cover_both_template_versions() -> None:
    assert {report.template for report in REPORTS} == {TEMPLATE_2019, TEMPLATE_2021}


# ---------------------------------------------------------------- the forms


def _item(url: str, title: str, content_type: str, body: bytes) -> ReportItem:
    return ReportItem(url=url, portal="demo", title=title, status=200, headers={"Content-Type": content_type},
                      body=body, fetched_at=FETCHED_AT)


def _served(family: str, report: DemoReport, index: int = 0) -> ReportItem:
    """The report's page as a demo portal of ``family`` serves it (the report published twice: a
    TRS portal serves its first report page as UTF-8 under its gb2312 ``<meta>``, the others as GBK)."""
    portal = new_portal(f"{family}-1", "青石县人民政府", family, [report, report], [], random.Random(7))
    path = portal.reports[index].path
    status, content_type, body = portal.render(path)
    assert status == 200
    # the title its column lists (a mirror's, Traditional with pinyin): the page's own
    title = lxml.html.document_fromstring(decode_page(body, content_type).text).findtext(".//title")
    return _item(f"http://{family}.demo{path}", title, content_type, body)


def _attachment(kind: str, title: str, body: bytes) -> ReportItem:
    """An attachment as a Hanweb portal serves it, under the title its page was listed with."""
    return _item(f"http://hanweb.demo/module/download/downfile.jsp?classid=0&filename=1.{kind}", title,
                 "application/octet-stream", body)


def _pdf_with_page_numbers(report: DemoReport) -> bytes:
    """The PDF attachment with ``- n -`` in every page's footer, as Word prints it."""
    from reportlab.platypus import SimpleDocTemplate

    build = SimpleDocTemplate.build

    def footer(canvas: Any, document: Any) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(297, 30, f"- {document.page} -")

    def numbered(self: SimpleDocTemplate, story: list[object], **_: object) -> None:
        build(self, story, onFirstPage=footer, onLaterPages=footer)

    with mock.patch.object(SimpleDocTemplate, "build", numbered):
        return to_pdf(report.title, render_html(report))


def _farm_page(report: DemoReport) -> ReportItem:
    """A content farm's copy: the article flattened to text (each cell a `` |`` line), in
    Traditional characters with pinyin after some, a line a paragraph, the farm's boilerplate above."""
    rng = random.Random(report.year)
    flattened = piped_text(f"<html><body><div id='zoom'>{render_html(report)}</div></body></html>")
    lines = mirrored(flattened, rng).split("\n")
    title = mirrored(report.title, rng)
    boilerplate = mirrored(f"网站支持IPv6 发布时间:{report.published:%Y-%m-%d} 信息来源:{report.agency}", rng, every=2)
    page = (f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            f'<div class="art"><h1>{html.escape(title)}</h1><div class="info">{html.escape(boilerplate)}</div>'
            f'<div class="article-content">{"".join(f"<p>{html.escape(line)}</p>" for line in lines)}</div>'
            "</div></body></html>")
    return _item("http://farm.demo/zixun/20210125/1.html", title, "text/html; charset=utf-8", page.encode())


def _traditional_page(report: DemoReport) -> ReportItem:
    """The UTF-8 page converted to Traditional characters, quoting with 「」, no pinyin: nothing
    marks it as a mirror, so no repair converts it back."""
    utf8 = _served("news", report)
    page = opencc.OpenCC("s2t").convert(utf8.body.decode("utf-8")).replace("“", "「").replace("”", "」")
    return _item(utf8.url.replace("news.demo", "copy.demo"), utf8.title, "text/html; charset=utf-8",
                 page.encode("utf-8"))


FORMS: dict[str, Callable[[DemoReport], ReportItem]] = {
    "gbk page": lambda report: _served("trs", report, 1),
    "utf-8 page under a gb2312 meta": lambda report: _served("trs", report, 0),
    "utf-8 page": lambda report: _served("news", report),
    "mirror page": lambda report: _served("mirror", report),
    "content-farm text": _farm_page,
    "docx": lambda report: _attachment("docx", report.title, to_docx(report.title, render_html(report))),
    "pdf": lambda report: _attachment("pdf", report.title, to_pdf(report.title, render_html(report))),
    "pdf with page numbers": lambda report: _attachment("pdf", report.title, _pdf_with_page_numbers(report)),
    "traditional page without pinyin": _traditional_page,
    # text copied out of Word: a cell merged across rows once, where pages and documents repeat it
    "word text": lambda report: _item("http://a.demo/a.txt", report.title, "text/plain; charset=utf-8",
                                      word_text(render_html(report)).encode("utf-8")),
}
PAGES = ("gbk page", "utf-8 page under a gb2312 meta", "utf-8 page", "mirror page", "traditional page without pinyin")
DOCUMENTS = ("docx", "pdf", "pdf with page numbers")


@functools.cache
def prepared(report: DemoReport) -> dict[str, ReportItem]:
    """Every form of ``report``, prepared as the crawl prepares it."""
    return {form: prepare(make(report)) for form, make in FORMS.items()}


def _hashes(items: dict[str, ReportItem], forms: tuple[str, ...]) -> dict[str, str | None]:
    return {form: items[form].content_hash for form in forms}


# ---------------------------------------------------------------- one report, one identity


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_every_form_is_read_whole(report: DemoReport) -> None:
    """The forms are what they claim to be, and each parses (so the hashes compare real texts)."""
    items = prepared(report)
    assert items["gbk page"].encoding == "gb18030" and items["utf-8 page"].encoding == "utf-8"
    assert items["utf-8 page under a gb2312 meta"].declared_charset == "gb2312"
    assert items["utf-8 page under a gb2312 meta"].encoding == "utf-8"
    for form in ("mirror page", "content-farm text"):
        assert items[form].repairs["mirror-pinyin-removed"] > 0
        assert items[form].source_agency == report.agency
    assert items["traditional page without pinyin"].repairs == {}  # left to the normaliser
    assert items["traditional page without pinyin"].report.text != items["utf-8 page"].report.text
    assert [items[form].form for form in DOCUMENTS] == ["docx", "pdf", "pdf"]
    assert "- 2 -" in items["pdf with page numbers"].report.text
    for form, item in items.items():
        assert item.report is not None and item.report.status == PARSED, form
        assert (item.report.agency, item.report.year) == (report.agency, report.year), form


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_pages_share_one_identity(report: DemoReport) -> None:
    hashes = _hashes(prepared(report), PAGES)
    assert None not in hashes.values() and len(set(hashes.values())) == 1, hashes


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_documents_share_one_identity(report: DemoReport) -> None:
    hashes = _hashes(prepared(report), DOCUMENTS)
    assert None not in hashes.values() and len(set(hashes.values())) == 1, hashes


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_prose_is_the_same_in_every_form(report: DemoReport) -> None:
    """Sections 一, 五 and 六 (prose, no tables) normalise alike in every form whose sections are
    found (the parser looks for them in Simplified: the Traditional page without pinyin has none)."""
    items = {form: item for form, item in prepared(report).items() if form != "traditional page without pinyin"}
    prose = {form: normalise_text("\n".join(item.report.sections[number] for number in (1, 5, 6)))
             for form, item in items.items()}
    assert len(set(prose.values())) == 1 and len(prose["utf-8 page"]) > 200, prose


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_every_form_shares_one_identity(report: DemoReport) -> None:
    hashes = _hashes(prepared(report), tuple(FORMS))
    assert len(set(hashes.values())) == 1, hashes


# ---------------------------------------------------------------- the seeds as published


@functools.cache
def _seed_forms(prefix: str) -> dict[str, ReportItem]:
    """A seed as published (002: a content farm's mirror text), and its prose and tables as pages."""
    published = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    body = text_html(repair_page(published).html)  # 002: its prose and tables, Simplified, as the portal had them
    page = f"<html><head><meta charset='CHARSET'></head><body><div id='zoom'>{body}</div></body></html>"
    return {form: prepare(item) for form, item in {
        "published text": _item("http://farm.demo/a.txt", "", "text/plain; charset=utf-8", published.encode()),
        "utf-8 page": _item("http://a.demo/a.html", "", "text/html; charset=utf-8",
                            page.replace("CHARSET", "utf-8").encode()),
        "gbk page": _item("http://a.demo/b.html", "", "text/html",
                          page.replace("CHARSET", "gbk").encode("gbk", "xmlcharrefreplace")),
        "docx": _attachment("docx", "", to_docx("", body)),
        "pdf": _attachment("pdf", "", to_pdf("", body)),
    }.items()}


PREFIXES = ("000", "001", "002", "003", "004")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_seed_as_published_and_as_pages_shares_one_identity(prefix: str) -> None:
    items = _seed_forms(prefix)
    assert (prefix == "002") == ("mirror-pinyin-removed" in items["published text"].repairs)
    hashes = _hashes(items, ("published text", "utf-8 page", "gbk page"))
    assert None not in hashes.values() and len(set(hashes.values())) == 1, hashes


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_seed_as_a_document_shares_the_pages_identity(prefix: str) -> None:
    hashes = _hashes(_seed_forms(prefix), ("utf-8 page", "docx", "pdf"))
    assert len(set(hashes.values())) == 1, hashes


# ---------------------------------------------------------------- two reports, two identities


def _twins(first: tuple[str, int], second: tuple[str, int]) -> tuple[DemoReport, DemoReport]:
    """Two reports drawn from one seed: the same prose (renamed) and the same tables."""
    a, b = (variant_report(random.Random(21), agency, year) for agency, year in (first, second))
    assert (a.section2, a.section3, a.section4) == (b.section2, b.section3, b.section4)
    return a, b


@pytest.mark.parametrize(("first", "second"), [
    (("白河县教育局", 2022), ("梅川县教育局", 2022)),  # another agency
    (("白河县教育局", 2022), ("白河县教育局", 2023)),  # another year, the same template
], ids=["agency", "year"])
def test_reports_with_the_same_tables_have_their_own_identities(first: tuple[str, int],
                                                                 second: tuple[str, int]) -> None:
    a, b = (prepared(report) for report in _twins(first, second))
    for form in FORMS:
        assert a[form].content_hash is not None and a[form].content_hash != b[form].content_hash, form
