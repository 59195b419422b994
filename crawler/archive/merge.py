"""Join the shards a distributed crawl's workers wrote into one archive, with the dedupe of a single crawl.

Each shard is an archive of its own (SQLite file, ``warc/`` beside it). Its closed WARC files are
linked (or copied) into the merged archive's ``warc/``, and their records replayed through the same
indexing, preparation and storage as a crawl (``crawler.archive.reparse.replay``), interleaved across shards
by fetch time as one crawl would have met them; the shards' records of their runs are added. All of
one merge is one transaction: it lands whole or not at all. Files merged before are skipped, so a
merge can be run again as workers finish.
"""

from __future__ import annotations

import heapq
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from crawler.archive.crawls import ended_unrecorded
from crawler.archive.database import checkpoint, committed_warc, open_archive, warc_folder
from crawler.archive.derived import refresh_derived
from crawler.archive.reparse import Record, Replayed, replay
from crawler.archive.warc import iter_records, recover, warc_files


@dataclass
class Merged(Replayed):
    """What a merge read and wrote."""

    shards: int = 0
    runs: int = 0  # runs' records added


def _records(file: Path) -> Iterator[Record]:
    for read in iter_records(file):
        yield Record(file.name, *read)


def _fetch_time(record: Record) -> str:
    return record.record.rec_headers.get_header("WARC-Date") or ""


def _place(file: Path, folder: Path) -> None:
    """Link the file into ``folder`` (copy it across file systems)."""
    target = folder / file.name
    if target.exists():
        return
    try:
        os.link(file, target)
    except OSError:
        shutil.copy2(file, target)


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, object]) -> int:
    """Insert ``row`` with plain SQL (sqlite-utils' inserts commit, and a merge is one transaction)."""
    names = ", ".join(f"[{name}]" for name in row)
    cursor = db.conn.execute(f"insert into [{table}] ({names}) values ({', '.join('?' * len(row))})",
                             list(row.values()))
    return int(cursor.lastrowid)


def _add_runs(db: sqlite_utils.Database, shard: Path) -> int:
    """The shard's runs and their portals, under new run numbers; a run merged before is not added again."""
    added = 0
    with sqlite_utils.Database(shard) as source:
        for run in source["crawls"].rows:
            known = db.execute("select 1 from crawls where host = ? and pid = ? and started = ?",
                               [run["host"], run["pid"], run["started"]]).fetchone()
            if known:
                continue
            state = "killed" if ended_unrecorded(run) else run["state"]
            number = _insert(db, "crawls", {**run, "id": None, "state": state})
            for row in source["crawl_portals"].rows_where("crawl = ?", [run["id"]]):
                _insert(db, "crawl_portals", {**row, "crawl": number})
            added += 1
    return added


def merge(shards: Sequence[str | Path], database: str | Path) -> Merged:
    """Merge the shard archives ``shards`` into the archive at ``database`` (created if need be)."""
    merged = Merged(shards=len(shards))
    database = Path(database)
    sources = [Path(shard) for shard in shards]
    for shard in sources:
        if not shard.is_file():
            raise FileNotFoundError(f"no shard archive at {shard} (a worker's database, its warc/ beside it)")
        if warc_folder(shard).is_dir():  # a worker that found nothing left to do wrote no WARC file
            with sqlite_utils.Database(shard) as db:
                recover(warc_folder(shard), committed_warc(db))  # what a killed worker left open
    db = open_archive(database)
    folder = warc_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    done = set(committed_warc(db))
    new = [file for shard in sources if warc_folder(shard).is_dir()
           for file in warc_files(warc_folder(shard)) if file.name not in done]
    for file in new:
        _place(file, folder)
    placed = [folder / file.name for file in new]
    db.conn.execute("BEGIN")  # one transaction
    try:
        for file in placed:
            db.execute("insert into warc_files (name, committed_bytes) values (?, ?)", [file.name, file.stat().st_size])
        replay(db, folder, heapq.merge(*(_records(file) for file in placed), key=_fetch_time), merged)
        merged.runs = sum(_add_runs(db, shard) for shard in sources)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
    merged.files = len(placed)
    merged.reports = db["reports"].count
    refresh_derived(db)
    checkpoint(db)
    db.close()
    return merged
