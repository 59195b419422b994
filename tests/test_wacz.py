"""WARC companions the standard tools read: a CDXJ index beside every closed WARC file, and the
archive packed as a WACZ that `wacz validate` (webrecorder's own checker) accepts."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import Crawl, ogi
from crawler.archive.cdxj import urlkey
from crawler.archive.database import warc_folder
from crawler.archive.warc import iter_records, warc_files
from crawler.publish.wacz import write_wacz

WACZ = Path(sys.executable).with_name("wacz")


def test_every_closed_warc_file_has_its_cdxj_index(crawl: Crawl) -> None:
    files = warc_files(warc_folder(crawl.db_path))
    assert files
    for path in files:
        lines = path.with_name(path.name + ".cdxj").read_text(encoding="utf-8").splitlines()
        responses = [(offset, record) for offset, _, record, _ in iter_records(path)
                     if record.rec_type in ("response", "resource", "revisit")]
        assert len(lines) == len(responses) and lines == sorted(lines)
        entries = {int(json.loads(line.split(" ", 2)[2])["offset"]): line for line in lines}
        for offset, record in responses:
            key, stamp, fields = entries[offset].split(" ", 2)
            fields = json.loads(fields)
            assert fields["url"] == record.rec_headers.get_header("WARC-Target-URI")
            assert fields["filename"] == path.name and key == urlkey(fields["url"]) and len(stamp) == 14
            assert fields["digest"] == record.rec_headers.get_header("WARC-Payload-Digest")


def test_urlkeys_are_the_surt_form_replay_tools_use() -> None:
    assert urlkey("http://www.Example.GOV.cn:80/Xxgk/A.html?b=2&a=1") == "cn,gov,example)/xxgk/a.html?a=1&b=2"
    assert urlkey("https://zwgk.mct.gov.cn/gknb/") == "cn,gov,mct,zwgk)/gknb/"
    assert urlkey("http://127.0.0.1:8000/x") == "127.0.0.1:8000)/x"


def test_export_wacz_is_valid_and_holds_every_warc_record(crawl: Crawl, tmp_path: Path) -> None:
    result = ogi("export", "--wacz", "--db", str(crawl.db_path), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (folder,) = tmp_path.iterdir()
    wacz = folder / "archive.wacz"
    checked = subprocess.run([str(WACZ), "validate", "-f", str(wacz)], capture_output=True, text=True, check=False)
    assert "Validation succeeded" in checked.stdout + checked.stderr, checked.stdout + checked.stderr
    with zipfile.ZipFile(wacz) as packed:
        names = set(packed.namelist())
        assert {f"archive/{p.name}" for p in warc_files(warc_folder(crawl.db_path))} <= names
        assert all(packed.getinfo(n).compress_type == zipfile.ZIP_STORED for n in names)
        pages = [json.loads(line) for line in packed.read("pages/pages.jsonl").decode().splitlines()]
        index = packed.read("indexes/index.cdxj").decode().splitlines()
    assert pages[0]["format"] == "json-pages-1.0"
    assert len(pages) - 1 == crawl.db.execute(
        "select count(*) from reports r join captures c on c.id = r.parsed_from where r.current = 1").fetchone()[0]
    assert index == sorted(index)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["wacz"]["path"] == "archive.wacz"


def test_a_tampered_wacz_fails_validation(crawl: Crawl, tmp_path: Path) -> None:
    good = write_wacz(crawl.db_path, tmp_path / "good.wacz")
    bad = tmp_path / "bad.wacz"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data + b"\n" if info.filename == "indexes/index.cdxj" else data)
    checked = subprocess.run([str(WACZ), "validate", "-f", str(bad)], capture_output=True, text=True, check=False)
    assert "Validation failed" in checked.stdout + checked.stderr
