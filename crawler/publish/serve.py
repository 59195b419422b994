"""Publish the archive with Datasette, read-only."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from crawler.archive.database import checkpoint, open_archive
from crawler.archive.derived import refresh_derived

METADATA = Path(__file__).with_name("metadata.yml")


def datasette_command(database: str | Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The Datasette command line serving ``database`` immutable with the project's metadata."""
    return [
        sys.executable, "-m", "datasette", "serve",
        "--immutable", str(database),
        "--metadata", str(METADATA),
        "--host", host, "--port", str(port),
        "--setting", "default_page_size", "50",
        "--setting", "sql_time_limit_ms", "5000",
    ]


def prepare(database: str | Path) -> None:
    """Fail clearly if there is no archive; index and locate what is not yet (an archive of an
    older version) and fold its write-ahead log in before serving."""
    if not Path(database).exists():
        raise FileNotFoundError(f"no archive at {database}: run `ogi demo` or `ogi crawl` first")
    db = open_archive(database)
    refresh_derived(db)
    checkpoint(db)
    db.close()


def serve(database: str | Path, host: str = "127.0.0.1", port: int = 8001) -> NoReturn:
    """Become Datasette (exec): signals and Ctrl-C then reach the server itself."""
    prepare(database)
    print(f"Datasette: http://{host}:{port}/{Path(database).stem}", flush=True)
    command = datasette_command(database, host, port)
    os.execv(command[0], command)
