"""A real Datasette serving the crawled archive, fetched over HTTP."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import Crawl


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_table_page_shows_metadata_titles(datasette: str) -> None:
    status, page = _get(datasette + "/ogi/reports")
    assert status == 200
    assert "年度报告 · Reports" in page
    assert "Content hash" in page  # column description from metadata.yml


def test_table_json_has_every_report(datasette: str, crawl: Crawl) -> None:
    status, body = _get(datasette + "/ogi/reports.json?_shape=array&_size=max&_col=title")
    assert status == 200
    titles = sorted(row["title"] for row in json.loads(body))
    assert titles == sorted(row["title"] for row in crawl.db["reports"].rows)


def test_table_csv_downloads(datasette: str, crawl: Crawl) -> None:
    status, body = _get(datasette + "/ogi/captures.csv?_size=max")
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == crawl.db["captures"].count
    assert {r["encoding"] for r in rows if r["form"] == "html"} == {"gb18030", "utf-8"}
    assert {r["encoding"] for r in rows if r["form"] in ("pdf", "docx")} == {""}  # documents: no charset


def test_served_read_only(datasette: str) -> None:
    status, body = _get(datasette + "/-/databases.json")
    assert status == 200
    (database,) = json.loads(body)
    assert database["name"] == "ogi"
    assert database["is_mutable"] is False


@pytest.mark.parametrize("term", ["复议", "依申请", "行政诉讼", "不存在的词语"])
def test_full_text_search_finds_the_reports_holding_a_chinese_term(datasette: str, crawl: Crawl, term: str) -> None:
    status, body = _get(datasette + "/ogi/search.json?_shape=array&q=" + urllib.parse.quote(term))
    assert status == 200
    found = {row["content_hash"] for row in json.loads(body)}
    expected = {row["content_hash"] for row in crawl.db["reports"].rows
                if any(term in (row[column] or "") for column in ("title", "agency", "text"))}
    assert found == expected
    assert bool(expected) == (term != "不存在的词语")
    assert all(term in row["excerpt"] for row in json.loads(body))


def _query(datasette: str, name: str, **params: str) -> list[dict]:
    query = urllib.parse.urlencode({"_shape": "array", **params})
    status, body = _get(f"{datasette}/ogi/{name}.json?{query}")
    assert status == 200
    return json.loads(body)


def test_canned_queries_answer_a_researchers_first_questions(datasette: str, crawl: Crawl) -> None:
    per_year = _query(datasette, "applications_per_year")
    expected = crawl.db.execute(
        "select r.year, sum(s.total) from section3 s join reports r using (content_hash)"
        " where s.row_key = 'new' and r.current = 1 group by r.year order by r.year").fetchall()
    assert [(row["year"], row["applications"]) for row in per_year] == expected and expected
    shares = _query(datasette, "answered_open_share")
    assert shares and all(0 <= row["share_open"] <= 1 for row in shares if row["share_open"] is not None)
    failing = _query(datasette, "failing_checks")
    assert {row["content_hash"] for row in failing} == {
        row["content_hash"] for row in crawl.db.query("select content_hash from checks where outcome = 'fail'")}
    assert failing  # every demo portal but the mirrors publishes one report that breaks the rules
    not_parsed = _query(datasette, "not_parsed")
    assert {row["parse_status"] for row in not_parsed} <= {"partial", "free-form", "failed"}
    agency, years = crawl.db.execute(
        "select agency, count(*) from reports where agency is not null group by agency order by 2 desc, 1").fetchone()
    across = _query(datasette, "agency_across_years", agency=agency[-4:])
    assert [row["year"] for row in across if row["agency"] == agency] == sorted(
        row["year"] for row in crawl.db["reports"].rows_where("agency = ?", [agency]))
    assert len([row for row in across if row["agency"] == agency]) == years


def test_canned_queries_by_region(datasette: str, crawl: Crawl) -> None:
    per_province = _query(datasette, "applications_per_province")
    assert {row["province"] for row in per_province} == {
        row["province"] for row in crawl.db.query("select province from reports where province is not null"
                                                  " and current = 1 and content_hash in (select content_hash"
                                                  " from section3)")}
    levels = {row["level"] for row in _query(datasette, "open_share_by_level")}
    assert "county" in levels and "not located" in levels
    unlocated = {row["agency"] for row in _query(datasette, "unlocated_agencies")}
    expected = crawl.db.query("select agency from reports where region_confidence = 0")
    assert unlocated == {row["agency"] for row in expected}



def test_every_column_shown_is_described_in_chinese_and_english(datasette: str) -> None:
    _, body = _get(datasette + "/ogi.json")
    database = json.loads(body)
    _, body = _get(datasette + "/-/metadata.json")
    described = json.loads(body)["databases"]["ogi"]["tables"]
    shown = [(t["name"], t["columns"]) for t in database["tables"] if not t["hidden"]]
    shown += [(v["name"], _columns(datasette, v["name"])) for v in database["views"]]
    assert len(shown) >= 12
    for name, columns in shown:
        descriptions = described[name].get("columns", {})
        for column in columns:
            text = descriptions.get(column, "")
            assert re.fullmatch(r".*[\u4e00-\u9fff].*/ .*[A-Za-z].*", text, re.S), (name, column)


def _columns(datasette: str, view: str) -> list[str]:
    _, body = _get(datasette + f"/ogi/{view}.json?_size=1")
    return json.loads(body)["columns"]


@pytest.mark.parametrize("sql", [
    "insert into reports (content_hash, title, text) values ('x', 'x', 'x')",
    "update reports set title = 'changed'",
    "delete from reports",
    "with doomed as (select content_hash from reports) delete from reports where content_hash in doomed",
    "drop table reports",
    "create table evil (x)",
    "pragma writable_schema = 1",
    "attach database '/tmp/evil.db' as evil",
    "select 1; delete from reports",
    "select load_extension('/tmp/evil')",
    "vacuum into '/tmp/copy.db'",
])
def test_no_sql_a_reader_sends_can_write(datasette: str, crawl: Crawl, sql: str) -> None:
    before = hashlib.sha256(crawl.db_path.read_bytes()).hexdigest()
    url = datasette + "/ogi.json?" + urllib.parse.urlencode({"sql": sql})
    try:
        status, body = _get(url)
        refused = not json.loads(body).get("ok", True)
    except urllib.error.HTTPError as error:
        status, refused = error.code, True
    assert refused and status >= 400, (sql, status)
    assert hashlib.sha256(crawl.db_path.read_bytes()).hexdigest() == before
    assert not Path("/tmp/evil.db").exists() and not Path("/tmp/copy.db").exists()
