"""Crawl benchmark: a demo farm crawled twice, bare and in full, side by side; prints figures.

    .venv/bin/python benchmarks/crawl.py [--portals 20] [--reports 250] [-s NAME=VALUE ...]

Both crawls run the same spiders over the same farm (one portal of each family in turn:
TRS, news, content farm, Hanweb with attachments, JavaScript rendered in Chromium) and
follow the same links. The bare crawl keeps nothing (no item pipelines, no WARC capture, no
record of the crawl or its frontier);
the full crawl writes every response to WARC and decodes, repairs, parses and archives
every report, with the project's settings (worker processes included). Each starts from
an empty archive. Peak memory is sampled every 0.1 s as the summed resident memory of the
crawl process and its worker processes; the Chromium that renders JavaScript columns (the
same in both crawls) is shown apart, as its proportional set size (PSS: each page shared by its
processes counted once, in shares, where summed RSS counts it in every process).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from crawler.archive.database import warc_folder
from crawler.archive.reparse import reparse
from crawler.archive.warc import warc_files
from crawler.demo.server import DemoPortals

_BROWSER = ("chromium", "playwright", "node")  # words of a browser process's command line


@dataclass(frozen=True)
class Run:
    """One crawl's figures."""

    pages: int
    seconds: float
    peak_mib: float  # crawl process and its workers
    browser_mib: float  # Chromium and Playwright's driver, PSS

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def _pss_kib(pid: int) -> int:
    """A process's proportional set size in KiB (0 once it has ended)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def _tree_rss(root: int) -> tuple[int, int]:
    """KiB of ``root`` and its descendants: (the others' resident memory, the browser processes' PSS)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    own = browser = 0
    for pid in tree:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        if any(word in command for word in _BROWSER):
            browser += _pss_kib(pid)
        else:
            own += kib
    return own, browser


def crawl(registry: Path, db: Path, *settings: str) -> tuple[Run, str]:
    """Crawl the registry's portals into ``db`` in a child process; its figures and its summary."""
    started = time.monotonic()
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--registry", str(registry), "--db", str(db)]
    for setting in settings:
        command += ["-s", setting]
    peak = browser = 0
    with tempfile.TemporaryFile("w+") as err, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err) as child:
        while child.poll() is None:
            own, chromium = _tree_rss(child.pid)
            peak, browser = max(peak, own), max(browser, chromium)
            time.sleep(0.1)
        seconds = time.monotonic() - started
        err.seek(0)
        stderr = err.read()
    if child.returncode != 0:
        raise SystemExit(f"crawl failed ({child.returncode}):\n{stderr[-3000:]}")
    total = next(line for line in stderr.splitlines() if line.strip().startswith("total"))
    return Run(int(total.split()[2]), seconds, peak / 1024, browser / 1024), stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--reports", type=int, default=250)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the full crawl (to compare with the project's)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, DemoPortals(args.portals, args.reports, prerender=True) as portals:
        registry = Path(tmp) / "portals.json"
        registry.write_text(json.dumps(portals), encoding="utf-8")
        bare, _ = crawl(registry, Path(tmp) / "bare" / "ogi.db", "ITEM_PIPELINES={}", "OGI_CAPTURE=False",
                        "OGI_CRAWL_LOG=False", "OGI_FRONTIER=False")
        full_db = Path(tmp) / "full" / "ogi.db"
        full, _ = crawl(registry, full_db, *args.set)
        with sqlite3.connect(full_db) as conn:
            reports, captures = (conn.execute(f"select count(*) from {t}").fetchone()[0]
                                 for t in ("reports", "report_captures"))
        size_mib = full_db.stat().st_size / 2**20
        warc_mib = sum(f.stat().st_size for f in warc_files(warc_folder(full_db))) / 2**20
        started = time.monotonic()
        replayed = reparse(full_db)
        reparse_seconds = time.monotonic() - started
    print(f"farm: {args.portals} portals x {args.reports} reports (one family in turn)"
          + (f"; full crawl with {' '.join(args.set)}" if args.set else ""))
    print(f"{'':22} {'bare':>10} {'full':>10}")
    print(f"{'pages fetched':22} {bare.pages:>10} {full.pages:>10}")
    print(f"{'wall time (s)':22} {bare.seconds:>10.1f} {full.seconds:>10.1f}")
    print(f"{'pages per second':22} {bare.pages_per_second:>10.0f} {full.pages_per_second:>10.0f}")
    print(f"{'peak RSS (MiB)':22} {bare.peak_mib:>10.0f} {full.peak_mib:>10.0f}   crawl process and workers")
    print(f"{'  browser PSS (MiB)':22} {bare.browser_mib:>10.0f} {full.browser_mib:>10.0f}   Chromium, apart")
    print(f"full / bare speed      {full.pages_per_second / bare.pages_per_second:.0%}")
    print(f"archive: {captures} captures, {reports} distinct reports, {size_mib:.1f} MiB database,"
          f" {warc_mib:.1f} MiB WARC")
    print(f"reparse from WARC: {replayed.items} items in {reparse_seconds:.1f} s"
          f" ({replayed.items / reparse_seconds:.0f} items/s, one process), {replayed.failed} failed")


if __name__ == "__main__":
    main()
