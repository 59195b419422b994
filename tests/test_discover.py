"""From a site's home page to its annual-report columns (``ogi discover``), through Scrapy over HTTP."""

from __future__ import annotations

import json

import yaml

from crawler.crawl.registry import parse_registry
from tests.conftest import ogi


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
