"""Parse benchmark: reports parsed per second, one core, per form the parser reads.

    .venv/bin/python benchmarks/parse.py [--reports 300] [--documents 40] [--legacy 5]

Generated reports of both template versions, each rendered in every form, then parsed
the way a crawl does (``crawler.prepare.parse``: text, six sections, sections 二, 三 and
四, checks, status). Every parse is checked against the report's own numbers, so a
fast wrong parser cannot score. DOCX and PDF are slower to read and take fewer reports;
DOC goes through LibreOffice (a process per file) and takes fewer still. The machine's
speed varies from run to run: HTML and text forms are timed over several rounds and the
median is shown with the best.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence

from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.flatten import piped_text, word_text
from crawler.demo.reports import DemoReport, render_html, variant_report
from crawler.parse.documents.html_page import read_html, read_text
from crawler.parse.documents.legacy import convert
from crawler.parse.html_text import parse_html
from crawler.parse.report import PARSED, ParsedReport, parse_file, parse_report


def _page(report: DemoReport) -> str:
    return f"<html><body><div id='zoom'>{render_html(report)}</div></body></html>"


FORMS: dict[str, tuple[Callable[[DemoReport], object], Callable[[object, str], ParsedReport]]] = {
    "HTML (rowspan/colspan tables)": (_page, lambda page, title: parse_report(read_html(parse_html(page)), title)),
    "content-farm text (` |` cells)": (lambda r: piped_text(_page(r)),
                                        lambda text, title: parse_report(read_text(text), title)),
    "Word-flattened text": (lambda r: word_text(render_html(r)),
                            lambda text, title: parse_report(read_text(text), title)),
    "DOCX": (lambda r: to_docx(r.title, render_html(r)), lambda body, title: parse_file(body, "docx", title)),
    "PDF (text layer)": (lambda r: to_pdf(r.title, render_html(r)), lambda body, title: parse_file(body, "pdf", title)),
    "PDF without rules": (lambda r: to_pdf(r.title, render_html(r), ruled=False),
                          lambda body, title: parse_file(body, "pdf", title)),
    "XLSX (openpyxl)": (lambda r: to_xlsx(r.title, render_html(r)),
                        lambda body, title: parse_file(body, "xlsx", title)),
    "DOC (LibreOffice)": (lambda r: convert(to_docx(r.title, render_html(r)), ".docx", "doc"),
                          lambda body, title: parse_file(body, "doc", title)),
    "XLS (LibreOffice)": (lambda r: convert(to_xlsx(r.title, render_html(r)), ".xlsx", "xls"),
                          lambda body, title: parse_file(body, "xls", title)),
}


def _right(parsed: ParsedReport, report: DemoReport) -> bool:
    return (parsed.status == PARSED and parsed.section3 is not None and parsed.section4 is not None
            and [(r.key, r.values) for r in parsed.section3.rows] == list(report.section3)
            and parsed.section4.values == report.section4)


def measure(form: str, reports: Sequence[DemoReport], rounds: int) -> tuple[float, float, int]:
    """(median and best reports per second over ``rounds``, how many parsed exactly right) of one form."""
    render, parse = FORMS[form]
    inputs = [render(report) for report in reports]
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        parsed = [parse(item, report.title) for item, report in zip(inputs, reports)]
        rates.append(len(reports) / (time.perf_counter() - started))
    return statistics.median(rates), max(rates), sum(_right(p, r) for p, r in zip(parsed, reports))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300, help="reports per HTML and text form")
    parser.add_argument("--documents", type=int, default=40, help="reports per DOCX and PDF form")
    parser.add_argument("--legacy", type=int, default=5, help="reports as DOC and as XLS (a LibreOffice run each)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per HTML and text form (median shown)")
    args = parser.parse_args()
    rng = random.Random(0)
    reports = [variant_report(rng, f"某县第{i}局", 2019 + i % 6) for i in range(args.reports)]
    counts = {"DOCX": args.documents, "PDF (text layer)": args.documents, "PDF without rules": args.documents,
              "XLSX (openpyxl)": args.documents, "DOC (LibreOffice)": args.legacy, "XLS (LibreOffice)": args.legacy}
    print("generated reports, both template versions, one core")
    print(f"{'form':34} {'reports':>7} {'rounds':>6} {'median/s':>9} {'best/s':>8} {'exact':>6}")
    for form in FORMS:
        sample = reports[:counts.get(form, args.reports)]
        rounds = 1 if form in counts else args.rounds
        median, best, right = measure(form, sample, rounds)
        print(f"{form:34} {len(sample):7d} {rounds:6d} {median:9.1f} {best:8.1f} {right:6d}")


if __name__ == "__main__":
    main()
