"""The dashboard: its headline figures read from the crawled archive, and the page Datasette serves."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
import urllib.request

from conftest import Crawl
from crawler.publish.dashboard import bars, headline


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_bars_scale_to_the_largest_and_keep_missing_values_as_zero() -> None:
    drawn = bars([("a", 50), ("b", 200), ("c", None)], links={"b": "/b"}, notes={"a": "half"})
    assert [(b.label, b.value, b.percent, b.link, b.note) for b in drawn] == [
        ("a", 50, 25.0, None, "half"), ("b", 200, 100.0, "/b", ""), ("c", 0, 0.0, None, "")]
    assert [b.percent for b in bars([("a", 0), ("b", None)])] == [0.0, 0.0]
    assert bars([]) == []


def test_headline_figures_are_the_archives_own(crawl: Crawl) -> None:
    conn = sqlite3.connect(crawl.db_path)
    figures = headline(conn)
    db = crawl.db
    totals = figures.totals
    assert totals["reports"] == db["reports"].count > 0
    assert totals["agencies"] == len({row["agency"] for row in db["reports"].rows if row["agency"]})
    assert totals["captures"] == db["captures"].count
    assert totals["portals"] == len(crawl.portals)  # the dead portal answered nothing, so captured nothing
    assert totals["located"] == db.execute("select count(*) from reports where province is not null").fetchone()[0]
    assert totals["warc_bytes"] == sum(row["committed_bytes"] for row in db["warc_files"].rows) > 0
    assert totals["failing_portals"] == 1  # the test crawl's dead portal
    assert sum(bar.value for bar in figures.parse_status) == totals["reports"]
    assert sum(bar.value for bar in figures.provinces) == totals["current_reports"]
    assert figures.provinces[-1].label == "未定位 not located" and figures.provinces[-1].link is None
    assert len(figures.latest) == min(10, totals["reports"])


def test_figures_per_year_agree_with_the_canned_queries(datasette: str, crawl: Crawl) -> None:
    figures = headline(sqlite3.connect(crawl.db_path))
    per_year = json.loads(_get(datasette + "/ogi/applications_per_year.json?_shape=array"))
    assert [(bar.label, bar.value) for bar in figures.applications_per_year] == [
        (str(row["year"]), row["applications"] or 0) for row in per_year]
    shares = json.loads(_get(datasette + "/ogi/answered_open_share.json?_shape=array"))
    assert [(bar.label, bar.value) for bar in figures.open_share_per_year] == [
        (str(row["year"]), row["share_open"] or 0) for row in shares]


def test_the_dashboard_page_shows_the_figures_and_links_to_their_tables(datasette: str, crawl: Crawl) -> None:
    page = _get(datasette + "/-/dashboard")
    reports = crawl.db["reports"].count
    assert re.search(rf'data-figure="reports"><a class="figure" href="/ogi/reports">{reports:,}</a>', page)
    for chart in ("applications_per_year", "open_share_per_year", "provinces", "levels", "parse_status"):
        assert f'id="{chart}"' in page
    province, count = crawl.db.execute("select province, count(*) from reports where current = 1 and province"
                                       " is not null group by province order by 2 desc limit 1").fetchone()
    assert f'data-label="{province}" data-value="{count}"' in page
    link = "/ogi/reports?" + urllib.parse.urlencode({"province": province, "current": 1})
    assert f'href="{link.replace("&", "&amp;")}"' in page
    home = _get(datasette + "/")
    assert 'href="/-/dashboard"' in home  # linked from every page's menu
