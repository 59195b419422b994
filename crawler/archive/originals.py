"""A capture's original, as it was captured: read back from its WARC record, never fetched again.

Used by the Datasette plugin's capture view (``/-/capture/<id>``), which shows a page in a
sandboxed frame and serves a document with its type.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crawler.archive.database import record_locator, warc_folder
from crawler.archive.warc import read_resolved
from crawler.text.content_coding import CODING_ERRORS, inflated

MAX_BODY = 64 * 1024 * 1024  # as the crawl's DOWNLOAD_MAXSIZE: a body that unpacks to more is shown as stored

_FIELDS = "id, url, portal, kind, fetched_at, status, content_type, warc_file, warc_offset, payload_digest, record_id"


class NoOriginal(LookupError):
    """No such capture, or its record cannot be read back; the message says which."""


@dataclass(frozen=True)
class Original:
    """One capture's body as the crawl read it (content coding undone) and where it is kept."""

    capture: int
    url: str
    portal: str | None
    kind: str | None
    fetched_at: str
    status: int | None
    content_type: str
    warc_file: str
    warc_offset: int
    payload_digest: str | None
    record_id: str
    body: bytes
    note: str = ""  # why the body is shown as stored (its content coding could not be undone)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def media_type(self) -> str:
        """The type without parameters, lower case (``text/html``); empty when none was sent."""
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def document_type(self) -> str:
        """The type to serve the body with: as captured, unless the server named none or only
        ``application/octet-stream`` (as many do for attachments); then the document's own, by its
        first bytes and its name."""
        if self.media_type not in ("", "application/octet-stream"):
            return self.content_type
        extension = self.url.split("?", 1)[0].lower().rsplit(".", 1)[-1]
        if self.body.startswith(b"%PDF-"):
            return "application/pdf"
        if self.body.startswith(b"PK\x03\x04") and extension in _OFFICE_TYPES:
            return _OFFICE_TYPES[extension]
        if self.body.startswith(b"\xd0\xcf\x11\xe0") and extension in _OFFICE_TYPES:
            return _OFFICE_TYPES[extension]
        return self.content_type or ("text/html" if self.is_page else "application/octet-stream")

    @property
    def is_page(self) -> bool:
        return self.media_type in ("", "text/html", "application/xhtml+xml") and not _document_name(self.url)

    @property
    def filename(self) -> str:
        """A safe file name for a download: the URL's last part, else ``capture-<id>``."""
        name = self.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        safe = "".join(ch for ch in name if ch.isalnum() or ch in "._-")[:120].lstrip(".")
        return safe or f"capture-{self.capture}"


_OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword", "wps": "application/msword", "xls": "application/vnd.ms-excel",
}


def _document_name(url: str) -> bool:
    return url.split("?", 1)[0].lower().rsplit(".", 1)[-1] in ("pdf", "doc", "docx", "wps", "xls", "xlsx", "ofd")


def read_original(database: str | Path, capture: int) -> Original:
    """Capture ``capture`` of the archive at ``database``, its body read from the WARC files."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        row = conn.execute(f"select {_FIELDS} from captures where id = ?", (capture,)).fetchone()
    if row is None:
        raise NoOriginal(f"no capture {capture} in the archive")
    (capture_id, url, portal, kind, fetched_at, status, content_type, warc_file, warc_offset, digest,
     record_id) = row
    try:
        record, payload = read_resolved(warc_folder(database), warc_file, warc_offset, record_locator(database))
    except (OSError, StopIteration, LookupError) as error:
        raise NoOriginal(f"capture {capture}: its record in {warc_file} at {warc_offset} cannot be read "
                         f"({error})") from error
    if record.rec_headers.get_header("WARC-Record-ID") != record_id:
        raise NoOriginal(f"capture {capture}: the record at {warc_file}:{warc_offset} is not {record_id}")
    coding = record.http_headers.get_header("Content-Encoding") if record.http_headers else None
    body, note = undone(payload, coding or "") if record.rec_type != "resource" else (payload, "")
    return Original(capture_id, url, portal, kind, fetched_at, status, content_type or "", warc_file, warc_offset,
                    digest, record_id, body, note)


def undone(payload: bytes, coding: str) -> tuple[bytes, str]:
    """The body with its content coding undone, at most MAX_BODY bytes; else the payload as stored and why."""
    out, size = [], 0
    try:
        for chunk in inflated(payload, coding):
            size += len(chunk)
            if size > MAX_BODY:
                return payload, f"its {coding} body unpacks to more than {MAX_BODY} bytes: shown as stored"
            out.append(chunk)
    except (EOFError, *CODING_ERRORS) as error:
        return payload, f"its {coding} body is broken ({type(error).__name__}): shown as stored"
    return b"".join(out), ""
