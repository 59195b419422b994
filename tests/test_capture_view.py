"""The original as captured, one click from every report: in Debian's Chromium (Playwright), a page
shown in a sandbox with a banner, a document served with its type, a hostile page that runs nothing."""

from __future__ import annotations

import gzip
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from playwright.sync_api import Browser, Page

from conftest import Crawl, free_port, ogi, wait_until_answering
from crawler.archive.originals import MAX_BODY, undone

HOSTILE = """<html><head><meta charset="utf-8"><title>某县2020年政府信息公开工作年度报告</title>
<script>document.cookie = "pwned=1; path=/"; try { top.document.title = "PWNED"; } catch (e) {}
fetch("/-/versions.json").then(function () { document.title = "FETCHED"; });</script>
<link rel="stylesheet" href="http://127.0.0.1:9/live.css"></head>
<body><p id="text">某县2020年政府信息公开工作年度报告 正文</p><img src="http://127.0.0.1:9/pixel.png">
<script>document.write('<b id="ran">RAN</b>'); window.open("/-/dashboard");</script>
<form action="/-/dashboard" method="post"><input name="x"></form></body></html>"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def hostile_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An archive holding a hostile page (ingested as a crawl would keep it), served by Datasette."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    db = folder / "ogi.db"
    result = ogi("ingest", str(folder / "in"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    port = free_port()
    log = folder / "datasette.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(process, base + "/-/versions.json", log)
        yield base, db
        process.terminate()
        process.wait(timeout=10)


def test_a_report_links_to_its_original_with_a_banner(page: Page, datasette: str, crawl: Crawl) -> None:
    report = next(crawl.db.query("select r.parsed_from, c.url, c.warc_file, c.body_sha256 from reports r "
                                 "join captures c on c.id = r.parsed_from where c.content_type like 'text/html%' "
                                 "order by r.content_hash limit 1"))
    page.goto(f"{datasette}/ogi/reports?parsed_from={report['parsed_from']}")
    page.click(f"a[href$='/-/capture/{report['parsed_from']}']")
    page.wait_for_selector("#ogi-banner")
    assert page.inner_text("#ogi-url") == report["url"]
    assert page.inner_text("#ogi-sha256") == report["body_sha256"]
    assert report["warc_file"] in page.inner_text("#ogi-warc")
    assert page.get_attribute("#ogi-original", "sandbox") == ""
    frame = page.frame_locator("#ogi-original")
    assert "政府信息公开" in frame.locator("body").inner_text()


def test_a_capture_s_url_opens_its_original_never_the_live_page(page: Page, datasette: str, crawl: Crawl) -> None:
    capture = next(crawl.db.query("select id, url from captures where body_sha256 is not null order by id limit 1"))
    page.goto(f"{datasette}/ogi/captures?id={capture['id']}")
    link = page.locator("td.col-url a")
    assert link.inner_text() == capture["url"]
    assert link.get_attribute("href") == f"/-/capture/{capture['id']}"


def test_a_hostile_archived_page_runs_nothing_and_loads_nothing(page: Page, hostile_archive: tuple[str, Path]
                                                                ) -> None:
    base, db = hostile_archive
    (capture,) = [row["id"] for row in sqlite_utils.Database(db)["captures"].rows]
    asked: list[str] = []
    blocked: list[str] = []  # requests the policy stopped in the browser, before any byte left it
    page.on("request", lambda request: asked.append(request.url))
    page.on("requestfailed", lambda request: blocked.append(request.url) if request.failure == "csp" else None)
    page.goto(f"{base}/-/capture/{capture}")
    frame = page.frame_locator("#ogi-original")
    assert "正文" in frame.locator("#text").inner_text()
    page.wait_for_timeout(500)  # time for any script to have run, had it been allowed to
    assert frame.locator("#ran").count() == 0  # no script of the page ran
    assert page.title().startswith("Capture") and "PWNED" not in page.title()
    assert not any(c["name"] == "pwned" for c in page.context.cookies())
    live = [url for url in asked if "127.0.0.1:9/" in url]
    assert live and sorted(live) == sorted(blocked)  # nothing fetched live: every attempt stopped by the policy
    assert len(page.context.pages) == 1  # no window opened


def test_the_raw_original_carries_a_policy_that_lets_nothing_run(hostile_archive: tuple[str, Path]) -> None:
    base, db = hostile_archive
    (capture,) = [row["id"] for row in sqlite_utils.Database(db)["captures"].rows]
    with urllib.request.urlopen(f"{base}/-/capture/{capture}/raw") as answer:
        assert answer.read().decode("utf-8") == HOSTILE  # as captured, byte for byte
        policy = answer.headers["Content-Security-Policy"]
        assert policy.startswith("sandbox;") and "default-src 'none'" in policy
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/-/capture/999999")
    assert missing.value.code == 404


def test_a_pdf_attachment_is_served_with_its_type(datasette: str, crawl: Crawl) -> None:
    pdf = next(crawl.db.query("select id, body_sha256 from captures where url like '%.pdf' and status = 200 "
                              "and body_sha256 is not null limit 1"))
    with urllib.request.urlopen(f"{datasette}/-/capture/{pdf['id']}/raw") as answer:
        body = answer.read()
        assert answer.headers["Content-Type"].startswith("application/pdf")
        assert answer.headers["Content-Disposition"].startswith("inline;")
    assert body.startswith(b"%PDF")


def test_a_body_whose_coding_cannot_be_undone_is_shown_as_stored() -> None:
    whole = gzip.compress("某县报告".encode())
    assert undone(whole, "gzip") == ("某县报告".encode(), "")
    body, note = undone(whole[:-12], "gzip")
    assert body == whole[:-12] and "broken" in note
    bomb = gzip.compress(b"\0" * (MAX_BODY + 1))
    body, note = undone(bomb, "gzip")
    assert body == bomb and "more than" in note
