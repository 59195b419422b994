"""One report published in five forms and crawled over HTTP: one report, five sources."""

from __future__ import annotations

import html
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from test_identity_across_forms import FORMS, REPORTS

from conftest import ogi

FIVE = ("gbk page", "utf-8 page", "docx", "pdf", "mirror page")
PATHS = {"gbk page": "/a/gbk.html", "utf-8 page": "/a/utf8.html", "docx": "/a/report.docx",
         "pdf": "/a/report.pdf", "mirror page": "/a/farm.html"}


def _site(report: object) -> dict[str, tuple[str, bytes]]:
    """Path -> (content type, body): the five forms and a column page listing them."""
    items = {form: FORMS[form](report) for form in FIVE}
    site = {PATHS[form]: (item.headers["Content-Type"], item.body) for form, item in items.items()}
    links = "".join(f'<li><a href="{PATHS[form]}">{html.escape(item.title)}</a> [2021-01-25]</li>'
                    for form, item in items.items())
    site["/a/index.html"] = ("text/html; charset=utf-8",
                             f"<html><body><ul>{links}</ul></body></html>".encode())
    return site


def test_one_report_in_five_forms_is_one_report_with_five_sources(tmp_path: Path) -> None:
    site = _site(REPORTS[1])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            content_type, body = site.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in site else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        db = tmp_path / "ogi.db"
        result = ogi("crawl", "--url", f"http://127.0.0.1:{server.server_port}/a/index.html", "--db", str(db))
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
    with sqlite3.connect(db) as conn:
        forms = conn.execute("select c.url, c.form from report_captures c order by c.url").fetchall()
        assert len(forms) == 5 and {form for _, form in forms} == {"html", "docx", "pdf"}
        reports = conn.execute("select content_hash, agency, year, parse_status from reports").fetchall()
        assert len(reports) == 1 and reports[0][1:] == (REPORTS[1].agency, REPORTS[1].year, "parsed")
        sources = conn.execute("select url, mirror, official from report_sources").fetchall()
    base = f"http://127.0.0.1:{server.server_port}"
    assert sorted((url, mirror) for url, mirror, _ in sources) == sorted(
        (base + path, int(form == "mirror page")) for form, path in PATHS.items())
    # one official source, the portal's own (the first of its copies seen), never the mirror's
    (official,) = [url for url, _, is_official in sources if is_official]
    assert official != base + PATHS["mirror page"]
