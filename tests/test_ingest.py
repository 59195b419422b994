"""``ogi ingest``: a folder of local files in every form, with duplicates, a zip archive and broken files,
added to the archive through the real command line; every good report once, every failure listed with
its reason, and nothing else changed (a second ingest leaves every table and WARC file as it was)."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import threading
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from warcio.archiveiterator import ArchiveIterator

from conftest import ogi
from crawler.archive.database import warc_folder
from crawler.archive.local_reads import (
    MAX_DEPTH,
    MAX_FILE,
    Failure,
    Found,
    Refused,
    read_file,
    read_paths,
    unpacked,
    walk,
)
from crawler.archive.warc import warc_files
from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.flatten import word_text
from crawler.demo.reports import DemoReport, render_html, variant_report
from crawler.parse.content_hash import bytes_sha256
from crawler.parse.template import APPLICANT_FIELDS
from crawler.publish.dashboard import canned_sql

AGENCIES = ["堃山县喆阳镇人民政府", "白河县教育局", "青石县财政局", "婺源县审计局", "歙县民政局", "郯城县人民政府",
            "镕江县卫生健康局", "白河县农业农村局", "婺源县东关镇人民政府", "歙县统计局", "郯城县司法局"]
REPORTS = [variant_report(random.Random(n), agency, 2019 + n % 4, n % 4) for n, agency in enumerate(AGENCIES)]
R = dict(enumerate(REPORTS, 1))  # R[1] ... R[11]
SUMMARY = re.compile(r"ogi ingest: (\d+) files read into .+: (\d+) new reports, (\d+) duplicates, (\d+) unchanged,"
                     r" (\d+) not reports, (\d+) failures")
NOT_ROOT = os.geteuid() != 0  # root reads a file whatever its permissions


def _page(report: DemoReport, charset: str) -> bytes:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{report.title}</title></head><body><div id='zoom'>{render_html(report)}</div></body></html>"
            ).encode(charset)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb(copies: int = 20) -> bytes:
    """A zip whose directory lists one member of MAX_FILE zeros ``copies`` times, each entry pointing at the
    same 64 KiB of deflated bytes: 1.25 GiB to unpack."""
    data = _zip({"zeros.html": bytes(MAX_FILE)})
    start, end = data.rindex(b"PK\x01\x02"), data.rindex(b"PK\x05\x06")
    end_record = bytearray(data[end:])
    struct.pack_into("<HHI", end_record, 8, copies, copies, (end - start) * copies)
    return data[:start] + data[start:end] * copies + bytes(end_record)


def _hostile_zip() -> bytes:
    """Reports (one named to climb out of any folder, one with a NUL in its name, one in an archive inside
    it), an encrypted member and one whose bytes do not match its CRC."""
    members = {
        f"{R[7].title}.html": _page(R[7], "utf-8"),
        f"sub/{R[8].title}.pdf": to_pdf(R[8].title, render_html(R[8])),
        "../../escaped.html": _page(R[9], "utf-8"),
        "evilX.html": _page(R[10], "utf-8"),
        "nested.zip": _zip({f"{R[11].title}.docx": to_docx(R[11].title, render_html(R[11]))}),
        "locked.html": _page(R[1], "utf-8"),
        "crc.html": _page(R[2], "utf-8"),
    }
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    locked, crc = infos["locked.html"], infos["crc.html"]
    data[locked.header_offset + 6] |= 1  # the encrypted flag, in the member's header and in the directory
    entry = data.index(b"PK\x01\x02")  # the directory's entries: the name follows 46 bytes of fields
    while data[entry + 46:entry + 46 + len(b"locked.html")] != b"locked.html":
        entry = data.index(b"PK\x01\x02", entry + 1)
    data[entry + 8] |= 1
    data[crc.header_offset + 30 + len(b"crc.html") + 200] ^= 0xFF  # a byte of its data changed
    return bytes(data).replace(b"evilX.html", b"evil\0.html")


@dataclass
class Run:
    """What ``ogi ingest`` printed."""

    counts: tuple[int, ...]  # read, new, duplicates, unchanged, not reports, failures
    failures: dict[str, str]  # path under the folder -> reason


@dataclass
class Twice:
    """The folder ingested twice into one archive, and what was there after each time."""

    folder: Path
    db: Path
    first: Run
    second: Run
    after_first: dict[str, list[tuple]]
    after_second: dict[str, list[tuple]]
    warc_after_first: dict[str, bytes]
    warc_after_second: dict[str, bytes]
    tree_before: dict[str, tuple[int, int]]
    tree_after: dict[str, tuple[int, int]]


def _run(folder: Path, db: Path) -> Run:
    result = ogi("ingest", str(folder), "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    match = SUMMARY.search(result.stdout)
    assert match, result.stdout
    failures = dict(line.strip().split(": ", 1) for line in result.stdout.splitlines()[1:])
    assert len(failures) == int(match[6])  # each listed once
    return Run(tuple(int(n) for n in match.groups()),
               {str(Path(path).relative_to(folder)): reason for path, reason in failures.items()})


def _tree(root: Path, leave_out: Path) -> dict[str, tuple[int, int]]:
    """Every file, folder and link under ``root`` but ``leave_out``: its size and modification time."""
    paths = [Path(top, name) for top, folders, files in os.walk(root) for name in [*folders, *files]]
    return {str(path.relative_to(root)): (path.lstat().st_size, path.lstat().st_mtime_ns)
            for path in paths if leave_out not in (path, *path.parents)}


def _dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted (the search index's own tables aside: search_rows says what it holds)."""
    with sqlite3.connect(db) as conn:
        tables = [name for (name,) in conn.execute("select name from sqlite_master where type = 'table'"
                                                   " and name not like 'sqlite_%' and name not like 'reports_fts%'")]
        return {table: sorted(conn.execute(f"select * from [{table}]").fetchall(), key=repr) for table in tables}


def _warc(db: Path) -> dict[str, bytes]:
    return {file.name: file.read_bytes() for file in warc_folder(db).iterdir()}


def _write_folder(folder: Path) -> None:
    files = {
        f"html/{R[1].title}.html": _page(R[1], "gbk"),
        f"html/{R[2].title}.htm": _page(R[2], "utf-8"),
        f"docs/{R[3].title}.docx": to_docx(R[3].title, render_html(R[3])),
        f"docs/{R[4].title}.pdf": to_pdf(R[4].title, render_html(R[4])),
        f"docs/{R[5].title}.xlsx": to_xlsx(R[5].title, render_html(R[5])),
        f"docs/{R[6].title}.txt": word_text(render_html(R[6])).encode("utf-8"),
        "copies/副本.html": _page(R[1], "gbk"),  # the same bytes as R1's, at another path
        "copies/附件1.pdf": to_pdf(R[2].title, render_html(R[2])),  # R2 again, as a PDF
        "reports.zip": _hostile_zip(),
        "notfound.html": "<html><body><div id='zoom'>对不起，页面不存在！</div></body></html>".encode(),
        "broken/truncated.pdf": to_pdf(R[4].title, render_html(R[4]))[:3000],
        "broken/random.bin": random.Random(7).randbytes(5000),
        "broken/empty.txt": b"",
        "broken/bomb.zip": _bomb(),
    } | ({"broken/secret.html": _page(R[3], "utf-8")} if NOT_ROOT else {})
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    if NOT_ROOT:
        (folder / "broken/secret.html").chmod(0)
    os.mkfifo(folder / "broken/fifo")
    (folder / "loop").symlink_to(".")  # a folder inside itself
    (folder / "link.pdf").symlink_to(f"docs/{R[4].title}.pdf")  # read once: a link is its target's URL


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Twice:
    root = tmp_path_factory.mktemp("ingest")
    folder, db = root / "in", root / "archive" / "ogi.db"
    _write_folder(folder)
    before = _tree(root, db.parent)
    first = _run(folder, db)
    after_first, warc_after_first = _dump(db), _warc(db)
    second = _run(folder, db)
    return Twice(folder, db, first, second, after_first, _dump(db), warc_after_first, _warc(db), before,
                 _tree(root, db.parent))


GOOD = {n: 1 for n in R} | {1: 2, 2: 2}  # report -> its sources: R1 at two paths, R2 as HTML and as PDF
NOT_READ = {  # path -> what the reason says, for what is never read
    "loop": "a link to a folder: not followed",
    "reports.zip!/locked.html": "encrypted: not read",
    "reports.zip!/crc.html": "zip member not read: BadZipFile: Bad CRC-32 for file 'crc.html'",
    "broken/bomb.zip": f"zip archive refused: 20 members unpacking to {20 * MAX_FILE} bytes (limits 2000 members,",
    "broken/fifo": "not read: not a regular file: a FIFO",
} | ({"broken/secret.html": "not read: permission denied"} if NOT_ROOT else {})
NO_REPORT = {  # path -> the reason, for what was read and held no report
    "broken/truncated.pdf": "PDF could not be read: ",
    "broken/random.bin": "binary data, neither a page nor a known document",
    "broken/empty.txt": "empty file",
}
READ = 18  # 11 reports' files (5 in the zip archive), 2 copies, the link, the soft 404 and 3 broken files


def test_every_good_report_once_with_its_sources(ingested: Twice) -> None:
    db = sqlite3.connect(ingested.db)
    reports = db.execute("select agency, year, content_hash, parse_status, template_version from reports").fetchall()
    assert sorted((agency, year) for agency, year, *_ in reports) == sorted((r.agency, r.year) for r in REPORTS)
    for agency, year, content_hash, status, template in reports:
        n, report = next((n, r) for n, r in R.items() if (r.agency, r.year) == (agency, year))
        assert (status, template) == ("parsed", report.template)
        (sources,) = db.execute("select count(*) from report_sources where content_hash = ?", [content_hash]).fetchone()
        assert sources == GOOD[n]
        rows = db.execute(f"select row_key, {', '.join(APPLICANT_FIELDS)} from section3 where content_hash = ?"
                          " order by row_order", [content_hash]).fetchall()
        assert [(key, tuple(values)) for key, *values in rows] == list(report.section3)
        assert db.execute("select count(*) from checks where content_hash = ? and outcome = 'fail'",
                          [content_hash]).fetchone() == (0,)
    linked = db.execute("select title from reports where agency = ?", [R[4].agency]).fetchone()
    assert linked == (R[4].title,)  # read first through its link, under the name of the file it names
    (soft_404,) = db.execute("select parse_status from captures where url like '%notfound.html'").fetchone()
    assert soft_404 == "not-a-report"
    searched = db.execute("select count(*) from search_rows").fetchone()[0]
    located = db.execute("select count(*) from reports where province is not null").fetchone()[0]
    assert searched == len(REPORTS) and located  # the derived tables, as after a crawl


def test_the_summary_counts_and_lists_every_failure_with_its_reason(ingested: Twice) -> None:
    failures = len(NOT_READ) + len(NO_REPORT)
    # read, new, duplicates (R1's copy, R2's PDF), unchanged (the PDF read first through its link), soft 404
    assert ingested.first.counts == (READ, len(REPORTS), 2, 1, 1, failures)
    assert set(ingested.first.failures) == set(NOT_READ) | set(NO_REPORT)
    for path, reason in (NOT_READ | NO_REPORT).items():
        assert ingested.first.failures[path].startswith(reason), (path, ingested.first.failures[path])


def test_ingesting_again_changes_nothing(ingested: Twice) -> None:
    assert ingested.second.counts == (READ, 0, 0, READ, 0, len(NOT_READ))
    assert ingested.second.failures == {path: ingested.first.failures[path] for path in NOT_READ}
    assert ingested.after_second == ingested.after_first  # every table, row for row
    assert ingested.warc_after_second == ingested.warc_after_first  # not a byte added


def test_nothing_is_written_outside_the_archive(ingested: Twice) -> None:
    assert ingested.tree_after == ingested.tree_before  # the files ingested untouched, nothing beside them
    assert not (Path.cwd() / "../../escaped.html").resolve().exists()
    assert set(os.listdir(ingested.db.parent)) <= {"ogi.db", "ogi.db.lock", "ogi.db-wal", "ogi.db-shm", "warc"}


def test_each_file_kept_as_read_with_its_path_and_sha256(ingested: Twice) -> None:
    db = sqlite3.connect(ingested.db)
    captures = {url: (sha256, kind, portal, content_type) for url, sha256, kind, portal, content_type in db.execute(
        "select url, body_sha256, kind, portal, content_type from captures")}
    records = {}
    for file in warc_files(warc_folder(ingested.db)):
        with file.open("rb") as handle:
            for record in ArchiveIterator(handle, check_digests=True):
                payload = record.content_stream().read()
                assert record.digest_checker.passed is not False
                if record.rec_type == "resource":
                    records[record.rec_headers.get_header("WARC-Target-URI")] = (
                        bytes_sha256(payload), record.rec_headers.get_header("Content-Type"))
    assert {url: (sha, kind) for url, (sha, _, _, kind) in captures.items()} == records
    assert {(kind, portal) for _, kind, portal, _ in captures.values()} == {("local", "local")}
    pdf = (ingested.folder / "docs" / f"{R[4].title}.pdf").resolve()
    assert captures[pdf.as_uri()][::3] == (bytes_sha256(pdf.read_bytes()), "application/pdf")
    zipped = f"jar:{(ingested.folder / 'reports.zip').resolve().as_uri()}!/"
    assert {url.removeprefix(zipped) for url in captures if url.startswith(zipped)} == {
        f"{quote(R[7].title)}.html", f"sub/{quote(R[8].title)}.pdf", "../../escaped.html", "evil",
        f"nested.zip!/{quote(R[11].title)}.docx"}  # the names only in URLs: the NUL cut the name short
    local = db.execute(canned_sql("local_files")).fetchall()  # the canned query showing each file's path and hash
    assert sorted((url, sha) for _, url, sha, *_ in local) == sorted((url, c[0]) for url, c in captures.items())
    result = subprocess.run([str(Path(sys.executable).with_name("warcio")), "check",
                             *map(str, warc_files(warc_folder(ingested.db)))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reparse_of_the_ingested_archive_gives_the_same(ingested: Twice, tmp_path: Path) -> None:
    rebuilt = tmp_path / "ogi.db"
    shutil.copytree(warc_folder(ingested.db), warc_folder(rebuilt))
    result = ogi("reparse", "--db", str(rebuilt))
    assert result.returncode == 0, result.stderr
    assert f"{READ - 1} captures, {READ - 1} items, {len(REPORTS)} reports, 0 failed" in result.stdout
    assert _dump(rebuilt) == ingested.after_first


def test_a_changed_file_is_a_new_capture_and_a_new_version(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "ogi.db"
    folder.mkdir()
    page = folder / "report.html"
    page.write_bytes(_page(R[3], "utf-8"))
    assert _run(folder, db).counts == (1, 1, 0, 0, 0, 0)
    page.write_bytes(_page(R[3], "utf-8") + b"<!-- saved again -->")  # other bytes, the same text
    assert _run(folder, db).counts == (1, 0, 1, 0, 0, 0)
    page.write_bytes(_page(R[3], "utf-8").replace(b"</p>", "另有补充说明。</p>".encode(), 1))  # edited
    assert _run(folder, db).counts == (1, 1, 0, 0, 0, 0)
    rows = sqlite3.connect(db).execute(
        "select r.cluster, r.version, r.current, s.captures from reports r join report_sources s using (content_hash)"
        " order by r.version").fetchall()
    assert [row[1:] for row in rows] == [(1, 0, 2), (2, 1, 1)] and rows[0][0] == rows[1][0]
    assert sqlite3.connect(db).execute("select count(*) from captures").fetchone() == (3,)


def test_the_archive_inside_the_folder_is_not_ingested_into_itself(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_bytes(_page(R[5], "utf-8"))
    db = tmp_path / "data" / "ogi.db"
    assert _run(tmp_path, db).counts[:5] == (1, 1, 0, 0, 0)
    again = _run(tmp_path, db)
    assert again.counts[:5] == (1, 0, 0, 1, 0)
    assert {"data/ogi.db", "data/ogi.db.lock", "data/warc"} <= set(again.failures)
    assert set(again.failures.values()) == {"part of the archive written to: not ingested"}
    assert sqlite3.connect(db).execute("select count(*) from captures").fetchone() == (1,)


def test_two_ingests_at_once_add_each_file_once(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "ogi.db"
    folder.mkdir()
    for n in range(1, 7):
        (folder / f"{n}.html").write_bytes(_page(R[n], "utf-8"))
    command = [sys.executable, "-m", "crawler", "ingest", str(folder), "--db", str(db)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    counts = [tuple(int(n) for n in SUMMARY.search(output).groups()) for output in outputs]  # type: ignore[union-attr]
    assert sum(c[1] for c in counts) == 6 and all(c[0] == 6 and c[1] + c[3] == 6 for c in counts)
    connection = sqlite3.connect(db)
    assert connection.execute("select count(*), count(distinct url) from captures").fetchone() == (6, 6)
    assert connection.execute("select count(*) from reports").fetchone() == (6,)


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bomb.zip").write_bytes(_bomb())
    result = ogi("ingest", str(tmp_path / "bomb.zip"), str(tmp_path / "missing.pdf"), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1
    assert "0 files read" in result.stdout and "missing.pdf: not read: no such file" in result.stdout


# ---------------------------------------------------------------- the walk and the zip archives


def test_walk_in_sorted_order_files_before_folders(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "z/2.txt", "z/1.txt", "c/x/y.txt", "c/b.txt", "B.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    walked = [str(path.relative_to(tmp_path)) for path in walk([tmp_path])]
    assert walked == ["B.txt", "a.txt", "b.txt", "c/b.txt", "c/x/y.txt", "z/1.txt", "z/2.txt"]
    assert [str(p) for p in walk([tmp_path / "z" / "2.txt", tmp_path / "z"])][:2] == [
        str(tmp_path / "z" / "2.txt"), str(tmp_path / "z" / "1.txt")]  # paths in the order given


def test_links_to_folders_are_not_followed_and_link_loops_fail(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    (tmp_path / "gone").symlink_to("nowhere")
    read = {item.path.removeprefix(f"{tmp_path}/"): item.reason for item in read_paths([tmp_path])}
    loop = "not read: Too many levels of symbolic links"
    assert read == {"a": loop, "b": loop, "gone": "not read: no such file",
                    "sub/up": "a link to a folder: not followed"}


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_file(tmp_path / "fifo")
        except Refused as refused:
            outcome.append(refused)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive() and str(outcome[0]) == "not a regular file: a FIFO"


def test_a_zip_bomb_is_refused_before_anything_is_inflated() -> None:
    bomb = _bomb()
    tracemalloc.start()
    read = list(unpacked(Found("file:///bomb.zip", "bomb.zip", "bomb.zip", bomb)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [type(item) for item in read] == [Failure] and read[0].reason.startswith("zip archive refused: 20 members")
    assert peak < 4 * 1024 * 1024  # no member's 64 MiB ever held


def test_archives_nested_too_deep_are_not_opened() -> None:
    data = b"<p>x</p>"
    for depth in range(MAX_DEPTH + 1):
        data = _zip({f"{depth}.zip" if depth else "a.html": data})
    (read,) = unpacked(Found("file:///n.zip", "n.zip", "n.zip", data))
    assert read == Failure("n.zip!/3.zip!/2.zip!/1.zip", "zip archive not opened: inside 3 others (limit)")
