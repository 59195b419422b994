"""Versions of a report: near-duplicates of one agency and year kept, linked, one current."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.archive.batch import BatchWriter
from crawler.archive.versions import THRESHOLD, similarity
from crawler.items import ReportItem
from crawler.parse.content_hash import bytes_sha256, content_hash
from crawler.parse.documents.html_page import read_text
from crawler.parse.report import parse_report

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
SEED = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")  # 清凉峰镇, 2020
TITLE = "清凉峰镇2020年政府信息公开工作年度报告"


def _item(n: int, text: str, title: str = TITLE, published: str = "2021-01-25") -> ReportItem:
    body = text.encode("utf-8")
    return ReportItem(url=f"http://a/{n}.html", portal="p", title=title, status=200,
                      headers={"Content-Type": "text/plain; charset=utf-8"}, body=body,
                      fetched_at="2026-01-01T00:00:00+00:00", published=published,
                      report=parse_report(read_text(text), title), content_hash=content_hash(text),
                      body_sha256=bytes_sha256(body))


def _archive(tmp_path: Path, *items: ReportItem) -> list[tuple]:
    path = tmp_path / "a.db"
    writer = BatchWriter(path)
    writer.open()
    for item in items:
        writer.write(item)
    writer.close()
    with sqlite3.connect(path) as conn:
        return conn.execute("select first_url, agency, year, cluster = (select content_hash from reports r2"
                            " where r2.first_url = 'http://a/0.html'), version, current from reports"
                            " order by parsed_from").fetchall()


def test_a_typo_fix_is_a_near_duplicate_and_another_report_is_not() -> None:
    fixed = SEED.replace("累计通过", "累积通过", 1)
    assert content_hash(fixed) != content_hash(SEED)
    assert similarity(SEED, fixed) >= THRESHOLD
    other = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    assert similarity(SEED, other) < 0.3


def test_a_republished_version_is_kept_linked_and_current(tmp_path: Path) -> None:
    edited = SEED.replace("微信公众号公开政府信息数510条", "微信公众号公开政府信息数512条")
    rows = _archive(tmp_path, _item(0, SEED), _item(1, edited, published="2021-02-03"))
    assert rows == [("http://a/0.html", "清凉峰镇", 2020, 1, 1, 0), ("http://a/1.html", "清凉峰镇", 2020, 1, 2, 1)]


def test_the_last_published_version_is_current_whatever_the_order_seen(tmp_path: Path) -> None:
    edited = SEED.replace("其他方式公开政府信息数37条", "其他方式公开政府信息数38条")
    rows = _archive(tmp_path, _item(0, edited, published="2021-03-01"), _item(1, SEED))
    assert [(version, current) for *_, version, current in rows] == [(1, 1), (2, 0)]


def test_other_agencies_and_years_are_never_versions(tmp_path: Path) -> None:
    other_agency = SEED.replace("清凉峰镇", "太阳镇")
    other_year = SEED.replace("2020年", "2021年")
    rows = _archive(tmp_path, _item(0, SEED), _item(1, other_agency, TITLE.replace("清凉峰镇", "太阳镇")),
                    _item(2, other_year, TITLE.replace("2020", "2021")))
    assert [(agency, year) for _, agency, year, *_ in rows] == [
        ("清凉峰镇", 2020), ("太阳镇", 2020), ("清凉峰镇", 2021)]
    assert [in_first for _, _, _, in_first, _, _ in rows] == [1, 0, 0]
    assert all((version, current) == (1, 1) for *_, version, current in rows)
