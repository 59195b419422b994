"""A reader opening the archive read-only, as Datasette does, while a crawl writes it never waits for a lock
and never sees a report half-written; a crawl killed inside a batch leaves exactly what it had committed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.archive.store import DERIVED
from crawler.demo.server import DemoPortals

PORTALS, REPORTS = 5, 30  # one portal of each family (trs, news, mirror, hanweb with attachments, js)
EVERY_WRITE = ("-s", "OGI_COMMIT_EVERY=1")  # a commit for each capture, item and frontier step: many to race
BIG_BATCHES = ("-s", "OGI_COMMIT_EVERY=20", "-s", "OGI_COMMIT_SECONDS=60")  # a batch open nearly all the time

# Each query gives the rows that break a rule a report written whole keeps; in every snapshot it gives none.
BROKEN: dict[str, str] = {
    "a row pointing at no report or capture": "select * from pragma_foreign_key_check",
    "a report whose failed or unchecked count is not its checks'": """
        select content_hash from reports r
        where checks_failed != (select count(*) from checks c where c.content_hash = r.content_hash
                                and c.outcome = 'fail')
           or checks_unchecked != (select count(*) from checks c where c.content_hash = r.content_hash
                                   and c.outcome = 'unchecked')""",
    "a report seen at no URL": """
        select content_hash from reports r
        where not exists (select 1 from report_sources s where s.content_hash = r.content_hash)""",
    "a report its own capture does not carry": """
        select r.content_hash from reports r left join captures c on c.id = r.parsed_from
        where c.content_hash is not r.content_hash or c.body_sha256 is null""",
    "a capture of a report outside its source's captures": """
        select id from captures c
        where content_hash is not null and not exists (
            select 1 from report_sources s where s.content_hash = c.content_hash and s.url = c.url
            and c.id between s.first_capture and s.last_capture)""",
    "a source counting other captures than it has": """
        select content_hash, url from report_sources s
        where captures != (select count(*) from captures c where c.content_hash = s.content_hash and c.url = s.url)""",
    "a report without one official source (none when only mirrors have it)": """
        select content_hash from report_sources group by content_hash having sum(official) != max(not mirror)""",
    "a report outside a version cluster": """
        select content_hash from reports where cluster is null or version is null or current is null""",
    "a cluster without its versions 1..n and one current": """
        select cluster from reports group by cluster
        having sum(current) != 1 or count(distinct version) != count(*) or max(version) != count(*)""",
    "section 三's rows without their checks, or its checks without the rows": """
        select content_hash from reports r
        where exists (select 1 from section3 t where t.content_hash = r.content_hash)
           != exists (select 1 from checks c where c.content_hash = r.content_hash and c.section = '三')""",
    "a section 三 row without its row-total check": """
        select t.content_hash, t.row_key from section3 t
        where exists (select 1 from checks c where c.content_hash = t.content_hash and c.rule = 'rows'
                      and c.outcome = 'pass')
          and not exists (select 1 from checks c where c.content_hash = t.content_hash and c.rule = 'row-total'
                          and c.subject = t.row_key)""",
    "section 四's numbers without their checks, or its checks without the numbers": """
        select content_hash from reports r
        where exists (select 1 from section4 t where t.content_hash = r.content_hash)
           != exists (select 1 from checks c where c.content_hash = r.content_hash and c.section = '四')""",
    "a capture past what its WARC file has committed": """
        select c.id from captures c left join warc_files w on w.name = c.warc_file
        where w.committed_bytes is null or c.warc_offset + c.warc_length > w.committed_bytes""",
}
# a report's rows in each of its tables
SHAPE = " union all ".join(f"select content_hash, {n}, count(*) from [{table}] group by content_hash"
                           for n, table in enumerate(DERIVED))


@dataclass(frozen=True)
class Snapshot:
    """What one read transaction saw."""

    state: tuple[int, ...]  # captures, reports, sources, their captures, requests done, indexed, located
    broken: dict[str, list[tuple]]  # rule -> the rows breaking it
    shapes: dict[str, tuple[int, ...]]  # content hash -> its rows in each of DERIVED's tables
    journal: str

    @property
    def reports(self) -> int:
        return self.state[1]


def _read(db: Path) -> Snapshot:
    """The archive as one read transaction on a read-only connection (``mode=ro``, as Datasette opens a
    database) sees it; the connection never waits for a lock (timeout 0), so a lock raises at once."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0, isolation_level=None)
    try:
        conn.execute("begin")
        tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        broken = {rule: rows for rule, sql in BROKEN.items() if (rows := conn.execute(sql).fetchall())}
        shapes = {key: [0] * len(DERIVED) for (key,) in conn.execute("select content_hash from reports")}
        for key, table, rows in conn.execute(SHAPE):
            shapes.setdefault(key, [0] * len(DERIVED))[table] = rows
        reports = len(shapes)
        indexed = conn.execute("select count(*) from search_rows").fetchone()[0] if "search_rows" in tables else 0
        if indexed:  # the index's two halves, written in one transaction
            documents = conn.execute("select count(*) from reports_fts_docsize").fetchone()[0]
            orphans = conn.execute("select count(*) from search_rows where content_hash not in"
                                   " (select content_hash from reports)").fetchone()[0]
            if documents != indexed or orphans:
                broken["a search index half-written"] = [(indexed, documents, orphans)]
        state = (
            *conn.execute("select count(*) from captures").fetchone(), reports,
            *conn.execute("select count(*), coalesce(sum(captures), 0) from report_sources").fetchone(),
            *conn.execute("select count(*) from frontier where done").fetchone(), indexed,
            *conn.execute("select count(*) from reports where region_confidence is not null").fetchone(),
        )
        journal = conn.execute("pragma journal_mode").fetchone()[0]
        conn.execute("commit")
    finally:
        conn.close()
    return Snapshot(state, broken, {key: tuple(shape) for key, shape in shapes.items()}, journal)


def _schema_made(db: Path) -> bool:
    """Whether the crawl has made the archive's schema (its views come last); a read may fail before."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0)) as conn:
            return conn.execute("select count(*) from sqlite_master where name = 'portal_health'").fetchone()[0] == 1
    except sqlite3.OperationalError:  # no file yet, or it is turning to WAL
        return False


def _all_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the archive, read in one transaction."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)) as conn:
        conn.execute("begin")
        tables = [name for (name,) in conn.execute("select name from sqlite_master where type = 'table'"
                                                   " and name not like 'sqlite_%' and sql not like 'create virtual%'")]
        return {table: sorted(conn.execute(f"select * from [{table}]"), key=repr) for table in tables}


def _holds_a_batch(db: Path) -> bool:
    """Whether the writer has begun a batch it has not committed (it holds the write lock)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("begin immediate")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error), error
        return True
    else:
        conn.execute("rollback")
        return False
    finally:
        conn.close()


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with DemoPortals(PORTALS, REPORTS) as described:
        path = tmp_path_factory.mktemp("portals") / "portals.json"
        path.write_text(json.dumps(described), encoding="utf-8")
        yield path


def _crawl(registry: Path, db: Path, *settings: str) -> subprocess.Popen[str]:
    """``ogi crawl`` of the portals into ``db``, in a child process (its log beside the database)."""
    with (db.parent / "crawl.log").open("w") as log:
        return subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--registry", str(registry),
                                 "--db", str(db), *settings], stdout=log, stderr=subprocess.STDOUT, text=True)


def _log(db: Path) -> str:
    return (db.parent / "crawl.log").read_text(encoding="utf-8")[-3000:]


def _until_schema(crawl: subprocess.Popen[str], db: Path, deadline: float) -> None:
    while not _schema_made(db):
        assert crawl.poll() is None and time.monotonic() < deadline, _log(db)
        time.sleep(0.01)


@dataclass(frozen=True)
class Raced:
    """A crawl read throughout by a concurrent reader."""

    snapshots: list[Snapshot]  # taken while it ran
    errors: list[str]  # what a read raised
    seen: dict[str, set[tuple[int, ...]]]  # content hash -> the shapes the report was seen in
    final: Snapshot  # once it had ended


@pytest.fixture(scope="module")
def raced(registry: Path, tmp_path_factory: pytest.TempPathFactory) -> Raced:
    """The portals crawled to the end, committing every write alone, read back to back meanwhile."""
    db = tmp_path_factory.mktemp("raced") / "ogi.db"
    snapshots: list[Snapshot] = []
    errors: list[str] = []
    seen: dict[str, set[tuple[int, ...]]] = {}
    crawl = _crawl(registry, db, *EVERY_WRITE)
    deadline = time.monotonic() + 120
    try:
        _until_schema(crawl, db, deadline)
        # Datasette keeps its connections open: the crawl's is never the last to close, which would take the
        # file for itself a moment to fold the log back
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as kept:
            kept.execute("select count(*) from sqlite_master")
            while crawl.poll() is None:
                assert time.monotonic() < deadline, "the crawl did not end"
                try:
                    snapshot = _read(db)
                except sqlite3.Error as error:
                    errors.append(repr(error))
                    continue
                snapshots.append(snapshot)
                for key, shape in snapshot.shapes.items():
                    seen.setdefault(key, set()).add(shape)
    finally:
        if crawl.poll() is None:
            crawl.kill()
        crawl.wait()
    assert crawl.returncode == 0, _log(db)
    return Raced(snapshots, errors, seen, _read(db))


def test_the_archive_is_in_wal_mode(raced: Raced) -> None:
    assert {snapshot.journal for snapshot in raced.snapshots} == {"wal"}


def test_a_reader_never_waits_for_the_crawl_and_sees_it_grow(raced: Raced) -> None:
    assert raced.errors == []  # never "database is locked", though it never waits
    final = raced.final.reports
    assert final >= PORTALS * REPORTS - 30  # the mirror's 30 are copies of the others'
    states = {snapshot.state for snapshot in raced.snapshots}
    between = {snapshot.reports for snapshot in raced.snapshots if 0 < snapshot.reports < final}
    # many reads, of many states of the archive part-way: not only the empty and the finished one
    assert len(raced.snapshots) >= 100 and len(states) >= 30 and len(between) >= 20, (len(states), between)


def test_a_reader_never_sees_a_report_half_written(raced: Raced) -> None:
    broken = [(n, snapshot.state, snapshot.broken) for n, snapshot in enumerate(raced.snapshots) if snapshot.broken]
    assert broken == [] and raced.final.broken == {}
    # every report read part-way had all its rows, as many in each table as when the crawl had ended
    final = raced.final.shapes
    assert {key: shapes for key, shapes in raced.seen.items() if shapes != {final.get(key)}} == {}
    # the index and the regions, made as the crawl ends, appear whole: none of the reports, then all
    n = len(final)
    assert {snapshot.state[-2:] for snapshot in raced.snapshots} <= {(0, 0), (n, 0), (n, n)}
    assert raced.final.state[-2:] == (n, n)


def test_a_crawl_killed_inside_a_batch_leaves_exactly_what_it_committed(registry: Path, raced: Raced,
                                                                        tmp_path: Path) -> None:
    db = tmp_path / "ogi.db"
    crawl = _crawl(registry, db, *BIG_BATCHES)
    deadline = time.monotonic() + 60
    try:
        _until_schema(crawl, db, deadline)
        while _read(db).reports < 20:  # part-way
            assert crawl.poll() is None and time.monotonic() < deadline, _log(db)
        while True:  # stopped where it stands, holding a batch it has begun
            os.kill(crawl.pid, signal.SIGSTOP)
            if _holds_a_batch(db):
                break
            os.kill(crawl.pid, signal.SIGCONT)
            assert crawl.poll() is None and time.monotonic() < deadline, _log(db)
            time.sleep(0.005)
        committed, rows = _read(db), _all_rows(db)  # read as the writer stands inside its transaction
        os.kill(crawl.pid, signal.SIGKILL)
    finally:
        if crawl.poll() is None:
            crawl.kill()
        crawl.wait()
    assert crawl.returncode == -signal.SIGKILL

    with closing(sqlite3.connect(db)) as conn:  # the first to open it after the kill: recovers the WAL
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    left = _read(db)
    assert left.broken == {} and 20 <= left.reports < len(raced.final.shapes)
    # nothing of the batch it was writing, and all it had committed
    assert left.state == committed.state and _all_rows(db) == rows
    # every report left has all its rows, as many as the crawl that ran to the end wrote
    assert {key: shape for key, shape in left.shapes.items() if shape != raced.final.shapes.get(key)} == {}
