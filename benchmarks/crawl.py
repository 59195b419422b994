"""Crawl benchmark: demo portals of a given size, crawled into a fresh archive; prints figures.

    .venv/bin/python benchmarks/crawl.py --portals 20 --reports 100
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.demo.server import DemoPortals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--reports", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, DemoPortals(args.portals, args.reports) as portals:
        portals_file = Path(tmp) / "portals.json"
        portals_file.write_text(json.dumps(portals), encoding="utf-8")
        db = Path(tmp) / "ogi.db"
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", "--registry", str(portals_file), "--db", str(db)],
            capture_output=True, text=True, check=True,
        )
        seconds = time.monotonic() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with sqlite3.connect(db) as conn:
            reports, captures, rows = (conn.execute(f"select count(*) from {t}").fetchone()[0]
                                       for t in ("reports", "captures", "section3"))
        total_line = next(line for line in result.stderr.splitlines() if line.strip().startswith("total"))
        pages = int(total_line.split()[2])
        size_mib = db.stat().st_size / 2**20
    print(f"portals {args.portals} x reports {args.reports}")
    print(f"pages fetched     {pages}")
    print(f"captures          {captures}")
    print(f"reports           {reports}")
    print(f"section 三 rows   {rows}")
    print(f"wall time         {seconds:.1f} s (process start to exit)")
    print(f"throughput        {pages / seconds:.0f} pages/s")
    print(f"peak RSS (crawl)  {peak_mib:.0f} MiB")
    print(f"archive size      {size_mib:.1f} MiB")


if __name__ == "__main__":
    main()
