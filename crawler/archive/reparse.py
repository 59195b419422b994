"""Rebuild an archive from its WARC files alone: no network, after a parser or repair improvement.

The WARC files hold every fetch (response records), every local file ``ogi ingest`` read
(resource records) and, for each report page, attachment or local file archived, what was
known of it (a metadata record referring to its response or resource: portal, listing
title, date, linking page). Replayed in the order they were written, they give the same
captures, and through the same preparation and storage as a crawl (``crawler.prepare``,
``crawler.archive.store``) the same reports, sources and tables: those of a fresh crawl under the
current parser. The new archive is built beside the old one and replaces it only when
complete.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import sqlite_utils
from warcio.recordloader import ArcWarcRecord

from crawler.archive.database import checkpoint, committed_warc, open_archive, warc_folder
from crawler.archive.derived import refresh_derived
from crawler.archive.store import KIND, PORTAL, RENDERED, header_map, index_capture, store_item, whole
from crawler.archive.warc import (
    Exchange,
    Stored,
    decoded_body,
    iso_time,
    iter_records,
    read_resolved,
    recover,
    referred_payload,
    warc_files,
)
from crawler.items import ReportItem
from crawler.prepare import prepare

log = logging.getLogger(__name__)
_BATCH = 500  # writes per transaction


@dataclass
class Replayed:
    """What a re-parse read and wrote."""

    files: int = 0
    captures: int = 0
    items: int = 0
    failed: int = 0  # items whose preparation or storage raised (logged)
    reports: int = 0


class Record(NamedTuple):
    """One WARC record as read: its file's name, offset, length, the record and its payload as stored."""

    file: str
    offset: int
    length: int
    record: ArcWarcRecord
    payload: bytes


def replay(db: sqlite_utils.Database, folder: Path, records: Iterable[Record], replayed: Replayed,
           commit_every: int | None = None) -> None:
    """Index every response and resource of ``records`` (read from the files in ``folder``) as a capture, and prepare
    and store every item a metadata record describes, inside the open transaction (committed every
    ``commit_every`` writes, if given). An item that fails is logged and counted."""
    captures: dict[str, tuple[int, str, int]] = {}
    writes = 0
    for name, offset, length, record, payload in records:
        if record.rec_type == "revisit":  # the bytes of the earlier record it refers to
            payload = referred_payload(folder, record, _locator(db, captures))
        if record.rec_type in ("response", "resource", "revisit"):
            headers = record.rec_headers
            stored = Stored(name, offset, length, headers.get_header("WARC-Record-ID"),
                            headers.get_header("WARC-Date"), headers.get_header("WARC-Payload-Digest"))
            with whole(db):
                capture_id = index_capture(db, stored, _exchange(record, payload), iso_time(stored.date))
            captures[stored.record_id] = (capture_id, name, offset)
            replayed.captures += 1
        elif record.rec_type == "metadata" and (about := record.rec_headers.get_header("WARC-Refers-To")):
            replayed.items += 1
            try:
                item = prepare(_item(folder, captures, about, payload))
                with whole(db):
                    store_item(db, item)
            except Exception:
                replayed.failed += 1
                log.exception("re-parse of %s failed", about)
        else:
            continue
        writes += 1
        if commit_every and writes % commit_every == 0:
            db.conn.execute("COMMIT")
            db.conn.execute("BEGIN")


def _locator(db: sqlite_utils.Database | None, captures: dict[str, tuple[int, str, int]]
             ) -> Callable[[str], tuple[str, int] | None]:
    """Where a record is: among those replayed so far (``captures``: record id -> capture, file, offset),
    else among those the archive ``db`` indexed."""
    def locate(record_id: str) -> tuple[str, int] | None:
        if record_id in captures:
            return captures[record_id][1:]
        row = db.execute("select warc_file, warc_offset from captures where record_id = ?",
                         [record_id]).fetchone() if db is not None else None
        return (row[0], row[1]) if row else None
    return locate


def _exchange(record: ArcWarcRecord, payload: bytes) -> Exchange:
    """The fetch a response records; for a resource (a local file), its bytes under the record's
    Content-Type, as ``crawler.archive.ingest`` indexed them."""
    headers = record.rec_headers
    fields = {name: value for name in (PORTAL, KIND, RENDERED) if (value := headers.get_header(name)) is not None}
    if record.rec_type == "resource":
        kind = headers.get_header("Content-Type")
        return Exchange(headers.get_header("WARC-Target-URI"), 200, [("Content-Type", kind)] if kind else [], payload,
                        fields=fields)  # 200: a local file's item's status (crawler.archive.local_files)
    http = record.http_headers
    return Exchange(headers.get_header("WARC-Target-URI"), int(http.get_statuscode()), list(http.headers), payload,
                    protocol=http.protocol or "HTTP/1.1", fields=fields)


def archived_items(database: str | Path) -> Iterator[ReportItem]:
    """Every item the archive's crawls (and ingests) stored, rebuilt from the WARC files as the spider yielded
    it (bytes as the crawl read them, unprepared), with its capture's id as indexed."""
    folder = warc_folder(database)
    with sqlite_utils.Database(database) as db:
        captures = {record_id: (capture_id, name, offset) for record_id, capture_id, name, offset
                    in db.execute("select record_id, id, warc_file, warc_offset from captures")}
    for file in warc_files(folder):
        for _, _, record, payload in iter_records(file):
            if record.rec_type == "metadata" and (about := record.rec_headers.get_header("WARC-Refers-To")):
                yield _item(folder, captures, about, payload)


def _item(folder: Path, captures: dict[str, tuple[int, str, int]], about: str, payload: bytes) -> ReportItem:
    """The item a metadata record describes, with the body of the response or resource it refers to
    (``captures``: a record id -> its capture id, WARC file and offset); a local file's item has no
    headers (``crawler.archive.local_files``)."""
    fields = json.loads(payload)
    capture_id, name, offset = captures[about]
    response, body = read_resolved(folder, name, offset, _locator(None, captures))
    exchange = _exchange(response, body)
    return ReportItem(
        url=exchange.url, portal=fields["portal"], title=fields["title"], status=exchange.status,
        headers={} if response.rec_type == "resource" else header_map(exchange.response_headers),
        body=decoded_body(response, body),
        fetched_at=iso_time(response.rec_headers.get_header("WARC-Date")), published=fields["published"],
        linked_from=fields["linked_from"], capture_id=capture_id,
    )


def _committed(database: Path) -> dict[str, int] | None:
    """How far the archive at ``database`` committed each WARC file (None without one: a
    file left open is then cut to its last whole record)."""
    if not database.exists():
        return None
    with sqlite_utils.Database(database) as db:
        return committed_warc(db)


# what the archive knows of its crawls that no WARC record holds: the runs, the frontier, the failed fetches
_RUN_TABLES = ("crawls", "crawl_portals", "frontier", "fetch_failures")


def _carry_over(db: sqlite_utils.Database, database: Path) -> None:
    """Copy the run tables of the archive being replaced (if any) into the one rebuilt."""
    if not database.exists():
        return
    db.execute("attach database ? as old", [str(database)])
    try:
        with db.conn:
            for table in _RUN_TABLES:
                old = {row[1] for row in db.execute(f"pragma old.table_info([{table}])")}
                columns = ", ".join(f"[{c}]" for c in db[table].columns_dict if c in old)
                if columns:
                    db.execute(f"insert into main.[{table}] ({columns}) select {columns} from old.[{table}]")
    finally:
        db.execute("detach database old")


def reparse(database: str | Path) -> Replayed:
    """Rebuild the archive at ``database`` from the WARC files beside it (``warc/``)."""
    database = Path(database)
    folder = warc_folder(database)
    if not folder.is_dir():
        raise FileNotFoundError(f"no WARC files to re-parse: {folder}")
    recover(folder, _committed(database))  # what a killed crawl left open
    building = database.with_name(database.name + ".reparse")
    for stale in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    replayed = Replayed()
    db = open_archive(building)
    files = warc_files(folder)
    db.conn.execute("BEGIN")
    for file in files:
        db.execute("insert into warc_files (name, committed_bytes) values (?, ?)", [file.name, file.stat().st_size])
    replay(db, folder, (Record(file.name, *read) for file in files for read in iter_records(file)), replayed, _BATCH)
    replayed.files = len(files)
    db.conn.execute("COMMIT")
    _carry_over(db, database)
    replayed.reports = db["reports"].count
    refresh_derived(db)
    checkpoint(db)
    db.close()
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(building, database)
    Path(f"{building}.lock").unlink(missing_ok=True)
    return replayed
