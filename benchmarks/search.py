"""Full-text search benchmark: latency of the search query over HTTP on a large archive; prints figures.

    .venv/bin/python benchmarks/search.py [--reports 100000] [--queries 100] [--archive PATH]

Builds an archive of generated reports (the five seed texts, each copy under another
agency and year, with its numbers drawn afresh), indexes it as a crawl does
(``crawler.archive.search.refresh_search``), serves it with Datasette as ``ogi serve`` does, and
times the canned search query for terms of two to six characters drawn from the texts
(and some found nowhere), one request at a time.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from crawler.archive.database import open_archive
from crawler.archive.search import refresh_search
from crawler.publish.serve import datasette_command

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
PLACES = "青石白河梅川镕江堃山云岭喆阳珺岭清溪龙泉凤凰桃源松林柳河金沙银杏"
KINDS = ("县人民政府", "县财政局", "县教育局", "乡人民政府", "镇人民政府", "街道办事处", "县审计局", "县公安局")
ABSENT = ("量子纠缠", "火星基地", "深海探测器", "区块链矿机")


def _reports(count: int, rng: random.Random) -> list[dict[str, object]]:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    rows = []
    for n in range(count):
        agency = "".join(rng.sample(PLACES, 2)) + rng.choice(KINDS)
        year = rng.randint(2019, 2025)
        text = re.sub(r"\d+", lambda _: str(rng.randint(0, 60)), seeds[n % len(seeds)])
        text = f"{agency}{year}年政府信息公开工作年度报告\n{text}"
        rows.append({"content_hash": f"{n:064x}", "title": f"{agency}{year}年政府信息公开工作年度报告",
                     "agency": agency, "year": year, "text": text, "text_length": len(text),
                     "parse_status": "parsed", "current": 1})
    return rows


def _terms(rows: list[dict[str, object]], count: int, rng: random.Random) -> list[str]:
    terms = []
    while len(terms) < count - len(ABSENT):
        text = str(rng.choice(rows)["text"])
        start, length = rng.randrange(len(text) - 6), rng.randint(2, 6)
        term = text[start:start + length]
        if re.fullmatch(r"[\u4e00-\u9fff]+", term):
            terms.append(term)
    return terms + list(ABSENT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--archive", type=Path,
                        help="build the archive here (a file named ogi.db: the search query is the ogi database's) "
                             "and keep it; reuse it if it exists")
    args = parser.parse_args()
    rng = random.Random(2020)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.archive or Path(tmp) / "ogi.db"
        rows = _reports(args.reports, rng)
        if not path.exists():
            db = open_archive(path)
            started = time.monotonic()
            db["reports"].insert_all(rows, batch_size=1000)
            inserted = time.monotonic()
            refresh_search(db)
            indexed = time.monotonic()
            db.execute("pragma wal_checkpoint(truncate)")
            db.close()
            print(f"archive: {args.reports} reports, {sum(len(str(r['text'])) for r in rows) / 1e6:.0f} M characters;"
                  f" inserted in {inserted - started:.0f} s, indexed in {indexed - inserted:.0f} s;"
                  f" {path.stat().st_size / 2**20:.0f} MiB")
        terms = _terms(rows, args.queries, rng)
        server = subprocess.Popen(datasette_command(path, port=args.port), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{args.port}/ogi/search.json?_shape=array&q="
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + urllib.parse.quote("复议"), timeout=60).read()
                    break
                except OSError:
                    time.sleep(0.3)
            seconds, found = [], []
            for term in terms:
                started = time.perf_counter()
                with urllib.request.urlopen(base + urllib.parse.quote(term), timeout=60) as response:
                    body = response.read()
                seconds.append(time.perf_counter() - started)
                found.append(body.count(b'"content_hash"'))
        finally:
            server.terminate()
            server.wait()
    ms = sorted(s * 1000 for s in seconds)
    print(f"{len(terms)} queries over HTTP, one at a time (up to 200 rows each; {sum(f > 0 for f in found)}"
          f" found something): median {statistics.median(ms):.0f} ms, 95th percentile"
          f" {ms[int(0.95 * (len(ms) - 1))]:.0f} ms, slowest {ms[-1]:.0f} ms")


if __name__ == "__main__":
    main()
