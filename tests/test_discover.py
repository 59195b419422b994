"""From a site's home page to its annual-report columns (``ogi discover``), through Scrapy over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils
import yaml

from crawler.crawl.registry import parse_registry
from crawler.demo.portals import build_portals
from tests.conftest import PORTALS, REPORTS, ogi


def test_discover_finds_every_demo_report_column_from_its_home_page(served_portals: list[dict]) -> None:
    for portal in served_portals:
        result = ogi("discover", "--json", portal["base_url"] + "/")
        assert result.returncode == 0, result.stderr
        columns = [json.loads(line) for line in result.stdout.splitlines()]
        report_column = portal["start_urls"][0]
        expected_family = {"mirror": "news"}.get(portal["family"], portal["family"])
        assert [(c["url"], c["family"]) for c in columns] == [(report_column, expected_family)], portal["id"]
        assert columns[0]["linked_from"].endswith("/zfxxgk/index.html")  # home -> 政府信息公开 -> 年报


def test_discover_prints_registry_entries_the_registry_loads(served_portals: list[dict]) -> None:
    trs = next(p for p in served_portals if p["family"] == "trs")
    result = ogi("discover", trs["base_url"] + "/", "--portal-id", "qingshi")
    assert result.returncode == 0, result.stderr
    (portal,) = parse_registry(yaml.safe_load(result.stdout), "discover output")
    assert (portal.id, portal.family, portal.start_urls) == ("qingshi", "trs", (trs["start_urls"][0],))


def test_discover_stays_within_its_bounds(served_portals: list[dict]) -> None:
    trs = next(p for p in served_portals if p["family"] == "trs")
    result = ogi("discover", "--json", "--max-depth", "1", trs["base_url"] + "/")
    assert result.returncode == 0 and result.stdout == ""  # the column is two links away
    assert ogi("discover", "http://127.0.0.1:9/").returncode == 1


def test_a_portal_known_by_its_home_page_is_crawled_through_its_column(served_portals: list[dict],
                                                                       tmp_path: Path) -> None:
    """The site spider: from each demo home page to its report column, then the column read by
    what it is (the Hanweb one through its dataproxy): the same reports as its family's spider."""
    portals = [p for p in served_portals if p["family"] in ("trs", "news", "hanweb")]
    registry = tmp_path / "portals.json"
    registry.write_text(json.dumps([{"id": p["id"], "family": "site", "start_urls": [p["base_url"] + "/"]}
                                    for p in portals]), encoding="utf-8")
    db = tmp_path / "site.db"
    result = ogi("crawl", "--registry", str(registry), "--db", str(db))
    assert result.returncode == 0, result.stderr
    captured = {(c["portal"], c["url"]) for c in sqlite_utils.Database(db)["report_captures"].rows}
    built = {p.id: p for p in build_portals(PORTALS, REPORTS)}
    for portal in portals:
        expected = {portal["base_url"] + r.captured_path for r in built[portal["id"]].reports}
        assert {url for pid, url in captured if pid == portal["id"]} == expected, portal["id"]
