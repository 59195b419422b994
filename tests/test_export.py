"""``ogi export``: dated CSV snapshots that match the archive, twice over, byte for byte."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from conftest import Crawl, ogi
from crawler.publish.export import export_snapshot

WHEN = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_snapshot_matches_the_database(crawl: Crawl, tmp_path: Path) -> None:
    result = ogi("export", "--db", str(crawl.db_path), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (folder,) = tmp_path.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    by_name = {t["name"]: t for t in manifest["tables"]}
    assert {"reports", "captures", "report_sources", "section3", "report_overview", "provenance", "crawls",
            "crawl_portals", "portal_health"} <= set(by_name)
    assert not {"frontier", "search_rows"} & set(by_name)  # working state, no data
    for entry in manifest["tables"]:
        name = entry["name"]
        for variant, encoding in (("utf-8", "utf-8"), ("excel", "utf-8-sig")):
            path = folder / entry["files"][variant]["path"]
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf") == (variant == "excel")
            with path.open(encoding=encoding, newline="") as f:
                rows = list(csv.DictReader(f))
            assert len(rows) == entry["rows"] == crawl.db[name].count, name
            assert hashlib.sha256(raw).hexdigest() == entry["files"][variant]["sha256"]
    with (folder / "utf-8" / "reports.csv").open(encoding="utf-8", newline="") as f:
        exported = {row["content_hash"]: (row["text"], row["agency"]) for row in csv.DictReader(f)}
    assert exported == {row["content_hash"]: (row["text"], row["agency"]) for row in crawl.db["reports"].rows}
    with (folder / "excel" / "section3.csv").open(encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert list(first)[:3] == ["content_hash", "row_order", "row_key"]  # no BOM glued to the first name
    assert manifest["parser_versions"] == sorted({r["parser_version"] for r in crawl.db["reports"].rows})
    first_seen, last_seen = crawl.db.execute("select min(fetched_at), max(fetched_at) from captures").fetchone()
    assert manifest["crawl_dates"] == {"first": first_seen, "last": last_seen}
    assert "create table" in manifest["schema"]["reports"].lower()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{entry['name']}` |" in readme for entry in manifest["tables"])


def test_unchanged_data_gives_a_byte_identical_snapshot(crawl: Crawl, tmp_path: Path) -> None:
    first = export_snapshot(crawl.db_path, tmp_path, WHEN)
    second = export_snapshot(crawl.db_path, tmp_path, WHEN)  # the same second: a folder of its own
    assert (first.name, second.name) == ("2026-11-30T080000Z", "2026-11-30T080000Z-2")
    assert _files(first) == _files(second)


def test_a_change_shows_in_the_files_it_touches_only(crawl: Crawl, tmp_path: Path) -> None:
    changed = tmp_path / "db" / "ogi.db"
    changed.parent.mkdir()
    shutil.copy(crawl.db_path, changed)
    with sqlite3.connect(changed) as conn:
        changed_rows = conn.execute("update section4 set review_total = review_total + 1 where rowid ="
                                    " (select min(rowid) from section4 where review_total is not null)").rowcount
    assert changed_rows == 1
    before = _files(export_snapshot(crawl.db_path, tmp_path / "a"))
    after = _files(export_snapshot(changed, tmp_path / "b"))
    differ = {name for name in before if before[name] != after[name]}
    assert differ == {"utf-8/section4.csv", "excel/section4.csv", "manifest.json",  # and the view over it:
                      "utf-8/report_numbers.csv", "excel/report_numbers.csv", "parquet/report_numbers.parquet"}


def test_the_excel_variant_starts_no_formula_and_utf8_stays_exact(crawl: Crawl, tmp_path: Path) -> None:
    hostile = tmp_path / "db" / "ogi.db"
    hostile.parent.mkdir()
    shutil.copy(crawl.db_path, hostile)
    cells = {"title": '=HYPERLINK("http://evil.invalid","点击")', "agency": "@SUM(A1:A9)",
             "first_url": "+cmd|' /C calc'!A0", "text": "-2+3", "parse_reasons": "\t=1+1", "published": "\r=2"}
    with sqlite3.connect(hostile) as conn:
        key = conn.execute("select min(content_hash) from reports").fetchone()[0]
        conn.execute(f"update reports set {', '.join(f'{c} = ?' for c in cells)} where content_hash = ?",
                     [*cells.values(), key])
        conn.execute("update section4 set review_total = -3 where rowid = (select min(rowid) from section4)")
    folder = export_snapshot(hostile, tmp_path / "out", WHEN)

    def row_of(variant: str, encoding: str) -> dict[str, str]:
        with (folder / variant / "reports.csv").open(encoding=encoding, newline="") as f:
            return next(r for r in csv.DictReader(f) if r["content_hash"] == key)

    exact, excel = row_of("utf-8", "utf-8"), row_of("excel", "utf-8-sig")
    assert {c: exact[c] for c in cells} == cells
    assert {c: excel[c] for c in cells} == {c: "'" + v for c, v in cells.items()}
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in excel.values())
    with (folder / "excel" / "section4.csv").open(encoding="utf-8-sig", newline="") as f:
        assert "-3" in {r["review_total"] for r in csv.DictReader(f)}  # a number is a number, never quoted
    assert "written after a `'`" in (folder / "README.md").read_text(encoding="utf-8")
