"""Crawl benchmark: a demo farm crawled twice, bare and in full, side by side; prints figures.

    .venv/bin/python benchmarks/crawl.py [--portals 20] [--reports 250]

Both crawls run the same spiders over the same farm (one portal of each family in turn:
TRS, news, content farm, Hanweb with attachments, JavaScript rendered in Chromium) and
follow the same links. The bare crawl keeps nothing (no item pipelines); the full crawl
decodes, repairs, parses and archives every report. Each starts from an empty archive.
Peak memory is the crawl process's own (its Chromium is a process of its own).
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

from crawler.demo.server import DemoPortals

# Report the crawl process's peak resident memory on exit, from inside it (ru_maxrss of
# RUSAGE_CHILDREN would mix in whichever child of this script peaked highest).
_PEAK = "import atexit, resource, sys; atexit.register(lambda: print('peak-rss-kib', " \
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))"


@dataclass(frozen=True)
class Run:
    """One crawl's figures."""

    pages: int
    seconds: float
    peak_mib: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def crawl(registry: Path, db: Path, *settings: str) -> tuple[Run, str]:
    """Crawl the registry's portals into ``db`` in a child process; its figures and its summary."""
    started = time.monotonic()
    command = [sys.executable, "-c", f"{_PEAK}; from crawler.cli import main; sys.exit(main())",
               "crawl", "--registry", str(registry), "--db", str(db)]
    for setting in settings:
        command += ["-s", setting]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    total = next(line for line in result.stderr.splitlines() if line.strip().startswith("total"))
    peak = next(line for line in result.stderr.splitlines() if line.startswith("peak-rss-kib"))
    return Run(int(total.split()[2]), seconds, int(peak.split()[1]) / 1024), result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--reports", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, DemoPortals(args.portals, args.reports, prerender=True) as portals:
        registry = Path(tmp) / "portals.json"
        registry.write_text(json.dumps(portals), encoding="utf-8")
        bare, _ = crawl(registry, Path(tmp) / "bare.db", "ITEM_PIPELINES={}")
        full, _ = crawl(registry, Path(tmp) / "full.db")
        with sqlite3.connect(Path(tmp) / "full.db") as conn:
            reports, captures = (conn.execute(f"select count(*) from {t}").fetchone()[0]
                                 for t in ("reports", "captures"))
        size_mib = (Path(tmp) / "full.db").stat().st_size / 2**20
    print(f"farm: {args.portals} portals x {args.reports} reports (one family in turn)")
    print(f"{'':22} {'bare':>10} {'full':>10}")
    print(f"{'pages fetched':22} {bare.pages:>10} {full.pages:>10}")
    print(f"{'wall time (s)':22} {bare.seconds:>10.1f} {full.seconds:>10.1f}")
    print(f"{'pages per second':22} {bare.pages_per_second:>10.0f} {full.pages_per_second:>10.0f}")
    print(f"{'peak RSS (MiB)':22} {bare.peak_mib:>10.0f} {full.peak_mib:>10.0f}")
    print(f"full / bare speed      {full.pages_per_second / bare.pages_per_second:.0%}")
    print(f"archive: {captures} captures, {reports} distinct reports, {size_mib:.1f} MiB")


if __name__ == "__main__":
    main()
