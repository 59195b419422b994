"""``report_numbers``: one row per current report with its headline figures as columns; exported as
CSV and Parquet; an agency's reports year by year, one click from the reports table."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow.parquet as pq
from playwright.sync_api import Browser

from conftest import Crawl
from crawler.archive.numbers import DESCRIPTIONS
from crawler.publish.export import export_snapshot


def _section3_total(crawl: Crawl, key: str, row_keys: list[str]) -> int | None:
    rows = crawl.db["section3"].rows_where("content_hash = ?", [key])
    totals = [r["total"] for r in rows if r["row_key"] in row_keys]
    known = [t for t in totals if t is not None]
    return sum(known) if known else None


def test_each_current_report_has_its_figures_in_one_row(crawl: Crawl) -> None:
    numbers = {row["content_hash"]: row for row in crawl.db.query("select * from report_numbers")}
    current = {row["content_hash"] for row in crawl.db.query("select content_hash from reports where current = 1")}
    assert set(numbers) == current and len(current) > 40
    assert set(next(iter(numbers.values()))) == set(DESCRIPTIONS)
    for key, row in numbers.items():
        keys = {r["row_key"] for r in crawl.db["section3"].rows_where("content_hash = ?", [key])}
        for column, prefix in (("withheld", "withheld"), ("unable", "unable"), ("other_handling", "other")):
            group = [k for k in keys if k == prefix or k.startswith(prefix + "_")]
            assert row[column] == _section3_total(crawl, key, group), (key, column)
        assert row["applications_new"] == _section3_total(crawl, key, ["new"])
        section4 = list(crawl.db["section4"].rows_where("content_hash = ?", [key]))
        assert row["review_total"] == (section4[0]["review_total"] if section4 else None)
    fees = [(r["content_hash"], r["value"], r["unit"]) for r in crawl.db.query(
        "select content_hash, value, unit from section2 "
        "where row_label = '行政事业性收费' and column_name like '本年收费金额%'")]
    current_fees = [(key, value, unit) for key, value, unit in fees if key in numbers]
    assert current_fees
    for key, value, unit in current_fees:
        expected = None if value is None else value / 10000 if unit == "元" else value
        got = numbers[key]["fees_wan_yuan"]
        assert (got is None and expected is None) or math.isclose(got, expected)


def test_the_snapshot_holds_report_numbers_as_parquet(crawl: Crawl, tmp_path: Path) -> None:
    folder = export_snapshot(crawl.db_path, tmp_path)
    table = pq.read_table(folder / "parquet" / "report_numbers.parquet")
    rows = {r["content_hash"]: r for r in table.to_pylist()}
    assert rows == {r["content_hash"]: r for r in crawl.db.query("select * from report_numbers")}
    assert table.schema.field("applications_new").metadata[b"description"].decode() == DESCRIPTIONS["applications_new"]
    assert "parquet/report_numbers.parquet" in (folder / "README.md").read_text(encoding="utf-8")


def test_an_agency_links_to_its_years_and_each_year_to_its_original(browser: Browser, datasette: str,
                                                                    crawl: Crawl) -> None:
    top = next(iter(crawl.db.query(
        "select agency, count(*) as n from report_numbers where agency is not null group by agency "
        "order by n desc, agency limit 1")))
    agency, years = top["agency"], top["n"]
    page = browser.new_page()
    page.goto(f"{datasette}/ogi/reports?agency={agency}&_sort=year")
    assert page.locator("td.col-agency a").count() == years
    page.click("td.col-agency a >> nth=0")
    page.wait_for_url("**/agency_across_years?agency=*")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == years
    page.click("td.col-parsed_from a >> nth=0")
    page.wait_for_selector("#ogi-banner")
    assert page.url.rsplit("/", 1)[-1].isdigit()
    page.close()
