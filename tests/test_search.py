"""Full-text search for Chinese terms: a bigram index, and Datasette's search query over it."""

from __future__ import annotations

import multiprocessing
import sqlite3
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
import yaml

from crawler.archive.database import open_archive
from crawler.archive.search import create_search, excerpt, refresh_search, search_query, search_words
from crawler.publish.serve import METADATA


def test_han_runs_are_indexed_as_bigrams_and_words_as_themselves() -> None:
    assert search_words("行政复议 2020年 ABC-1") == "行政 政复 复议 2020 年 abc 1"
    assert search_words("網站") == "网站"  # Traditional read as Simplified
    assert search_words("一") == "一"


def test_a_query_is_the_phrase_of_its_bigrams() -> None:
    assert search_query("复议") == '"复议"'
    assert search_query("依申请 2020") == '"依申 申请" AND "2020"'
    assert search_query("復議") == '"复议"'
    assert search_query("复") == '"复"*'
    assert search_query("  ") == '""'


def _index(tmp_path: Path, texts: dict[str, str]) -> sqlite3.Connection:
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "s.db")
    db["reports"].insert_all([{"content_hash": k, "title": "", "agency": None, "text": v} for k, v in texts.items()],
                             pk="content_hash")
    assert refresh_search(db) == len(texts)
    assert refresh_search(db) == 0  # indexed once
    return db.conn


@pytest.mark.parametrize(("query", "found"), [
    ("复议", {"a"}), ("依申请", {"b"}), ("申请", {"a", "b"}), ("政府信息公开", {"a", "b"}),
    ("复议 申请", {"a"}), ("诉讼", set()), ("请公开政府", {"b"}), ("请公开申请", set()),
])
def test_search_finds_exactly_the_reports_holding_the_terms(tmp_path: Path, query: str, found: set[str]) -> None:
    texts = {"a": "本年政府信息公开申请3件，行政复议0件。", "b": "依申请公开政府信息公开情况", "c": "其他"}
    conn = _index(tmp_path, texts)
    rows = conn.execute("select s.content_hash from reports_fts join search_rows s on s.id = reports_fts.rowid"
                        " where reports_fts match ?", [search_query(query)]).fetchall()
    assert {row[0] for row in rows} == found


def test_an_excerpt_shows_the_term_in_its_context() -> None:
    text = "一" * 50 + "行政复议" + "二" * 50
    assert excerpt(text, "复议", 5) == "…一一一行政复议二二二…"
    assert excerpt("短文", "无", 5) == "短文"


def test_creating_the_index_twice_is_harmless(tmp_path: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "s.db")
    create_search(db)
    create_search(db)
    assert {"search_rows", "reports_fts"} <= set(db.table_names())


def _refresh(path: str, start: Barrier, outcomes: Queue) -> None:
    """In a process of its own: index the archive at ``path`` once every process is ready."""
    db = open_archive(path)
    start.wait()
    try:
        outcomes.put(refresh_search(db))
    except Exception as error:  # reported to the test, which fails on it
        outcomes.put(repr(error))


def test_processes_refreshing_one_archive_at_once_index_each_report_once(tmp_path: Path) -> None:
    """Two ingests, or a crawl and an ingest, end by refreshing the index of one archive at the same time."""
    context = multiprocessing.get_context("spawn")
    for trial in range(5):  # before the fix, most trials saw a process fail on search_rows' UNIQUE constraint
        path = str(tmp_path / f"{trial}.db")
        db = open_archive(path)
        db["reports"].insert_all([{"content_hash": f"h{n}", "title": f"报告{n}", "agency": "某县", "text": "复议" * 200}
                                  for n in range(300)])
        db.close()
        start, outcomes = context.Barrier(4), context.Queue()
        processes = [context.Process(target=_refresh, args=(path, start, outcomes)) for _ in range(4)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=120)
        indexed = [outcomes.get(timeout=10) for _ in processes]
        assert all(isinstance(count, int) for count in indexed), indexed
        assert sorted(indexed) == [0, 0, 0, 300]  # one process indexed everything, the others found nothing left
        assert open_archive(path).execute("select count(*) from search_rows").fetchone()[0] == 300


def _canned_search(conn: sqlite3.Connection, query: str) -> list[str]:
    """The content hashes the published search query (crawler/publish/metadata.yml) returns, in order."""
    sql = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["ogi"]["queries"]["search"]["sql"]
    conn.create_function("ogi_search_query", 1, search_query, deterministic=True)
    conn.create_function("ogi_excerpt", 2, excerpt, deterministic=True)
    return [row[-1] for row in conn.execute(sql, {"q": query})]


def test_few_matches_are_ranked_by_relevance_many_newest_first(tmp_path: Path) -> None:
    texts = {f"{n:04d}": ("复议" * (n % 7 + 1)) + "其他内容" * (n % 5 + 1) for n in range(2100)}
    texts |= {f"r{n}": "罕见词" * (n + 1) + "其他" for n in range(30)}
    archive = open_archive(tmp_path / "a.db")  # the whole schema, as the published query reads it
    archive["reports"].insert_all([{"content_hash": k, "title": "", "text": v} for k, v in texts.items()])
    refresh_search(archive)
    conn = archive.conn
    ranked = [row[0] for row in conn.execute(
        "select s.content_hash from reports_fts join search_rows s on s.id = reports_fts.rowid"
        " where reports_fts match ? order by rank", [search_query("罕见词")])]
    assert _canned_search(conn, "罕见词") == ranked and len(ranked) == 30  # as bm25 orders them
    newest = _canned_search(conn, "复议")  # 2,100 match: the 200 indexed last, newest first
    assert newest == [f"{n:04d}" for n in range(2099, 1899, -1)]
    assert _canned_search(conn, "诉讼") == []
