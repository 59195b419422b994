"""Distributed crawl benchmark: one demo farm crawled by one process, by one worker and by two workers
sharing a Redis queue; prints figures.

    .venv/bin/python benchmarks/distributed.py [--portals 10] [--reports 250]

Each crawl starts from an empty archive (the workers' from empty shards, under a new run name) and runs
with the project's settings. The single crawl keeps its frontier in the archive; the workers keep theirs
in Redis. Redis's own time per page is read from its command statistics (INFO commandstats: calls and
microseconds the server spent) over the one-worker crawl; the round trips a worker waits for are in its
wall time against the single crawl's. The two workers' shards are then merged, and timed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from crawler.crawl.redis_server import RedisServer
from crawler.demo.server import DemoPortals


def _pages(stderr: str) -> int:
    total = next(line for line in stderr.splitlines() if line.strip().startswith("total"))
    return int(total.split()[2])


def _run(commands: list[list[str]]) -> tuple[float, int]:
    """Run the commands at once; wall time until the last ends, and pages summed over their summaries."""
    started = time.monotonic()
    children = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                for command in commands]
    outputs = [child.communicate()[1] for child in children]
    seconds = time.monotonic() - started
    for child, stderr in zip(children, outputs):
        if child.returncode != 0:
            raise SystemExit(f"crawl failed ({child.returncode}):\n{stderr[-3000:]}")
    return seconds, sum(_pages(stderr) for stderr in outputs)


def _redis_time(client: redis.Redis) -> tuple[int, int]:
    """Commands Redis has run and the microseconds it spent on them, so far."""
    stats = client.info("commandstats")
    return sum(s["calls"] for s in stats.values()), sum(s["usec"] for s in stats.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=10)
    parser.add_argument("--reports", type=int, default=250)
    args = parser.parse_args()
    ogi = [sys.executable, "-m", "crawler.cli"]
    with (tempfile.TemporaryDirectory() as tmp, DemoPortals(args.portals, args.reports, prerender=True) as portals,
          RedisServer(_free_port(), Path(tmp) / "redis") as server):
        registry = Path(tmp) / "portals.json"
        registry.write_text(json.dumps(portals), encoding="utf-8")
        client = redis.Redis.from_url(server.url)

        single = _run([[*ogi, "crawl", "--registry", str(registry), "--db", f"{tmp}/single/ogi.db"]])

        def workers(run: str, n: int) -> list[list[str]]:
            return [[*ogi, "worker", "--registry", str(registry), "--redis", server.url, "--run", run,
                     "--db", f"{tmp}/{run}/{i}/ogi.db"] for i in range(n)]

        calls, usec = _redis_time(client)
        one = _run(workers("one", 1))
        calls, usec = (a - b for a, b in zip(_redis_time(client), (calls, usec)))
        two = _run(workers("two", 2))
        started = time.monotonic()
        subprocess.run([*ogi, "merge", f"{tmp}/two/0/ogi.db", f"{tmp}/two/1/ogi.db", "--db", f"{tmp}/merged/ogi.db"],
                       check=True, capture_output=True)
        merge_seconds = time.monotonic() - started

    print(f"farm: {args.portals} portals x {args.reports} reports")
    print(f"{'':28}{'pages':>8}{'seconds':>10}{'pages/s':>10}")
    for name, (seconds, pages) in (("one process (no Redis)", single), ("1 worker (Redis)", one),
                                   ("2 workers (Redis)", two)):
        print(f"{name:28}{pages:>8}{seconds:>10.1f}{pages / seconds:>10.0f}")
    per_page = (one[0] - single[0]) / one[1] * 1000
    print(f"Redis, 1 worker: {calls / one[1]:.1f} commands and {usec / one[1]:.0f} us of server time per page;"
          f" wall time {per_page:+.2f} ms per page against one process")
    print(f"merge of the 2 shards: {merge_seconds:.1f} s ({two[1] / merge_seconds:.0f} pages/s)")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
