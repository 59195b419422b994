"""The crawl frontier, kept in the archive: for each portal, the requests its crawl has yet to make and
the ones it has made, so that a crawl stopped in any way (Ctrl-C, SIGTERM, SIGKILL, power loss) resumes
where it was, fetching nothing again that it had finished.

A request is *done* once what its response gave is committed: the report it carried (in the same
transaction as the report's rows), or the requests it led to (recorded in the same step as its mark).
The archive's writer commits in batches, so a crash loses at most the open batch's marks, and the
next crawl fetches those pages again; nothing committed is fetched twice. A portal's rows are
deleted when its crawl finishes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

COLUMNS = {"portal": str, "fingerprint": str, "url": str, "request": str, "done": int}


@dataclass
class Left:
    """What an unfinished crawl of a portal left: requests done, and requests pending (as JSON)."""

    done: set[str] = field(default_factory=set)
    pending: list[tuple[str, str]] = field(default_factory=list)


def left_by(database: str | Path, portal: str) -> Left:
    """What the last crawl of ``portal`` into ``database`` left unfinished (nothing, if it finished)."""
    if not Path(database).exists():
        return Left()
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = conn.execute("select fingerprint, request, done from frontier where portal = ? order by rowid",
                            [portal]).fetchall()
    except sqlite3.OperationalError:  # an archive from before the frontier
        return Left()
    finally:
        conn.close()
    left = Left()
    for fingerprint, request, done in rows:
        if done:
            left.done.add(fingerprint)
        elif request is not None:
            left.pending.append((fingerprint, request))
    return left


def step(db: sqlite_utils.Database, portal: str, added: Iterable[tuple[str, str, str]],
         done: tuple[str, str] | None) -> None:
    """Record the requests a response led to (fingerprint, URL, JSON) and mark its own request
    (fingerprint, URL) done."""
    db.conn.executemany("insert or ignore into frontier (portal, fingerprint, url, request, done)"
                        " values (?, ?, ?, ?, 0)", [(portal, *row) for row in added])
    if done is not None:
        mark_done(db, portal, *done)


def mark_done(db: sqlite_utils.Database, portal: str, fingerprint: str, url: str) -> None:
    """Mark a request done (recording it, if its adding is not committed yet)."""
    db.conn.execute("insert into frontier (portal, fingerprint, url, done) values (?, ?, ?, 1)"
                    " on conflict (portal, fingerprint) do update set done = 1", [portal, fingerprint, url])


def forget(db: sqlite_utils.Database, portal: str) -> None:
    """A portal's crawl finished: nothing to resume."""
    db.conn.execute("delete from frontier where portal = ?", [portal])
