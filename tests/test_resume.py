"""A crawl stopped part-way (SIGKILL, SIGTERM) resumes where it was: it ends with exactly the reports of an
uninterrupted crawl, and fetches nothing again that it had finished; and the archive records every run."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ogi
from crawler.demo.server import DemoPortals
from farm import archive_numbers, local, requests_by_url

# one portal of each family (TRS, news, content farm, Hanweb with attachments, JavaScript), small
# batches, one request at a time per portal: the crawl takes long enough to be stopped part-way
SLOW = ("-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "OGI_COMMIT_EVERY=5")


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[dict]]]:
    with DemoPortals(portals=5, reports=25, seed=11) as described:
        registry = tmp_path_factory.mktemp("farm") / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        yield registry, described


@pytest.fixture(scope="module")
def uninterrupted(farm: tuple[Path, list[dict]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("whole") / "ogi.db"
    result = ogi("crawl", "--registry", str(farm[0]), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_stopped_crawl_resumes_where_it_was(farm: tuple[Path, list[dict]], uninterrupted: Path, tmp_path: Path,
                                              stop: signal.Signals) -> None:
    registry, described = farm
    db = tmp_path / "ogi.db"
    crawl = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--registry", str(registry), "--db", str(db),
                              *SLOW], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while (_count(db, "select count(*) from frontier where done = 1") < 40 and crawl.poll() is None
           and time.monotonic() < deadline):
        time.sleep(0.1)
    crawl.send_signal(stop)
    _, log = crawl.communicate(timeout=60)
    assert crawl.returncode != 0 or stop == signal.SIGTERM, log
    asked_before = requests_by_url(described)

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        done = conn.execute("select portal, url from frontier where done = 1").fetchall()
        pending = conn.execute("select count(*) from frontier where done = 0").fetchone()[0]
        first = conn.execute("select state from crawls").fetchall()
    assert len(done) >= 40 and pending > 0, "the crawl must be stopped part-way"
    assert first == [("running",)] if stop == signal.SIGKILL else [("interrupted",)]

    result = ogi("crawl", "--registry", str(registry), "--db", str(db))
    assert result.returncode == 0, result.stderr
    asked_after = requests_by_url(described)

    # exactly the reports and numbers of the crawl that was never stopped
    assert archive_numbers(db) == archive_numbers(uninterrupted)
    # nothing finished before the stop was fetched again
    again = [(portal, url) for portal, url in done
             if asked_after[portal, local(url)] != asked_before[portal, local(url)]]
    assert again == []
    assert sum(asked_after.values()) - sum(asked_before.values()) > len(described)  # more than robots.txt
    with sqlite3.connect(db) as conn:
        runs = conn.execute("select state, resumed, pages from crawls order by id").fetchall()
        assert conn.execute("select count(*) from frontier").fetchone() == (0,)  # finished: nothing to resume
    assert [state for state, _, _ in runs] == ["killed" if stop == signal.SIGKILL else "interrupted", "finished"]
    assert runs[1][1] > 0  # requests the first run left pending were made by the second


def test_a_second_crawl_of_the_same_portals_waits_its_turn(farm: tuple[Path, list[dict]], uninterrupted: Path,
                                                           tmp_path: Path) -> None:
    registry, described = farm
    db = tmp_path / "ogi.db"
    first = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--registry", str(registry), "--db", str(db),
                              *SLOW], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _count(db, "select count(*) from frontier where done = 1") < 10 and time.monotonic() < deadline:
        time.sleep(0.1)
    second = ogi("crawl", "--registry", str(registry), "--db", str(db))  # cron starting the next run too early
    assert second.returncode == 0, second.stderr
    assert first.poll() is None, "the first crawl must still be running"
    assert first.wait(timeout=300) == 0
    with sqlite3.connect(db) as conn:
        runs = conn.execute("select id, state, failed_portals from crawls order by id").fetchall()
        kinds = {json.loads(kinds)["crawled by another process"]
                 for (kinds,) in conn.execute("select error_kinds from crawl_portals where crawl = 2")}
    assert [state for _, state, _ in runs] == ["finished", "finished"]
    assert sorted(json.loads(runs[1][2])) == sorted(p["id"] for p in described) and kinds == {1}
    assert archive_numbers(db) == archive_numbers(uninterrupted)  # the first crawl, untouched by the second
