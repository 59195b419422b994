"""Local files and zip members found and read for ``ogi ingest`` (``crawler.archive.ingest``), with what is refused.

Folders are walked in sorted order, links to folders not followed; what is not a regular file is never
opened (a FIFO would block), nor a file over MAX_FILE bytes. A zip archive (told by its bytes) is read in
memory as its members, archives inside it too, refused from its directory, before anything is inflated,
when its members are too many or would unpack into too much; a member's name is only ever part of its
``jar:`` URL and of the path shown.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive.local_files import file_url, member_url
from crawler.parse.documents.forms import sniff
from crawler.parse.documents.office_zip import MAX_MEMBERS, MAX_UNPACKED

MAX_FILE = MAX_UNPACKED  # bytes: a larger file or member is not read (the crawl fetches no more, DOWNLOAD_MAXSIZE)
MAX_ARCHIVE = 16 * MAX_UNPACKED  # bytes unpacked from a zip archive, the archives inside it included
MAX_DEPTH = 3  # zip archives inside zip archives: the outermost is 1
_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))
_ENCRYPTED, _UTF8_NAME = 0x1, 0x800  # a zip member's flag bits


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


def walk(paths: Iterable[str | Path], own: Collection[Path] = ()) -> Iterator[Path | Failure]:
    """The files under ``paths``, in the order given, each folder's in sorted order (its files, then its
    folders'); a link to a folder inside one is not followed, and the archive's ``own`` files and WARC folder
    are not read (each a failure); a link to a file is taken."""
    for given in paths:
        path = Path(given)
        if real(path) in own:
            yield Failure(_shown(path), "part of the archive written to: not ingested")
        elif path.is_dir():
            yield from _folder(path, own)
        else:
            yield path  # a file, or what is none: told when read


def _folder(folder: Path, own: Collection[Path]) -> Iterator[Path | Failure]:
    errors: list[OSError] = []  # folders that could not be listed
    for top, folders, files in os.walk(folder, onerror=errors.append):
        yield from _listing_failures(errors)
        kept = sorted(name for name in folders if real(Path(top, name)) not in own)
        links = {name for name in kept if os.path.islink(os.path.join(top, name))}
        for name in sorted([*files, *links, *(set(folders) - set(kept))]):
            path = Path(top, name)
            if name in links:
                yield Failure(_shown(path), "a link to a folder: not followed")
            elif real(path) in own:
                yield Failure(_shown(path), "part of the archive written to: not ingested")
            else:
                yield path
        folders[:] = kept
    yield from _listing_failures(errors)


def real(path: Path) -> Path:
    """``path`` absolute, its links followed (a loop left as it is)."""
    return Path(os.path.realpath(path))


def _listing_failures(errors: list[OSError]) -> Iterator[Failure]:
    while errors:
        error = errors.pop(0)
        yield Failure(_shown(Path(error.filename)), f"folder not read: {why_not_read(error)}")


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


_WHY = {FileNotFoundError: "no such file", IsADirectoryError: "a directory, not a file",
        PermissionError: "permission denied"}


def why_not_read(error: OSError) -> str:
    """Why a file could not be read, in a few words."""
    return _WHY.get(type(error)) or error.strerror or str(error)


def read_paths(paths: Iterable[str | Path], own: Collection[Path] = ()) -> Iterator[Found | Failure]:
    """Every file under ``paths`` read (``walk``), each zip archive as its members."""
    for path in walk(paths, own):
        if isinstance(path, Failure):
            yield path
            continue
        try:
            data = read_file(path)
        except OSError as error:
            yield Failure(_shown(path), f"not read: {why_not_read(error)}")
            continue
        except Refused as refused:
            yield Failure(_shown(path), f"not read: {refused}")
            continue
        target = real(path)  # a link is read as the file it names (crawler.archive.local_files.file_url)
        yield from unpacked(Found(file_url(target), _shown(path), _decoded(os.fsencode(target.name)), data))


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
            yield from unpacked(Found(member_url(archive.url, name), path, name, data), budget, depth)


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
