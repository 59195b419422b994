"""The archive as a WACZ (Web Archive Collection Zipped, spec 1.1.1), which ReplayWeb.page and
pywb open: its closed WARC files under ``archive/``, their CDXJ indexes merged into
``indexes/index.cdxj``, the report pages in ``pages/pages.jsonl``, and ``datapackage.json``
naming every file with its SHA-256 and size, itself hashed in ``datapackage-digest.json``.

Everything is stored uncompressed in the zip (the WARC records are gzipped already), so a
replay tool reads a record in place by its offset.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from crawler import __version__
from crawler.archive.cdxj import index_missing
from crawler.archive.database import warc_folder
from crawler.archive.warc import warc_files

WACZ_VERSION = "1.1.1"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Report pages"}


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a MiB at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pages(database: Path) -> Iterator[dict[str, str]]:
    """One entry per current report: the page or document its numbers were read from."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "select c.id, c.url, c.fetched_at, r.title from reports r join captures c on c.id = r.parsed_from "
            "where r.current = 1 and c.url like 'http%' order by c.id").fetchall()
    for capture, url, fetched_at, title in rows:
        yield {"id": f"capture-{capture}", "url": url, "ts": fetched_at, "title": title or ""}


def write_wacz(database: str | Path, target: str | Path, now: datetime | None = None) -> Path:
    """Pack the archive at ``database`` into the WACZ file ``target`` (written whole, then renamed)."""
    database, target = Path(database), Path(target)
    warcs = warc_files(warc_folder(database))
    indexes = index_missing(warcs)
    lines = sorted(line for index in indexes for line in index.read_text(encoding="utf-8").splitlines() if line)
    pages = [json.dumps(PAGES_HEADER)] + [json.dumps(page, ensure_ascii=False) for page in _pages(database)]
    members: list[tuple[str, Path | bytes]] = [(f"archive/{w.name}", w) for w in warcs]
    members += [("indexes/index.cdxj", "".join(f"{line}\n" for line in lines).encode("utf-8")),
                ("pages/pages.jsonl", "".join(f"{line}\n" for line in pages).encode("utf-8"))]
    resources = []
    for name, content in members:
        if isinstance(content, Path):
            resources.append({"name": Path(name).name, "path": name, "hash": f"sha256:{file_sha256(content)}",
                              "bytes": content.stat().st_size})
        else:
            resources.append({"name": Path(name).name, "path": name,
                              "hash": f"sha256:{hashlib.sha256(content).hexdigest()}", "bytes": len(content)})
    package = {
        "profile": "data-package", "wacz_version": WACZ_VERSION, "title": f"OGI report archive ({database.name})",
        "software": f"ogi-archive {__version__}",
        "created": (now or datetime.now(UTC)).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "resources": resources,
    }
    package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    digest = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(package_bytes).hexdigest()}"}
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as wacz:
        for name, content in members:
            if isinstance(content, Path):
                wacz.write(content, name)
            else:
                wacz.writestr(name, content)
        wacz.writestr("datapackage.json", package_bytes)
        wacz.writestr("datapackage-digest.json", json.dumps(digest).encode("utf-8"))
    partial.replace(target)
    return target
