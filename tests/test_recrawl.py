"""A scheduled re-crawl of unchanged portals: cheap, and nothing archived twice."""

from __future__ import annotations

import json
import urllib.request
from collections import Counter
from pathlib import Path

import sqlite_utils

from conftest import ogi
from crawler.archive.database import captured_payload, warc_folder
from crawler.archive.originals import read_original
from crawler.archive.warc import REVISIT_PROFILE, iter_records, warc_files
from crawler.demo.portals import build_portals
from crawler.demo.portals.base import REQUESTS, REVISE
from crawler.demo.server import DemoPortals


def _asked(base: str) -> dict[str, int]:
    return json.loads(urllib.request.urlopen(base + REQUESTS).read())


def _total(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if line.strip().startswith("total "))


def test_a_second_crawl_of_unchanged_portals_fetches_no_report_again(tmp_path: Path) -> None:
    with DemoPortals(portals=5, reports=6, seed=11) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        db = tmp_path / "ogi.db"
        first = ogi("crawl", "--registry", str(registry), "--db", str(db))
        assert first.returncode == 0, first.stderr
        captures = sqlite_utils.Database(db)["report_captures"].count
        before = {p["id"]: _asked(p["base_url"]) for p in described}
        assert f"new {captures:>6}  changed    0  unchanged      0" in _total(first.stderr)

        second = ogi("crawl", "--registry", str(registry), "--db", str(db))
        assert second.returncode == 0, second.stderr
        assert sqlite_utils.Database(db)["report_captures"].count == captures  # nothing archived twice
        assert f"reports      0  new      0  changed    0  unchanged {captures:>6}" in _total(second.stderr)
        portals = {p.id: p for p in build_portals(5, 6, 11)}
        for portal in described:
            asked = _asked(portal["base_url"])
            reports_at = Counter(r.captured_path.split("?")[0] for r in portals[portal["id"]].reports)
            for path, reports in reports_at.items():  # attachments share a path, told apart by query
                again = asked.get(path, 0) - before[portal["id"]].get(path, 0)
                # asked once more, conditionally (a 304 without a body), where the server gave
                # validators; not at all on a content farm that gave none
                assert again == (0 if portal["family"] == "mirror" else reports), (portal["id"], path)

        # once the content farm's captures are old enough (here: at once), its pages are asked again
        # plainly, found the same, and counted unchanged
        (farm,) = [p for p in described if p["family"] == "mirror"]
        before = _asked(farm["base_url"])
        third = ogi("crawl", "--registry", str(registry), "--db", str(db), "-s", "OGI_REVISIT_DAYS=0")
        assert third.returncode == 0, third.stderr
        assert sqlite_utils.Database(db)["report_captures"].count == captures
        assert f"reports      0  new      0  changed    0  unchanged {captures:>6}" in _total(third.stderr)
        asked = _asked(farm["base_url"])
        for published in portals[farm["id"]].reports:
            assert asked[published.path] - before.get(published.path, 0) == 1, published.path


def test_a_known_page_is_new_changed_or_unchanged(tmp_path: Path) -> None:
    import hashlib

    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.crawl.seen import Seen
    from spiders.listing import ListingSpider

    crawler = get_crawler(ListingSpider, {"OGI_DATABASE": str(tmp_path / "none.db"), "OGI_REVISIT_DAYS": 30})
    crawler.stats.open_spider()
    spider = ListingSpider.from_crawler(crawler, start_urls="http://127.0.0.1:1/col/index.html")
    old = b"<html><body><div id='zoom'>old</div></body></html>"
    digest = hashlib.sha256(old).hexdigest()
    spider.seen = {"http://127.0.0.1:1/a.html": Seen('"1"', None, digest, "2026-01-01T00:00:00+00:00"),
                   "http://127.0.0.1:1/farm.html": Seen(None, None, digest, spider.started.isoformat())}

    def fetched(url: str, body: bytes, status: int = 200) -> list:
        response = HtmlResponse(url, body=body, status=status, headers={"Content-Type": "text/html"})
        return list(spider.parse_report(response, "甲县2021年政府信息公开工作年度报告", None))

    assert fetched("http://127.0.0.1:1/a.html", b"", 304) == []
    assert fetched("http://127.0.0.1:1/a.html", old) == []  # asked again, and the same bytes
    assert len(fetched("http://127.0.0.1:1/a.html", old.replace(b"old", b"new"))) == 1
    assert len(fetched("http://127.0.0.1:1/b.html", old)) == 1
    stats = crawler.stats.get_stats()
    assert (stats["ogi/pages/unchanged"], stats["ogi/pages/changed"], stats["ogi/pages/new"]) == (2, 1, 1)
    request = spider.fetch("http://127.0.0.1:1/a.html", spider.parse_report, {}, "report")
    assert request is not None and request.headers[b"If-None-Match"] == b'"1"'
    assert request.meta["handle_httpstatus_list"] == [304]
    # a page without validators: not asked while its capture is recent, asked plainly once it is old
    assert spider.fetch("http://127.0.0.1:1/farm.html", spider.parse_report, {}, "report") is None
    spider.revisit_days = 0
    request = spider.fetch("http://127.0.0.1:1/farm.html", spider.parse_report, {}, "report")
    assert request is not None and b"If-None-Match" not in request.headers


def test_a_corrected_page_is_fetched_again_as_changed(tmp_path: Path) -> None:
    with DemoPortals(portals=5, reports=4, seed=12) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        db = tmp_path / "ogi.db"
        assert ogi("crawl", "--registry", str(registry), "--db", str(db)).returncode == 0
        captures = sqlite_utils.Database(db)["report_captures"].count
        revised = {p["base_url"] + urllib.request.urlopen(p["base_url"] + REVISE).read().decode() for p in described}
        second = ogi("crawl", "--registry", str(registry), "--db", str(db))
        assert second.returncode == 0, second.stderr
        # every portal that gives validators is caught; the content farm, which gives none, is not asked
        caught = {u for u in revised if not any(p["family"] == "mirror" and u.startswith(p["base_url"])
                                              for p in described)}
        assert f"new      0  changed {len(caught):>4}" in _total(second.stderr)
        db_now = sqlite_utils.Database(db)
        assert db_now["report_captures"].count == captures + len(caught)
        latest = {r["url"] for r in db_now.query("select url from report_captures order by id desc limit ?",
                                                 [len(caught)])}
        assert latest == caught
        # the corrected report is a new version of the first, linked to it and current
        versions = db_now.query(
            "select s.url, r.version, r.current, (select count(*) from reports o where o.cluster = r.cluster) as n"
            " from report_sources s join reports r using (content_hash) where s.last_capture in"
            " (select id from report_captures order by id desc limit ?)", [len(caught)])
        assert {(v["url"], v["version"], v["current"], v["n"]) for v in versions} == {(u, 2, 1, 2) for u in caught}


def test_a_page_fetched_again_unchanged_is_a_revisit_record_that_readers_resolve(tmp_path: Path) -> None:
    """The listing pages of a second crawl come back the same: each is a revisit record (no second
    copy of its body), indexed in the CDXJ, opened as its original, and re-parsed to the same tables."""
    with DemoPortals(portals=3, reports=4, seed=7, faults=False) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        db = tmp_path / "ogi.db"
        for _ in range(2):
            assert ogi("crawl", "--registry", str(registry), "--db", str(db)).returncode == 0
    folder = warc_folder(db)
    revisits = [(file, offset, record) for file in warc_files(folder)
                for offset, _, record, _ in iter_records(file) if record.rec_type == "revisit"]
    assert revisits
    archive = sqlite_utils.Database(db)
    for file, offset, record in revisits:
        assert record.rec_headers.get_header("WARC-Profile") == REVISIT_PROFILE
        original = archive.execute("select warc_file, warc_offset, url from captures where record_id = ?",
                                   [record.rec_headers.get_header("WARC-Refers-To")]).fetchone()
        assert original[2] == record.rec_headers.get_header("WARC-Target-URI")
        (capture,) = archive.execute("select id from captures where warc_file = ? and warc_offset = ?",
                                     [file.name, offset]).fetchone()
        assert captured_payload(db, file.name, offset) == captured_payload(db, original[0], original[1])
        assert read_original(db, capture).body  # the capture view shows the bytes the earlier record holds
        cdxj = file.with_name(file.name + ".cdxj").read_text(encoding="utf-8")
        assert f'"offset": "{offset}"' in cdxj and "warc/revisit" in cdxj
    before = {t: [tuple(r.values()) for r in archive[t].rows] for t in ("captures", "reports", "section3")}
    assert ogi("reparse", "--db", str(db)).returncode == 0
    after = sqlite_utils.Database(db)
    assert {t: [tuple(r.values()) for r in after[t].rows] for t in before} == before
