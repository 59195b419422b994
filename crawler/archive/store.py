"""Rows of the archive: a fetch indexed as a capture, and a prepared item's report and sources.

Plain functions over an open archive (``crawler.archive.database``); ``crawler.archive.batch`` runs them in
batches beside the WARC writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlite_utils

from crawler.archive.versions import link_versions
from crawler.archive.warc import Exchange, Stored, stored_headers
from crawler.items import ReportItem
from crawler.parse.agency import may_be_one_agency
from crawler.parse.content_hash import distinct_identity
from crawler.parse.report import ParsedReport
from crawler.parse.template import APPLICANT_FIELDS, SECTION4_FIELDS, SECTION_HEADINGS

PORTAL, KIND, RENDERED = "OGI-Portal", "OGI-Kind", "OGI-Rendered"  # WARC fields of a response record
DERIVED = ("sections", "section2", "section3", "section4", "checks")  # a report's tables, by content_hash


def header_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers as one value per name (repeated ones joined by ", ", as HTTP allows)."""
    merged: dict[str, str] = {}
    for name, value in pairs:
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def index_capture(db: sqlite_utils.Database, stored: Stored, exchange: Exchange, fetched_at: str) -> int:
    """One fetch's row in ``captures``, pointing at its WARC record; returns its id."""
    headers = header_map(stored_headers(exchange.response_headers))
    return _insert(db, "captures", [{
        "record_id": stored.record_id,
        "url": exchange.url,
        "portal": exchange.fields.get(PORTAL),
        "kind": exchange.fields.get(KIND),
        "fetched_at": fetched_at,
        "status": exchange.status,
        "content_type": next((v for k, v in headers.items() if k.lower() == "content-type"), None),
        "length": len(exchange.body),
        "payload_digest": stored.payload_digest,
        "warc_file": stored.file,
        "warc_offset": stored.offset,
        "warc_length": stored.length,
        "headers": json.dumps(headers, ensure_ascii=False, sort_keys=True),
    }])


def exchange_of(item: ReportItem) -> Exchange:
    """The fetch an item came from, for an item that reached the archive without one."""
    return Exchange(item.url, item.status, list(item.headers.items()), item.body,
                    fields={PORTAL: item.portal, KIND: "attachment" if item.linked_from else "report"})


def crawl_fields(item: ReportItem) -> dict[str, str | None]:
    """What the crawl knew of an item beyond its fetch (kept in a WARC metadata record, so
    that ``crawler.archive.reparse`` can rebuild the item)."""
    return {"portal": item.portal, "title": item.title, "published": item.published, "linked_from": item.linked_from}


def is_mirror(item: ReportItem) -> bool:
    """Whether the item is a content farm's copy (its repair found a mirror's marks)."""
    return item.source_agency is not None or any(name.startswith("mirror-") for name in item.repairs)


@contextmanager
def whole(db: sqlite_utils.Database) -> Iterator[None]:
    """What is written inside is written whole or not at all: a savepoint, which inside a
    batch's transaction takes back this part alone (under one name, its statements are
    prepared once; sqlite-utils' atomic() names each savepoint anew)."""
    db.conn.execute("savepoint part")
    try:
        yield
    except BaseException:
        db.conn.execute("rollback to part")
        db.conn.execute("release part")
        raise
    db.conn.execute("release part")


def store_item(db: sqlite_utils.Database, item: ReportItem) -> None:
    """A prepared item's part of its capture row, and its report and source (call it ``whole``).

    The report is stored once per content hash, from its first source; a later source on the
    portal's own site replaces one parsed from a mirror's copy."""
    assert item.capture_id is not None, "an item is stored against its capture"
    parsed = item.report
    if parsed and item.content_hash:
        item.content_hash = _identity(db, item.content_hash, parsed)
    db.execute(
        "update captures set title = ?, published = ?, linked_from = ?, body_sha256 = ?, form = ?,"
        " declared_charset = ?, encoding = ?, encoding_reason = ?, encoding_confidence = ?, repairs = ?,"
        " lossy_chars = ?, source_agency = ?, content_hash = ?, parse_status = ?, parse_reasons = ?"
        " where id = ?",
        [item.title, item.published, item.linked_from, item.body_sha256, item.form, item.declared_charset,
         item.encoding, item.encoding_reason, item.encoding_confidence, _json(item.repairs),
         item.lossy_chars, item.source_agency, item.content_hash, parsed.status if parsed else None,
         _reasons(parsed), item.capture_id],
    )
    if parsed and item.content_hash:
        _keep_report(db, item, parsed)


def _identity(db: sqlite_utils.Database, key: str, parsed: ParsedReport) -> str:
    """The report's identity in this archive: its content hash, unless the report stored under
    that hash is another agency's or year's (``crawler.parse.content_hash.distinct_identity``)."""
    stored = db.execute("select agency, year from reports where content_hash = ?", [key]).fetchone()
    if stored is None:
        return key
    agency, year = stored
    if may_be_one_agency(agency, parsed.agency) and (not year or not parsed.year or year == parsed.year):
        return key
    return distinct_identity(parsed.text, parsed.agency, parsed.year)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _reasons(parsed: ParsedReport | None) -> str | None:
    return "; ".join(parsed.reasons) if parsed and parsed.reasons else None


def _keep_report(db: sqlite_utils.Database, item: ReportItem, parsed: ParsedReport) -> None:
    key, mirror = item.content_hash, is_mirror(item)
    current = db.execute(
        "select r.first_url, r.first_seen, s.mirror from reports r left join captures c on c.id = r.parsed_from"
        " left join report_sources s on s.content_hash = r.content_hash and s.url = c.url"
        " where r.content_hash = ?", [key]
    ).fetchone()
    if current is None:
        _store_report(db, item, parsed, item.url, item.fetched_at)
        link_versions(db, key)
    elif current[2] and not mirror:  # first seen on a mirror, now at its source: parse the source
        cluster = db.execute("select cluster, version, current from reports where content_hash = ?", [key]).fetchone()
        for table in ("reports", *DERIVED):
            db.execute(f"delete from [{table}] where content_hash = ?", [key])
        _store_report(db, item, parsed, current[0], current[1])
        db.execute("update reports set cluster = ?, version = ?, current = ? where content_hash = ?", [*cluster, key])
    db.execute(
        "insert into report_sources (content_hash, url, portal, first_seen, last_seen, first_capture,"
        " last_capture, captures, mirror, official) values (?, ?, ?, ?, ?, ?, ?, 1, ?, 0)"
        " on conflict (content_hash, url) do update set last_seen = excluded.last_seen,"
        " last_capture = excluded.last_capture, captures = captures + 1, mirror = excluded.mirror",
        [key, item.url, item.portal, item.fetched_at, item.fetched_at, item.capture_id, item.capture_id, int(mirror)],
    )
    # the official source: the first seen that is not a mirror's copy
    db.execute(
        "update report_sources set official = (url is (select url from report_sources where content_hash = ?1"
        " and not mirror order by first_seen, first_capture limit 1)) where content_hash = ?1", [key]
    )


def _store_report(db: sqlite_utils.Database, item: ReportItem, parsed: ParsedReport, first_url: str,
                  first_seen: str) -> None:
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
        "first_url": first_url,
        "first_seen": first_seen,
        "form": parsed.form,
        "template_version": parsed.template,
        "parse_status": parsed.status,
        "parse_reasons": _reasons(parsed),
        "parser_version": parsed.parser_version,
        "parsed_from": item.capture_id,
        "repairs": _json(item.repairs),
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
             **dict(zip(APPLICANT_FIELDS, row.values)), "raw": _json(row.raw)}
            for i, row in enumerate(parsed.section3.rows)
        ])
    if parsed.section4:
        _insert(db, "section4", [
            {"content_hash": key, **dict(zip(SECTION4_FIELDS, parsed.section4.values)),
             "raw": _json(parsed.section4.raw)}
        ])


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, object]]) -> int:
    """Insert rows of one shape with one prepared statement (the schema is made by open_archive;
    sqlite-utils' insert_all costs more than the writes here); returns the rowid of a single row."""
    if not rows:
        return 0
    columns = list(rows[0])
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' for _ in columns)})")
    if len(rows) == 1:
        return int(db.conn.execute(sql, [rows[0][c] for c in columns]).lastrowid or 0)
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
    return 0
