"""Add local files and folders to the archive (``ogi ingest PATH...``), the way a crawl adds what it fetches.

Every file under the paths given (each folder walked in sorted order) and every member of a zip
archive among them (read in memory, archives inside archives too) is made the item a crawl yields
(``crawler.archive.local_files``): its bytes as read kept in a WARC ``resource`` record at its ``file:`` or
``jar:`` URL, followed by the metadata record a crawl writes (so ``ogi reparse`` replays it), a row in
``captures`` (portal and kind ``local``, its sha256 in ``body_sha256``), then prepared and stored as a
crawl's (``crawler.prepare``, ``crawler.archive.store``): one report per content hash, each file a source of
it. A URL that already has a capture of the same bytes is not ingested again, so ingesting a folder
twice adds nothing. What cannot be read, or is refused (``crawler.archive.local_reads`` finds and reads the
files and zip members), is a failure with its reason, and nothing of it is written; the archive's own
database and WARC files are never read, should they lie inside a folder given.

Writes are committed in batches as a crawl's are (``crawler.archive.batch``): the write lock taken, each
capture and each item whole, the WARC file synced before the commit that records how far it is
committed. Files are read and parsed outside the lock, so a crawl writing to the same archive
waits only for the writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from crawler.archive.cdxj import index_missing, write_index
from crawler.archive.database import checkpoint, committed_warc, open_archive, warc_folder
from crawler.archive.derived import refresh_derived
from crawler.archive.local_files import local_item
from crawler.archive.local_reads import MAX_FILE, Failure, Found, read_paths, real
from crawler.archive.store import KIND, PORTAL, crawl_fields, index_capture, store_item, whole
from crawler.archive.warc import Exchange, WarcWriter, iso_time, recover, warc_files
from crawler.items import ReportItem
from crawler.parse.content_hash import bytes_sha256
from crawler.parse.report import FAILED
from crawler.prepare import prepare

LOCAL_KIND = "local"  # captures.kind of a local file or zip member
NOT_A_REPORT = "not-a-report"  # the parse status of a page saying it is none (crawler.prepare.identify)
_BATCH_FILES, _BATCH_BYTES = 100, MAX_FILE  # a batch is written in one transaction
_OCTETS = "application/octet-stream"
_TYPES = {  # form (crawler.parse.documents.forms.sniff) -> the Content-Type of its resource record
    "html": "text/html", "text": "text/plain", "pdf": "application/pdf", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_DATABASE_FILES = ("", "-wal", "-shm", "-journal", ".lock")  # the archive's database and the files beside it


@dataclass
class Ingested:
    """What an ingest read and added."""

    read: int = 0  # files and zip members read (an archive counts as its members)
    new: int = 0  # reports the archive did not hold
    duplicates: int = 0  # read as a report the archive already held (from another source)
    unchanged: int = 0  # ingested before: a capture of the same bytes at the same URL (nothing written)
    not_reports: int = 0  # pages saying they are no report (soft 404)
    failures: list[Failure] = field(default_factory=list)


Entry = Failure | tuple[str, ReportItem]  # a failure, or a prepared item and its path as shown


def ingest(paths: Iterable[str | Path], database: str | Path) -> Ingested:
    """Add the files under ``paths`` to the archive at ``database`` (created if need be)."""
    ingested = Ingested()
    db = open_archive(database)
    try:
        folder = warc_folder(database)
        recover(folder, committed_warc(db))  # what a killed writer left open
        index_missing(warc_files(folder))
        warc = WarcWriter(folder, on_close=write_index)
        for batch in _batches(_prepared(db, read_paths(paths, _own(database)), ingested)):
            if warc.full():  # its records are committed: the next file begins
                warc.close()
            _write(db, warc, batch, ingested)
        warc.close()
        refresh_derived(db)
        checkpoint(db)
    finally:
        db.close()
    return ingested


def _own(database: str | Path) -> set[Path]:
    """The archive's own files and WARC folder, never ingested into it."""
    database = real(Path(database))
    return {warc_folder(database), *(database.with_name(database.name + end) for end in _DATABASE_FILES)}


def _prepared(db: sqlite_utils.Database, reads: Iterator[Found | Failure], ingested: Ingested) -> Iterator[Entry]:
    """Each file or member read that was not ingested before, prepared as a fetched item is (with its path as
    shown), and each failure, in the order walked; what was read or left unchanged is counted in ``ingested``."""
    for read in reads:
        if isinstance(read, Failure):
            yield read
            continue
        ingested.read += 1
        if _unchanged(db, read.url, bytes_sha256(read.data)):
            ingested.unchanged += 1
            continue
        try:
            item = prepare(local_item(read.url, read.name, read.data))
        except Exception as error:  # a reader's bug costs its file, never the others
            yield Failure(read.path, f"parser error: {type(error).__name__}: {error}")
            continue
        yield read.path, item


def _unchanged(db: sqlite_utils.Database, url: str, sha256: str | None) -> bool:
    """Whether ``url`` has a capture of these bytes already."""
    return db.execute("select 1 from captures where url = ? and body_sha256 = ?", [url, sha256]).fetchone() is not None


def _batches(prepared: Iterator[Entry]) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    size = 0
    for entry in prepared:
        batch.append(entry)
        size += 0 if isinstance(entry, Failure) else len(entry[1].body)
        if len(batch) == _BATCH_FILES or size >= _BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _write(db: sqlite_utils.Database, warc: WarcWriter, batch: list[Entry], ingested: Ingested) -> None:
    """Archive a batch of prepared items in one transaction, the WARC file synced before it commits, and
    count them and the failures among them in ``ingested``."""
    db.conn.execute("BEGIN IMMEDIATE")  # the write lock, as a crawl's batch takes it
    try:
        for entry in batch:
            if isinstance(entry, Failure):
                ingested.failures.append(entry)
                continue
            path, item = entry
            if _unchanged(db, item.url, item.body_sha256):  # met twice, or ingested meanwhile by another
                ingested.unchanged += 1
                continue
            _archive(db, warc, item)
            _count(db, path, item, ingested)
        if synced := warc.sync():
            db.execute("insert or replace into warc_files (name, committed_bytes) values (?, ?)", synced)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def _archive(db: sqlite_utils.Database, warc: WarcWriter, item: ReportItem) -> None:
    """The item's resource record and capture, then its rows and metadata record, each whole (as
    ``crawler.archive.batch.BatchWriter`` writes a crawl's fetch and item)."""
    content_type = _TYPES.get(item.form or "", _OCTETS)
    exchange = Exchange(item.url, item.status, [("Content-Type", content_type)], item.body,
                        fields={PORTAL: item.portal, KIND: LOCAL_KIND})
    stored = warc.write_resource(item.url, item.body, content_type, datetime.now(UTC), exchange.fields)
    item.fetched_at = iso_time(stored.date)
    with whole(db):
        item.capture_id = index_capture(db, stored, exchange, item.fetched_at)
    with whole(db):
        store_item(db, item)
        warc.write_metadata(stored.record_id, stored.date, item.url, crawl_fields(item))


def _count(db: sqlite_utils.Database, path: str, item: ReportItem, ingested: Ingested) -> None:
    """Count a stored item: a new report, a duplicate (the report has a source seen before this file), not
    a report, or a failure with its reason."""
    if item.content_hash:
        seen = db.execute("select 1 from report_sources where content_hash = ? and first_capture <> ?",
                          [item.content_hash, item.capture_id]).fetchone()
        if seen:
            ingested.duplicates += 1
        else:
            ingested.new += 1
    elif item.report and item.report.status == NOT_A_REPORT:
        ingested.not_reports += 1
    else:
        ingested.failures.append(Failure(path, _no_report(item)))


def _no_report(item: ReportItem) -> str:
    """Why a file read gave no report."""
    if not item.body:
        return "empty file"
    if item.report and item.report.status == FAILED:
        return "; ".join(item.report.reasons)
    return "no text found"
