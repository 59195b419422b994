"""Fuzz the whole preparation of a fetched item (decode, repair, parse, identify) with hypothesis, for a
time budget; prints executions and any input that makes it raise.

    .venv/bin/python benchmarks/fuzz.py [--seconds 300]

Three kinds of input, in turn: bytes of any kind under any Content-Type; a report page (the demo's, as
GBK and UTF-8 HTML, a content farm's piped text in Traditional with pinyin, flattened Word text) damaged
by byte flips, insertions, deletions and truncation; and DOCX, PDF and XLSX attachments damaged the
same way. An
item may be unreadable (its parse status says why); it must never raise. The suite runs the same
properties briefly (tests/test_parse_properties.py); this runs them for as long as it is given.
"""

from __future__ import annotations

import argparse
import random
import time
import traceback

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.flatten import piped_text, word_text
from crawler.demo.mirror import mirrored
from crawler.demo.reports import render_html, variant_report
from crawler.items import ReportItem
from crawler.prepare import prepare

CONTENT_TYPES = ["text/html", "text/html; charset=utf-8", "text/html; charset=gb2312", "text/plain",
                 "application/octet-stream", "application/pdf", "", "text/html; charset=bogus"]
_REPORT = variant_report(random.Random(11), "某县财政局", 2021)
_HTML = render_html(_REPORT)
_PAGE = f"<html><head><meta charset='utf-8'><title>{_REPORT.title}</title></head><body>{_HTML}</body></html>"
PAGES = [_PAGE.encode("utf-8"), _PAGE.replace("utf-8", "gbk").encode("gbk", "replace"),
         mirrored(piped_text(_PAGE), random.Random(5)).encode("utf-8"), word_text(_HTML).encode("utf-8")]
DOCUMENTS = [(to_docx(_REPORT.title, _HTML), "a.docx"), (to_pdf(_REPORT.title, _HTML), "a.pdf"),
             (to_xlsx(_REPORT.title, _HTML), "a.xlsx")]
damage = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["flip", "insert", "delete", "cut"]),
                            st.binary(min_size=1, max_size=16)), max_size=8)


def _damaged(body: bytes, edits: list[tuple[float, str, bytes]]) -> bytes:
    for where, how, data in edits:
        at = int(where * len(body))
        if how == "flip":
            body = body[:at] + data + body[at + len(data):]
        elif how == "insert":
            body = body[:at] + data + body[at:]
        elif how == "delete":
            body = body[:at] + body[at + len(data):]
        else:
            body = body[:at]
    return body


def _prepare(body: bytes, content_type: str, url: str) -> None:
    prepare(ReportItem(url=url, portal="fuzz", title=_REPORT.title, status=200,
                       headers={"Content-Type": content_type}, body=body, fetched_at="2026-01-01T00:00:00+00:00"))


class Fuzz:
    """The three properties, each counting its executions."""

    def __init__(self) -> None:
        self.executions = 0

    def any_bytes(self, body: bytes, content_type: str, name: str) -> None:
        self.executions += 1
        _prepare(body, content_type, f"http://fuzz.invalid/{name}")

    def damaged_page(self, page: int, edits: list, content_type: str) -> None:
        self.executions += 1
        _prepare(_damaged(PAGES[page], edits), content_type, "http://fuzz.invalid/a.html")

    def damaged_document(self, document: int, edits: list) -> None:
        self.executions += 1
        body, name = DOCUMENTS[document]
        _prepare(_damaged(body, edits), "application/octet-stream", f"http://fuzz.invalid/{name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    args = parser.parse_args()
    fuzz = Fuzz()
    names = st.sampled_from(["a.html", "a.txt", "a.pdf", "a.docx", "a.xlsx", "download.jsp?id=1"])
    run = settings(max_examples=200, deadline=None, database=None, derandomize=False,
                   suppress_health_check=list(HealthCheck))
    properties = [
        run(given(st.binary(max_size=4096), st.sampled_from(CONTENT_TYPES), names)(fuzz.any_bytes)),
        run(given(st.integers(0, len(PAGES) - 1), damage, st.sampled_from(CONTENT_TYPES))(fuzz.damaged_page)),
        run(given(st.integers(0, len(DOCUMENTS) - 1), damage)(fuzz.damaged_document)),
    ]
    started, rounds, crashes = time.monotonic(), 0, 0
    while time.monotonic() - started < args.seconds:
        for prop in properties:
            rounds += 1
            try:
                prop()
            except Exception:  # hypothesis has shrunk the input: show it, go on with the others
                crashes += 1
                traceback.print_exc()
    seconds = time.monotonic() - started
    print(f"{fuzz.executions} executions in {seconds:.0f} s ({fuzz.executions / seconds:.0f}/s), "
          f"{rounds} hypothesis runs of 200 examples, {crashes} crashing inputs found")


if __name__ == "__main__":
    main()
