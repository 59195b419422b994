"""Legacy Word (DOC) and WPS files, converted to DOCX by LibreOffice headless, then read as DOCX
(``convert`` also turns XLS into XLSX for ``sheet_reader``).

LibreOffice comes from Debian (packages libreoffice-writer-nogui and libreoffice-calc-nogui,
installed by scripts/bootstrap). Each conversion runs in a fresh temporary folder with its own
LibreOffice profile, so conversions never share state, and is killed after a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from crawler.documents.document import Document, UnreadableDocument
from crawler.documents.docx_reader import read_docx

TIMEOUT = 120  # seconds for one conversion


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice to ``target`` ("docx", "doc",
    "pdf", ...); raises UnreadableDocument."""
    command = soffice()
    if command is None:
        raise UnreadableDocument(f"a {suffix} file needs LibreOffice (soffice), which is not installed: "
                                 "run scripts/bootstrap")
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as folder:
        source = Path(folder) / f"report{suffix}"  # our own name: a published filename is never used
        source.write_bytes(data)
        try:
            subprocess.run(
                [command, "--headless", "--norestore", f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
                 "--convert-to", target, "--outdir", str(Path(folder, "out")), str(source)],
                capture_output=True, timeout=TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise UnreadableDocument(f"LibreOffice did not convert the document within {TIMEOUT} s") from error
        converted = Path(folder, "out", f"report.{target}")
        if not converted.is_file():
            raise UnreadableDocument(f"LibreOffice could not convert the {suffix} file to {target} (not readable)")
        return converted.read_bytes()


def read_legacy(data: bytes, suffix: str = ".doc") -> Document:
    """A DOC or WPS report read through its DOCX conversion."""
    converted = read_docx(convert(data, suffix, "docx"))
    return Document("doc", converted.text, converted.tables, converted.title)
