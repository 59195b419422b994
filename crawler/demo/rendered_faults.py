"""A demo portal whose columns are written by JavaScript that goes wrong, read by the rendered spider.

* ``/gkml/gknb/index.html`` never finishes loading: an async script and an image stall forever, so
  the page's ``load`` event never comes, while its own script writes the list as usual. It also asks
  another site (``localhost`` on the same port: another origin) for an image and a ``fetch``, which
  the browser must never send.
* ``/gkml/gknb/spin.html`` never yields: its script loops forever before the list.

``/__requests.json`` tells what was asked, by path, so tests can see nothing went to the other origin.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from crawler.demo.faults import STALL_SECONDS
from crawler.demo.reports import render_html, variant_report

AGENCY = "故障县人民政府"
COLUMN = "/gkml/gknb/index.html"  # the list is written, the page never finishes loading
SPIN = "/gkml/gknb/spin.html"  # the script never yields
REPORT = "/gkml/gknb/rendered.html"
STALLED = ("/faults/never.js", "/faults/never.gif")  # answered never
BEACON = "/faults/beacon"  # on another origin: never to be asked
REQUESTS = "/__requests.json"


def _column(port: int) -> bytes:
    """The column that never finishes loading; ``port`` is the portal's own, for the other origin."""
    elsewhere = f"http://localhost:{port}{BEACON}"
    rows = json.dumps([{"u": REPORT, "t": "故障县气象局2021年政府信息公开工作年度报告", "d": "2022-01-20"}],
                      ensure_ascii=False)
    return (
        "<html><head><meta charset='utf-8'><title>年报</title>"
        f'<script async src="{STALLED[0]}"></script></head><body><h1>{AGENCY}</h1>'
        f'<img src="{STALLED[1]}"><img src="{elsewhere}.gif">'
        '<div class="list"><ul id="gknb-list"></ul></div>'
        f"<script>var rows = {rows};"
        f"fetch('{elsewhere}?from=fetch').catch(function () {{}});"
        "setTimeout(function () { var list = document.getElementById('gknb-list');"
        "rows.forEach(function (row) { var li = document.createElement('li'), a = document.createElement('a');"
        "a.href = row.u; a.textContent = row.t; li.appendChild(a); list.appendChild(li); }); }, 50);"
        "</script></body></html>"
    ).encode()


_SPIN = ("<html><head><meta charset='utf-8'><title>年报</title></head><body><h1>故障县人民政府</h1>"
         "<script>while (true) {}</script><ul><li><a href='/gkml/gknb/never.html'>故障县2021年政府信息公开工作年度报告"
         "</a></li></ul></body></html>").encode()


class RenderedFaultPortal:
    """The rendered fault portal: what the demo server needs to describe and serve it."""

    family = "faults"
    spider = "rendered"
    region = "故障县"
    # its own short waits (seconds, milliseconds), so that the demo is not held up by what never comes
    options = {"download_timeout": 3, "render_timeout": 5000, "resource_timeout": 2000}

    def __init__(self, index: int) -> None:
        self.id = f"faults-{index}"
        self.name = f"{AGENCY}（脚本）"
        self.agency = AGENCY
        self.requests: Counter[str] = Counter()  # path -> times asked
        self.lock = threading.Lock()
        self.report = render_html(variant_report(random.Random(11), "故障县气象局", 2021)).encode("utf-8")

    @property
    def start_paths(self) -> list[str]:
        return [COLUMN, SPIN]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)


def _handler_for(portal: RenderedFaultPortal) -> type[BaseHTTPRequestHandler]:
    class RenderedFaultHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = urlsplit(self.path).path
            if path != REQUESTS:
                with portal.lock:
                    portal.requests[path] += 1
            if path in STALLED:
                time.sleep(STALL_SECONDS)
                self.close_connection = True
                return
            pages = {
                "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /admin/\n"),
                COLUMN: ("text/html; charset=utf-8", _column(self.server.server_address[1])),
                SPIN: ("text/html; charset=utf-8", _SPIN),
                REPORT: ("text/html; charset=utf-8", portal.report),
            }
            if path == REQUESTS:
                with portal.lock:
                    pages[REQUESTS] = ("application/json", json.dumps(portal.requests).encode("utf-8"))
            content_type, body = pages.get(path, ("text/html; charset=utf-8", "页面不存在".encode()))
            self.send_response(200 if path in pages else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return RenderedFaultHandler
