"""The SQLite archive's schema: captures (every fetch, indexing the WARC files that hold its
bytes), reports (one per content hash), where each report was seen, and its tables."""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from crawler.archive.crawls import CRAWL_COLUMNS, PORTAL_COLUMNS, PORTAL_HEALTH
from crawler.archive.fetch_failures import COLUMNS as FAILURE_COLUMNS
from crawler.archive.frontier import COLUMNS as FRONTIER_COLUMNS
from crawler.archive.numbers import REPORT_NUMBERS
from crawler.archive.regions import REGION_COLUMNS
from crawler.archive.warc import read_resolved
from crawler.parse.template import APPLICANT_FIELDS, SECTION4_FIELDS

SCHEMA_VIEWS = {
    "problems": """
        select id, content_hash, section, rule, subject, detail from checks where outcome = 'fail'
    """,
    "report_overview": """
        select r.content_hash, r.title, r.agency, r.year, r.published,
               sum(s.captures) as captures, count(s.url) as urls,
               min(s.first_seen) as first_seen, max(s.last_seen) as last_seen,
               max(case when s.official then s.url end) as official_url
        from reports r left join report_sources s on s.content_hash = r.content_hash
        group by r.content_hash
    """,
    # the fetches that were archived as a report page or attachment (prepared and stored)
    "report_captures": """
        select * from captures where body_sha256 is not null
    """,
    # where every number of a report's tables (keyed by content_hash) was read from
    "provenance": """
        select r.content_hash, r.title, r.parser_version, r.repairs, c.id as capture, c.url, c.fetched_at,
               c.record_id, c.warc_file, c.warc_offset, c.warc_length, c.payload_digest
        from reports r join captures c on c.id = r.parsed_from
    """,
}


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive database with its schema. Processes opening one archive
    at once (Scrapyd jobs, a crawl and a merge) take turns: SQLite does not wait for a lock while
    the journal mode or the schema changes, so ``PATH.lock`` is held meanwhile."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        db = sqlite_utils.Database(path)
        db.execute("pragma busy_timeout = 10000")
        db.enable_wal()
        db.execute("pragma synchronous = normal")
        _create_schema(db)
    return db


def _ensure(db: sqlite_utils.Database, name: str, columns: dict[str, type], **options: object) -> None:
    """Create the table, or add the columns an archive written by an older version lacks."""
    table = db.table(name)
    if not table.exists():
        table.create(columns, **options)  # type: ignore[arg-type]
        return
    for column, kind in columns.items():
        if column not in table.columns_dict:
            table.add_column(column, kind)


class ArchiveError(Exception):
    """An archive this version cannot write to."""


def _create_schema(db: sqlite_utils.Database) -> None:
    if "raw_bodies" in db.table_names():
        raise ArchiveError(f"{db.conn.execute('pragma database_list').fetchone()[2]}: an archive from before WARC "
                           "capture (raw bodies inside the database); crawl into a new one")
    _ensure(
        db, "reports",
        {
            "content_hash": str,
            "title": str,
            "agency": str,
            "year": int,
            "published": str,
            "text": str,
            "text_length": int,
            "first_url": str,
            "first_seen": str,
            "form": str,
            "template_version": str,
            "parse_status": str,
            "parse_reasons": str,
            "parser_version": str,
            "parsed_from": int,
            "repairs": str,
            "cluster": str,
            "version": int,
            "current": int,
            **REGION_COLUMNS,
            "checks_failed": int,
            "checks_unchecked": int,
        },
        pk="content_hash",
        not_null={"title", "text"},
    )
    _ensure(
        db, "captures",
        {
            "id": int,
            "record_id": str,
            "url": str,
            "portal": str,
            "kind": str,
            "fetched_at": str,
            "status": int,
            "content_type": str,
            "length": int,
            "payload_digest": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_length": int,
            "headers": str,
            "title": str,
            "published": str,
            "linked_from": str,
            "body_sha256": str,
            "form": str,
            "declared_charset": str,
            "encoding": str,
            "encoding_reason": str,
            "encoding_confidence": float,
            "repairs": str,
            "lossy_chars": int,
            "source_agency": str,
            "content_hash": str,
            "parse_status": str,
            "parse_reasons": str,
        },
        pk="id",
        not_null={"record_id", "url", "fetched_at", "warc_file", "warc_offset", "warc_length"},
        foreign_keys=[("content_hash", "reports", "content_hash")],
    )
    _ensure(
        db, "report_sources",
        {"content_hash": str, "url": str, "portal": str, "first_seen": str, "last_seen": str,
         "first_capture": int, "last_capture": int, "captures": int, "mirror": int, "official": int},
        pk=("content_hash", "url"),
        foreign_keys=[("content_hash", "reports", "content_hash"), ("first_capture", "captures", "id"),
                      ("last_capture", "captures", "id")],
    )
    _ensure(db, "warc_files", {"name": str, "committed_bytes": int}, pk="name")
    _ensure(
        db, "section3",
        {"content_hash": str, "row_order": int, "row_key": str, "label": str,
         **{name: int for name in APPLICANT_FIELDS}, "raw": str},
        pk=("content_hash", "row_key"),
        foreign_keys=[("content_hash", "reports", "content_hash")],
    )
    _ensure(
        db, "sections",
        {"content_hash": str, "number": int, "heading": str, "text": str},
        pk=("content_hash", "number"),
        foreign_keys=[("content_hash", "reports", "content_hash")],
    )
    _ensure(
        db, "section2",
        {"content_hash": str, "block": str, "row_label": str, "column_name": str, "column_label": str, "raw": str,
         "value": float, "unit": str, "ambiguous": int},
        pk=("content_hash", "block", "row_label", "column_name"),
        foreign_keys=[("content_hash", "reports", "content_hash")],
    )
    _ensure(
        db, "section4",
        {"content_hash": str, **{name: int for name in SECTION4_FIELDS}, "raw": str},
        pk="content_hash",
        foreign_keys=[("content_hash", "reports", "content_hash")],
    )
    _ensure(
        db, "checks",
        {"id": int, "content_hash": str, "section": str, "rule": str, "subject": str, "outcome": str,
         "detail": str},
        pk="id",
        foreign_keys=[("content_hash", "reports", "content_hash")],
    )
    _ensure(db, "crawls", CRAWL_COLUMNS, pk="id")
    _ensure(db, "crawl_portals", PORTAL_COLUMNS, pk=("crawl", "portal"), foreign_keys=[("crawl", "crawls", "id")])
    _ensure(db, "frontier", FRONTIER_COLUMNS, pk=("portal", "fingerprint"))
    _ensure(db, "fetch_failures", FAILURE_COLUMNS, pk="id")
    db["checks"].create_index(["content_hash"], if_not_exists=True)
    db["captures"].create_index(["url"], if_not_exists=True)
    db["captures"].create_index(["content_hash"], if_not_exists=True)
    db["captures"].create_index(["record_id"], unique=True, if_not_exists=True)
    db["reports"].create_index(["agency", "year"], if_not_exists=True)
    db["reports"].create_index(["cluster"], if_not_exists=True)
    for name, sql in {**SCHEMA_VIEWS, "portal_health": PORTAL_HEALTH, "report_numbers": REPORT_NUMBERS}.items():
        db.create_view(name, sql, ignore=True)


def checkpoint(db: sqlite_utils.Database) -> None:
    """Fold the write-ahead log into the main file (before serving it immutable)."""
    db.execute("pragma wal_checkpoint(truncate)")


def warc_folder(database: str | Path) -> Path:
    """Where an archive's WARC files live: ``warc/`` beside its database."""
    return Path(database).parent / "warc"


def captured_payload(database: str | Path, warc_file: str, warc_offset: int) -> bytes:
    """A capture's body exactly as received, read back from its WARC record (a revisit's from the
    record it refers to)."""
    _, payload = read_resolved(warc_folder(database), warc_file, warc_offset, record_locator(database))
    return payload


def record_locator(database: str | Path) -> Callable[[str], tuple[str, int] | None]:
    """Where the archive at ``database`` keeps a record, by its WARC-Record-ID (file and offset)."""
    def locate(record_id: str) -> tuple[str, int] | None:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
            row = conn.execute("select warc_file, warc_offset from captures where record_id = ?",
                               [record_id]).fetchone()
        return (row[0], row[1]) if row else None
    return locate


def committed_warc(db: sqlite_utils.Database) -> dict[str, int]:
    """WARC file name -> how many of its bytes the archive has committed."""
    return dict(db.execute("select name, committed_bytes from warc_files").fetchall())
