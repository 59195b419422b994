"""A real Scrapy crawl of the demo portals over HTTP into a real SQLite file."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import sqlite_utils

from conftest import Crawl, ogi
from crawler.archive.database import captured_payload, warc_folder
from crawler.archive.warc import decoded_body, iter_records, warc_files
from crawler.demo.portals.base import CALENDAR, LOOP, PER_PAGE, DemoPortal
from crawler.demo.portals.hanweb import ATTACHMENT_KINDS
from crawler.demo.reports import body_paragraphs
from crawler.parse.checks import check_section3
from crawler.parse.template import APPLICANT_FIELDS, SECTION4_FIELDS


def _base(crawl: Crawl, portal: DemoPortal) -> str:
    return next(d["base_url"] for d in crawl.described if d["id"] == portal.id)


def _expected_urls(crawl: Crawl) -> dict[str, tuple[DemoPortal, object]]:
    return {_base(crawl, p) + r.captured_path: (p, r) for p in crawl.portals for r in p.reports}


def test_every_report_page_captured_exactly_once(crawl: Crawl) -> None:
    captured = [row["url"] for row in crawl.db["report_captures"].rows]
    assert sorted(captured) == sorted(_expected_urls(crawl))


def test_no_non_report_page_archived(crawl: Crawl) -> None:
    news = {_base(crawl, p) + n.path for p in crawl.portals for n in p.news}
    assert news, "the demo portals must carry non-report pages"
    captured = {row["url"] for row in crawl.db["report_captures"].rows}
    assert not captured & news


def test_one_report_per_distinct_report(crawl: Crawl) -> None:
    distinct = {r.report for p in crawl.portals for r in p.reports}
    assert crawl.db["reports"].count == len(distinct)
    titles = sorted(row["title"] for row in crawl.db["reports"].rows)
    assert titles == sorted(r.title for r in distinct)


def test_copies_on_other_portals_are_one_report_with_a_capture_each(crawl: Crawl) -> None:
    expected = _expected_urls(crawl)
    hashes: dict[object, set[str]] = {}
    for row in crawl.db["report_captures"].rows:
        hashes.setdefault(expected[row["url"]][1].report, set()).add(row["content_hash"])
    assert all(len(found) == 1 for found in hashes.values()), "every copy of a report has the same identity"
    copies = {r.report: sum(r.report == q.report for p in crawl.portals for q in p.reports)
              for p in crawl.portals for r in p.reports}
    overview = {row["content_hash"]: row["captures"] for row in crawl.db["report_overview"].rows}
    for report, (content_hash,) in hashes.items():
        assert overview[content_hash] == copies[report]
    assert max(copies.values()) == 3  # the official page, a neighbour's republication and a mirror


def test_mirror_pages_are_repaired_to_the_official_text(crawl: Crawl) -> None:
    expected = _expected_urls(crawl)
    rows = list(crawl.db.query(
        "select c.url, c.title, c.repairs, c.source_agency, r.text"
        " from report_captures c join reports r using (content_hash) "
        "where c.portal like 'mirror-%'"
    ))
    assert rows
    for row in rows:
        report = expected[row["url"]][1].report
        repairs = json.loads(row["repairs"])
        assert repairs["mirror-pinyin-removed"] > 0 and repairs["mirror-traditional-to-simplified"] > 0
        assert (row["title"], row["source_agency"]) == (report.title, report.agency)
        for paragraph in body_paragraphs(report):
            assert paragraph in row["text"]


def test_gbk_pages_decode_to_the_source_text(crawl: Crawl) -> None:
    expected = _expected_urls(crawl)
    rows = list(crawl.db.query(
        "select c.url, c.encoding, c.declared_charset, c.encoding_reason, r.text "
        "from report_captures c join reports r using (content_hash) where c.portal like 'trs-%'"
    ))
    assert rows
    gbk_only = 0
    for row in rows:
        portal, published = expected[row["url"]]
        if published.path in portal.misdeclared:  # UTF-8 bytes under a gb2312 <meta>: the bytes win
            assert (row["encoding"], row["declared_charset"], row["encoding_reason"]) == ("utf-8", "gb2312", "bytes")
        else:
            assert (row["encoding"], row["declared_charset"], row["encoding_reason"]) == ("gb18030", "gb2312", "meta")
        for paragraph in published.paragraphs:
            assert paragraph in row["text"], (row["url"], paragraph)
        gbk_only += any(ch in row["text"] for ch in "堃喆珺镕")
    assert gbk_only, "some GBK portal report must carry characters outside GB2312"


def test_six_sections_stored(crawl: Crawl) -> None:
    expected = _expected_urls(crawl)
    for row in crawl.db.query("select url, content_hash from report_captures"):
        report = expected[row["url"]][1].report
        sections = {s["number"]: s["text"] for s in crawl.db["sections"].rows_where("content_hash = ?",
                                                                                   [row["content_hash"]])}
        assert sorted(sections) == [1, 2, 3, 4, 5, 6]
        assert all(paragraph in sections[1] for paragraph in report.intro), row["url"]
        assert all(paragraph in sections[5] for paragraph in report.problems), row["url"]


def test_report_fields_come_from_listing_and_title(crawl: Crawl) -> None:
    expected = _expected_urls(crawl)
    for row in crawl.db.query(
            "select c.url, r.year, c.published from report_captures c join reports r using (content_hash)"):
        _, published = expected[row["url"]]
        assert row["year"] == published.report.year
        assert row["published"] == published.report.published.isoformat()


def test_raw_bytes_are_kept_as_served(crawl: Crawl) -> None:
    rows = list(crawl.db.query(
        "select url, body_sha256, warc_file, warc_offset from report_captures where portal like 'trs-%'"))
    assert rows
    for row in rows[:5]:
        with urllib.request.urlopen(row["url"]) as response:
            served = response.read()
        assert captured_payload(crawl.db_path, row["warc_file"], row["warc_offset"]) == served
        assert hashlib.sha256(served).hexdigest() == row["body_sha256"]


def test_every_response_is_a_capture_in_valid_warc_files(crawl: Crawl) -> None:
    kinds = {row["kind"] for row in crawl.db.query("select distinct kind from captures")}
    assert {"robots", "listing", "report", "attachment"} <= kinds
    files = warc_files(warc_folder(crawl.db_path))
    assert files and not list(warc_folder(crawl.db_path).glob("*.open"))
    checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    indexed = {(row["warc_file"], row["warc_offset"]): row for row in crawl.db["captures"].rows}
    responses = 0
    for file in files:
        for offset, length, record, _ in iter_records(file):
            if record.rec_type == "response":
                responses += 1
                row = indexed[(file.name, offset)]
                assert (row["url"], row["warc_length"]) == (record.rec_headers.get_header("WARC-Target-URI"), length)
                assert row["payload_digest"] == record.rec_headers.get_header("WARC-Payload-Digest")
    assert responses == len(indexed)


def _summary_line(crawl: Crawl, name: str) -> str:
    return next(line for line in crawl.result.stderr.splitlines() if line.strip().startswith(name + " "))


def test_dead_portal_and_dead_links_are_errors_not_failures(crawl: Crawl) -> None:
    assert "crawl finished" in crawl.result.stderr
    assert int(_summary_line(crawl, "dead").split("errors")[1]) == 2  # robots.txt and the column page
    dead_link_count = sum(len(p.dead_links) for p in crawl.portals)
    assert f"errors: HTTP 404 {dead_link_count}, gave up after retries 2" in crawl.result.stderr
    dead_links = {_base(crawl, p) + d.path for p in crawl.portals for d in p.dead_links}
    assert dead_links
    assert not dead_links & {row["url"] for row in crawl.db["report_captures"].rows}
    for portal in crawl.portals:
        errors = int(_summary_line(crawl, portal.id).split("errors")[1])
        assert errors == len(portal.dead_links)
    assert f"reports {crawl.db['report_captures'].count:>6}" in _summary_line(crawl, "total")


def test_section_2_3_and_4_numbers_parsed_and_checked(crawl: Crawl) -> None:
    expected = _expected_urls(crawl)
    broken = 0
    for row in crawl.db.query("select url, content_hash from report_captures"):
        _, published = expected[row["url"]]
        report = published.report
        stored = list(crawl.db.query(
            f"select row_key, {', '.join(APPLICANT_FIELDS)} from section3 where content_hash = ? order by row_order",
            [row["content_hash"]],
        ))
        assert [(r["row_key"], tuple(r[f] for f in APPLICANT_FIELDS)) for r in stored] == list(report.section3)
        (meta,) = crawl.db.query("select template_version, parse_status from reports where content_hash = ?",
                                 [row["content_hash"]])
        assert (meta["template_version"], meta["parse_status"]) == (report.template, "parsed")
        (section4,) = crawl.db.query(f"select {', '.join(SECTION4_FIELDS)} from section4 where content_hash = ?",
                                     [row["content_hash"]])
        assert tuple(section4.values()) == report.section4
        section2 = [(r["row_label"], r["raw"]) for r in crawl.db["section2"].rows_where(
            "content_hash = ?", [row["content_hash"]], order_by="rowid")]
        assert section2 == [(label, raw) for _, label, cells in report.section2 for raw in cells]
        problems = crawl.db["problems"].count_where("content_hash = ? and section = '三'", [row["content_hash"]])
        assert bool(problems) == bool(check_section3(report.section3))
        outcomes = {r["outcome"]: r["n"] for r in crawl.db.query(
            "select outcome, count(*) as n from checks where content_hash = ? group by outcome", [row["content_hash"]])}
        (counts,) = crawl.db.query("select checks_failed, checks_unchecked from reports where content_hash = ?",
                                   [row["content_hash"]])
        assert (counts["checks_failed"], counts["checks_unchecked"]) == (outcomes.get("fail", 0), 0)
        assert outcomes["pass"] > 30  # every rule of sections 三 and 四, checked
        broken += bool(problems)
    assert broken >= len(crawl.portals), "each demo portal carries one report with broken numbers"


def test_hanweb_reports_come_from_the_dataproxy_and_attachments(crawl: Crawl) -> None:
    (portal,) = [p for p in crawl.portals if p.family == "hanweb"]
    base = _base(crawl, portal)
    column_page = urllib.request.urlopen(base + portal.start_paths[0]).read().decode("utf-8")
    assert "art_" not in column_page and "jpage" in column_page  # the list exists only behind the dataproxy
    rows = {row["url"]: row for row in crawl.db.query(
        "select url, form, parse_status, linked_from from report_captures where portal = ?", [portal.id])}
    attached = [r for r in portal.reports if r.attachment]
    assert attached and len(attached) < len(portal.reports)
    assert {r.captured_path.rsplit(".", 1)[1] for r in attached} == set(ATTACHMENT_KINDS)  # PDF, DOCX, XLSX
    assert sorted(rows) == sorted(base + r.captured_path for r in portal.reports)
    for published in portal.reports:
        row = rows[base + published.captured_path]
        kind = published.attachment.rsplit(".", 1)[1] if published.attachment else "html"
        assert (row["form"], row["parse_status"]) == (kind, "parsed")
        assert row["linked_from"] == (base + published.path if published.attachment else None)


def test_a_javascript_column_is_rendered_in_chromium(crawl: Crawl, tmp_path: Path) -> None:
    (portal,) = [p for p in crawl.portals if p.family == "js"]
    base = _base(crawl, portal)
    column = base + portal.start_paths[0]
    assert "content_" not in urllib.request.urlopen(column).read().decode("utf-8")  # no entry without the script
    captured = sorted(row["url"] for row in crawl.db["report_captures"].rows_where("portal = ?", [portal.id]))
    assert captured == sorted(base + r.path for r in portal.reports)
    # without the browser, the same column yields nothing
    plain = tmp_path / "plain.db"
    result = ogi("crawl", "--url", column, "--family", "news", "--db", str(plain))
    assert result.returncode == 0, result.stderr
    assert sqlite_utils.Database(plain)["report_captures"].count == 0


def _requests(crawl: Crawl, portal: DemoPortal) -> dict[str, int]:
    return json.loads(urllib.request.urlopen(_base(crawl, portal) + "/__requests.json").read())


def test_traps_are_not_fallen_into(crawl: Crawl) -> None:
    (trs,) = [p for p in crawl.portals if p.family == "trs"]
    asked = _requests(crawl, trs)
    assert CALENDAR not in asked  # a calendar's next day is no column page
    assert 1 <= asked[LOOP] <= 1 + 5  # a redirect loop ends at REDIRECT_MAX_TIMES
    (news,) = [p for p in crawl.portals if p.family == "news"]
    column = news.start_paths[0]
    pages = -(-(len(news.reports) + len(news.news)) // PER_PAGE)  # its one column holds reports and news
    # session ids removed and the page past the end (a repeat) not followed further: each page
    # once, and once more the first page as ?page=1 and the repeat past the end
    assert _requests(crawl, news)[column] <= pages + 2
    captured = {row["url"] for row in crawl.db["report_captures"].rows}
    assert not any("offsite.invalid" in url or LOOP in url for url in captured)


def test_a_crawl_with_a_worker_process_archives_the_same(crawl: Crawl, tmp_path: Path) -> None:
    registry = tmp_path / "portals.json"
    registry.write_text(json.dumps(crawl.described), encoding="utf-8")
    db = tmp_path / "workers.db"
    # a backlog of two: downloads keep waiting for the worker, and nothing is lost by it
    result = ogi("crawl", "--registry", str(registry), "--db", str(db), "-s", "OGI_WORKERS=1", "-s", "OGI_BACKLOG=2")
    assert result.returncode == 0, result.stderr
    rows = sqlite_utils.Database(db)["report_captures"].rows
    archived = {(r["url"], r["content_hash"], r["parse_status"]) for r in rows}
    assert archived == {(r["url"], r["content_hash"], r["parse_status"]) for r in crawl.db["report_captures"].rows}


def test_a_rendered_page_is_kept_as_served_with_its_dom_beside_it(crawl: Crawl) -> None:
    """No response record claims a body the server never sent: a column rendered in Chromium is
    the response as served (its list not yet written) plus a conversion record of the DOM."""
    (portal,) = [p for p in crawl.portals if p.family == "js"]
    column = _base(crawl, portal) + portal.start_paths[0]
    served = urllib.request.urlopen(column).read()
    records = {record.rec_headers.get_header("WARC-Record-ID"): (record, payload)
               for file in warc_files(warc_folder(crawl.db_path)) for _, _, record, payload in iter_records(file)}
    (response_id,) = [rid for rid, (record, _) in records.items() if record.rec_type == "response"
                      and record.rec_headers.get_header("WARC-Target-URI") == column]
    response, body = records[response_id]
    assert decoded_body(response, body) == served and b"content_" not in served
    (dom,) = [payload for record, payload in records.values() if record.rec_type == "conversion"
              and record.rec_headers.get_header("WARC-Refers-To") == response_id]
    assert b"content_" in dom  # the list the script wrote
