"""Crawling manners: retries that wait longer each time, and the settings that pace a crawl."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils

from conftest import ogi
from crawler.crawl.backoff import backoff_delay
from crawler.demo.reports import render_html, seed_reports

REPORT = seed_reports()[0]


class Flaky(BaseHTTPRequestHandler):
    """A column page that answers 503 twice before it works; it notes when it was asked."""

    asked: list[float] = []

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/robots.txt":
            self._send(404, b"")
        elif self.path == "/col/index.html":
            Flaky.asked.append(time.monotonic())
            if len(Flaky.asked) <= 2:
                self._send(503, b"busy")
            else:
                self._send(200, f'<ul><li><a href="/r.html">{REPORT.title}</a></li></ul>'.encode())
        else:
            self._send(200, f"<html><body><div id='zoom'>{render_html(REPORT)}</div></body></html>".encode())

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    Flaky.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_busy_portal_is_retried_after_growing_waits(flaky: str, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    result = ogi("crawl", "--url", flaky + "/col/index.html", "--family", "news", "--db", str(db),
                 "-s", "RETRY_BACKOFF_BASE=0.5", "-s", "AUTOTHROTTLE_ENABLED=False")
    assert result.returncode == 0, result.stderr
    assert len(Flaky.asked) == 3
    first, second, third = Flaky.asked
    assert second - first >= 0.5 and third - second >= 1.0  # 0.5 s, then twice that
    assert sqlite_utils.Database(db)["report_captures"].count == 1


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [backoff_delay(n, 2.0, 60.0) for n in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]
