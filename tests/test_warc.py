"""WARC files: records as fetched, readable by warcio, and sound after a writer is killed."""

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.archive.warc import (
    OPEN,
    Exchange,
    WarcWriter,
    decoded_body,
    iter_records,
    read_record,
    recover,
    warc_files,
)

MOMENT = datetime(2026, 11, 30, 8, 0, 5, tzinfo=UTC)


def _exchange(n: int, body: bytes = b"", **headers: str) -> Exchange:
    return Exchange(f"http://127.0.0.1/a/{n}.html?p=1", 200,
                    [("Content-Type", "text/html; charset=gbk"), *headers.items()],
                    body or f"第{n}页".encode("gbk") * 300, request_headers=[("User-Agent", "ogi")],
                    fields={"OGI-Portal": "p"})


def test_records_are_valid_and_read_back_by_offset(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path)
    stored = [writer.write_exchange(_exchange(n), MOMENT) for n in range(3)]
    note = writer.write_metadata(stored[0].record_id, stored[0].date, "http://127.0.0.1/a/0.html", {"title": "年报"})
    writer.close()
    (file,) = warc_files(tmp_path)
    with file.open("rb") as handle:
        kinds = []
        for record in ArchiveIterator(handle, check_digests=True):
            record.content_stream().read()
            assert record.digest_checker.passed is not False
            kinds.append(record.rec_type)
    assert kinds == ["warcinfo", "response", "request", "response", "request", "response", "request", "metadata"]
    for n, where in enumerate(stored):
        record, payload = read_record(tmp_path, where.file, where.offset)
        assert payload == _exchange(n).body
        assert record.rec_headers.get_header("WARC-Date") == "2026-11-30T08:00:05Z"
        assert record.rec_headers.get_header("OGI-Portal") == "p"
    record, payload = read_record(tmp_path, note.file, note.offset)
    assert record.rec_headers.get_header("WARC-Refers-To") == stored[0].record_id
    assert payload.decode() == '{"title": "年报"}'


def test_a_compressed_or_chunked_body_is_kept_as_received(tmp_path: Path) -> None:
    page = "<p>报告</p>".encode("gbk") * 100
    writer = WarcWriter(tmp_path)
    where = writer.write_exchange(_exchange(1, gzip.compress(page), **{"Content-Encoding": "gzip",
                                                                        "Transfer-Encoding": "chunked"}), MOMENT)
    writer.close()
    record, payload = read_record(tmp_path, where.file, where.offset)
    assert payload == gzip.compress(page) != page  # as it came over the wire (de-chunked)
    assert decoded_body(record, payload) == page  # as the crawl read it
    assert record.http_headers.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    assert record.http_headers.get_header("Transfer-Encoding") is None


def _killed_file(folder: Path, whole: int, pid: int) -> tuple[Path, list[int]]:
    """A file as a killed writer leaves it: ``whole`` records, then one torn mid-write."""
    writer = WarcWriter(folder)
    ends = [writer.write_exchange(_exchange(n), MOMENT) for n in range(whole + 1)]
    writer.sync()
    writer.handle.close()
    path = folder / (ends[0].file + OPEN)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size - 200)  # the last request record cut short
    dead = path.with_name(path.name.replace(f"-{os.getpid()}-", f"-{pid}-"))
    path.rename(dead)
    return dead, [e.offset + e.length for e in ends]


def _dead_pid() -> int:
    pid = 4_000_000
    while Path(f"/proc/{pid}").exists():
        pid -= 1
    return pid


def test_recovery_without_an_archive_keeps_every_whole_record(tmp_path: Path) -> None:
    dead, _ = _killed_file(tmp_path, 2, _dead_pid())
    (closed,) = recover(tmp_path)
    assert not dead.exists()
    records = [(r.rec_type, len(p)) for _, _, r, p in iter_records(tmp_path / closed)]
    assert [kind for kind, _ in records] == ["warcinfo", *["response", "request"] * 2, "response"]


def test_recovery_cuts_back_to_what_the_archive_committed(tmp_path: Path) -> None:
    dead, ends = _killed_file(tmp_path, 2, _dead_pid())
    name = dead.name.removesuffix(OPEN)
    # the archive committed the first response only (its request record follows it: 2 records)
    first_request_end = next(offset + length for offset, length, r, _ in iter_records(dead) if r.rec_type == "request")
    recover(tmp_path, {name: first_request_end})
    assert [r.rec_type for _, _, r, _ in iter_records(tmp_path / name)] == ["warcinfo", "response", "request"]
    assert ends[0] < first_request_end


def test_a_file_whose_writer_still_runs_is_left_alone(tmp_path: Path) -> None:
    live, _ = _killed_file(tmp_path, 1, os.getppid())  # a running process
    assert recover(tmp_path) == [] and live.exists()
