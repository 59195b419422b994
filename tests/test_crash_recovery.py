"""A crawl killed mid-way leaves a sound archive, and the next crawl completes it."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ogi
from crawler.archive.database import warc_folder
from crawler.archive.warc import read_record, warc_files
from crawler.demo.server import DemoPortals


def _captures(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute("select count(*) from captures where body_sha256 is not null").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_crawl_leaves_a_sound_archive(tmp_path: Path) -> None:
    db = tmp_path / "ogi.db"
    with DemoPortals(portals=2, reports=30, seed=7) as portals:
        portals_file = tmp_path / "portals.json"
        portals_file.write_text(json.dumps(portals), encoding="utf-8")
        slow = subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--registry", str(portals_file), "--db", str(db),
             "-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "OGI_PROGRESS_INTERVAL=0.5"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 60
        while _captures(db) < 5 and time.monotonic() < deadline and slow.poll() is None:
            time.sleep(0.1)
        slow.kill()
        _, progress = slow.communicate()
        partial = _captures(db)
        assert re.search(r"\] pages \d+ · reports \d+ · errors \d+ · \d+ pages/s", progress), progress
        assert 5 <= partial < 60, "the crawl must be killed part-way"
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            indexed = conn.execute("select warc_file, warc_offset from captures").fetchall()
            committed = set(conn.execute("select record_id, url, content_hash from captures"))
        for name, offset in indexed:  # every committed capture's record is whole on disk
            record, _ = read_record(warc_folder(db), name, offset)
            assert record.rec_type == "response"

        result = ogi("crawl", "--registry", str(portals_file), "--db", str(db))
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        reports = conn.execute("select count(*) from reports").fetchone()[0]
        urls = conn.execute("select count(distinct url) from report_captures").fetchone()[0]
        section3_reports = conn.execute("select count(distinct content_hash) from section3").fetchone()[0]
        kept = set(conn.execute("select record_id, url, content_hash from captures"))
    assert committed <= kept  # nothing committed before the kill was lost
    assert reports == section3_reports == 60  # the news portal republishes 2 of the 60
    assert urls == 62
    files = warc_files(warc_folder(db))  # the killed crawl's file closed, cut back to what was committed
    assert len(files) == 2 and not list(warc_folder(db).glob("*.open"))
    checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout
