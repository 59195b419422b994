"""Shared fixtures: the demo portals served over real HTTP and one real crawl of them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from crawler.crawl.settings import PLAYWRIGHT_LAUNCH_OPTIONS
from crawler.demo.portals import build_portals
from crawler.demo.portals.base import DemoPortal
from crawler.demo.server import DemoPortals

settings.register_profile("ci", derandomize=True, print_blob=True)  # .ci/run: fixed examples
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PORTALS, REPORTS = 5, 12  # one of each family: trs, news, mirror, hanweb, js


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ogi(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the ``ogi`` command line in a child process (the crawl owns its reactor)."""
    return subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


def wait_until_answering(process: subprocess.Popen[str], url: str, log: Path, timeout: float = 30) -> None:
    """Return once the server ``process`` started answers ``url``; fail the test with its output (written
    to ``log``: a pipe nobody reads would fill and stall the server) if it dies or stays silent."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=10).close()
            return
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=10)
                pytest.fail(f"{process.args[:4]} did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)


@dataclass
class Crawl:
    db_path: Path
    portals: list[DemoPortal]
    described: list[dict]
    result: subprocess.CompletedProcess[str]

    @property
    def db(self) -> sqlite_utils.Database:
        return sqlite_utils.Database(self.db_path)


@pytest.fixture(scope="session")
def served_portals() -> Iterator[list[dict]]:
    with DemoPortals(PORTALS, REPORTS) as described:
        yield described


@pytest.fixture(scope="session")
def crawl(served_portals: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """The demo portals plus a dead one, crawled once by the real spider into a real file."""
    folder = tmp_path_factory.mktemp("crawl")
    dead = {"id": "dead", "start_urls": [f"http://127.0.0.1:{free_port()}/index.html"]}
    portals_file = folder / "portals.json"
    portals_file.write_text(json.dumps(served_portals + [dead]), encoding="utf-8")
    db_path = folder / "ogi.db"
    result = ogi("crawl", "--registry", str(portals_file), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    return Crawl(db_path, build_portals(PORTALS, REPORTS), served_portals, result)


@pytest.fixture(scope="session")
def datasette(crawl: Crawl) -> Iterator[str]:
    """A real Datasette serving the crawled archive as `ogi serve` does; its base URL."""
    port = free_port()
    log_path = crawl.db_path.with_name("datasette.log")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "crawler", "serve", "--db", str(crawl.db_path), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, text=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(process, base + "/-/versions.json", log_path)
        yield base
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright, for one test module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        yield launched
        launched.close()
