"""The zip of an Office Open XML document (DOCX, XLSX), checked before it is unpacked."""

from __future__ import annotations

import io
import zipfile

from crawler.parse.documents.document import UnreadableDocument

MAX_UNPACKED = 64 * 1024 * 1024  # bytes: a larger unpacked document is a zip bomb, not a report
MAX_MEMBERS = 2000
# bytes of the main part's XML (a DOCX's text and tables): its tree costs about 13 times its size, so 16 MiB
# is read in about 250 MiB (benchmarks/memory.py); a report's is well under 1 MiB
MAX_MAIN_PART = 16 * 1024 * 1024


def check_office_zip(data: bytes, main_part: str, kind: str) -> None:
    """Refuse a zip that is not a ``kind`` document (no ``main_part``), unpacks into too much, or whose
    main part alone is too big to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # BadZipFile, and NotImplementedError for a version field gone wrong
        raise UnreadableDocument(f"not a valid {kind} (zip): {type(error).__name__}: {error}") from error
    main = next((m for m in members if m.filename == main_part), None)
    if main is None:
        raise UnreadableDocument(f"a zip without {main_part} is not a {kind}")
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED:
        raise UnreadableDocument(f"{kind} refused: {len(members)} parts unpacking to {unpacked} bytes "
                                 f"(limits {MAX_MEMBERS} parts, {MAX_UNPACKED} bytes)")
    if main.file_size > MAX_MAIN_PART:
        raise UnreadableDocument(f"{kind} refused: {main_part} unpacks to {main.file_size} bytes "
                                 f"(limit {MAX_MAIN_PART})")
