"""CSV snapshots: every table and view of the archive into a dated folder with a manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from crawler import __version__


def _read_only(path: Path) -> sqlite_utils.Database:
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}: run a crawl first")
    return sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def _write_csv(db: sqlite_utils.Database, name: str, columns: list[str], target: Path) -> int:
    rows = 0
    quoted = ", ".join(f'"{c}"' for c in columns)
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in db.execute(f'select {quoted} from "{name}"'):
            writer.writerow(row)
            rows += 1
    return rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_snapshot(database: str | Path, out_root: str | Path) -> Path:
    """Write ``<out_root>/<UTC timestamp>/`` with one CSV per table and view, and manifest.json.

    Blob columns (raw bytes) are left out of the CSVs and named in the manifest. The folder
    appears only once complete (written under a temporary name, then renamed).
    """
    db = _read_only(Path(database))
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    final = Path(out_root) / stamp
    partial = Path(out_root) / f".{stamp}.partial"
    partial.mkdir(parents=True)
    entries = []
    for kind, names in (("table", db.table_names()), ("view", db.view_names())):
        for name in sorted(names):
            if name.startswith("sqlite_") or "_fts" in name:
                continue
            cols = db[name].columns
            kept = [c.name for c in cols if c.type.upper() != "BLOB"]
            target = partial / f"{name}.csv"
            rows = _write_csv(db, name, kept, target)
            entries.append({
                "name": name, "kind": kind, "file": target.name, "rows": rows,
                "sha256": _sha256(target), "columns": kept,
                "omitted_columns": [c.name for c in cols if c.name not in kept],
            })
    manifest = {
        "created_at": stamp, "database": str(database), "ogi_archive_version": __version__,
        "encoding": "utf-8", "tables": entries,
    }
    (partial / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(partial, final)
    db.close()
    return final
