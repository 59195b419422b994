"""Memory benchmark: peak resident memory and wall time of preparing (decode, repair, parse, identify) the
largest hostile input of each form that the limits let through, each in a fresh process; prints figures.

    .venv/bin/python benchmarks/memory.py [--only CASE ...] [--scale 1.0] [--limit-gib 6] [--timeout 1200]

Every input is built around a demo report, then filled up to the limit its form has: a page or text to
15/16 of DOWNLOAD_MAXSIZE (60 MiB), a DOCX or XLSX to MAX_UNPACKED (64 MiB unpacked, its zip a few MiB),
a PDF to MAX_PAGES (300 pages), an XLSX sheet to MAX_CELLS; a DOC or XLS is saved by LibreOffice from a
smaller DOCX or XLSX, and one PDF case has a single page of 4 million characters. At full size the
parser's own limits refuse several of them (a page over MAX_TAGS tags, a DOCX whose document.xml is over
MAX_MAIN_PART, a PDF over its character and table-cell limits), which is what they are there to show;
``--scale`` shrinks each input, to try smaller sizes quickly or to find the largest one read.

Each input is prepared (``crawler.prepare.prepare``) in a child process of its own, one at a time, that
imports what a worker process does (the parser and every document reader, not the demo) and cannot map
more than ``--limit-gib`` (RLIMIT_AS): a runaway fails with MemoryError instead of swapping. The child
reports its resident memory once it holds the body (ready) and its peak (VmHWM); the parser's share is
the difference. The baseline is a child that only imports. LibreOffice, which DOC and XLS go through,
runs under the child: its peak is shown apart, and any of it still running when the child ends is named
and killed.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from itertools import count, repeat
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium

from crawler.crawl.settings import DOWNLOAD_MAXSIZE
from crawler.items import ReportItem
from crawler.parse.documents.legacy import soffice
from crawler.parse.documents.office_zip import MAX_UNPACKED
from crawler.parse.documents.pdf_reader import MAX_PAGES
from crawler.parse.documents.sheet_reader import MAX_CELLS
from crawler.prepare import prepare

MIB = 1024 * 1024
_CELL_STYLE = "border:solid windowtext 1pt;padding:0 5.4pt;text-align:center;"  # as Word exports a cell
_LABELS = ("行政许可", "行政处罚", "行政强制", "政府信息公开申请", "主动公开文件", "依申请公开")
_DOCX_CELL = '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="864"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
_SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
_SHEET_COLUMNS = 20
_SCRIPT = "<script>" + "var x = 1;\n" * 2000 + "</script>"  # 22 KB: no Han in the characters whose score decides


class Sample(NamedTuple):
    """The demo report every input is built around, in each form it comes in."""

    title: str
    body: str  # its HTML, as a portal's article container holds it
    word: str  # as text copied out of Word
    mirror: str  # as a content farm's mirror prints it
    docx: bytes
    xlsx: bytes
    pdf: Callable[[str], bytes]  # an HTML body as a PDF under the report's title


@functools.cache
def _sample() -> Sample:
    """The sample (the demo's modules are imported here only: a child holds what a worker holds)."""
    from crawler.demo.documents import to_docx, to_pdf, to_xlsx
    from crawler.demo.flatten import piped_text, word_text
    from crawler.demo.mirror import mirrored
    from crawler.demo.reports import render_html, variant_report

    report = variant_report(random.Random(11), "某县财政局", 2021)
    body = render_html(report)
    page = f"<html><head><title>{report.title}</title></head><body><div id='zoom'>{body}</div></body></html>"
    return Sample(report.title, body, word_text(body), mirrored(piped_text(page), random.Random(5)),
                  to_docx(report.title, body), to_xlsx(report.title, body),
                  functools.partial(to_pdf, report.title))


def _filled(head: str, parts: Iterable[str], tail: str, size: int, codec: str = "utf-8") -> bytes:
    """``head``, as many of ``parts`` as fit, and ``tail``, encoded in at most ``size`` bytes."""
    encoded = [head.encode(codec, "replace")]
    end = tail.encode(codec, "replace")
    room = size - len(encoded[0]) - len(end)
    for part in parts:
        data = part.encode(codec, "replace")
        if len(data) > room:
            break
        encoded.append(data)
        room -= len(data)
    return b"".join([*encoded, end])


def _number(row: int, column: int) -> str:
    """A cell's number, varied by its row and column."""
    return str((row * 7919 + column * 104729) % 100000)


def _styled_rows() -> Iterator[str]:
    """Rows of ten cells as Word exports them to HTML: a label, then numbers."""
    for n in count(1):
        cells = [f"第{n}项{_LABELS[n % len(_LABELS)]}"] + [_number(n, c) for c in range(9)]
        yield "<tr>" + "".join(f'<td valign="center" style="{_CELL_STYLE}">{c}</td>' for c in cells) + "</tr>"


def _bare_rows() -> Iterator[str]:
    """Rows of twenty cells in the least markup a cell can have (``<td>1``, never closed)."""
    for n in count(1):
        yield "<tr>" + "".join(f"<td>{n % 10 + c}" for c in range(20))


def _page(size: int, parts: Iterable[str], table: bool, charset: str | None = "utf-8",
          head: str = "", codec: str = "utf-8") -> bytes:
    """A portal's page: the report in its article container, then ``parts`` (rows of one table after
    it, when ``table``) up to ``size`` bytes."""
    sample = _sample()
    meta = f'<meta charset="{charset}">' if charset else ""
    opening = (f"<html><head>{meta}<title>{sample.title}</title>{head}</head><body><div class=\"TRS_Editor\">"
               f"{sample.body}\n" + ('<table border="1" width="100%"><tbody>' if table else ""))
    closing = ("</tbody></table>" if table else "") + "</div></body></html>"
    return _filled(opening, parts, closing, size, codec)


def _docx(size: int, table: bool) -> tuple[bytes, str]:
    """The report as a DOCX, then one table of ten-cell rows (or the report again and again) up to
    ``size`` bytes unpacked."""
    with zipfile.ZipFile(io.BytesIO(_sample().docx)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = members["word/document.xml"].decode()
    cut = xml.rindex("<w:sectPr")
    content = xml[xml.index("<w:body>") + len("<w:body>"):cut]
    if table:
        grid = '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid>' + '<w:gridCol w:w="864"/>' * 10
        parts: Iterable[str] = ("<w:tr>" + "".join(_DOCX_CELL.format(_number(n, c)) for c in range(10)) + "</w:tr>"
                                for n in count(1))
        head, tail = xml[:cut] + grid + "</w:tblGrid>", "</w:tbl>" + xml[cut:]
    else:
        parts, head, tail = repeat(content), xml[:cut], xml[cut:]
    others = sum(len(data) for name, data in members.items() if name != "word/document.xml")
    members["word/document.xml"] = _filled(head, parts, tail, size - others)
    return _zipped(members), f"{_mib(sum(map(len, members.values())))} MiB unpacked"


def _zipped(members: dict[str, bytes]) -> bytes:
    """The members (name -> bytes) as a deflated zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _column(number: int) -> str:
    """A spreadsheet column's letters, from 0."""
    return chr(65 + number) if number < 26 else _column(number // 26 - 1) + chr(65 + number % 26)


def _sheet_rows(cell: Callable[[int, int], str]) -> Iterator[str]:
    """The rows of a sheet of MAX_CELLS cells, ``_SHEET_COLUMNS`` a row, each cell's XML from ``cell``."""
    for r in range(1, MAX_CELLS // _SHEET_COLUMNS + 1):
        yield f'<row r="{r}">' + "".join(cell(r, c) for c in range(_SHEET_COLUMNS)) + "</row>"


def _xlsx(size: int, cell: Callable[[int, int], str]) -> tuple[bytes, str]:
    """The report's workbook, then sheets of MAX_CELLS cells (``cell`` their XML) up to ``size`` bytes unpacked."""
    with zipfile.ZipFile(io.BytesIO(_sample().xlsx)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    room = size - sum(map(len, members.values()))
    sheets = 0
    while room > 100_000:  # each sheet adds about 400 bytes to the workbook, its rels and content types
        sheet = _filled(_SHEET.split("{}")[0], _sheet_rows(cell), _SHEET.split("{}")[1], room - 400)
        sheets += 1
        members[f"xl/worksheets/extra{sheets}.xml"] = sheet
        room -= len(sheet) + 400
    relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    names = range(1, sheets + 1)
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b"</sheets>", "".join(
        f'<sheet xmlns:r="{relationship}" name="附表{n}" sheetId="{n + 1}" r:id="rIdX{n}"/>' for n in names
    ).encode() + b"</sheets>")
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", "".join(
        f'<Relationship Type="{relationship}/worksheet" Target="/xl/worksheets/extra{n}.xml" Id="rIdX{n}"/>'
        for n in names).encode() + b"</Relationships>")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", "".join(
        f'<Override PartName="/xl/worksheets/extra{n}.xml" ContentType="{kind}"/>' for n in names
    ).encode() + b"</Types>")
    cells = sum(len(re.findall(rb"<c ", members[f"xl/worksheets/extra{n}.xml"])) for n in names)
    return _zipped(members), f"{_mib(sum(map(len, members.values())))} MiB unpacked, {sheets} sheets, {cells:,} cells"


def _string_cell(size: int) -> Callable[[int, int], str]:
    """Inline-string cells of prose, long enough that one sheet of MAX_CELLS fills ``size`` bytes."""
    prose = re.sub(r"<[^>]+>|\s", "", _sample().body)
    length = max(1, (size // MAX_CELLS - 60) // 3)  # a Han character is 3 bytes of UTF-8
    return lambda r, c: (f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>{r}.{c}'
                         f"{prose[(r * 31 + c) % 1000:][:length]}</t></is></c>")


def _number_cell(r: int, c: int) -> str:
    return f'<c r="{_column(c)}{r}"><v>{_number(r, c)}</v></c>'


def _pdf_pages(pdf: bytes) -> int:
    """The pages of a PDF, as PDFium counts them."""
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _report_pdf(pages: int) -> tuple[bytes, str]:
    """The report's body again and again, as a Word-exported PDF of at most ``pages`` pages."""
    sample = _sample()
    copies = max(1, pages * 10 // 23)  # a copy takes 2.3 pages
    while True:
        pdf = sample.pdf(sample.body * copies)
        over = _pdf_pages(pdf) - pages
        if over <= 0 or copies == 1:
            return pdf, f"{pages + over} pages"
        copies -= max(1, over * 10 // 23)


def _dense_pdf(pages: int, rows: int, columns: int, points: float) -> tuple[bytes, str]:
    """The report's PDF, then pages of one ruled table each of ``rows`` x ``columns`` cells in type of
    ``points`` (every cell ruled on its own, as Word draws them), up to ``pages`` pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    report = pdfium.PdfDocument(_sample().pdf(_sample().body))
    width, height = (A4[0] - 40) / columns, (A4[1] - 40) / rows
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for page in range(max(0, pages - len(report))):
        drawing.setFont("STSong-Light", points)
        drawing.setLineWidth(points / 16)
        for r in range(rows):
            n = page * rows + r
            for c in range(columns):
                x, y = 20 + c * width, A4[1] - 20 - (r + 1) * height
                drawing.rect(x, y, width, height)
                drawing.drawString(x + points / 5, y + points / 2.5, f"第{n}项" if c == 0 else _number(n, c))
        drawing.showPage()
    drawing.save()
    report.import_pages(pdfium.PdfDocument(out.getvalue()))
    merged = io.BytesIO()
    report.save(merged)
    pdf = merged.getvalue()
    return pdf, f"{_pdf_pages(pdf)} pages, {rows * columns:,} cells a page"


def _one_page_pdf(characters: int) -> tuple[bytes, str]:
    """One page of lines of 2,000 digits in 2.5-point type (3.5-point leading: each line a line of its
    own), ``characters`` in all (a page may be 14,400 points a side, and its compressed text is tiny)."""
    from reportlab.pdfgen import canvas

    lines = max(1, characters // 2000)
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=(2800, 3.5 * lines + 10))
    drawing.setFont("Helvetica", 2.5)
    for line in range(lines):
        drawing.drawString(5, 5 + 3.5 * line, _number(line, 0).rjust(5, "0") * 400)
    drawing.showPage()
    drawing.save()
    pdf = out.getvalue()
    return pdf, f"{lines * 2000:,} characters in {len(pdf):,} bytes"


def _saved_as(built: tuple[bytes, str], suffix: str, target: str) -> tuple[bytes, str]:
    """A DOCX or XLSX input saved by LibreOffice as DOC or XLS, given all the time it takes (a crawl's
    conversion is given ``legacy.TIMEOUT``)."""
    data, note = built
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, f"input{suffix}")
        source.write_bytes(data)
        subprocess.run([soffice() or "soffice", "--headless", "--norestore",
                        f"-env:UserInstallation={Path(folder, 'profile').as_uri()}", "--convert-to", target,
                        "--outdir", folder, str(source)], capture_output=True, timeout=1800, check=True)
        return Path(folder, f"input.{target}").read_bytes(), f"from a {suffix[1:].upper()} of {note}"


class Case(NamedTuple):
    """One input: how it is served, and how it is built at a scale."""

    content_type: str
    url: str
    build: Callable[[float], tuple[bytes, str]]  # scale -> (body, what it holds)
    what: str


def _page_size(scale: float) -> int:
    return int(DOWNLOAD_MAXSIZE * 15 / 16 * scale)


def _unpacked(scale: float) -> int:
    return int(MAX_UNPACKED * scale) - 4096


def _pages(scale: float) -> int:
    return max(4, int(MAX_PAGES * scale))


def _noted(build: Callable[[float], bytes], tags: bool = False) -> Callable[[float], tuple[bytes, str]]:
    """A builder of bytes as one of a body and its note: the tags its markup holds, when ``tags``."""
    def built(scale: float) -> tuple[bytes, str]:
        body = build(scale)
        return body, f"{body.count(b'<'):,} tags" if tags else ""
    return built


HTML, TEXT, OCTETS = "text/html", "text/plain", "application/octet-stream"
CASES: dict[str, Case] = {
    "html-utf8-table": Case(HTML, "http://memory.invalid/a.html", _noted(
        lambda s: _page(_page_size(s), _styled_rows(), True), True),
        "UTF-8 page: the report, then one table of ten cells a row in Word's markup"),
    "html-utf8-cells": Case(HTML, "http://memory.invalid/a.html", _noted(
        lambda s: _page(_page_size(s), _bare_rows(), True), True),
        "UTF-8 page: the report, then one table of bare cells (<td>1, unclosed): most elements a byte"),
    "html-utf8-repeat": Case(HTML, "http://memory.invalid/a.html", _noted(
        lambda s: _page(_page_size(s), repeat(_sample().body), False), True),
        "UTF-8 page: the report's body over and over (thousands of its tables)"),
    "html-gbk-table": Case("text/html; charset=gbk", "http://memory.invalid/a.html", _noted(
        lambda s: _page(_page_size(s), _styled_rows(), True, "gbk", codec="gbk"), True),
        "GBK page: as html-utf8-table"),
    "html-no-charset": Case(HTML, "http://memory.invalid/a.html", _noted(
        lambda s: _page(_page_size(s), _styled_rows(), True, None, _SCRIPT), True),
        "UTF-8 page declaring no charset, 22 KB of script before any Han (the bytes are guessed at)"),
    "text-word": Case(TEXT, "http://memory.invalid/a.txt", _noted(
        lambda s: _filled("", repeat(_sample().word + "\n\n"), "", _page_size(s))),
        "text copied out of Word: the report over and over"),
    "text-mirror": Case(TEXT, "http://memory.invalid/a.txt", _noted(
        lambda s: _filled("", repeat(_sample().mirror + "\n"), "", _page_size(s))),
        "a content farm's text (Traditional, pinyin, | cells): the report over and over"),
    "docx-table": Case(OCTETS, "http://memory.invalid/a.docx", lambda s: _docx(_unpacked(s), True),
                       "DOCX: the report, then one table of ten cells a row"),
    "docx-repeat": Case(OCTETS, "http://memory.invalid/a.docx", lambda s: _docx(_unpacked(s), False),
                        "DOCX: the report over and over"),
    "xlsx-numbers": Case(OCTETS, "http://memory.invalid/a.xlsx", lambda s: _xlsx(_unpacked(s), _number_cell),
                         "XLSX: the report's sheet, then sheets of MAX_CELLS numbers each"),
    "xlsx-strings": Case(OCTETS, "http://memory.invalid/a.xlsx",
                         lambda s: _xlsx(_unpacked(s), _string_cell(_unpacked(s))),
                         "XLSX: the report's sheet, then a sheet of MAX_CELLS cells of prose"),
    "pdf-report": Case("application/pdf", "http://memory.invalid/a.pdf", lambda s: _report_pdf(_pages(s)),
                       "PDF (Word-exported): the report over and over, MAX_PAGES pages"),
    "pdf-dense": Case("application/pdf", "http://memory.invalid/a.pdf", lambda s: _dense_pdf(_pages(s), 100, 16, 5),
                      "PDF: the report, then MAX_PAGES pages of ruled tables in 5-point type"),
    "pdf-tiny-type": Case("application/pdf", "http://memory.invalid/a.pdf",
                          lambda s: _dense_pdf(_pages(s), 200, 32, 2.5),
                          "PDF: as pdf-dense, in 2.5-point type, four times the cells a page"),
    "pdf-one-page": Case("application/pdf", "http://memory.invalid/a.pdf", lambda s: _one_page_pdf(int(4e6 * s)),
                         "PDF: one page of 4 million digits"),
    "doc": Case(OCTETS, "http://memory.invalid/a.doc",
                lambda s: _saved_as(_docx(_unpacked(s / 8), False), ".docx", "doc"),
                "DOC (LibreOffice, then as DOCX): docx-repeat at an eighth of the scale, saved as DOC"),
    "doc-slow": Case(OCTETS, "http://memory.invalid/a.doc",
                     lambda s: _saved_as(_docx(_unpacked(s / 4), False), ".docx", "doc"),
                     "DOC: as doc, from twice the DOCX (LibreOffice then needs longer than legacy.TIMEOUT)"),
    "xls": Case(OCTETS, "http://memory.invalid/a.xls",
                lambda s: _saved_as(_xlsx(_unpacked(s / 2), _number_cell), ".xlsx", "xls"),
                "XLS (LibreOffice, then as XLSX): xlsx-numbers at half the scale (LibreOffice's XLSX of "
                "the whole is refused: 105 MB unpacked), saved as XLS"),
    "binary": Case(OCTETS, "http://memory.invalid/a.bin", _noted(lambda s: random.Random(1).randbytes(_page_size(s))),
                   "random bytes (refused as binary)"),
}


def _mib(size: float) -> str:
    return f"{size / MIB:.1f}"


def _status_kib(field: str, pid: int | str = "self") -> int:
    """A VmRSS or VmHWM figure of /proc/PID/status, in KiB (0 once the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else 0


def child(name: str, path: str, title: str) -> None:
    """In the child: prepare the body at ``path`` as ``name`` serves it, listed under ``title``; print what it
    took as JSON."""
    body = Path(path).read_bytes() if path else b""
    ready = _status_kib("VmRSS")
    outcome, seconds = "imports only", 0.0
    if name in CASES:
        case = CASES[name]
        item = ReportItem(url=case.url, portal="memory", title=title, status=200,
                          headers={"Content-Type": case.content_type}, body=body,
                          fetched_at="2026-01-01T00:00:00+00:00")
        started = time.perf_counter()
        try:
            report = prepare(item).report
            reasons = report.reasons if report else ()
            outcome = (f"{item.form} {report.status if report else 'no report'}, "
                       f"{len(report.text if report else ''):,} characters"
                       + (f"; {reasons[0][:90]}" if reasons else ""))
        except BaseException as error:  # MemoryError at the address-space limit, RecursionError: the finding
            outcome = f"raised {type(error).__name__}: {str(error)[:90]}"
        seconds = time.perf_counter() - started
    print(json.dumps({"ready": ready, "peak": _status_kib("VmHWM"), "seconds": seconds, "outcome": outcome,
                      "helper": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))


class Measure(NamedTuple):
    """What one child took."""

    ready: int  # KiB resident with the body read
    peak: int  # KiB, VmHWM
    seconds: float
    outcome: str
    helper: int  # KiB, the peak of the child's own children (LibreOffice), all of them together


def _session(session: int) -> dict[int, int]:
    """Resident KiB of each live process of ``session`` (a child and whatever it started)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split() if entry.name.isdigit() else []
        except OSError:  # gone meanwhile
            continue
        if fields and fields[0] != "Z" and int(fields[3]) == session:
            found[int(entry.name)] = int(fields[21]) * resource.getpagesize() // 1024
    return found


def measure(name: str, path: str, title: str, limit: int, timeout: float) -> Measure:
    """Run the child for ``name`` on ``path`` listed under ``title``, its address space limited to ``limit``
    bytes. Its session is sampled every 0.1 s: its own peak, for a child that dies or is killed after
    ``timeout`` seconds, and its children's (LibreOffice's) together; any of them left running when
    the child ends is killed and named in the outcome."""
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, __file__, "--child", name, path, title], stdout=out, stderr=err,
                                   preexec_fn=limited, start_new_session=True)
        started, peak, helper, ended = time.monotonic(), 0, 0, ""
        while process.poll() is None:
            peak = max(peak, _status_kib("VmHWM", process.pid))
            helper = max(helper, sum(rss for pid, rss in _session(process.pid).items() if pid != process.pid))
            if time.monotonic() - started > timeout:
                os.killpg(process.pid, signal.SIGKILL)  # the child's own process group: it and its LibreOffice
                process.wait()
                ended = f"killed after {timeout:.0f} s"
            time.sleep(0.1)
        seconds = time.monotonic() - started
        if left := _session(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
            ended += f"; {len(left)} processes left running ({_mib(sum(left.values()) * 1024)} MiB), killed"
        out.seek(0)
        lines = out.read().decode().splitlines()
        if process.returncode or not lines:
            err.seek(0)
            last = (err.read().decode().strip().splitlines() or ["no output"])[-1]
            return Measure(0, peak, seconds, ended or f"died ({process.returncode}): {last[:90]}", helper)
        got = Measure(**json.loads(lines[-1]))
        return got._replace(outcome=got.outcome + ended, helper=max(got.helper, helper))


def _row(name: str, size: int, got: Measure, what: str) -> str:
    share = _mib((got.peak - got.ready) * 1024) if got.ready else "?"
    helper = f"; LibreOffice peak {_mib(got.helper * 1024)} MiB" if got.helper else ""
    return (f"{name:16} {_mib(size):>9} {_mib(got.ready * 1024):>6} {_mib(got.peak * 1024):>7} {share:>7} "
            f"{got.seconds:7.1f}  {got.outcome}{helper}  [{what}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(CASES), metavar="CASE",
                        help=f"cases to run (default all): {', '.join(CASES)}")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of each limit to fill (default 1)")
    parser.add_argument("--limit-gib", type=float, default=6.0, help="address space of each child (default 6)")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds before a child is killed")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    limit = int(args.limit_gib * 1024 * MIB)
    print(f"scale {args.scale}; each case prepared in a fresh process of at most {args.limit_gib} GiB address "
          "space; MiB resident: with the body read (ready), at most (peak), their difference (parser)")
    print(f"{'case':16} {'input MiB':>9} {'ready':>6} {'peak':>7} {'parser':>7} {'wall s':>7}  outcome  [input]")
    print(_row("baseline", 0, measure("baseline", "", "", limit, args.timeout), "a child that only imports"),
          flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only or CASES:
            case = CASES[name]
            started = time.monotonic()
            try:
                body, note = case.build(args.scale)
            except subprocess.SubprocessError as error:  # LibreOffice saving a DOC or XLS
                print(f"{name:16} could not be built: {error}", flush=True)
                continue
            print(f"  built {name} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
            path = Path(folder, name)
            path.write_bytes(body)
            got = measure(name, str(path), _sample().title, limit, args.timeout)
            path.unlink()
            print(_row(name, len(body), got, case.what + (f"; {note}" if note else "")), flush=True)


if __name__ == "__main__":
    main()
