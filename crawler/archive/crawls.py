"""The archive's record of its crawls: one ``crawls`` row per run of a crawl process, one
``crawl_portals`` row per portal crawled in it, and the ``portal_health`` view over them."""

from __future__ import annotations

import json
import os
import socket
from typing import Any

import sqlite_utils

CRAWL_COLUMNS = {
    "id": int, "started": str, "ended": str, "state": str, "host": str, "pid": int, "portals": int,
    "pages": int, "reports": int, "new": int, "changed": int, "unchanged": int, "errors": int,
    "resumed": int, "failed_portals": str,
}
PORTAL_COLUMNS = {
    "crawl": int, "portal": str, "spider": str, "started": str, "ended": str, "finish_reason": str,
    "state": str, "pages": int, "reports": int, "new": int, "changed": int, "unchanged": int, "errors": int,
    "error_kinds": str, "resumed": int,
}
# A portal's last crawl, when it last went well, and how many crawls in a row have failed it.
PORTAL_HEALTH = """
select p.portal, p.state as last_state, p.ended as last_crawled, p.pages, p.errors, p.error_kinds,
       (select max(q.ended) from crawl_portals q where q.portal = p.portal and q.state in ('ok', 'errors'))
           as last_ok,
       (select count(*) from crawl_portals q where q.portal = p.portal and q.state = 'failed'
          and q.rowid > coalesce((select max(r.rowid) from crawl_portals r
                                  where r.portal = p.portal and r.state != 'failed'), 0)) as failures_in_a_row
from crawl_portals p
where p.rowid = (select max(q.rowid) from crawl_portals q where q.portal = p.portal)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ended_unrecorded(run: dict[str, Any]) -> bool:
    """Whether a run recorded as running is known to have died: its process, on this machine, is gone."""
    return run["state"] == "running" and run["host"] == socket.gethostname() and not _alive(run["pid"])


def begin_crawl(db: sqlite_utils.Database, started: str, host: str, pid: int) -> int:
    """A new run's row (state ``running``); runs of this host whose process died unrecorded become ``killed``."""
    for crawl, old_pid in db.execute("select id, pid from crawls where state = 'running' and host = ?",
                                     [host]).fetchall():
        if not _alive(old_pid) or old_pid == pid:
            db.execute("update crawls set state = 'killed' where id = ?", [crawl])
            db.execute("update crawl_portals set state = 'killed' where crawl = ? and state = 'running'", [crawl])
    cursor = db.execute("insert into crawls (started, state, host, pid) values (?, 'running', ?, ?)",
                        [started, host, pid])
    return int(cursor.lastrowid)


def begin_portal(db: sqlite_utils.Database, crawl: int, portal: str, spider: str, started: str) -> None:
    """A portal's crawl begins."""
    db.execute("insert or replace into crawl_portals (crawl, portal, spider, started, state)"
               " values (?, ?, ?, ?, 'running')", [crawl, portal, spider, started])


def portal_state(reason: str, pages: int, errors: int) -> str:
    """``ok``; ``errors`` (some pages failed); ``failed`` (no page came back, or only errors); or
    ``interrupted`` (stopped before it finished: it resumes next run)."""
    if reason != "finished":
        return "interrupted"
    if pages == 0 or errors >= pages:
        return "failed"
    return "errors" if errors else "ok"


def end_portal(db: sqlite_utils.Database, crawl: int, portal: str, ended: str, reason: str,
               counts: dict[str, int], error_kinds: dict[str, int]) -> None:
    """A portal's crawl ended: its figures (pages, reports, new, changed, unchanged, errors, resumed)."""
    state = portal_state(reason, counts["pages"], counts["errors"])
    db.execute(
        "update crawl_portals set ended = ?, finish_reason = ?, state = ?, pages = ?, reports = ?, new = ?,"
        " changed = ?, unchanged = ?, errors = ?, error_kinds = ?, resumed = ? where crawl = ? and portal = ?",
        [ended, reason, state, counts["pages"], counts["reports"], counts["new"], counts["changed"],
         counts["unchanged"], counts["errors"], json.dumps(error_kinds, ensure_ascii=False, sort_keys=True),
         counts["resumed"], crawl, portal])


def end_crawl(db: sqlite_utils.Database, crawl: int, ended: str) -> None:
    """The run ended: its totals over its portals, and ``finished`` or ``interrupted``."""
    rows: list[dict[str, Any]] = list(db.query("select * from crawl_portals where crawl = ?", [crawl]))
    totals = {name: sum(row[name] or 0 for row in rows)
              for name in ("pages", "reports", "new", "changed", "unchanged", "errors", "resumed")}
    state = "finished" if all(row["finish_reason"] == "finished" for row in rows) else "interrupted"
    failed = sorted(row["portal"] for row in rows if row["state"] == "failed")
    db.execute(
        "update crawls set ended = ?, state = ?, portals = ?, pages = ?, reports = ?, new = ?, changed = ?,"
        " unchanged = ?, errors = ?, resumed = ?, failed_portals = ? where id = ?",
        [ended, state, len(rows), *totals.values(), json.dumps(failed, ensure_ascii=False), crawl])


def first_reports(db: sqlite_utils.Database) -> dict[str, str]:
    """For each portal the archive holds reports of, when the first was fetched (ISO date)."""
    if "captures" not in db.table_names():
        return {}
    rows = db.execute("select portal, min(fetched_at) from report_captures where portal is not null group by portal")
    return {portal: fetched[:10] for portal, fetched in rows.fetchall()}
