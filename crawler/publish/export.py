"""CSV snapshots: every table and view of the archive into a dated folder, with a manifest.

A snapshot is ``<out>/<UTC time>/``: each table and view twice, as plain UTF-8 under
``utf-8/`` and as UTF-8 with a byte-order mark under ``excel/`` (Excel opens that one with
its Chinese intact), ``report_numbers`` (one row per current report, its headline figures as
columns) also as ``parquet/report_numbers.parquet``, ``manifest.json`` (rows, columns, sha256 of every file, the schema,
the parser versions and the crawl dates the data covers) and a ``README.md``. Rows are
written in key order, and nothing in the files depends on when the snapshot was made, so
a snapshot of unchanged data is byte-identical to the one before it. The folder appears
only once complete (written under a temporary name, then renamed).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlite_utils

from crawler import __version__
from crawler.archive.numbers import DESCRIPTIONS
from crawler.publish.wacz import file_sha256, write_wacz

# a crawl's working state (crawler/archive/frontier.py) and the search index's row keys: no data of the archive's own
NOT_EXPORTED = {"frontier", "search_rows"}
PARQUET = ("report_numbers",)  # also written as Parquet, for analysis tools (pandas, R arrow, DuckDB)
VARIANTS = {"utf-8": "utf-8", "excel": "utf-8-sig"}  # folder -> encoding
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection): in the
# excel/ variant such a text cell is written after a ' (the utf-8/ variant stays exact).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: tuple) -> tuple:
    """``row`` with every text cell that a spreadsheet would take for a formula led by a ``'``."""
    return tuple("'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell for cell in row)


def _read_only(path: Path) -> sqlite_utils.Database:
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}: run a crawl first")
    return sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def _order(db: sqlite_utils.Database, name: str, kind: str, columns: list[str]) -> list[str]:
    """The columns rows are ordered by: a table's primary key (its rowid if none is declared),
    a view's columns from the first."""
    if kind == "table":
        return db[name].pks  # sqlite-utils gives ["rowid"] for a table without one
    return columns


def _rows(db: sqlite_utils.Database, name: str, columns: list[str], order: list[str]) -> Iterator[tuple]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    ordered = ", ".join(f'"{c}"' if c != "rowid" else "rowid" for c in order)
    yield from db.execute(f'select {quoted} from "{name}" order by {ordered}')


def _write(db: sqlite_utils.Database, name: str, kind: str, folder: Path) -> dict[str, object]:
    """One table or view in every variant; its manifest entry."""
    declared = db[name].columns
    columns = [c.name for c in declared if c.type.upper() != "BLOB"]
    order = _order(db, name, kind, columns)
    files = {variant: folder / variant / f"{name}.csv" for variant in VARIANTS}
    handles = [files[variant].open("w", encoding=encoding, newline="") for variant, encoding in VARIANTS.items()]
    rows = 0
    try:
        exact, excel = (csv.writer(handle) for handle in handles)
        exact.writerow(columns)
        excel.writerow(spreadsheet_safe(tuple(columns)))
        for row in _rows(db, name, columns, order):
            exact.writerow(row)
            excel.writerow(spreadsheet_safe(row))
            rows += 1
    finally:
        for handle in handles:
            handle.close()
    return {
        "name": name, "kind": kind, "rows": rows,
        "columns": [{"name": c.name, "type": c.type} for c in declared if c.name in columns],
        "omitted_columns": [c.name for c in declared if c.name not in columns],
        "order_by": order,
        "files": {variant: {"path": f"{variant}/{path.name}", "sha256": file_sha256(path)}
                  for variant, path in files.items()},
    }


def _parquet(db: sqlite_utils.Database, name: str, folder: Path) -> dict[str, str]:
    """A view as a Parquet file (columns typed from their values, described in the file's metadata)."""
    cursor = db.execute(f'select * from "{name}" order by 1')
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    table = pa.table({c: pa.array([row[i] for row in rows]) for i, c in enumerate(columns)})
    fields = [field.with_metadata({"description": DESCRIPTIONS.get(field.name, "")}) for field in table.schema]
    table = table.cast(pa.schema(fields))
    path = folder / "parquet" / f"{name}.parquet"
    path.parent.mkdir(exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    return {"path": f"parquet/{path.name}", "sha256": file_sha256(path)}


def _covered(db: sqlite_utils.Database) -> dict[str, object]:
    """What the data covers: the crawl dates of its captures and the parser versions of its reports."""
    first, last = db.execute("select min(fetched_at), max(fetched_at) from captures").fetchone()
    versions = [v for (v,) in db.execute("select distinct parser_version from reports order by 1") if v]
    return {"crawl_dates": {"first": first, "last": last}, "parser_versions": versions}


def _readme(entries: list[dict[str, object]], covered: dict[str, object]) -> str:
    dates = covered["crawl_dates"]
    lines = [
        "# OGI report archive: CSV snapshot",
        "",
        "Every table and view of the archive's SQLite database, one CSV file each, in two variants:",
        "",
        "- `utf-8/`: plain UTF-8, for programs (pandas, R, csvkit, ...);",
        "- `excel/`: UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly;",
        "  a text cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`,",
        "  a tab or a carriage return) is written after a `'`, so that opening the file runs nothing",
        "  (a page's title or text is whatever its site printed). `utf-8/` keeps every cell exact.",
        "",
        "`report_numbers` (one row per current report: its agency, place, year, template, parse status and",
        "headline figures as columns, described in `manifest.json` and in the file) is also in",
        "`parquet/report_numbers.parquet`.",
        "",
        "Both hold the same rows, with a header row, in the order `manifest.json` names (`order_by`).",
        "An empty cell is NULL in the database: for a number, the cell was blank or unreadable in",
        "the report (never 0). Bytes are not in the CSVs: the archive keeps them in its WARC files.",
        "`manifest.json` lists each file's rows, columns and sha256, the database schema, the",
        "parser versions and the crawl dates covered.",
        "",
        f"Crawl dates covered: {dates['first'] or '-'} to {dates['last'] or '-'} (UTC); parser versions: "
        f"{', '.join(covered['parser_versions']) or '-'}.",
        "",
        "| table or view | kind | rows |",
        "|---|---|---:|",
        *(f"| `{e['name']}` | {e['kind']} | {e['rows']} |" for e in entries),
        "",
        "Table and column descriptions (Chinese and English) are the archive's Datasette metadata.",
        "",
    ]
    return "\n".join(lines)


def export_snapshot(database: str | Path, out_root: str | Path, now: datetime | None = None, wacz: bool = False
                    ) -> Path:
    """Write a snapshot of the archive at ``database`` into ``<out_root>/<UTC time>/``; its folder.
    ``wacz``: the WARC files too, as ``archive.wacz`` (``crawler.publish.wacz``) in the snapshot."""
    db = _read_only(Path(database))
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H%M%SZ")
    final = Path(out_root) / stamp
    n = 1
    while final.exists():  # two snapshots in one second
        n += 1
        final = Path(out_root) / f"{stamp}-{n}"
    partial = Path(out_root) / f".{final.name}.partial"
    for variant in VARIANTS:
        (partial / variant).mkdir(parents=True)
    try:
        entries = [
            _write(db, name, kind, partial)
            for kind, names in (("table", db.table_names()), ("view", db.view_names()))
            for name in sorted(names)
            if not name.startswith("sqlite_") and "_fts" not in name and name not in NOT_EXPORTED
        ]
        for entry in entries:
            if entry["name"] in PARQUET:
                entry["files"]["parquet"] = _parquet(db, str(entry["name"]), partial)
        covered = _covered(db)
        schema = {name: sql for name, sql in db.execute(
            "select name, sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by name")}
    finally:
        db.close()
    manifest = {"archive_version": __version__, **covered, "variants": VARIANTS, "tables": entries, "schema": schema}
    if wacz:
        packed = write_wacz(database, partial / "archive.wacz", now)
        manifest["wacz"] = {"path": packed.name, "sha256": file_sha256(packed)}
    (partial / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    (partial / "README.md").write_text(_readme(entries, covered), encoding="utf-8")
    os.replace(partial, final)
    return final
