"""LibreOffice conversions (``legacy.convert``) leave no process behind: one that runs out of time is
killed with everything it started (the ``soffice.bin`` the launcher starts included) and fails with a
reason; finished ones, two at once, leave neither a process nor a zombie."""

from __future__ import annotations

import os
import random
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from crawler.demo.documents import to_docx
from crawler.demo.reports import DemoReport, render_html, variant_report
from crawler.parse.documents import legacy
from crawler.parse.documents.docx_reader import read_docx
from crawler.parse.report import parse_file


class Seen(NamedTuple):
    """A process seen running: its id, process group and program."""

    pid: int
    group: int
    program: str


def _processes(mark: str) -> set[Seen]:
    """The live processes whose command line holds ``mark`` (a zombie's command line is empty)."""
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            group = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2])  # state, parent, group
        except OSError:  # gone meanwhile
            continue
        if mark.encode() in b" ".join(arguments):
            found.add(Seen(int(entry.name), group, Path(arguments[0].decode()).name))
    return found


@contextmanager
def _watching(mark: str) -> Iterator[set[Seen]]:
    """The processes seen, while the block runs, whose command line holds ``mark``."""
    seen: set[Seen] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(_processes(mark))
            done.wait(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield seen
    finally:
        done.set()
        watcher.join()


def _states(group: int) -> list[str]:
    """The states (R, S, Z for a zombie, ...) of the processes in the process group."""
    states = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, process_group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except OSError:  # gone meanwhile
            continue
        if int(process_group) == group:
            states.append(state)
    return states


def _doc(report: DemoReport) -> bytes:
    """The report as a real Word 97 DOC, saved by LibreOffice from its DOCX."""
    return legacy.convert(to_docx(report.title, render_html(report)), ".docx", "doc")


def test_a_conversion_out_of_time_is_killed_with_all_it_started(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    document = _doc(variant_report(random.Random(3), "某县财政局", 2021))
    monkeypatch.setattr(legacy, "TIMEOUT", 0.5)  # LibreOffice needs more than a second to make its profile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the conversion's folder and profile in tmp_path
    with _watching(f"{tmp_path}/") as seen:
        parsed = parse_file(document, "doc")
    assert "soffice.bin" in {p.program for p in seen}  # it was running when the time ran out
    assert _processes(f"{tmp_path}/") == set()
    assert all(set(_states(group)) <= {"Z"} for group in {p.group for p in seen})  # dead, if not reaped by init yet
    assert list(tmp_path.iterdir()) == []  # its folder went, and nothing wrote into it afterwards
    assert parsed.reasons == ("LibreOffice did not convert the document within 0.5 s (killed)",)


def test_conversions_at_once_finish_and_leave_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    reports = [variant_report(random.Random(seed), "某县财政局", 2021) for seed in (5, 7)]
    documents = [_doc(report) for report in reports]
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with _watching(f"{tmp_path}/") as seen, ThreadPoolExecutor(2) as pool:
        converted = list(pool.map(lambda document: legacy.convert(document, ".doc", "docx"), documents))
    assert all(report.title in read_docx(c).text for c, report in zip(converted, reports))  # each its own report
    assert len({p.group for p in seen}) == 2 and os.getpgrp() not in {p.group for p in seen}  # a group each
    assert _processes(f"{tmp_path}/") == set()
    assert all(_states(group) == [] for group in {p.group for p in seen})  # every one reaped: no zombie
