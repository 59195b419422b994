"""Prepare benchmark: CPU milliseconds per item for each stage (decode, repair, parse,
identify), by portal family and form, on one core; prints figures.

    .venv/bin/python benchmarks/prepare.py [--portals 10] [--reports 100]

Crawls a demo farm of that size into a temporary archive, then prepares every capture
again from its raw bytes, as a crawl does (``crawler.prepare``), timing each stage with
the process's CPU clock. This is the work the full crawl adds to the bare one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from crawler.archive.reparse import archived_items
from crawler.crawl.registry import parse_registry
from crawler.crawl.run import run_crawl
from crawler.demo.server import DemoPortals
from crawler.prepare import decode, identify, parse, repair

STAGES = (decode, repair, parse, identify)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=10)
    parser.add_argument("--reports", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ogi.db"
        with DemoPortals(args.portals, args.reports, prerender=True) as described:
            run_crawl(parse_registry(described, "demo portals"), str(db),
                      {"LOG_LEVEL": "WARNING", "OGI_PROGRESS_INTERVAL": 3600})
        items = list(archived_items(db))
    seconds: dict[tuple[str, str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str]] = Counter()
    for item in items:
        family = item.portal.rsplit("-", 1)[0]
        for stage in STAGES:
            started = time.process_time()
            stage(item)
            seconds[family, item.form or "", stage.__name__] += time.process_time() - started
        counts[family, item.form or ""] += 1
    print(f"{len(items)} captures of {args.portals} x {args.reports} demo portals; CPU ms per item, one core")
    print(f"{'family':8} {'form':5} {'items':>6} " + " ".join(f"{s.__name__:>8}" for s in STAGES) + f" {'total':>8}")
    for (family, form), count in sorted(counts.items()):
        per = [1000 * seconds[family, form, s.__name__] / count for s in STAGES]
        print(f"{family:8} {form:5} {count:6d} " + " ".join(f"{ms:8.2f}" for ms in per) + f" {sum(per):8.2f}")
    total = sum(seconds.values())
    print(f"all: {total:.1f} s, {1000 * total / len(items):.2f} ms per item")


if __name__ == "__main__":
    main()
