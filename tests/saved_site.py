"""Serve a portal's saved real pages over local HTTP, as the portal served them, for its test.

Each saved file is served at the path of its URL on the portal; any other path is 404 (a page
that was not saved is a dead link here). Every request is logged, so a test can say which
pages the real spider asked for."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

FILES = Path(__file__).parent / "files"


def saved_file(portal: str, name: str) -> tuple[bytes, dict]:
    """A saved file's bytes and its entry in the portal's ``source.yml``."""
    source = yaml.safe_load((FILES / portal / "source.yml").read_text(encoding="utf-8"))
    (entry,) = [f for f in source["files"] if f["file"] == name]
    return (FILES / portal / name).read_bytes(), entry


@contextmanager
def serve_pages(pages: dict[str, bytes], content_type: str = "text/html; charset=utf-8") -> Iterator[tuple[str, list]]:
    """Serve ``pages`` (path -> bytes) on 127.0.0.1; yields the base URL and the list of paths asked."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            asked.append(self.path)
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b"<html><body>404</body></html>"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()
