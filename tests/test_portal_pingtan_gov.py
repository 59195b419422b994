"""平潭综合实验区 (www.pingtan.gov.cn): a TRS 动静结合 site, proven on its saved real pages.

The 政府信息公开年报 column's first page holds ten static rows (link, title attribute, the date
in the next <dd>); its later pages come from the site's search API (list2.trsapi), which is
not followed. One department's column under the same template lists reports among other
papers. The 2019 report page is the corpus's html-10."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from crawler.crawl.probe import probe
from tests.conftest import ogi
from tests.saved_site import saved_file, serve_pages

COLUMN = "/zwgk/zfxxgk/zfxxgknb/"
REPORT_2019 = COLUMN + "202001/t20200120_80576.htm"  # kept as tests/real/html-10
# read by eye from the saved page: (path under the column, year covered, date printed beside it)
ROWS = [("202603/t20260313_105587.htm", 2025, "2026-03-10"), ("202503/t20250310_97791.htm", 2024, "2025-03-10"),
        ("202403/t20240308_87885.htm", 2023, "2024-03-08"), ("202302/t20230220_80629.htm", 2022, "2023-02-20"),
        ("202202/t20220208_80613.htm", 2021, "2022-02-08"), ("202103/t20210305_80595.htm", 2020, "2021-03-05"),
        ("202001/t20200120_80576.htm", 2019, "2020-01-20"), ("201901/t20190110_80529.htm", 2018, "2019-01-10"),
        ("201801/t20180123_80506.htm", 2017, "2018-01-23"), ("201701/t20170118_80485.htm", 2016, "2017-01-18")]


def _column() -> str:
    body, entry = saved_file("pingtan-gov", "index.html")
    assert entry["url"] == "https://www.pingtan.gov.cn" + COLUMN
    return body.decode("utf-8")


def test_probe_tells_a_trs_dynamic_column_and_reads_every_row() -> None:
    found = probe(_column(), "https://www.pingtan.gov.cn" + COLUMN)
    assert found.family == "trs-dynamic"
    assert "20 records, 10 a page" in found.evidence
    assert found.pages == ("https://www.pingtan.gov.cn" + COLUMN,)  # the menu's 首页 is the site's home
    assert [(e.url, e.title, e.published) for e in found.reports] == [
        (f"https://www.pingtan.gov.cn{COLUMN}{path}", f"平潭综合实验区{year}年度政府信息公开工作年度报告", date)
        for path, year, date in ROWS]
    assert "https://www.pingtan.gov.cn/zwgk/zfxxgk/" in found.sections


def test_a_department_column_lists_reports_among_other_papers() -> None:
    body, entry = saved_file("pingtan-gov", "gaj-zfxxgknb/index.html")
    found = probe(body.decode("utf-8"), entry["url"])
    assert found.family == "trs-dynamic" and "16 records" in found.evidence
    years = [title[len("平潭综合实验区公安局"):][:4] for title in (e.title for e in found.reports)]
    assert years == ["2025", "2024", "2023", "2022", "2021", "2020", "2019", "2018"]  # not the 2018 要点, not the 函
    assert found.reports[-1].published == "2019-01-16"


def test_the_real_spider_crawls_the_column_and_archives_the_saved_report(tmp_path: Path) -> None:
    report = (Path(__file__).parent / "real" / "html-10" / "original.html").read_bytes()
    with serve_pages({COLUMN: _column().encode("utf-8"), REPORT_2019: report}) as (base, asked):
        db = tmp_path / "pingtan.db"
        result = ogi("crawl", "--url", base + COLUMN, "--portal-id", "pingtan-gov", "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert "trs-dynamic" in result.stdout  # the family was told by probing the column
    assert sorted(p for p in asked if p not in (COLUMN, "/robots.txt")) == sorted(COLUMN + p for p, _, _ in ROWS)
    archive = sqlite_utils.Database(db)
    (row,) = archive.execute("select title, published, agency, year from reports").fetchall()
    assert row == ("平潭综合实验区2019年度政府信息公开工作年度报告", "2020-01-20", "平潭综合实验区", 2019)
    assert "errors: HTTP 404 9" in result.stderr  # the nine report pages not saved: dead links here, counted

