"""The zip of an Office Open XML document (DOCX, XLSX), checked before it is unpacked."""

from __future__ import annotations

import io
import zipfile

from crawler.documents.document import UnreadableDocument

MAX_UNPACKED = 64 * 1024 * 1024  # bytes: a larger unpacked document is a zip bomb, not a report
MAX_MEMBERS = 2000


def check_office_zip(data: bytes, main_part: str, kind: str) -> None:
    """Refuse a zip that is not a ``kind`` document (no ``main_part``) or unpacks into too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # BadZipFile, and NotImplementedError for a version field gone wrong
        raise UnreadableDocument(f"not a valid {kind} (zip): {type(error).__name__}: {error}") from error
    if main_part not in {m.filename for m in members}:
        raise UnreadableDocument(f"a zip without {main_part} is not a {kind}")
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED:
        raise UnreadableDocument(f"{kind} refused: {len(members)} parts unpacking to {unpacked} bytes "
                                 f"(limits {MAX_MEMBERS} parts, {MAX_UNPACKED} bytes)")
