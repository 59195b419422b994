"""The fault portal crawled beside a good one: every way a page goes wrong ends in a recorded, readable
outcome, and the rest of the crawl archives every other report."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils

from conftest import ogi
from crawler.archive.database import warc_folder
from crawler.archive.fetch_failures import broken_encoding
from crawler.crawl.settings import DOWNLOAD_MAXSIZE
from crawler.demo.faults import COMPRESS, FAULTS, SCAN_SIZE, FaultPortal
from crawler.demo.rendered_faults import BEACON, REPORT, REQUESTS, SPIN, STALLED
from crawler.demo.server import DemoPortals

# The crawl's own size limit (64 MiB) is kept: the big PDF (40 MiB) must come in whole, as it would in a
# crawl; the endless body is cut at it all the same (a fraction of a second on loopback).
# (the fault portals carry their own short timeouts as registry options)
QUICK = ("-s", "RETRY_BACKOFF_BASE=0.2")


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> tuple[sqlite_utils.Database, list[dict], str]:
    folder = tmp_path_factory.mktemp("faults")
    with DemoPortals(portals=1, reports=4, faults=True) as described:
        registry = folder / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        result = ogi("crawl", "--registry", str(registry), "--db", str(folder / "ogi.db"), *QUICK)
        rendered = _rendered(described)
        with urllib.request.urlopen(rendered["base_url"] + REQUESTS) as answer:
            rendered["asked"] = json.load(answer)  # what its pages asked of it, by path
    assert result.returncode == 0, result.stderr  # the crawl goes on to the end
    return sqlite_utils.Database(folder / "ogi.db"), described, result.stderr


def _rendered(described: list[dict]) -> dict:
    return next(portal for portal in described if portal.get("spider") == "rendered")


def _path(fault: str) -> str:
    return FAULTS[fault][0]


def _captures(db: sqlite_utils.Database, fault: str) -> list[dict]:
    return list(db.query("select * from captures where url like ? order by id", ["%" + _path(fault)]))


def _failures(db: sqlite_utils.Database, fault: str) -> list[dict]:
    return list(db.query("select * from fetch_failures where url like ?", ["%" + _path(fault)]))


def test_the_rest_of_the_crawl_archives_every_report(faulty) -> None:
    db, described, _ = faulty
    trs = described[0]["id"]
    kept = db.execute("select count(distinct url) from report_captures where portal = ? and content_hash is not null",
                      [trs]).fetchone()[0]
    assert kept == 4
    assert db.execute("select count(*) from captures where url like '%/xxgk/gknb/good.html'").fetchone() == (1,)


@pytest.mark.parametrize("fault", ["flaky-503", "flaky-502"])
def test_a_flaky_page_is_archived_after_its_retries(faulty, fault: str) -> None:
    db, _, _ = faulty
    statuses = [row["status"] for row in _captures(db, fault)]
    assert statuses[:-1] == [int(fault[-3:])] * 2 and statuses[-1] == 200  # every answer captured
    assert _captures(db, fault)[-1]["content_hash"] is not None and not _failures(db, fault)


def test_a_page_that_always_fails_is_given_up_and_recorded(faulty) -> None:
    db, _, stderr = faulty
    assert [row["status"] for row in _captures(db, "always-500")] == [500, 500, 500]
    assert all(row["content_hash"] is None for row in _captures(db, "always-500"))
    assert "HTTP 500 1" in stderr


@pytest.mark.parametrize(("fault", "kind"), [
    ("timeout", "DownloadTimeoutError"), ("stall", "DownloadTimeoutError"), ("reset", "DownloadFailedError"),
    ("huge", "DownloadCancelledError"), ("endless", "DownloadCancelledError"),
])
def test_a_fetch_that_brings_nothing_is_recorded_with_why(faulty, fault: str, kind: str) -> None:
    db, _, _ = faulty
    (failure,) = _failures(db, fault)  # once, after the retries
    assert failure["kind"] == kind and failure["message"] and failure["portal"].startswith("faults")
    assert not [row for row in _captures(db, fault) if row["content_hash"]]


@pytest.mark.parametrize(("fault", "why"), [
    ("truncated-gzip", "truncated gzip"), ("invalid-gzip", "invalid gzip"),
    ("truncated-br", "truncated br"), ("invalid-br", "invalid br: brotli: decoder failed"),
    ("truncated-zstd", "truncated zstd"), ("invalid-zstd", "invalid zstd: Unable to decompress Zstandard data"),
])
def test_a_broken_compressed_body_is_kept_as_received_and_recorded_not_archived(faulty, fault: str, why: str) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, fault)
    assert capture["status"] == 200 and capture["content_hash"] is None and capture["warc_length"] > 0
    assert capture["parse_status"] is None  # never parsed: not a short report, nor an empty one
    (failure,) = _failures(db, fault)
    assert failure["kind"] == "broken encoding" and failure["message"].startswith(why)


@pytest.mark.parametrize(("fault", "bureau"), [("good-br", "商务局"), ("good-zstd", "民政局")])
def test_a_whole_brotli_or_zstd_body_is_decoded_and_archived(faulty, fault: str, bureau: str) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, fault)
    assert json.loads(capture["headers"]).get("Content-Encoding") == fault.removeprefix("good-")
    (report,) = db.query("select text, parse_status from reports where content_hash = ?", [capture["content_hash"]])
    assert report["parse_status"] == "parsed" and f"故障县{bureau}" in report["text"] and not _failures(db, fault)


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_a_compressed_body_is_judged_on_at_most_the_limit(coding: str) -> None:
    packed = COMPRESS[coding](" ".join(map(str, range(200_000))).encode())  # 1.3 MB inflated
    half = packed[: len(packed) // 2]
    assert broken_encoding(packed, coding, 2_000_000) is None
    assert broken_encoding(half, coding, 2_000_000).startswith(f"truncated {coding}: ")
    assert broken_encoding(half, coding, 100_000) is None  # cut at the limit: the size limit decides the rest
    assert broken_encoding(b"\x00" * 64, coding.upper(), 2_000_000).startswith(f"invalid {coding}: ")
    assert broken_encoding(b"", coding, 2_000_000) is None  # a 304 or a 204: nothing to decode


def test_a_soft_404_is_no_report_and_says_why(faulty) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, "soft-404")
    assert (capture["parse_status"], capture["content_hash"]) == ("not-a-report", None)
    assert capture["parse_reasons"] == "soft 404: the page says 页面不存在"
    assert not db.execute("select count(*) from reports where title like '%页面不存在%'").fetchone()[0]


def test_a_redirect_to_another_site_is_not_followed(faulty) -> None:
    db, _, _ = faulty
    assert [row["status"] for row in _captures(db, "offsite-redirect")] == [302]
    assert not db.execute("select count(*) from captures where url like 'http://localhost%'").fetchone()[0]


@pytest.mark.parametrize("fault", ["hostile-filename", "nul-filename"])
def test_a_hostile_attachment_name_writes_nothing_by_that_name(faulty, fault: str) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, fault)
    assert capture["content_hash"] is not None  # archived by content, in the WARC files
    folder = Path(db.conn.execute("pragma database_list").fetchone()[2]).parent
    written = {path.name for path in folder.rglob("*")}
    assert not {"passwd", "evil.docx"} & written and not any("\x00" in name for name in written)
    assert not Path("/etc/passwd").read_bytes().startswith(b"<html")


def test_binary_served_as_a_page_is_no_report(faulty) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, "binary")
    assert (capture["form"], capture["parse_status"], capture["content_hash"]) == ("binary", "failed", None)
    assert "binary data" in capture["parse_reasons"]


@pytest.mark.parametrize(("fault", "bureau"), [
    ("nested-divs", "统计局"), ("malformed", "水利局"), ("wrong-charset", "教育局"),
])
def test_a_broken_page_still_gives_its_report(faulty, fault: str, bureau: str) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, fault)
    assert capture["content_hash"] is not None, capture["parse_reasons"]
    (report,) = db.query("select text, parse_status from reports where content_hash = ?", [capture["content_hash"]])
    assert report["parse_status"] == "parsed" and f"故障县{bureau}" in report["text"]
    if fault == "wrong-charset":  # told UTF-8, decided by the bytes
        assert capture["encoding"] == "gb18030" and capture["lossy_chars"] == 0


@pytest.mark.parametrize(("fault", "reason"), [
    ("zip-bomb", "DOCX refused"), ("bad-pdf", "PDF could not be read"),
    ("many-pages-pdf", "PDF refused: 5000 pages (limit 300)"),
])
def test_a_hostile_or_broken_document_is_refused_with_its_reason(faulty, fault: str, reason: str) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, fault)
    assert (capture["parse_status"], capture["content_hash"]) == ("failed", None)
    assert capture["parse_reasons"].startswith(reason)


def test_an_external_entity_is_never_expanded(faulty) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, "xxe")
    text = " ".join(row["text"] for row in db.query("select text from reports where content_hash = ?",
                                                     [capture["content_hash"]]))
    assert "root:" not in text and "/bin/" not in text
    assert not db.execute("select count(*) from reports where text like '%root:x:0:0%'").fetchone()[0]


def test_a_big_pdf_is_fetched_whole_read_and_archived(faulty) -> None:
    db, _, _ = faulty
    (capture,) = _captures(db, "big-pdf")
    assert SCAN_SIZE[0] * SCAN_SIZE[1] < capture["length"] < DOWNLOAD_MAXSIZE and not _failures(db, "big-pdf")
    (report,) = db.query("select text, parse_status from reports where content_hash = ?", [capture["content_hash"]])
    assert report["parse_status"] == "parsed" and "故障县档案局" in report["text"]


_PEAK = """import resource, sys
from crawler.parse.documents.pdf_reader import read_pdf
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
read_pdf(data)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""


def test_a_big_pdf_is_read_with_its_image_never_decoded(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(FaultPortal(0).big_pdf)
    grown = int(subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True,
                               check=True).stdout)
    # PDFium holds the image's bytes once while its page is open; decoding the image would add about 80 MiB
    assert grown < path.stat().st_size + (32 << 20)


def test_a_rendered_column_that_never_finishes_loading_is_read(faulty) -> None:
    db, described, _ = faulty
    portal = _rendered(described)
    (column,) = db.query("select status, content_hash from captures where url = ?", [portal["start_urls"][0]])
    assert column["status"] == 200  # read once its list was written, its stalled script given up
    (capture,) = db.query("select content_hash from captures where url = ?", [portal["base_url"] + REPORT])
    (report,) = db.query("select text, parse_status from reports where content_hash = ?", [capture["content_hash"]])
    assert report["parse_status"] == "parsed" and "故障县气象局" in report["text"]
    assert portal["asked"][STALLED[0]] == 1  # the script was asked for, and waited for no longer than its due


def test_a_rendered_page_loads_nothing_from_another_origin_and_no_images(faulty) -> None:
    _, described, _ = faulty
    asked = _rendered(described)["asked"]
    assert not [path for path in asked if path.startswith(BEACON)]  # localhost: another origin, never asked
    assert STALLED[1] not in asked  # an image: never loaded


def test_a_rendered_page_whose_script_never_yields_is_given_up_and_recorded(faulty) -> None:
    db, described, stderr = faulty
    portal = _rendered(described)
    (failure,) = db.query("select * from fetch_failures where url = ?", [portal["base_url"] + SPIN])
    assert failure["kind"] == "TimeoutError" and "Timeout 5000ms exceeded" in failure["message"]
    (run,) = db.query("select errors, error_kinds from crawl_portals where portal = ?", [portal["id"]])
    assert run["errors"] == 1 and json.loads(run["error_kinds"]) == {"failed, not retried": 1}


def test_the_fault_crawl_is_rebuilt_from_its_warc_files_alone(faulty, tmp_path: Path) -> None:
    db, _, _ = faulty
    rebuilt = tmp_path / "ogi.db"  # brotli and zstd bodies among them, undone as the crawl undid them
    shutil.copytree(warc_folder(db.conn.execute("pragma database_list").fetchone()[2]), warc_folder(rebuilt))
    result = ogi("reparse", "--db", str(rebuilt))
    assert result.returncode == 0 and " 0 failed" in result.stdout, result.stdout + result.stderr
    query = "select content_hash, agency, parse_status, text from reports order by content_hash"
    assert list(sqlite_utils.Database(rebuilt).query(query)) == list(db.query(query))
