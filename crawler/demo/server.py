"""Serve the demo portals on 127.0.0.1, one port per portal.

Run as a process (``python -m crawler.demo.server --portals 4 --reports 20``): once every
portal listens, it prints one JSON line describing them (id, name, base URL, start URLs)
and serves until stopped. ``DemoPortals`` starts and stops such a process for tests, the
demo command and benchmarks, so the portals never compete with the crawler for the GIL.
"""

from __future__ import annotations

import argparse
import email.utils
import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from crawler.demo.faults import FaultPortal
from crawler.demo.portals import build_portals
from crawler.demo.portals.base import DemoPortal
from crawler.demo.rendered_faults import RenderedFaultPortal

MAX_FORM = 64 * 1024  # bytes of a POST body read


def _not_modified(request: Message, validators: dict[str, str]) -> bool:
    """Whether a conditional request's validators still hold (ETag first, as HTTP says)."""
    if "ETag" in validators and request.get("If-None-Match"):
        return request["If-None-Match"] == validators["ETag"]
    since, modified = request.get("If-Modified-Since"), validators.get("Last-Modified")
    if since and modified:
        try:
            return email.utils.parsedate_to_datetime(modified) <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _handler_for(portal: DemoPortal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._answer("")

        def do_POST(self) -> None:  # noqa: N802
            length = min(int(self.headers.get("Content-Length") or 0), MAX_FORM)
            self._answer(self.rfile.read(length).decode("utf-8", "replace"))

        def _answer(self, form: str) -> None:
            parts = urlsplit(self.path)
            status, content_type, body = portal.render(parts.path, parts.query, form)
            validators = portal.validators(parts.path, parts.query, body) if status == 200 else {}
            if validators and _not_modified(self.headers, validators):
                self.send_response(304)
                for name, value in validators.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            for name, value in validators.items():
                self.send_header(name, value)
            self.send_header("Location" if 300 <= status < 400 else "Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if content_type == "application/octet-stream":
                name = parts.query.rsplit("filename=", 1)[-1]
                self.send_header("Content-Disposition", f'attachment; filename="{name}"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """A portal's server: a client that hangs up mid-answer (as the crawler does with a page past its
    size limit) is the fault the demo imitates, not a traceback on the console."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def serve(portals: list[DemoPortal | FaultPortal | RenderedFaultPortal], host: str = "127.0.0.1"
          ) -> list[dict[str, object]]:
    """Start one threaded HTTP server per portal (daemon threads); describe them."""
    described = []
    for portal in portals:
        faulty = isinstance(portal, FaultPortal | RenderedFaultPortal)
        handler = portal.handler() if faulty else _handler_for(portal)
        server = _QuietServer((host, 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://{host}:{server.server_address[1]}"
        described.append({
            "id": portal.id,
            "name": portal.name,
            "agency": portal.agency,
            "region": portal.region,
            "family": portal.family,
            "base_url": base,
            "start_urls": [base + p for p in portal.start_paths],
            **({"spider": portal.spider, "options": portal.options} if faulty else {}),
        })
    return described


@dataclass
class DemoPortals:
    """Context manager: the demo portals in a child process, described once listening."""

    portals: int = 5
    reports: int = 20
    seed: int = 2020
    prerender: bool = False  # write the attachments before serving, not when first asked for
    faults: bool = False  # add the fault portals

    def __enter__(self) -> list[dict[str, object]]:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "crawler.demo.server", "--portals", str(self.portals),
             "--reports", str(self.reports), "--seed", str(self.seed), *(["--prerender"] if self.prerender else []),
             *(["--faults"] if self.faults else [])],
            stdout=subprocess.PIPE, text=True,
        )
        line = self._process.stdout.readline() if self._process.stdout else ""
        if not line:
            self._process.kill()
            raise RuntimeError("the demo portals failed to start")
        return json.loads(line)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=5, help="number of portals")
    parser.add_argument("--reports", type=int, default=20, help="reports per portal")
    parser.add_argument("--seed", type=int, default=2020, help="generator seed")
    parser.add_argument("--prerender", action="store_true", help="write every attachment before serving")
    parser.add_argument("--faults", action="store_true", help="add the portals whose pages go wrong")
    args = parser.parse_args(argv)
    portals = build_portals(args.portals, args.reports, args.seed)
    if args.prerender:
        for portal in portals:
            portal.prerender()
    faulty = [FaultPortal(len(portals) + 1), RenderedFaultPortal(len(portals) + 2)] if args.faults else []
    described = serve([*portals, *faulty])
    print(json.dumps(described, ensure_ascii=False), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
