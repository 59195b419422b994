"""One crawl of a portal into an archive at a time: a lock file per portal beside the archive, held while
the portal is crawled (two crawls of one portal would resume one frontier twice)."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO
from urllib.parse import quote


class PortalLock:
    """``ARCHIVE.portals/PORTAL.lock``, taken without waiting; the system lets go of it if the process dies."""

    def __init__(self, database: str | Path, portal: str) -> None:
        self.path = Path(f"{database}.portals") / f"{quote(portal, safe='')}.lock"
        self.handle: IO[str] | None = None

    def acquire(self) -> bool:
        """Whether the lock was free (and is now held)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.handle = handle
        return True

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file lets go of the lock
            self.handle = None
