"""Datasette as a researcher sees it: real pages in Debian's Chromium (Playwright), screenshots kept.

Screenshots go to ``test-output/screenshots/`` (outside the tests' temporary folders, so
CI can keep them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from conftest import Crawl

SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield opened
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    opened.close()


def test_home_page_names_the_archive_and_its_tables(page: Page, datasette: str) -> None:
    page.goto(datasette + "/ogi")
    assert "年报档案 · Report archive" in page.locator("h1").inner_text()
    for query in ("全文检索 · Full-text search", "每年收到的申请 · Applications received per year",
                  "勾稽关系不符的报告 · Reports whose numbers fail the template's checks"):
        assert page.get_by_role("link", name=query).count() == 1
    for table in ("reports", "report_sources", "captures", "section3"):
        assert page.get_by_role("link", name=table, exact=True).count() == 1
    assert page.get_by_role("link", name="sqlite_sequence").count() == 0  # SQLite's own: hidden


def test_a_facet_filters_the_reports_table(page: Page, datasette: str, crawl: Crawl) -> None:
    page.goto(datasette + "/ogi/reports")
    year, count = crawl.db.execute("select year, count(*) from reports group by year order by 2 desc").fetchone()
    page.locator(".facet-info[data-column='year']").get_by_role("link", name=str(year), exact=True).click()
    page.wait_for_url(f"**year={year}**")
    assert f"{count} row" in page.locator("h3").first.inner_text()
    years = page.locator("td.col-year").all_inner_texts()
    assert years and set(years) == {str(year)}


def test_the_reports_table_filtered_by_province(page: Page, datasette: str, crawl: Crawl) -> None:
    page.goto(datasette + "/ogi/reports")
    province, count = crawl.db.execute("select province, count(*) from reports where province is not null"
                                       " group by province order by 2 desc, 1 limit 1").fetchone()
    page.locator(".facet-info[data-column='province']").get_by_role("link", name=province, exact=True).click()
    page.wait_for_url("**province=**")
    assert f"{count} row" in page.locator("h3").first.inner_text()
    assert set(page.locator("td.col-province").all_inner_texts()) == {province}
    # down the region hierarchy: the prefecture facet now offers that province's own
    prefectures = {row[0] for row in crawl.db.execute("select distinct prefecture from reports where province = ?"
                                                      " and prefecture is not null", [province])}
    offered = page.locator(".facet-info[data-column='prefecture'] li a").all_inner_texts()
    assert prefectures and set(offered) == prefectures


def test_the_dashboard_shows_the_headline_figures(page: Page, datasette: str, crawl: Crawl) -> None:
    page.goto(datasette + "/ogi")
    page.locator("details.nav-menu summary").click()
    page.get_by_role("link", name="概览 · Dashboard").click()
    page.wait_for_url("**/-/dashboard")
    reports = page.locator("[data-figure=reports] .figure").inner_text()
    assert reports == f"{crawl.db['reports'].count:,}"
    years = crawl.db.execute("select count(distinct r.year) from reports r join section3 s using (content_hash)"
                             " where s.row_key = 'new' and r.current = 1").fetchone()[0]
    bars = page.locator("#applications_per_year .bar")
    assert bars.count() == years > 1
    widths = [box["width"] for box in (bars.nth(i).bounding_box() for i in range(years)) if box]
    assert max(widths) > 100  # drawn, the largest at full length
    page.locator("#provinces a").first.click()  # a province's bar leads to its reports
    page.wait_for_url("**/ogi/reports?province=**")
    assert page.locator("td.col-province").count() > 0


def test_full_text_search_for_a_two_character_term(page: Page, datasette: str, crawl: Crawl) -> None:
    page.goto(datasette + "/ogi/search")
    page.fill("input[name=q]", "复议")
    page.get_by_role("button", name="Run SQL").click()
    page.wait_for_url("**q=**")
    expected = sum("复议" in (row["text"] or "") or "复议" in (row["title"] or "") for row in crawl.db["reports"].rows)
    assert expected and page.locator("td.col-content_hash").count() == expected
    assert all("复议" in cell for cell in page.locator("td.col-excerpt").all_inner_texts())


def test_a_canned_query_shows_its_table(page: Page, datasette: str, crawl: Crawl) -> None:
    page.goto(datasette + "/ogi/failing_checks")
    assert "勾稽关系不符的报告" in page.locator("h1").inner_text()
    failed = crawl.db.execute("select count(*) from checks where outcome = 'fail'").fetchone()[0]
    assert page.locator("td.col-rule").count() == failed > 0


CHART = "#g.mark=bar&g.x_column=year&g.x_type=ordinal&g.y_column=applications&g.y_type=quantitative"


def test_a_chart_of_applications_per_year_is_drawn(page: Page, datasette: str) -> None:
    page.goto(datasette + "/ogi/applications_per_year" + CHART)  # datasette-vega reads its settings from the hash
    page.locator("canvas.marks").wait_for()
    box = page.locator("canvas.marks").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    drawn = page.evaluate("""() => {  // pixels the bars painted: not all blank
        const canvas = document.querySelector('canvas.marks');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return painted;
    }""")
    assert drawn > 1000


def test_a_csv_download_holds_the_table(page: Page, datasette: str, crawl: Crawl) -> None:
    page.goto(datasette + "/ogi/section4")
    page.locator("#export input[name=_dl]").check()  # Advanced export: "download file"
    with page.expect_download() as download:
        page.locator("#export input[type=submit]").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    stored = {row["content_hash"]: row["review_total"] for row in crawl.db["section4"].rows}
    assert {row["content_hash"]: int(row["review_total"]) for row in rows if row["review_total"]} == {
        key: total for key, total in stored.items() if total is not None}
