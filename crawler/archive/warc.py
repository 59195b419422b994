"""WARC files (ISO 28500, written with warcio): every fetch as it came, gzipped per record.

Each fetch is a ``response`` record (status line, headers and body exactly as received)
followed by its ``request`` record (and, for a page rendered in Chromium, a ``conversion``
record of the DOM the browser made of it, ``WARC-Refers-To`` the response). A fetch whose body
is the same as an earlier capture of the same URL is a ``revisit`` record instead (the
identical-payload-digest profile: status line and headers, no second copy of the body,
``WARC-Refers-To`` the earlier record), which ``read_resolved`` reads with the earlier record's
body. What the crawl knew of a report it archived goes in a ``metadata`` record referring to the
response. Bytes read from a local file rather than fetched (``crawler.archive.ingest``) are a
``resource`` record at the file's ``file:`` or ``jar:``
URL. Files rotate once they pass ``max_bytes`` and start with a ``warcinfo`` record.

A file being written is named ``NAME.warc.gz.open`` and renamed ``NAME.warc.gz`` when
closed (as Heritrix does), so a complete file is never one a writer still appends to. A
writer killed mid-record leaves an ``.open`` file whose last gzip member is torn:
``recover`` cuts it back to the end the archive committed (or to its last whole record)
and closes it. Every record is its own gzip member, so a record can be read alone from its
offset (``read_record``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.text.content_coding import inflated

SUFFIX = ".warc.gz"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"
# zlib's level for each record's gzip member. warcio's own writer takes 9, which on the demo's
# 119 report pages and attachments took 1.3 times as long for a 2% smaller result.
LEVEL = 6
OPEN = ".open"  # added to the name of a file still being written
# A de-chunked body is stored, so the header saying it was chunked is kept under this name
# (the convention of web archives' replay tools), or readers would try to de-chunk it again.
_KEPT_AS = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


@dataclass(frozen=True)
class Exchange:
    """One fetch: the request as sent and the response as received (body undecoded)."""

    url: str
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes = field(repr=False)
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    protocol: str = "HTTP/1.1"
    fields: dict[str, str] = field(default_factory=dict)  # extra WARC fields (OGI-Portal, ...)
    rendered: bytes | None = field(default=None, repr=False)  # the DOM a browser made of the body, if rendered


@dataclass(frozen=True)
class Original:
    """An earlier capture a revisit refers to: its record, URL, WARC-Date and payload digest."""

    record_id: str
    url: str
    date: str
    payload_digest: str


@dataclass(frozen=True)
class Stored:
    """Where a record was written, and what identifies it."""

    file: str  # the file's closed name (without .open)
    offset: int
    length: int
    record_id: str
    date: str  # WARC-Date
    payload_digest: str | None = None


def warc_date(moment: datetime) -> str:
    """The WARC-Date of a moment (UTC, to the second)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_time(date: str) -> str:
    """A WARC-Date as the archive's ISO 8601 time with its offset."""
    return datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).isoformat(timespec="seconds")


def stored_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A response's headers as its record keeps them (see _KEPT_AS)."""
    return [(_KEPT_AS.get(name.lower(), name), value) for name, value in headers]


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class WarcWriter:
    """Appends records to the newest file of ``folder`` (one writer per file: names carry the
    process id and a serial), rotating past ``max_bytes``."""

    def __init__(self, folder: str | Path, prefix: str = "ogi", max_bytes: int = 1 << 30,
                 software: str = "ogi-archive", on_close: Callable[[Path], object] | None = None) -> None:
        self.folder = Path(folder)
        self.on_close = on_close  # told each file once it is closed (its CDXJ index is written then)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.software = software
        self.serial = 0
        self.name: str | None = None  # the current file's closed name
        self.handle: io.BufferedWriter | None = None
        self.buffer = io.BytesIO()  # a record, before it is compressed into the file
        self.writer: WARCWriter | None = None

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        self.serial += 1
        self.name = f"{self.prefix}-{stamp}-{os.getpid()}-{self.serial:05d}{SUFFIX}"
        self.handle = open(self.folder / (self.name + OPEN), "xb")  # noqa: SIM115 (closed in close())
        self.writer = WARCWriter(self.buffer, gzip=False, warc_version="1.0")
        info = self.writer.create_warcinfo_record(self.name, {
            "software": self.software, "format": "WARC File Format 1.0",
            "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
        })
        self._write(info)

    def _write(self, record: ArcWarcRecord) -> Stored:
        assert self.handle is not None and self.writer is not None and self.name is not None
        offset = self.handle.tell()
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.write_record(record)
        member = zlib.compress(self.buffer.getbuffer(), LEVEL, wbits=31)  # a gzip member of its own
        try:
            self.handle.write(member)
        except BaseException:  # no torn record left for the next to follow
            self.handle.seek(offset)
            self.handle.truncate()
            raise
        headers = record.rec_headers
        return Stored(self.name, offset, self.handle.tell() - offset, headers.get_header("WARC-Record-ID"),
                      headers.get_header("WARC-Date"), headers.get_header("WARC-Payload-Digest"))

    def write_exchange(self, exchange: Exchange, moment: datetime) -> Stored:
        """Write the response record and its request record; where the response went."""
        if self.handle is None:
            self._open()
        assert self.writer is not None
        date = warc_date(moment)
        headers = stored_headers(exchange.response_headers)
        response = self.writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body), length=len(exchange.body),
            http_headers=StatusAndHeaders(_status_line(exchange.status), headers, protocol=exchange.protocol),
            warc_headers_dict={"WARC-Date": date, **exchange.fields},
        )
        stored = self._write(response)
        self._write(self._request(exchange, date, stored.record_id))
        if exchange.rendered is not None:  # what Chromium made of it: a record of its own, never the response's
            conversion = self.writer.create_warc_record(
                exchange.url, "conversion", payload=io.BytesIO(exchange.rendered), length=len(exchange.rendered),
                warc_content_type="text/html; charset=utf-8",
                warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": stored.record_id,
                                   "OGI-Rendered": "chromium"},
            )
            self._write(conversion)
        return stored

    def write_revisit(self, exchange: Exchange, moment: datetime, original: Original) -> Stored:
        """Write a ``revisit`` record (status line and headers, no body: the same payload as
        ``original``, an earlier capture of the same URL) and its request record; where it went."""
        if self.handle is None:
            self._open()
        assert self.writer is not None
        date = warc_date(moment)
        headers = stored_headers(exchange.response_headers)
        revisit = self.writer.create_revisit_record(
            exchange.url, original.payload_digest, original.url, original.date,
            http_headers=StatusAndHeaders(_status_line(exchange.status), headers, protocol=exchange.protocol),
            warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": original.record_id,
                               "WARC-Profile": REVISIT_PROFILE, **exchange.fields},
        )
        stored = self._write(revisit)
        self._write(self._request(exchange, date, stored.record_id))
        return stored

    def _request(self, exchange: Exchange, date: str, concurrent_to: str) -> ArcWarcRecord:
        """The request record of a fetch, concurrent to its response (or revisit)."""
        assert self.writer is not None
        target = exchange.url.split("://", 1)[-1]
        path = "/" + target.split("/", 1)[1] if "/" in target else "/"
        return self.writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"{exchange.method} {path} HTTP/1.1", list(exchange.request_headers),
                                          is_http_request=True),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": concurrent_to},
        )

    def write_resource(self, url: str, body: bytes, content_type: str, moment: datetime,
                       fields: Mapping[str, str]) -> Stored:
        """A ``resource`` record: bytes exactly as read from a local file (``url``: its ``file:`` or
        ``jar:`` URL), with their Content-Type and extra WARC fields (OGI-Portal, ...)."""
        if self.handle is None:
            self._open()
        assert self.writer is not None
        record = self.writer.create_warc_record(
            url, "resource", payload=io.BytesIO(body), length=len(body), warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": warc_date(moment), **fields},
        )
        return self._write(record)

    def write_metadata(self, refers_to: str, date: str, url: str, fields: Mapping[str, object]) -> Stored:
        """A JSON ``metadata`` record about an earlier record (its WARC-Record-ID and WARC-Date)."""
        if self.handle is None:
            self._open()
        assert self.writer is not None
        payload = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
        record = self.writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(payload), length=len(payload), warc_content_type="application/json",
            warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": refers_to},
        )
        return self._write(record)

    def full(self) -> bool:
        """Whether the current file has reached ``max_bytes`` (the next one should begin after
        what is written so far is committed: ``close``, then write)."""
        return self.handle is not None and self.handle.tell() >= self.max_bytes

    def sync(self) -> tuple[str, int] | None:
        """Flush the current file to disk; its name and size (None before the first record)."""
        if self.handle is None or self.name is None:
            return None
        self.handle.flush()
        os.fsync(self.handle.fileno())
        return self.name, self.handle.tell()

    def close(self) -> None:
        """Sync and close the current file under its closed name."""
        if self.handle is None or self.name is None:
            return
        self.sync()
        self.handle.close()
        closed = self.folder / self.name
        (self.folder / (self.name + OPEN)).rename(closed)
        self.handle = self.writer = self.name = None
        if self.on_close is not None:
            self.on_close(closed)


def whole_length(path: Path) -> int:
    """Bytes of ``path`` up to the end of its last whole gzip member (a record)."""
    good = consumed = 0
    member = zlib.decompressobj(wbits=31)
    pending = b""
    with path.open("rb") as handle:
        while chunk := pending or handle.read(1 << 16):
            try:
                member.decompress(chunk)
            except zlib.error:
                return good
            if member.eof:  # a member ended inside this chunk: the rest begins the next one
                pending = member.unused_data
                consumed += len(chunk) - len(pending)
                good = consumed
                member = zlib.decompressobj(wbits=31)
            else:
                pending = b""
                consumed += len(chunk)
    return good


def recover(folder: str | Path, committed: Mapping[str, int] | None = None) -> list[str]:
    """Close the ``.open`` files a killed writer left in ``folder``: each is cut back to the
    end the archive committed (``committed``: file name -> bytes; a file it does not name
    keeps its warcinfo record only), or without an archive to its last whole record. A file
    whose writer (the process id in its name) still runs here is left alone. Returns the
    names closed."""
    closed = []
    for path in sorted(Path(folder).glob(f"*{SUFFIX}{OPEN}")):
        name = path.name.removesuffix(OPEN)
        if _writer_alive(name):
            continue
        whole = whole_length(path)
        if committed is None:
            end = whole
        else:
            end = min(committed.get(name) or _first_record_end(path), whole)
        with path.open("r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
        path.rename(path.with_name(name))
        closed.append(name)
    return closed


def _writer_alive(name: str) -> bool:
    """Whether the process that writes file ``name`` (its id is in the name) still runs here."""
    try:
        pid = int(name.rsplit("-", 2)[-2])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _first_record_end(path: Path) -> int:
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        try:
            next(records)
        except StopIteration:
            return 0
        return records.get_record_offset() + records.get_record_length()


def file_path(folder: str | Path, name: str) -> Path:
    """Where a file is: under its closed name, else still open."""
    path = Path(folder) / name
    return path if path.exists() else path.with_name(name + OPEN)


def read_record(folder: str | Path, name: str, offset: int) -> tuple[ArcWarcRecord, bytes]:
    """The record at ``offset`` of file ``name`` and its payload as stored (for a response,
    the body as received, still in its content encoding)."""
    with file_path(folder, name).open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        return record, record.raw_stream.read()


def read_resolved(folder: str | Path, name: str, offset: int, locate: Callable[[str], tuple[str, int] | None]
                  ) -> tuple[ArcWarcRecord, bytes]:
    """The record at ``offset`` of file ``name`` and its payload; for a revisit, the payload of the
    record it refers to (``locate``: a record id -> its file and offset, None when unknown)."""
    record, payload = read_record(folder, name, offset)
    return record, referred_payload(folder, record, locate) if record.rec_type == "revisit" else payload


def referred_payload(folder: str | Path, revisit: ArcWarcRecord, locate: Callable[[str], tuple[str, int] | None]
                     ) -> bytes:
    """The payload of the record a revisit refers to (``locate``: a record id -> its file and offset)."""
    target = revisit.rec_headers.get_header("WARC-Refers-To")
    where = locate(target) if target else None
    if where is None:
        raise LookupError(f"revisit {revisit.rec_headers.get_header('WARC-Record-ID')} refers to {target}, "
                          "which the archive does not hold")
    return read_record(folder, *where)[1]


def payload_digest(body: bytes) -> str:
    """A body's WARC-Payload-Digest, as warcio writes it (``sha1:`` and the base32 of its SHA-1)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")  # noqa: S324 (WARC's digest)


def decoded_body(record: ArcWarcRecord, payload: bytes) -> bytes:
    """A response's body as the crawl read it: its content coding (gzip, deflate, br, zstd) undone as
    Scrapy undid it (a broken stream raises: the crawl archived no item of one)."""
    encoding = record.http_headers.get_header("Content-Encoding") if record.http_headers else None
    return b"".join(inflated(payload, encoding or ""))


def warc_files(folder: str | Path) -> list[Path]:
    """The closed WARC files of ``folder``, oldest first (names begin with their time)."""
    return sorted(Path(folder).glob(f"*{SUFFIX}"), key=lambda p: p.name.split("-", 1)[-1])


def iter_records(path: Path) -> Iterator[tuple[int, int, ArcWarcRecord, bytes]]:
    """Every record of one file: offset, length, record, payload as stored."""
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            payload = record.raw_stream.read()
            yield records.get_record_offset(), records.get_record_length(), record, payload
