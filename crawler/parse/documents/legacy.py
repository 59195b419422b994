"""Legacy Word (DOC) and WPS files, converted to DOCX by LibreOffice headless, then read as DOCX
(``convert`` also turns XLS into XLSX for ``sheet_reader``).

LibreOffice comes from Debian (packages libreoffice-writer-nogui and libreoffice-calc-nogui,
installed by scripts/bootstrap). Each conversion runs in a fresh temporary folder with its own
LibreOffice profile, so conversions never share state, and in a session of its own: after a timeout
the whole session is killed (the ``soffice`` launcher and the ``soffice.bin`` it starts) before the
folder goes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from crawler.parse.documents.document import Document, UnreadableDocument
from crawler.parse.documents.docx_reader import read_docx

TIMEOUT = 120  # seconds for one conversion
GONE = 10  # seconds given to the processes of a killed conversion to be gone


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
        _run([command, "--headless", "--norestore", f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
              "--convert-to", target, "--outdir", str(Path(folder, "out")), str(source)])
        converted = Path(folder, "out", f"report.{target}")
        if not converted.is_file():
            raise UnreadableDocument(f"LibreOffice could not convert the {suffix} file to {target} (not readable)")
        return converted.read_bytes()


def _run(arguments: list[str]) -> None:
    """Run LibreOffice in a session (and process group) of its own; one still running after TIMEOUT
    seconds, or when the wait is interrupted, is killed with all it started; raises UnreadableDocument
    on a timeout."""
    process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise UnreadableDocument(f"LibreOffice did not convert the document within {TIMEOUT} s "
                                 "(killed)") from error
    finally:
        if process.returncode is None:
            _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group ``process`` leads, reap ``process`` and wait (up to GONE seconds) until
    every process of the group has died (``soffice.bin`` too, whose zombie init reaps, when it will)."""
    os.killpg(process.pid, signal.SIGKILL)  # the leader is not reaped yet: its group cannot be another's
    process.wait()
    deadline = time.monotonic() + GONE
    while _group_running(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _group_running(group: int) -> bool:
    """Whether a process of the process group is still running (a zombie is not: it holds no memory
    and no file)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, process_group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except OSError:  # gone meanwhile
            continue
        if int(process_group) == group and state not in ("Z", "X"):
            return True
    return False


def read_legacy(data: bytes, suffix: str = ".doc") -> Document:
    """A DOC or WPS report read through its DOCX conversion."""
    converted = read_docx(convert(data, suffix, "docx"))
    return Document("doc", converted.text, converted.tables, converted.title)
