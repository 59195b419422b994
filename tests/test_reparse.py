"""``ogi reparse``: the archive rebuilt from its WARC files alone equals the crawl's."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from conftest import Crawl, ogi
from crawler.archive.database import warc_folder

RUNS = ("crawls", "crawl_portals", "frontier", "fetch_failures")  # the record of the crawls: in no WARC record


def _dump(path: Path, runs: bool = True) -> dict[str, list[tuple]]:
    """Every table's rows, sorted (the search index's own tables aside: search_rows says what
    it holds; and without ``runs``, the crawls' record)."""
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
            " and name not like 'reports_fts%' order by name") if runs or name not in RUNS]
        return {table: sorted(conn.execute(f"select * from [{table}]").fetchall(), key=repr) for table in tables}


def test_reparse_from_warc_alone_equals_the_crawl(crawl: Crawl, tmp_path: Path) -> None:
    rebuilt = tmp_path / "ogi.db"  # no database: only the crawl's WARC files beside where it goes
    shutil.copytree(warc_folder(crawl.db_path), warc_folder(rebuilt))
    result = ogi("reparse", "--db", str(rebuilt))
    assert result.returncode == 0, result.stderr
    expected = _dump(crawl.db_path, runs=False)
    assert expected["reports"] and expected["section3"] and expected["report_sources"] and expected["search_rows"]
    assert _dump(rebuilt, runs=False) == expected
    assert sqlite3.connect(rebuilt).execute("select count(*) from crawls").fetchone() == (0,)
    assert "0 failed" in result.stdout


def test_reparse_replaces_a_damaged_archive_whole(crawl: Crawl, tmp_path: Path) -> None:
    damaged = tmp_path / "ogi.db"
    shutil.copytree(warc_folder(crawl.db_path), warc_folder(damaged))
    shutil.copy(crawl.db_path, damaged)
    with sqlite3.connect(damaged) as conn:  # tables lost or wrong, as after a bad parser release
        conn.execute("delete from section3")
        conn.execute("update section4 set review_total = 999")
    assert ogi("reparse", "--db", str(damaged)).returncode == 0
    assert _dump(damaged) == _dump(crawl.db_path)  # the crawls' record carried over
    assert not list(tmp_path.glob("*.reparse*"))


def test_reparse_without_warc_files_says_so(tmp_path: Path) -> None:
    result = ogi("reparse", "--db", str(tmp_path / "ogi.db"))
    assert result.returncode == 1
    assert "no WARC files to re-parse" in result.stderr
