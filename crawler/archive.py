"""The SQLite archive: raw bodies, captures (every fetch) and reports (one per content hash)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import sqlite_utils

from crawler.items import ReportItem
from crawler.report import ParsedReport
from crawler.template import APPLICANT_FIELDS, SECTION4_FIELDS, SECTION_HEADINGS

SCHEMA_VIEWS = {
    "problems": """
        select id, content_hash, section, rule, subject, detail from checks where outcome = 'fail'
    """,
    "report_overview": """
        select r.content_hash, r.title, r.agency, r.year, r.published,
               count(c.id) as captures, count(distinct c.url) as urls,
               min(c.fetched_at) as first_seen, max(c.fetched_at) as last_seen
        from reports r left join captures c on c.content_hash = r.content_hash
        group by r.content_hash
    """,
}


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive database with its schema."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
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


def _create_schema(db: sqlite_utils.Database) -> None:
    _ensure(
        db, "raw_bodies",
        {"sha256": str, "length": int, "body": bytes}, pk="sha256"
    )
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
            "url": str,
            "portal": str,
            "fetched_at": str,
            "status": int,
            "title": str,
            "published": str,
            "declared_charset": str,
            "encoding": str,
            "encoding_reason": str,
            "encoding_confidence": float,
            "content_hash": str,
            "body_sha256": str,
            "length": int,
            "headers": str,
            "repairs": str,
            "lossy_chars": int,
            "source_agency": str,
            "form": str,
            "parse_status": str,
            "parse_reasons": str,
            "linked_from": str,
        },
        pk="id",
        not_null={"url", "fetched_at", "body_sha256"},
        foreign_keys=[("content_hash", "reports", "content_hash"), ("body_sha256", "raw_bodies", "sha256")],
    )
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
    db["checks"].create_index(["content_hash"], if_not_exists=True)
    db["captures"].create_index(["url"], if_not_exists=True)
    db["captures"].create_index(["content_hash"], if_not_exists=True)
    for name, sql in SCHEMA_VIEWS.items():
        db.create_view(name, sql, ignore=True)


def store_capture(db: sqlite_utils.Database, item: ReportItem) -> int:
    """Write one fetch in a single transaction (all of it or none); returns the capture id.

    The raw body is stored once per distinct sha256; the report once per content hash.
    """
    body = {"sha256": item.body_sha256, "length": len(item.body), "body": item.body}
    parsed = item.report
    capture = {
        "url": item.url,
        "portal": item.portal,
        "fetched_at": item.fetched_at,
        "status": item.status,
        "title": item.title,
        "published": item.published,
        "declared_charset": item.declared_charset,
        "encoding": item.encoding,
        "encoding_reason": item.encoding_reason,
        "encoding_confidence": item.encoding_confidence,
        "content_hash": item.content_hash,
        "body_sha256": item.body_sha256,
        "length": len(item.body),
        "headers": json.dumps(item.headers, ensure_ascii=False, sort_keys=True),
        "repairs": json.dumps(item.repairs, ensure_ascii=False, sort_keys=True),
        "lossy_chars": item.lossy_chars,
        "source_agency": item.source_agency,
        "form": item.form,
        "parse_status": parsed.status if parsed else None,
        "parse_reasons": _reasons(parsed),
        "linked_from": item.linked_from,
    }
    # A savepoint: inside a batch's transaction it takes back this capture alone; outside one it
    # is the transaction. Under one name, its statements are prepared once (sqlite-utils'
    # atomic() names each savepoint anew, which made them a sixth of the writes' time).
    conn = db.conn
    conn.execute("savepoint capture")
    try:
        _insert(db, "raw_bodies", [body], "or ignore")
        if parsed and item.content_hash and not _has_report(db, item.content_hash):
            _store_report(db, item, parsed)
        capture_id = _insert(db, "captures", [capture])
    except BaseException:
        conn.execute("rollback to capture")
        conn.execute("release capture")
        raise
    conn.execute("release capture")
    return capture_id


def _has_report(db: sqlite_utils.Database, content_hash: str) -> bool:
    return bool(db.execute("select 1 from reports where content_hash = ?", [content_hash]).fetchone())


def _reasons(parsed: ParsedReport | None) -> str | None:
    return "; ".join(parsed.reasons) if parsed and parsed.reasons else None


def _store_report(db: sqlite_utils.Database, item: ReportItem, parsed: ParsedReport) -> None:
    key = item.content_hash
    checks = [("三", c) for c in (parsed.section3.checks if parsed.section3 else [])]
    checks += [("四", c) for c in (parsed.section4.checks if parsed.section4 else [])]
    _insert(db, "reports", [{
        "content_hash": key,
        "title": item.title,
        "agency": parsed.agency,
        "year": parsed.year,
        "published": item.published,
        "text": parsed.text,
        "text_length": len(parsed.text),
        "first_url": item.url,
        "first_seen": item.fetched_at,
        "form": parsed.form,
        "template_version": parsed.template,
        "parse_status": parsed.status,
        "parse_reasons": _reasons(parsed),
        "parser_version": parsed.parser_version,
        "checks_failed": sum(c.outcome == "fail" for _, c in checks),
        "checks_unchecked": sum(c.outcome == "unchecked" for _, c in checks),
    }])
    _insert(db, "checks", [
        {"content_hash": key, "section": section, "rule": c.rule, "subject": c.subject, "outcome": c.outcome,
         "detail": c.detail}
        for section, c in checks
    ])
    _insert(db, "sections", [
        {"content_hash": key, "number": n, "heading": SECTION_HEADINGS[n - 1], "text": text}
        for n, text in parsed.sections.items()
    ])
    _insert(db, "section2", [
        {"content_hash": key, "block": c.block, "row_label": c.row, "column_name": c.column,
         "column_label": c.label, "raw": c.raw, "value": c.value, "unit": c.unit, "ambiguous": int(c.ambiguous)}
        for c in parsed.section2
    ])
    if parsed.section3:
        _insert(db, "section3", [
            {"content_hash": key, "row_order": i, "row_key": row.key, "label": row.label,
             **dict(zip(APPLICANT_FIELDS, row.values)), "raw": json.dumps(row.raw, ensure_ascii=False)}
            for i, row in enumerate(parsed.section3.rows)
        ])
    if parsed.section4:
        _insert(db, "section4", [
            {"content_hash": key, **dict(zip(SECTION4_FIELDS, parsed.section4.values)),
             "raw": json.dumps(parsed.section4.raw, ensure_ascii=False)}
        ])


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, object]], verb: str = "") -> int:
    """Insert rows of one shape with one prepared statement (the schema is made by open_archive;
    sqlite-utils' insert_all costs more than the writes here); returns the rowid of a single row."""
    if not rows:
        return 0
    columns = list(rows[0])
    sql = (f"insert {verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' for _ in columns)})")
    if len(rows) == 1:
        return int(db.conn.execute(sql, [rows[0][c] for c in columns]).lastrowid or 0)
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
    return 0


class BatchWriter:
    """Captures written to one archive connection and committed in batches.

    Each capture is written whole or not at all (``store_capture``: a savepoint inside the
    batch's transaction). A batch is committed once it holds ``size`` captures or its first
    is ``seconds`` old (``commit_due``), and on ``close``. A crash loses at most the open
    batch, never part of a capture, and a re-crawl fetches those pages again. Committing
    each capture on its own costs a crawl about 2 ms per capture in log writes.
    """

    def __init__(self, path: str | Path, size: int = 100, seconds: float = 2.0) -> None:
        self.path = path
        self.size = size
        self.seconds = seconds
        self.db: sqlite_utils.Database | None = None
        self.pending = 0  # captures in the open batch
        self.opened = 0.0  # when the open batch began (time.monotonic)

    def open(self) -> None:
        """Open the archive (creating its schema) unless open."""
        if self.db is None:
            self.db = open_archive(self.path)

    def write(self, item: ReportItem) -> int:
        """Write one capture into the open batch (beginning one if none is); returns its id."""
        assert self.db is not None, "archive not open"
        if not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN")
            self.opened = time.monotonic()
        capture = store_capture(self.db, item)
        self.pending += 1
        self.commit_if_due()
        return capture

    def commit_if_due(self) -> None:
        """Commit the open batch if it is full or old enough."""
        if self.commit_due():
            self.commit()

    def commit_due(self) -> bool:
        """Whether the open batch is full or old enough to commit."""
        return self.pending >= self.size or (self.pending > 0 and time.monotonic() - self.opened >= self.seconds)

    def commit(self) -> None:
        """Commit the open batch, if any."""
        if self.db is not None and self.db.conn.in_transaction:
            self.db.conn.execute("COMMIT")
        self.pending = 0

    def close(self) -> None:
        """Commit, fold the log into the database file and close."""
        if self.db is not None:
            self.commit()
            checkpoint(self.db)
            self.db.close()
            self.db = None


def checkpoint(db: sqlite_utils.Database) -> None:
    """Fold the write-ahead log into the main file (before serving it immutable)."""
    db.execute("pragma wal_checkpoint(truncate)")
