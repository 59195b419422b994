"""Fallback ways into a portal: its site search, and its sitemap."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils

from conftest import PORTALS, REPORTS, ogi
from crawler.demo.portals import build_portals
from crawler.demo.portals.news import SEARCH
from spiders.sitemap import page_heading


@pytest.mark.parametrize("way", ["search", "sitemap"])
def test_every_report_found_through_search_or_sitemap(served_portals: list[dict], tmp_path: Path, way: str) -> None:
    (described,) = [p for p in served_portals if p["family"] == "news"]
    (portal,) = [p for p in build_portals(PORTALS, REPORTS) if p.id == described["id"]]
    base = described["base_url"]
    entry = ({"id": "by-search", "family": "news", "start_urls": [f"{base}{SEARCH}?q={quote('政府信息公开 年度报告')}"]}
             if way == "search" else {"id": "by-sitemap", "spider": "sitemap", "start_urls": [f"{base}/robots.txt"]})
    registry = tmp_path / "portals.json"
    registry.write_text(json.dumps([entry]), encoding="utf-8")
    db = tmp_path / "a.db"
    result = ogi("crawl", "--registry", str(registry), "--db", str(db))
    assert result.returncode == 0, result.stderr
    captured = sorted(row["url"] for row in sqlite_utils.Database(db)["report_captures"].rows)
    assert captured == sorted(base + r.path for r in portal.reports)  # every report once, nothing else


def test_a_page_heading_is_its_h1_else_its_title() -> None:
    page = "<html><head><title>站名</title></head><body><h1> 甲县  年报 </h1></body></html>"
    assert page_heading(page) == "甲县 年报"
    assert page_heading("<html><head><title>甲县年报</title></head><body></body></html>") == "甲县年报"
    assert page_heading("") == ""
