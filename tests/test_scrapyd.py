"""The project deployed to a real Scrapyd and its spiders run through Scrapyd's HTTP API."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import free_port, ogi, wait_until_answering
from crawler.demo.server import DemoPortals


def _call(url: str, data: dict[str, str | list[str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (folder / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {folder}/eggs\n"
        f"logs_dir = {folder}/logs\ndbs_dir = {folder}/dbs\nitems_dir =\nmax_proc = 2\n", encoding="utf-8")
    log = (folder / "scrapyd.log").open("w")  # a pipe nobody reads would fill and stall the server
    server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                              text=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(server, url + "/daemonstatus.json", folder / "scrapyd.log")
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


def _finished(url: str, job: str) -> dict:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        jobs = _call(url + "/listjobs.json?project=ogi")
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return finished
        time.sleep(0.5)
    pytest.fail(f"job {job} did not finish")


def test_deployed_spiders_crawl_through_scrapyds_api(scrapyd: str, tmp_path: Path) -> None:
    deployed = ogi("deploy", "--url", scrapyd)
    assert deployed.returncode == 0, deployed.stderr
    assert "6 spiders" in deployed.stdout
    assert set(_call(scrapyd + "/listspiders.json?project=ogi")["spiders"]) == {
        "discover", "hanweb", "listing", "rendered", "site", "sitemap"}
    archive = tmp_path / "ogi.db"
    with DemoPortals(portals=4, reports=6, seed=5) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        trs, hanweb = described[0], described[3]
        jobs = [  # a portal named from the registry, and one given its start URLs
            _call(scrapyd + "/schedule.json", {"project": "ogi", "spider": "listing", "portal": trs["id"],
                                               "setting": [f"OGI_DATABASE={archive}", f"OGI_REGISTRY={registry}"]}),
            _call(scrapyd + "/schedule.json", {"project": "ogi", "spider": "hanweb", "portal": hanweb["id"],
                                               "start_urls": ",".join(hanweb["start_urls"]),
                                               "setting": f"OGI_DATABASE={archive}"}),
        ]
        assert all(job["status"] == "ok" for job in jobs)
        for job in jobs:
            _finished(scrapyd, job["jobid"])
    with sqlite3.connect(archive) as conn:
        kept = dict(conn.execute("select portal, count(*) from report_captures group by portal").fetchall())
        portals = dict(conn.execute("select portal, state from crawl_portals").fetchall())
    assert kept == {trs["id"]: 6, hanweb["id"]: 6}
    assert portals == {trs["id"]: "errors", hanweb["id"]: "ok"}  # the TRS portal's report page that is gone
