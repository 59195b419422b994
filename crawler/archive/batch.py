"""The archive's writer: fetches into the WARC files and the captures index, items into
reports, committed in batches with the WARC files synced first."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from crawler.archive.cdxj import index_missing, write_index
from crawler.archive.database import checkpoint, committed_warc, open_archive, warc_folder
from crawler.archive.derived import refresh_derived
from crawler.archive.frontier import mark_done, step
from crawler.archive.store import crawl_fields, exchange_of, index_capture, store_item, whole
from crawler.archive.warc import (
    Exchange,
    Original,
    WarcWriter,
    iso_time,
    payload_digest,
    recover,
    warc_date,
    warc_files,
)
from crawler.items import ReportItem

T = TypeVar("T")
log = logging.getLogger(__name__)


class BatchWriter:
    """Captures and items written to one archive and one WARC file series, committed in batches.

    Each capture and each item is written whole or not at all (a savepoint inside the batch's
    transaction). A batch is committed once it holds ``size`` writes or its first is
    ``seconds`` old (``commit_due``), and on ``close``: the WARC file is synced to disk
    first, then the database records how far it is committed, in the same transaction as
    the rows pointing into it. A crash loses at most the open batch; the next ``open`` cuts
    the WARC file back to what was committed (``crawler.archive.warc.recover``), and a re-crawl fetches
    those pages again. Committing each write alone costs a crawl about 2 ms in log writes.
    """

    def __init__(self, path: str | Path, size: int = 100, seconds: float = 2.0, warc_bytes: int = 1 << 30) -> None:
        self.path = path
        self.size = size
        self.seconds = seconds
        self.warc_bytes = warc_bytes
        self.db: sqlite_utils.Database | None = None
        self.warc: WarcWriter | None = None
        self.pending = 0  # writes in the open batch
        self.opened = 0.0  # when the open batch began (time.monotonic)
        self.marked: list[tuple[str, str]] = []  # (portal, fingerprint) of the requests done in the open batch
        # told the requests done once their batch is committed (a distributed crawl's worker lets go of them)
        self.on_commit: Callable[[list[tuple[str, str]]], None] | None = None

    def open(self) -> None:
        """Open the archive (creating its schema) and close what a killed writer left open."""
        if self.db is not None:
            return
        self.db = open_archive(self.path)
        folder = warc_folder(self.path)
        recover(folder, committed_warc(self.db))
        index_missing(warc_files(folder))  # files closed by a recovery or an older version
        self.warc = WarcWriter(folder, max_bytes=self.warc_bytes, on_close=write_index)

    def _begin(self) -> sqlite_utils.Database:
        assert self.db is not None, "archive not open"
        if not self.db.conn.in_transaction:  # the write lock now: another process's commit cannot void the batch
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.opened = time.monotonic()
        return self.db

    def capture(self, exchange: Exchange, moment: datetime | None = None) -> tuple[int, str]:
        """Write one fetch to the WARC file and index it; its capture id and time."""
        assert self.warc is not None, "archive not open"
        if self.warc.full():  # the next file begins once this one's records are committed
            self.commit()
            self.warc.close()
        db = self._begin()
        earlier = _earlier_same(db, exchange)
        if earlier is None:
            stored = self.warc.write_exchange(exchange, moment or datetime.now(UTC))
        else:  # the same bytes as an earlier capture of the URL: a revisit record, not a second copy
            stored = self.warc.write_revisit(exchange, moment or datetime.now(UTC), earlier)
        fetched_at = iso_time(stored.date)
        with whole(db):
            capture = index_capture(db, stored, exchange, fetched_at)
        self._written()
        return capture, fetched_at

    def write(self, item: ReportItem) -> int:
        """Write a prepared item (capturing its fetch first if nothing did); its capture id."""
        assert self.warc is not None, "archive not open"
        if item.capture_id is None:
            item.capture_id, item.fetched_at = self.capture(exchange_of(item))
        db = self._begin()
        record_id, fetched_at = db.execute("select record_id, fetched_at from captures where id = ?",
                                           [item.capture_id]).fetchone()
        with whole(db):  # the item's rows, its metadata record and its request done, or none of them
            store_item(db, item)
            if item.frontier is not None:
                mark_done(db, item.portal, item.frontier, item.url)
                self.marked.append((item.portal, item.frontier))
            self.warc.write_metadata(record_id, warc_date(datetime.fromisoformat(fetched_at)), item.url,
                                     crawl_fields(item))
        self._written()
        return item.capture_id

    def apply(self, change: Callable[..., T], *args: object, commit: bool = False) -> T:
        """Run ``change(db, *args)`` whole in the open batch (a crawl's record, its frontier) and
        return what it returns; ``commit``: commit the batch with it now."""
        db = self._begin()
        with whole(db):
            result = change(db, *args)
        self._written()
        if commit:
            self.commit()
        return result

    def mark(self, portal: str, added: list[tuple[str, str, str]], done: tuple[str, str] | None) -> None:
        """A step of a portal's frontier (``crawler.archive.frontier.step``): the requests a response led to, and
        its own request done."""
        db = self._begin()
        with whole(db):
            step(db, portal, added, done)
        if done is not None:
            self.marked.append((portal, done[0]))  # before the batch may commit with it
        self._written()

    def _written(self) -> None:
        self.pending += 1
        self.commit_if_due()

    def commit_if_due(self) -> None:
        """Commit the open batch if it is full or old enough."""
        if self.commit_due():
            self.commit()

    def commit_due(self) -> bool:
        """Whether the open batch is full or old enough to commit."""
        return self.pending >= self.size or (self.pending > 0 and time.monotonic() - self.opened >= self.seconds)

    def commit(self) -> None:
        """Sync the WARC file, then commit the open batch with how far the file is committed."""
        if self.db is not None and self.db.conn.in_transaction:
            synced = self.warc.sync() if self.warc else None
            if synced:
                self.db.execute("insert or replace into warc_files (name, committed_bytes) values (?, ?)", synced)
            self.db.conn.execute("COMMIT")
        self.pending = 0
        marked, self.marked = self.marked, []
        if marked and self.on_commit is not None:
            try:
                self.on_commit(marked)
            except Exception:  # committed all the same: what was not told is made again by another worker
                log.exception("telling %d requests done failed", len(marked))

    def close(self) -> None:
        """Commit, close the WARC file, index and locate the new reports (``crawler.archive.derived``),
        fold the log into the database file and close."""
        if self.db is not None:
            self.commit()
            if self.warc is not None:
                self.warc.close()
                self.warc = None
            refresh_derived(self.db)
            checkpoint(self.db)
            self.db.close()
            self.db = None


def _earlier_same(db: sqlite_utils.Database, exchange: Exchange) -> Original | None:
    """The first capture of ``exchange``'s URL whose body was the same bytes, if any (a response or
    resource record: a revisit refers to the record holding the bytes)."""
    if not exchange.body:
        return None
    digest = payload_digest(exchange.body)
    row = db.execute("select record_id, fetched_at from captures where url = ? and payload_digest = ? "
                     "order by id limit 1", [exchange.url, digest]).fetchone()
    return Original(row[0], exchange.url, warc_date(datetime.fromisoformat(row[1])), digest) if row else None
