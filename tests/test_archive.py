"""The archive: every fetch a capture in the WARC files, reports once per content hash, their sources."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.batch import BatchWriter
from crawler.archive.database import ArchiveError, captured_payload, open_archive, warc_folder
from crawler.archive.warc import OPEN, warc_files
from crawler.items import ReportItem
from crawler.parse.content_hash import bytes_sha256, content_hash
from crawler.parse.documents.html_page import read_text
from crawler.parse.report import PARSER_VERSION, parse_report

TEXT = "一、总体情况\n本年新收政府信息公开申请3件。"
TITLE = "甲县2020年政府信息公开工作年度报告"


def _item(url: str, body: bytes, text: str | None = TEXT, **fields: object) -> ReportItem:
    item = ReportItem(
        url=url, portal="p", title=TITLE, status=200,
        headers={"Content-Type": "text/html"}, body=body, fetched_at="2026-01-01T00:00:00+00:00",
        published="2021-01-25", encoding="utf-8", report=parse_report(read_text(text or ""), TITLE),
        content_hash=content_hash(text) if text else None, body_sha256=bytes_sha256(body),
    )
    return replace(item, **fields)


def _write(path: Path, *items: ReportItem) -> None:
    writer = BatchWriter(path)
    writer.open()
    for item in items:
        writer.write(item)
    writer.close()


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_same_report_twice_is_one_report_two_sources(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    bodies = {"http://a/1.html": b"<p>page a</p>", "http://b/2.html": "<p>页面 b</p>".encode("gbk")}
    _write(path, *(_item(url, body) for url, body in bodies.items()))
    db = open_archive(path)
    assert db["reports"].count == 1
    captures = list(db["captures"].rows_where(order_by="id"))
    assert [c["url"] for c in captures] == list(bodies)
    for capture in captures:  # the bytes as fetched, read back from the WARC record
        assert captured_payload(path, capture["warc_file"], capture["warc_offset"]) == bodies[capture["url"]]
    (report,) = db["reports"].rows
    assert (report["agency"], report["year"], report["first_url"]) == ("甲县", 2020, "http://a/1.html")
    assert report["parsed_from"] == captures[0]["id"]
    sources = list(db["report_sources"].rows_where(order_by="first_capture"))
    assert [(s["url"], s["official"], s["captures"]) for s in sources] == [("http://a/1.html", 1, 1),
                                                                          ("http://b/2.html", 0, 1)]
    (overview,) = db["report_overview"].rows
    assert (overview["captures"], overview["urls"], overview["official_url"]) == (2, 2, "http://a/1.html")


def test_a_url_fetched_again_is_one_source_seen_twice(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    _write(path, _item("http://a/1.html", b"same"), _item("http://a/1.html", b"same"))
    assert _rows(path, "select count(*) from captures") == [(2,)]
    assert _rows(path, "select captures, first_capture, last_capture from report_sources") == [(2, 1, 2)]


def test_a_mirror_copy_gives_way_to_the_source(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    mirror = _item("http://farm/1.html", b"copy", source_agency="甲县", repairs={"mirror-pinyin-removed": 9})
    _write(path, mirror, _item("http://a/1.html", b"source"))
    (report,) = _rows(path, "select first_url, parsed_from from reports")
    assert report == ("http://farm/1.html", 2)  # first seen on the mirror, parsed from the source
    assert _rows(path, "select url, mirror, official from report_sources order by first_capture") == [
        ("http://farm/1.html", 1, 0), ("http://a/1.html", 0, 1)]
    assert _rows(path, "select count(*) from sections") == [(1,)]  # the mirror's tables replaced, not added


def test_page_without_text_keeps_its_capture_only(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    _write(path, _item("http://a/empty.html", b"<html></html>", text=None))
    assert _rows(path, "select (select count(*) from reports), (select count(*) from captures),"
                       " (select count(*) from report_sources)") == [(0, 1, 0)]


def test_a_failed_item_leaves_nothing_half_done(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = BatchWriter(path, size=100, seconds=3600)
    writer.open()
    writer.write(_item("http://a/1.html", b"one"))
    broken = _item("http://a/2.html", b"two", text=f"{TEXT}2", title=None)  # reports.title is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        writer.write(broken)
    writer.write(_item("http://a/3.html", b"three"))
    writer.close()
    # the failed item's fetch stays captured (its bytes are in the WARC), nothing of its report does
    assert _rows(path, "select url, body_sha256 is not null from captures order by id") == [
        ("http://a/1.html", 1), ("http://a/2.html", 0), ("http://a/3.html", 1)]
    assert _rows(path, "select count(*), count(distinct content_hash) from report_sources") == [(2, 1)]


def _committed(path: Path) -> int:
    """Captures another connection (a reader such as Datasette) sees."""
    return _rows(path, "select count(*) from captures")[0][0]


def test_batches_are_committed_when_full_and_on_close(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = BatchWriter(path, size=6, seconds=3600)  # an item is two writes: its fetch, then its report
    writer.open()
    for n in range(4):
        writer.write(_item(f"http://a/{n}.html", f"page {n}".encode(), text=f"{TEXT}{n}"))
        assert _committed(path) == (3 if n >= 2 else 0)
    writer.close()
    assert _committed(path) == 4


def test_a_batch_is_due_once_its_first_write_is_old_enough(tmp_path: Path) -> None:
    writer = BatchWriter(tmp_path / "a.db", size=100, seconds=0.05)
    writer.open()
    assert not writer.commit_due()  # nothing to commit
    writer.write(_item("http://a/1.html", b"one"))
    assert writer.pending == 2 and not writer.commit_due()
    time.sleep(0.06)
    assert writer.commit_due()
    writer.write(_item("http://a/2.html", b"two"))  # the write that finds it due commits the batch
    assert writer.pending == 1 and _committed(tmp_path / "a.db") == 2
    writer.close()


def test_warc_files_rotate_and_every_capture_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = BatchWriter(path, warc_bytes=1500)
    writer.open()
    bodies = {f"http://a/{n}.html": bytes(range(256)) * (n + 1) for n in range(6)}
    for url, body in bodies.items():
        writer.write(_item(url, body, text=f"{TEXT}{url}"))
    writer.close()
    files = warc_files(warc_folder(path))
    assert len(files) > 1 and not list(warc_folder(path).glob(f"*{OPEN}"))
    for capture in open_archive(path)["captures"].rows:
        assert captured_payload(path, capture["warc_file"], capture["warc_offset"]) == bodies[capture["url"]]
    committed = dict(_rows(path, "select name, committed_bytes from warc_files"))
    assert committed == {f.name: f.stat().st_size for f in files}


_KILLED_WRITER = """
import os, signal, sys
from crawler.archive.batch import BatchWriter
sys.path.insert(0, sys.argv[2])
from test_archive import _item
writer = BatchWriter(sys.argv[1], size=4, seconds=3600)
writer.open()
for n in range(5):  # two batches of two items committed, the fifth item's fetch written, not committed
    writer.write(_item(f"http://a/{n}.html", b"x" * 5000, text=f"body {n}"))
writer.warc.handle.write(b"\\x1f\\x8b\\x08\\x00torn")  # a record cut off mid-write
writer.warc.handle.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_writer_killed_mid_batch_leaves_archive_and_warc_sound(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    killed = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path), str(Path(__file__).parent)], check=False)
    assert killed.returncode == -signal.SIGKILL
    (left,) = warc_folder(path).glob(f"*{OPEN}")
    assert _rows(path, "pragma integrity_check") == [("ok",)]
    assert _committed(path) == 4

    writer = BatchWriter(path)
    writer.open()  # closes the killed writer's file, cut back to what the archive committed
    writer.write(_item("http://a/next.html", b"next"))
    writer.close()
    assert not left.exists()
    records = []
    for file in warc_files(warc_folder(path)):
        with file.open("rb") as handle:
            for record in ArchiveIterator(handle, check_digests=True):
                record.content_stream().read()
                assert record.digest_checker.passed is not False
                records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
    responses = [url for kind, url in records if kind == "response"]
    assert responses == [*(f"http://a/{n}.html" for n in range(4)), "http://a/next.html"]
    assert [kind for kind, _ in records].count("metadata") == 5
    for capture in open_archive(path)["captures"].rows:
        assert captured_payload(path, capture["warc_file"], capture["warc_offset"])


def test_reopening_keeps_the_schema_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    _write(path, _item("http://a/1.html", b"x"))
    db = open_archive(path)
    assert db["captures"].count == 1
    assert set(db.view_names()) == {"report_overview", "problems", "provenance", "report_captures", "portal_health",
                                    "report_numbers"}
    (trace,) = db["provenance"].rows
    assert (trace["url"], trace["parser_version"], json.loads(trace["repairs"])) == (
        "http://a/1.html", PARSER_VERSION, {})


def test_an_archive_from_before_warc_capture_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute("create table raw_bodies (sha256 text primary key, length integer, body blob)")
    with pytest.raises(ArchiveError, match="before WARC capture"):
        open_archive(path)


def test_alike_texts_of_two_agencies_or_years_stay_two_reports(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    text = "一、总体情况\n本年我镇新收政府信息公开申请0件。"  # names no agency, no year
    titles = ["甲县2020年政府信息公开工作年度报告", "乙县2020年政府信息公开工作年度报告",
              "甲县2021年政府信息公开工作年度报告", "甲县人民政府2020年政府信息公开工作年度报告"]
    items = [_item(f"http://a/{n}.html", text.encode(), text, title=title,
                   report=parse_report(read_text(text), title)) for n, title in enumerate(titles)]
    _write(path, *items)
    assert len({item.content_hash for item in items}) == 3  # 甲县 and 甲县人民政府 may be one agency
    assert sorted(_rows(path, "select agency, year from reports")) == [("乙县", 2020), ("甲县", 2020), ("甲县", 2021)]
    assert _rows(path, "select count(*) from report_sources") == [(4,)]
