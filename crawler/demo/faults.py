"""A demo portal whose report links go wrong in the ways real portals' do, each on a URL of its own.

Its column lists one good report and one link per fault, each titled as an annual report so the
spider follows it. What each fault does is served by ``FaultHandler``, which writes to the socket
itself where HTTP's rules must be broken (a reset, a stalled body, a truncated gzip stream). Its odd
PDFs are written byte by byte, cross-reference tables and all: one of 5,000 pages, and an incremental
update adding a raw image to one reportlab wrote.
"""

from __future__ import annotations

import functools
import gzip
import io
import random
import re
import socket
import struct
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from itertools import groupby
from urllib.parse import urlsplit

import brotli

from crawler.demo.documents import to_pdf
from crawler.demo.reports import render_html, variant_report

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

AGENCY = "故障县人民政府"
COLUMN = "/xxgk/gknb/index.html"
GOOD = "/xxgk/gknb/good.html"
FLAKY_FAILURES = 2  # a flaky page fails this many times, then answers (RETRY_TIMES is 2)
STALL_SECONDS = 120.0  # longer than any download timeout a crawl of it uses
HUGE_BYTES = 1 << 34  # 16 GiB declared, far over DOWNLOAD_MAXSIZE
BOMB_BYTES = 1 << 28  # what the zip bomb unpacks to: 256 MiB, four times the DOCX reader's limit
MANY_PAGES = 5000  # the many-pages PDF's pages, far over the PDF reader's MAX_PAGES (300)
SCAN_SIZE = (8192, 5120)  # the big PDF's raw 8-bit grey image, in pixels: 40 MiB, under DOWNLOAD_MAXSIZE (64 MiB)
# each content coding's compressor, brotli at the quality servers use on the fly (its default, 11, is slow)
COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress, "br": functools.partial(brotli.compress, quality=5), "zstd": zstd.compress,
}

# fault -> (path, what a crawl must make of it)
FAULTS: dict[str, tuple[str, str]] = {
    "flaky-503": ("/faults/flaky-503.html", "503 twice, then the report: archived after retries"),
    "flaky-502": ("/faults/flaky-502.html", "502 twice, then the report: archived after retries"),
    "always-500": ("/faults/always-500.html", "500 every time: given up after retries, recorded"),
    "timeout": ("/faults/timeout.html", "no answer: timed out, given up after retries, recorded"),
    "stall": ("/faults/stall.html", "headers and half the body, then silence: timed out, recorded"),
    "reset": ("/faults/reset.html", "connection reset: given up after retries, recorded"),
    "truncated-gzip": ("/faults/truncated-gzip.html", "gzip cut in half: recorded, not archived"),
    "invalid-gzip": ("/faults/invalid-gzip.html", "gzip that is not: recorded, not archived"),
    "truncated-br": ("/faults/truncated-br.html", "brotli cut in half: recorded, not archived"),
    "invalid-br": ("/faults/invalid-br.html", "brotli that is not: recorded, not archived"),
    "truncated-zstd": ("/faults/truncated-zstd.html", "zstd cut in half: recorded, not archived"),
    "invalid-zstd": ("/faults/invalid-zstd.html", "zstd that is not: recorded, not archived"),
    "good-br": ("/faults/good-br.html", "a whole brotli body: decoded, archived"),
    "good-zstd": ("/faults/good-zstd.html", "a whole zstd body: decoded, archived"),
    "huge": ("/faults/huge.html", "16 GiB declared: refused before reading, recorded"),
    "endless": ("/faults/endless.html", "an endless chunked body: cut at the size limit, recorded"),
    "soft-404": ("/faults/soft-404.html", "200 with 页面不存在: no report, the reason recorded"),
    "offsite-redirect": ("/faults/offsite-redirect.html", "a redirect to another site: not followed"),
    "binary": ("/faults/binary.html", "random bytes served as text/html: no report, the reason recorded"),
    "nested-divs": ("/faults/nested.html", "the report inside 10,000 nested divs: read, no crash"),
    "malformed": ("/faults/malformed.html", "unclosed tables and nested forms around the report: read"),
    "wrong-charset": ("/faults/wrong-charset.html", "GBK sent as UTF-8: decoded from the bytes, archived"),
    "zip-bomb": ("/faults/bomb.docx", "a DOCX unpacking to 256 MiB: refused unread, the reason recorded"),
    "xxe": ("/faults/xxe.docx", "a DOCX whose XML names /etc/passwd as an entity: never expanded"),
    "bad-pdf": ("/faults/broken.pdf", "a PDF that is not one: the reason recorded"),
    "many-pages-pdf": ("/faults/many-pages.pdf", "a valid PDF of 5,000 pages: refused by its page count, recorded"),
    "big-pdf": ("/faults/big.pdf", "a valid 40 MiB PDF, a raw image under its text: read, archived"),
    "hostile-filename": ("/faults/download.jsp?id=1", "an attachment named ../../etc/passwd: nothing written by name"),
    "nul-filename": ("/faults/download.jsp?id=2", "an attachment named with a NUL byte: nothing written by name"),
}


def _title(n: int) -> str:
    return f"故障县第{n}局2021年政府信息公开工作年度报告"


_CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument'
                  '.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
         ' Target="word/document.xml"/></Relationships>')


def _docx(run: str, doctype: str = "", padding: int = 0, after: str = "") -> bytes:
    """A minimal DOCX whose one paragraph holds ``run`` (after an optional DOCTYPE), then ``padding``
    spaces (written in chunks) and ``after``."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write((f'<?xml version="1.0"?>{doctype}<w:document xmlns:w="http://schemas.openxmlformats.org/'
                            f'wordprocessingml/2006/main"><w:body><w:p><w:r>{run}').encode())
            chunk = b" " * (1 << 20)
            for _ in range(padding // len(chunk)):
                document.write(chunk)
            document.write(f"{after}</w:r></w:p></w:body></w:document>".encode())
    return packed.getvalue()


def _pdf_tail(start: int, objects: dict[int, bytes], trailer: bytes) -> list[bytes]:
    """``objects`` (number -> dictionary, and stream) written from offset ``start`` of a file, then their
    cross-reference section and a trailer of ``trailer``'s entries: a PDF's body after its header, or an
    incremental update appended to a whole PDF. The parts, to be joined once."""
    parts: list[bytes] = []
    entries = {0: b"0000000000 65535 f \n"}
    at = start
    for number, body in sorted(objects.items()):
        entries[number] = b"%010d 00000 n \n" % at
        parts += [b"%d 0 obj\n" % number, body, b"\nendobj\n"]
        at += len(parts[-3]) + len(body) + len(parts[-1])
    parts.append(b"xref\n")
    for _, run in groupby(enumerate(sorted(entries)), key=lambda pair: pair[1] - pair[0]):
        numbers = [number for _, number in run]  # a subsection: consecutive object numbers
        parts += [b"%d %d\n" % (numbers[0], len(numbers)), *(entries[number] for number in numbers)]
    parts.append(b"trailer\n<< %b >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, at))
    return parts


def _many_pages_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` pages sharing one content stream (under 100 bytes a page)."""
    kids = range(5, 5 + pages)
    text = b"BT /F1 24 Tf 72 760 Td (Annual report) Tj ET"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Count %d /Kids [ %b ] /MediaBox [ 0 0 595 842 ] /Resources << /Font << /F1 3 0 R >> >> >>"
           % (pages, b" ".join(b"%d 0 R" % kid for kid in kids)),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Length %d >>\nstream\n%b\nendstream" % (len(text), text),
    } | {kid: b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>" for kid in kids}
    header = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return b"".join([header, *_pdf_tail(len(header), objects, b"/Size %d /Root 1 0 R" % (5 + pages))])


def _with_scan(pdf: bytes, width: int, height: int) -> bytes:
    """``pdf`` (as reportlab writes it) and an incremental update drawing an uncompressed ``width`` x ``height``
    grey image over the whole of its first page, under the text: a PDF whose bytes are nearly all the image."""
    size = int(re.search(rb"/Size (\d+)", pdf)[1])
    image, draw = size, size + 1
    first = int(re.search(rb"/Kids \[ (\d+) 0 R", pdf)[1])
    page = re.search(rb"\n%d 0 obj\n(<<.*?>>)\nendobj" % first, pdf, re.DOTALL)[1]
    page = re.sub(rb"/Contents (\d+ 0 R)", rb"/Contents [ %d 0 R \1 ]" % draw, page, count=1)
    page = page.replace(b"/Resources <<", b"/Resources << /XObject << /Scan %d 0 R >>" % image, 1)
    pixels = bytes(range(256)) * (width * height // 256)
    paint = b"q 595.2756 0 0 841.8898 0 0 cm /Scan Do Q"
    objects = {
        first: page,
        image: b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
               b" /Length %d >>\nstream\n%b\nendstream" % (width, height, len(pixels), pixels),
        draw: b"<< /Length %d >>\nstream\n%b\nendstream" % (len(paint), paint),
    }
    last = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    trailer = b"/Size %d %b %b /Prev %d" % (size + 2, re.search(rb"/Root \d+ 0 R", pdf)[0],
                                           re.search(rb"/Info \d+ 0 R", pdf)[0], last)
    return b"".join([pdf, *_pdf_tail(len(pdf), objects, trailer)])


class FaultPortal:
    """The fault portal: what the demo server needs to describe and serve it."""

    family = "faults"
    spider = "listing"  # its column is a plain list
    region = "故障县"
    options = {"download_timeout": 3}  # its own short wait (seconds): the demo is not held up by what never comes

    def __init__(self, index: int) -> None:
        self.id = f"faults-{index}"
        self.name = AGENCY
        self.agency = AGENCY
        self.requests: Counter[str] = Counter()  # path and query -> times asked
        self.lock = threading.Lock()
        report = variant_report(random.Random(7), "故障县财政局", 2021)
        self.good = render_html(report).encode("utf-8")
        self.xxe = _docx("<w:t>&x;</w:t>", '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>')

    @functools.cached_property
    def bomb(self) -> bytes:
        """A DOCX whose text unpacks to 256 MiB of spaces (about 256 KiB zipped), made when first asked for."""
        return _docx("<w:t>", "", padding=BOMB_BYTES, after="</w:t>")

    @functools.cached_property
    def many_pages_pdf(self) -> bytes:
        """A valid PDF of 5,000 pages (about 470 KB), made when first asked for."""
        return _many_pages_pdf(MANY_PAGES)

    @functools.cached_property
    def big_pdf(self) -> bytes:
        """The report (of the 档案局) as a PDF whose first page also shows a raw 40 MiB image, made when first
        asked for."""
        report = variant_report(random.Random(7), "故障县档案局", 2021)
        return _with_scan(to_pdf(report.title, render_html(report)), *SCAN_SIZE)

    def renamed(self, bureau: str) -> bytes:
        """The good report, of another bureau."""
        return self.good.replace("财政局".encode(), bureau.encode())

    @property
    def start_paths(self) -> list[str]:
        return [COLUMN]

    def column(self) -> bytes:
        rows = [f'<li><a href="{GOOD}">故障县财政局2021年政府信息公开工作年度报告</a><span>2022-01-20</span></li>']
        rows += [f'<li><a href="{path}">{_title(n)}</a><span>2022-01-{n + 1:02d}</span></li>'
                 for n, (path, _) in enumerate(FAULTS.values(), start=1)]
        html = (f"<html><head><meta charset='utf-8'><title>年报</title></head><body><h1>{AGENCY}</h1>"
                f"<ul class='list'>{''.join(rows)}</ul></body></html>")
        return html.encode("utf-8")

    def asked(self, key: str) -> int:
        """Count a request; how many times (this one included) it has been asked."""
        with self.lock:
            self.requests[key] += 1
            return self.requests[key]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)


def _handler_for(portal: FaultPortal) -> type[BaseHTTPRequestHandler]:
    class FaultHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            key = f"{parts.path}?{parts.query}" if parts.query else parts.path
            times = portal.asked(key)
            if parts.path == "/robots.txt":
                return self._send(200, "text/plain", b"User-agent: *\nDisallow: /admin/\n")
            if parts.path == COLUMN:
                return self._send(200, "text/html; charset=utf-8", portal.column())
            if parts.path == GOOD:
                return self._send(200, "text/html; charset=utf-8", portal.good)
            fault = next((name for name, (path, _) in FAULTS.items() if path == key), None)
            if fault is None:
                return self._send(404, "text/html; charset=utf-8", "页面不存在".encode())
            getattr(self, "_" + fault.replace("-", "_"))(times)

        def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def _flaky(self, times: int, status: int) -> None:
            if times <= FLAKY_FAILURES:
                return self._send(status, "text/html; charset=utf-8", b"busy")
            self._send(200, "text/html; charset=utf-8", portal.good.replace("财政局".encode(), "审计局".encode()))

        def _flaky_503(self, times: int) -> None:
            self._flaky(times, 503)

        def _flaky_502(self, times: int) -> None:
            self._flaky(times, 502)

        def _always_500(self, times: int) -> None:
            self._send(500, "text/html; charset=utf-8", b"Internal Server Error")

        def _timeout(self, times: int) -> None:
            time.sleep(STALL_SECONDS)

        def _stall(self, times: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(portal.good)))
            self.end_headers()
            self.wfile.write(portal.good[: len(portal.good) // 2])
            self.wfile.flush()
            time.sleep(STALL_SECONDS)

        def _reset(self, times: int) -> None:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()  # with linger 0: a reset, not a close
            self.close_connection = True

        def _truncated_gzip(self, times: int) -> None:
            self._truncated("gzip")

        def _invalid_gzip(self, times: int) -> None:
            self._invalid("gzip")

        def _truncated_br(self, times: int) -> None:
            self._truncated("br")

        def _invalid_br(self, times: int) -> None:
            self._invalid("br")

        def _truncated_zstd(self, times: int) -> None:
            self._truncated("zstd")

        def _invalid_zstd(self, times: int) -> None:
            self._invalid("zstd")

        def _good_br(self, times: int) -> None:
            self._compressed("br", COMPRESS["br"](portal.renamed("商务局")))

        def _good_zstd(self, times: int) -> None:
            self._compressed("zstd", COMPRESS["zstd"](portal.renamed("民政局")))

        def _truncated(self, coding: str) -> None:
            packed = COMPRESS[coding](portal.good)
            self._compressed(coding, packed[: len(packed) // 2])

        def _invalid(self, coding: str) -> None:
            self._compressed(coding, f"this is not {coding} at all".encode() * 20)

        def _compressed(self, coding: str, body: bytes) -> None:
            self._send(200, "text/html; charset=utf-8", body, Content_Encoding=coding)

        def _huge(self, times: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            self.wfile.write(b"<html>" + b" " * 65536)
            self.close_connection = True

        def _endless(self, times: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + "无尽".encode() * 20000 + b"</p>"
            try:
                while True:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:  # the crawler hung up
                self.close_connection = True

        def _soft_404(self, times: int) -> None:
            page = ("<html><head><meta charset='utf-8'><title>页面不存在</title></head><body>"
                    "<h1>页面不存在</h1><p>您访问的页面不存在或已被删除。</p></body></html>")
            self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))

        def _offsite_redirect(self, times: int) -> None:
            host, port = self.server.server_address[:2]
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}{GOOD}?from=offsite")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _binary(self, times: int) -> None:
            self._send(200, "text/html; charset=utf-8", random.Random(3).randbytes(65536))

        def _nested_divs(self, times: int) -> None:
            page = portal.good.decode("utf-8").replace("财政局", "统计局")
            page = page.replace("<body>", "<body>" + "<div>" * 10000).replace("</body>", "</div>" * 10000 + "</body>")
            self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))

        def _malformed(self, times: int) -> None:
            page = portal.good.decode("utf-8").replace("财政局", "水利局")
            junk = "<table><tr><td><form><form><table><tr><td>" * 50
            self._send(200, "text/html; charset=utf-8", page.replace("<body>", "<body>" + junk).encode("utf-8"))

        def _wrong_charset(self, times: int) -> None:
            page = portal.good.decode("utf-8").replace("财政局", "教育局").replace("charset=utf-8", "")
            self._send(200, "text/html; charset=utf-8", page.encode("gbk"))

        def _zip_bomb(self, times: int) -> None:
            self._document(portal.bomb)

        def _xxe(self, times: int) -> None:
            self._document(portal.xxe)

        def _bad_pdf(self, times: int) -> None:
            self._send(200, "application/pdf", b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n" + b"garbage" * 1000)

        def _many_pages_pdf(self, times: int) -> None:
            self._send(200, "application/pdf", portal.many_pages_pdf)

        def _big_pdf(self, times: int) -> None:
            self._send(200, "application/pdf", portal.big_pdf)

        def _document(self, body: bytes) -> None:
            self._send(200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body)

        def _hostile_filename(self, times: int) -> None:
            self._attachment('attachment; filename="../../etc/passwd"')

        def _nul_filename(self, times: int) -> None:
            self._attachment("attachment; filename=\"report\x00.docx\"; filename*=UTF-8''%2E%2E%2F%00evil.docx")

        def _attachment(self, disposition: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(portal.good)))
            self.send_header("Content-Disposition", disposition)
            self.end_headers()
            self.wfile.write(portal.good)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return FaultHandler
