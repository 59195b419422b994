"""Add local files and folders to the archive (``ogi ingest PATH...``), the way a crawl adds what it fetches.

Every file under the paths given (each folder walked in sorted order) and every member of a zip
archive among them (read in memory, archives inside archives too) is made the item a crawl yields
(``crawler.local_files``): its bytes as read kept in a WARC ``resource`` record at its ``file:`` or
``jar:`` URL, followed by the metadata record a crawl writes (so ``ogi reparse`` replays it), a row in
``captures`` (portal and kind ``local``, its sha256 in ``body_sha256``), then prepared and stored as a
crawl's (``crawler.prepare``, ``crawler.store``): one report per content hash, each file a source of
it. A URL that already has a capture of the same bytes is not ingested again, so ingesting a folder
twice adds nothing. What cannot be read, or is refused, is a failure with its reason, and nothing of
it is written: a zip archive is refused from its directory, before anything is inflated, when its
members (nested archives' counted with it) are too many or would unpack into too much; the archive's
own database and WARC files are never read, should they lie inside a folder given.

Writes are committed in batches as a crawl's are (``crawler.batch``): the write lock taken, each
capture and each item whole, the WARC file synced before the commit that records how far it is
committed. Files are read and parsed outside the lock, so a crawl writing to the same archive
waits only for the writes.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from crawler.archive import checkpoint, committed_warc, open_archive, warc_folder
from crawler.content_hash import bytes_sha256
from crawler.derived import refresh_derived
from crawler.documents.forms import sniff
from crawler.documents.office_zip import MAX_MEMBERS, MAX_UNPACKED
from crawler.items import ReportItem
from crawler.local_files import file_url, local_item
from crawler.prepare import prepare
from crawler.report import FAILED
from crawler.store import KIND, PORTAL, crawl_fields, index_capture, store_item, whole
from crawler.warc import Exchange, WarcWriter, iso_time, recover

LOCAL_KIND = "local"  # captures.kind of a local file or zip member
MAX_FILE = MAX_UNPACKED  # bytes: a larger file or member is not read (the crawl fetches no more, DOWNLOAD_MAXSIZE)
MAX_ARCHIVE = 16 * MAX_UNPACKED  # bytes unpacked from a zip archive, the archives inside it included
MAX_DEPTH = 3  # zip archives inside zip archives: the outermost is 1
NOT_A_REPORT = "not-a-report"  # the parse status of a page saying it is none (crawler.prepare.identify)
_BATCH_FILES, _BATCH_BYTES = 100, MAX_FILE  # a batch is written in one transaction
_OCTETS = "application/octet-stream"
_TYPES = {  # form (crawler.documents.forms.sniff) -> the Content-Type of its resource record
    "html": "text/html", "text": "text/plain", "pdf": "application/pdf", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))
_ENCRYPTED, _UTF8_NAME = 0x1, 0x800  # a zip member's flag bits
_DATABASE_FILES = ("", "-wal", "-shm", "-journal", ".lock")  # the archive's database and the files beside it


@dataclass(frozen=True)
class Failure:
    """A file or zip member that was not ingested, or was read and held no report, and why."""

    path: str  # as the user knows it: the path as given, a zip member's after the archive's and "!/"
    reason: str


@dataclass(frozen=True)
class Found:
    """The bytes of a file or zip member, as read."""

    url: str  # its file: or jar: URL
    path: str  # as shown to the user (Failure.path)
    name: str  # its file name, or its path in its archive
    data: bytes = field(repr=False)


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


class Refused(Exception):
    """A file not read: not a regular file, or too large."""


@dataclass
class _Budget:
    """What is left to unpack from one zip archive and the archives inside it."""

    members: int = MAX_MEMBERS
    unpacked: int = MAX_ARCHIVE

    def charge(self, members: list[zipfile.ZipInfo]) -> str | None:
        """Take an archive's members from the budget, as its directory declares them; why not, if they exceed it."""
        unpacked = sum(member.file_size for member in members)
        if len(members) > self.members or unpacked > self.unpacked:
            return (f"zip archive refused: {len(members)} members unpacking to {unpacked} bytes (limits"
                    f" {MAX_MEMBERS} members, {MAX_ARCHIVE} bytes, the archives inside it included)")
        self.members -= len(members)
        self.unpacked -= unpacked
        return None


def ingest(paths: Iterable[str | Path], database: str | Path) -> Ingested:
    """Add the files under ``paths`` to the archive at ``database`` (created if need be)."""
    ingested = Ingested()
    db = open_archive(database)
    try:
        folder = warc_folder(database)
        recover(folder, committed_warc(db))  # what a killed writer left open
        warc = WarcWriter(folder)
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
    database = _real(Path(database))
    return {warc_folder(database), *(database.with_name(database.name + end) for end in _DATABASE_FILES)}


def walk(paths: Iterable[str | Path], own: Collection[Path] = ()) -> Iterator[Path | Failure]:
    """The files under ``paths``, in the order given, each folder's in sorted order (its files, then its
    folders'); a link to a folder inside one is not followed, and the archive's ``own`` files and WARC folder
    are not read (each a failure); a link to a file is taken."""
    for given in paths:
        path = Path(given)
        if _real(path) in own:
            yield Failure(_shown(path), "part of the archive written to: not ingested")
        elif path.is_dir():
            yield from _folder(path, own)
        else:
            yield path  # a file, or what is none: told when read


def _folder(folder: Path, own: Collection[Path]) -> Iterator[Path | Failure]:
    errors: list[OSError] = []  # folders that could not be listed
    for top, folders, files in os.walk(folder, onerror=errors.append):
        yield from _listing_failures(errors)
        kept = sorted(name for name in folders if _real(Path(top, name)) not in own)
        links = {name for name in kept if os.path.islink(os.path.join(top, name))}
        for name in sorted([*files, *links, *(set(folders) - set(kept))]):
            path = Path(top, name)
            if name in links:
                yield Failure(_shown(path), "a link to a folder: not followed")
            elif _real(path) in own:
                yield Failure(_shown(path), "part of the archive written to: not ingested")
            else:
                yield path
        folders[:] = kept
    yield from _listing_failures(errors)


def _real(path: Path) -> Path:
    """``path`` absolute, its links followed (a loop left as it is)."""
    return Path(os.path.realpath(path))


def _listing_failures(errors: list[OSError]) -> Iterator[Failure]:
    while errors:
        error = errors.pop(0)
        yield Failure(_shown(Path(error.filename)), f"folder not read: {_why(error)}")


def read_file(path: Path) -> bytes:
    """The bytes of the regular file at ``path`` (a link followed); raises OSError, or ``Refused`` for
    what is not a regular file (never opened: a FIFO would block) or holds more than MAX_FILE bytes."""
    _check(os.stat(path))
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO put there meanwhile: no wait
    with open(descriptor, "rb") as handle:
        _check(os.fstat(descriptor))
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise Refused(f"too large: over {MAX_FILE} bytes")
    return data


def _check(status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _SPECIAL if test(status.st_mode)), "of no known kind")
        raise Refused(f"not a regular file: {kind}")
    if status.st_size > MAX_FILE:
        raise Refused(f"too large: {status.st_size} bytes (limit {MAX_FILE})")


def _why(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def read_paths(paths: Iterable[str | Path], own: Collection[Path] = ()) -> Iterator[Found | Failure]:
    """Every file under ``paths`` read (``walk``), each zip archive as its members."""
    for path in walk(paths, own):
        if isinstance(path, Failure):
            yield path
            continue
        try:
            data = read_file(path)
        except OSError as error:
            yield Failure(_shown(path), f"not read: {_why(error)}")
            continue
        except Refused as refused:
            yield Failure(_shown(path), f"not read: {refused}")
            continue
        real = _real(path)  # a link is read as the file it names (crawler.local_files.file_url)
        yield from unpacked(Found(file_url(real), _shown(path), _decoded(os.fsencode(real.name)), data))


def unpacked(read: Found, budget: _Budget | None = None, depth: int = 0) -> Iterator[Found | Failure]:
    """``read`` itself, or for a zip archive (told by its bytes, not a DOCX or XLSX) its members, those
    of archives inside it too, within one ``budget``."""
    if sniff(read.data, "", read.url) != "zip":
        yield read
    elif depth == MAX_DEPTH:
        yield Failure(read.path, f"zip archive not opened: inside {MAX_DEPTH} others (limit)")
    else:
        yield from _members(read, budget or _Budget(), depth + 1)


def _members(archive: Found, budget: _Budget, depth: int) -> Iterator[Found | Failure]:
    try:
        opened = zipfile.ZipFile(io.BytesIO(archive.data))
    except Exception as error:  # BadZipFile, and NotImplementedError for a version field gone wrong
        yield Failure(archive.path, f"not a readable zip archive: {type(error).__name__}: {error}")
        return
    with opened:
        members = opened.infolist()
        if refusal := budget.charge(members):
            yield Failure(archive.path, refusal)
            return
        for member in members:
            if member.is_dir():
                continue
            name = _member_name(member)
            path = f"{archive.path}!/{_printable(name)}"
            if member.flag_bits & _ENCRYPTED:
                yield Failure(path, "encrypted: not read")
                continue
            if member.file_size > MAX_FILE:
                yield Failure(path, f"too large: {member.file_size} bytes unpacked (limit {MAX_FILE})")
                continue
            try:
                data = opened.read(member)  # never more than the directory declared
            except Exception as error:  # a bad CRC or header, deflate gone wrong, a method not supported
                yield Failure(path, f"zip member not read: {type(error).__name__}: {error}")
                continue
            yield from unpacked(Found(_member_url(archive.url, name), path, name, data), budget, depth)


def _member_url(archive: str, name: str) -> str:
    """The ``jar:`` URL of member ``name`` of the archive at URL ``archive`` (``crawler.local_files.file_url``'s
    convention, nested: ``jar:file:///a.zip!/b.zip!/c.pdf``)."""
    return f"{archive if archive.startswith('jar:') else f'jar:{archive}'}!/{quote(name, safe='/')}"


def _member_name(member: zipfile.ZipInfo) -> str:
    """A member's name: as flagged UTF-8, else its bytes as UTF-8 or GB18030 (Chinese Windows' zips)."""
    if member.flag_bits & _UTF8_NAME:
        return member.filename
    return _decoded(member.filename.encode("cp437"))  # zipfile read the bytes as cp437


def _decoded(name: bytes) -> str:
    """A name's bytes as UTF-8, else as GB18030 (a Chinese Windows' names), else UTF-8 with what is not replaced."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return name.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name.decode("utf-8", "replace")


def _shown(path: Path) -> str:
    return _printable(_decoded(os.fsencode(path)))


def _printable(text: str) -> str:
    """``text`` with what a terminal would not print (control characters) escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


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
    ``crawler.batch.BatchWriter`` writes a crawl's fetch and item)."""
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
