"""The archive's record of its crawls: runs, each portal's part, and the portals' health."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Crawl
from crawler.archive.crawls import begin_crawl, begin_portal, end_crawl, end_portal, portal_state
from crawler.archive.database import open_archive


def test_the_crawl_is_recorded_with_each_portals_figures(crawl: Crawl) -> None:
    db = crawl.db
    (run,) = db["crawls"].rows
    assert run["state"] == "finished" and run["started"] <= run["ended"]
    portals = {row["portal"]: row for row in db["crawl_portals"].rows}
    assert set(portals) == {p["id"] for p in crawl.described} | {"dead"}
    assert run["portals"] == len(portals)
    printed = re.search(r"total +pages +(\d+) +reports +(\d+) +new +(\d+) .* errors +(\d+)", crawl.result.stderr)
    assert printed, crawl.result.stderr  # the summary the crawl printed, and the record, agree
    assert [run[name] for name in ("pages", "reports", "new", "errors")] == [int(n) for n in printed.groups()]
    assert run["pages"] == sum(row["pages"] for row in portals.values())
    assert run["reports"] == db["report_captures"].count
    dead = portals["dead"]
    assert (dead["state"], dead["pages"], dead["finish_reason"]) == ("failed", 0, "finished")
    assert json.loads(dead["error_kinds"]) and dead["errors"] > 0
    assert json.loads(run["failed_portals"]) == ["dead"]
    trs = next(row for portal, row in portals.items() if portal.startswith("trs"))
    assert (trs["state"], json.loads(trs["error_kinds"])) == ("errors", {"HTTP 404": 1})  # its page that is gone
    assert {row["state"] for portal, row in portals.items() if not portal.startswith(("trs", "dead"))} == {"ok"}
    health = {row["portal"]: row for row in db["portal_health"].rows}
    assert health["dead"]["failures_in_a_row"] == 1 and health["dead"]["last_ok"] is None
    assert db["frontier"].count == 0  # every portal finished


def _counts(pages: int, errors: int = 0) -> dict[str, int]:
    return {"pages": pages, "reports": 0, "new": 0, "changed": 0, "unchanged": 0, "errors": errors, "resumed": 0}


def test_a_failing_portal_is_counted_until_it_answers_again(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "ogi.db")
    for day, (pages, errors) in enumerate([(5, 0), (0, 3), (0, 3), (7, 1), (0, 2)], start=1):
        crawl = begin_crawl(db, f"2026-01-0{day}", "host", 1)
        begin_portal(db, crawl, "p", "listing", f"2026-01-0{day}")
        end_portal(db, crawl, "p", f"2026-01-0{day}", "finished", _counts(pages, errors), {})
        end_crawl(db, crawl, f"2026-01-0{day}")
        health = next(db["portal_health"].rows)
        assert health["failures_in_a_row"] == {1: 0, 2: 1, 3: 2, 4: 0, 5: 1}[day]
    assert health["last_ok"] == "2026-01-04" and health["last_state"] == "failed"


def test_a_run_whose_process_died_is_marked_killed(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "ogi.db")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    crawl = begin_crawl(db, "2026-01-01", "host", dead_pid)
    begin_portal(db, crawl, "p", "listing", "2026-01-01")
    alive = begin_crawl(db, "2026-01-01", "other-host", dead_pid)  # another machine's run: not judged here
    begin_crawl(db, "2026-01-02", "host", 2)
    states = dict(db.execute("select id, state from crawls").fetchall())
    assert states[crawl] == "killed" and states[alive] == "running"
    assert db.execute("select state from crawl_portals").fetchone() == ("killed",)


@pytest.mark.parametrize(("reason", "pages", "errors", "state"), [
    ("finished", 10, 0, "ok"), ("finished", 10, 2, "errors"), ("finished", 0, 3, "failed"),
    ("finished", 3, 3, "failed"), ("shutdown", 10, 0, "interrupted"), ("shutdown", 0, 0, "interrupted"),
])
def test_portal_state(reason: str, pages: int, errors: int, state: str) -> None:
    assert portal_state(reason, pages, errors) == state
