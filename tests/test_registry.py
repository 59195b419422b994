"""The portal registry: its format, its errors, and crawling a portal by its id."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from conftest import PORTALS, REPORTS, Crawl, ogi
from crawler.crawl.registry import RegistryError, load_registry, parse_registry, select
from crawler.demo.portals import build_portals

ENTRY = {"id": "a", "start_urls": ["http://127.0.0.1:1/col/col1/index.html"]}


def test_a_registry_in_yaml(tmp_path: Path) -> None:
    path = tmp_path / "portals.yml"
    path.write_text(
        "portals:\n"
        "- id: qingshi\n  name: 青石县人民政府\n  agency: 青石县人民政府\n  region: 某省某市青石县\n"
        "  family: hanweb\n  start_urls: [http://127.0.0.1:1/col/col12/index.html]\n"
        "- id: other\n  family: trs\n  spider: listing\n  options: {download_delay: 2}\n"
        "  start_urls: [https://127.0.0.1:2/xxgk/gknb/index.html]\n", encoding="utf-8")
    first, second = load_registry(path)
    assert (first.id, first.name, first.region, first.spider_name) == ("qingshi", "青石县人民政府", "某省某市青石县",
                                                                       "hanweb")
    assert (second.spider_name, second.options) == ("listing", {"download_delay": 2})
    assert select([first, second], ["other"]) == [second]


def test_the_shipped_registry_holds_real_portals_each_with_evidence() -> None:
    portals = load_registry("data/portals.yml")
    levels = {p.level for p in portals}
    assert len(portals) >= 200 and {"province", "ministry", "prefecture", "county"} <= levels
    provinces = {p.region for p in portals if p.level == "province"}
    assert len(provinces) >= 31
    for portal in portals:  # the loader refuses a start URL without evidence; every entry has some
        assert portal.evidence and portal.family == "site" and not portal.verified, portal.id
        assert all(e["seen_in"].strip() for e in portal.evidence)


@pytest.mark.parametrize(("evidence", "error"), [
    ([{"url": "http://127.0.0.1:9/other.html", "seen_in": "a page"}], "no evidence for http://127.0.0.1:1/col"),
    ([{"url": ENTRY["start_urls"][0]}], "evidence must be a list of {url, seen_in}"),
])
def test_a_real_entry_without_evidence_for_its_urls_is_refused(evidence: list, error: str) -> None:
    with pytest.raises(RegistryError, match=re.escape(error)):
        parse_registry([{**ENTRY, "evidence": evidence}], "test.yml")


def test_portals_check_lists_the_unverified_and_what_the_archive_confirms(crawl: Crawl, tmp_path: Path) -> None:
    trs, news = (next(p for p in crawl.described if p["family"] == f) for f in ("trs", "news"))
    registry = tmp_path / "portals.yml"
    registry.write_text(yaml.safe_dump({"portals": [
        {"id": trs["id"], "start_urls": trs["start_urls"], "verified": "2026-01-02"},
        {"id": news["id"], "start_urls": news["start_urls"]},
        {"id": "never-crawled", "start_urls": ["http://127.0.0.1:9/"]},
    ]}), encoding="utf-8")
    result = ogi("portals", "--check", "--registry", str(registry), "--db", str(crawl.db_path))
    assert result.returncode == 0, result.stderr
    today = datetime.now(UTC).date().isoformat()
    assert result.stdout.splitlines() == [
        f"{news['id']}: a report archived on {today} ({crawl.db_path}): set verified: {today}",
        "never-crawled: unverified    http://127.0.0.1:9/",
    ]
    assert "3 portals: 1 verified, 1 confirmed" in result.stderr


@pytest.mark.parametrize(("data", "error"), [
    ([{**ENTRY, "colour": "red"}], "unknown field(s) colour"),
    ([ENTRY, ENTRY], "duplicate portal id(s) a"),
    ([{**ENTRY, "family": "wordpress"}], "unknown family 'wordpress'"),
    ([{**ENTRY, "start_urls": ["ftp://127.0.0.1/"]}], "start_urls must be a list of http(s) URLs"),
    ([{"start_urls": ENTRY["start_urls"]}], "every portal needs an id"),
    ({"portals": "a"}, "expected a list of portals"),
])
def test_registry_errors_say_what_and_where(data: object, error: str) -> None:
    with pytest.raises(RegistryError, match=error.replace("(", r"\(").replace(")", r"\)")):
        parse_registry(data, "test.yml")


def test_scrapy_crawl_one_portal_by_its_id(served_portals: list[dict], tmp_path: Path) -> None:
    registry = tmp_path / "portals.json"
    registry.write_text(json.dumps(served_portals), encoding="utf-8")  # what `ogi portals` prints
    (portal,) = [p for p in served_portals if p["family"] == "hanweb"]
    db = tmp_path / "one.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "hanweb", "-a", f"portal={portal['id']}",
         "-s", f"OGI_REGISTRY={registry}", "-s", f"OGI_DATABASE={db}", "-s", "LOG_LEVEL=WARNING"],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    (built,) = [p for p in build_portals(PORTALS, REPORTS) if p.id == portal["id"]]
    captured = sorted(c["url"] for c in sqlite_utils.Database(db)["report_captures"].rows)
    assert captured == sorted(portal["base_url"] + r.captured_path for r in built.reports)
