"""The SQLite archive: reports once per content hash, every fetch a capture."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.archive import BatchWriter, open_archive, store_capture
from crawler.content_hash import bytes_sha256, content_hash
from crawler.documents.html_page import read_text
from crawler.items import ReportItem
from crawler.report import parse_report

TEXT = "一、总体情况\n本年新收政府信息公开申请3件。"
TITLE = "甲县2020年政府信息公开工作年度报告"


def _item(url: str, body: bytes, text: str | None = TEXT) -> ReportItem:
    return ReportItem(
        url=url, portal="p", title=TITLE, status=200,
        headers={"Content-Type": "text/html"}, body=body, fetched_at="2026-01-01T00:00:00+00:00",
        published="2021-01-25", encoding="utf-8", report=parse_report(read_text(text or ""), TITLE),
        content_hash=content_hash(text) if text else None, body_sha256=bytes_sha256(body),
    )


def test_same_report_twice_is_one_report_two_captures(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "a.db")
    store_capture(db, _item("http://a/1.html", b"<p>page a</p>"))
    store_capture(db, _item("http://b/2.html", "<p>页面 b</p>".encode("gbk")))
    assert db["reports"].count == 1
    assert db["captures"].count == 2
    assert {r["body"] for r in db["raw_bodies"].rows} == {b"<p>page a</p>", "<p>页面 b</p>".encode("gbk")}
    (report,) = db["reports"].rows
    assert (report["agency"], report["year"], report["first_url"]) == ("甲县", 2020, "http://a/1.html")
    (overview,) = db["report_overview"].rows
    assert (overview["captures"], overview["urls"]) == (2, 2)


def test_identical_bytes_are_stored_once(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "a.db")
    store_capture(db, _item("http://a/1.html", b"same"))
    store_capture(db, _item("http://a/1.html", b"same"))
    assert (db["raw_bodies"].count, db["captures"].count) == (1, 2)


def test_page_without_text_keeps_its_capture_only(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "a.db")
    store_capture(db, _item("http://a/empty.html", b"<html></html>", text=None))
    assert (db["reports"].count, db["captures"].count, db["raw_bodies"].count) == (0, 1, 1)


def test_a_failed_write_leaves_nothing_half_done(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "a.db")
    broken = replace(_item("http://a/1.html", b"x"), fetched_at=None)  # captures.fetched_at is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store_capture(db, broken)
    assert (db["reports"].count, db["captures"].count, db["raw_bodies"].count) == (0, 0, 0)


def _committed(path: Path) -> int:
    """Captures another connection (a reader such as Datasette) sees."""
    with sqlite3.connect(path) as conn:
        return conn.execute("select count(*) from captures").fetchone()[0]


def test_batches_are_committed_when_full_and_on_close(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = BatchWriter(path, size=3, seconds=3600)
    writer.open()
    for n in range(4):
        writer.write(_item(f"http://a/{n}.html", f"page {n}".encode(), text=f"{TEXT}{n}"))
        assert _committed(path) == (3 if n >= 2 else 0)
    writer.close()
    assert _committed(path) == 4


def test_a_batch_is_due_once_its_first_capture_is_old_enough(tmp_path: Path) -> None:
    writer = BatchWriter(tmp_path / "a.db", size=100, seconds=0.05)
    writer.open()
    assert not writer.commit_due()  # nothing to commit
    writer.write(_item("http://a/1.html", b"one"))
    assert writer.pending == 1 and not writer.commit_due()
    time.sleep(0.06)
    assert writer.commit_due()
    writer.write(_item("http://a/2.html", b"two"))  # the write that finds it due commits the batch
    assert writer.pending == 0 and _committed(tmp_path / "a.db") == 2
    writer.close()


def test_a_failed_capture_in_a_batch_takes_only_itself_back(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = BatchWriter(path, size=100, seconds=3600)
    writer.open()
    writer.write(_item("http://a/1.html", b"one"))
    with pytest.raises(sqlite3.IntegrityError):
        writer.write(replace(_item("http://a/2.html", b"two", text=f"{TEXT}2"), fetched_at=None))
    writer.write(_item("http://a/3.html", b"three"))
    writer.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("select url from captures order by id").fetchall() == [("http://a/1.html",),
                                                                                  ("http://a/3.html",)]
        assert conn.execute("select count(*) from raw_bodies").fetchone()[0] == 2
        assert conn.execute("select count(*) from reports").fetchone()[0] == 1


def test_reopening_keeps_the_schema_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    store_capture(open_archive(path), _item("http://a/1.html", b"x"))
    db = open_archive(path)
    assert db["captures"].count == 1
    assert set(db.view_names()) == {"report_overview", "problems"}


def test_an_archive_from_an_older_version_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(  # the first release's reports and captures, without the later columns
        "create table reports (content_hash text primary key, title text not null, agency text, year integer,"
        " published text, text text not null, text_length integer, first_url text, first_seen text);"
        "create table captures (id integer primary key, url text not null, portal text, fetched_at text not null,"
        " status integer, title text, published text, declared_charset text, encoding text, encoding_reason text,"
        " encoding_confidence float, content_hash text, body_sha256 text not null, length integer, headers text);"
    )
    old.close()
    db = open_archive(path)
    store_capture(db, _item("http://a/1.html", b"x"))
    (report,) = db["reports"].rows
    (capture,) = db["captures"].rows
    assert report["parse_status"] == "partial" and capture["repairs"] == "{}"
