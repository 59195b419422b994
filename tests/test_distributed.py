"""A distributed crawl: a real Redis on loopback, two worker processes sharing its queue, each writing a shard,
and the shards merged: the same archive as one crawl of the farm, and no page asked for twice."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from conftest import free_port, ogi
from crawler.crawl.distributed import keys
from crawler.crawl.redis_server import RedisServer, on_this_machine
from crawler.demo.server import DemoPortals
from farm import archive_numbers, requests_by_url


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with RedisServer(free_port(), tmp_path_factory.mktemp("redis")) as server:
        yield server


def _worker(registry: Path, server: RedisServer, run: str, shard: Path, *settings: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "crawler", "worker", "--registry", str(registry), "--redis",
                             server.url, "--run", run, "--db", str(shard), *settings],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@contextmanager
def _farm_crawled_once(tmp_path: Path, seed: int) -> Iterator[tuple[list[dict], Path, Path]]:
    """A demo farm of the five kinds of portal, its registry, and an archive of one plain crawl of it."""
    with DemoPortals(portals=5, reports=25, seed=seed) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        single = tmp_path / "single" / "ogi.db"
        assert ogi("crawl", "--registry", str(registry), "--db", str(single)).returncode == 0
        yield described, registry, single


def test_two_workers_and_a_merge_equal_one_crawl(redis_server: RedisServer, tmp_path: Path) -> None:
    with _farm_crawled_once(tmp_path, seed=13) as (described, registry, single):
        before = requests_by_url(described)
        shards = [tmp_path / name / "ogi.db" for name in ("a", "b")]
        workers = [_worker(registry, redis_server, "test-run", shard) for shard in shards]
        for worker in workers:
            out, err = worker.communicate(timeout=300)
            assert worker.returncode == 0, err
            assert "worker of run test-run" in out
        asked = requests_by_url(described) - before

    # no page asked for twice across the workers (each asks for robots.txt once)
    twice = {key: n for key, n in asked.items() if n > (2 if key[1] == "/robots.txt" else 1)}
    assert twice == {}
    # both took part
    per_shard = [sqlite3.connect(shard).execute("select count(*) from captures").fetchone()[0] for shard in shards]
    assert all(n > 10 for n in per_shard), per_shard

    merged = tmp_path / "merged" / "ogi.db"
    result = ogi("merge", *map(str, shards), "--db", str(merged))
    assert result.returncode == 0, result.stderr
    assert "2 runs" in result.stdout and "0 failed" in result.stdout
    assert archive_numbers(merged) == archive_numbers(single)
    with sqlite3.connect(merged) as conn:
        assert conn.execute("select count(*) from captures").fetchone()[0] == sum(per_shard)
        assert conn.execute("select count(*), sum(state = 'finished') from crawls").fetchone() == (2, 2)
        kept = {url for (url,) in conn.execute("select url from report_sources")}
    with sqlite3.connect(single) as conn:
        assert kept == {url for (url,) in conn.execute("select url from report_sources")}

    again = ogi("merge", *map(str, shards), "--db", str(merged))  # merging again adds nothing
    assert again.returncode == 0 and "0 new WARC files" in again.stdout and "0 runs" in again.stdout
    assert archive_numbers(merged) == archive_numbers(single)

    client = redis.Redis.from_url(redis_server.url)  # the run's queues are empty, its seen sets full
    for portal in described:
        queue, seen = keys("test-run", portal["id"])
        assert client.zcard(queue) == 0 and client.scard(seen) > 0


def _captured(shard: Path) -> int:
    try:
        with sqlite3.connect(f"file:{shard}?mode=ro", uri=True, timeout=10) as conn:
            return conn.execute("select count(*) from captures").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_killed_workers_requests_are_made_by_the_others(redis_server: RedisServer, tmp_path: Path) -> None:
    slow = ("-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "OGI_COMMIT_EVERY=5")
    with _farm_crawled_once(tmp_path, seed=17) as (described, registry, single):
        before = requests_by_url(described)
        doomed, survivor, late = (tmp_path / name / "ogi.db" for name in ("doomed", "survivor", "late"))
        killed = _worker(registry, redis_server, "killed-run", doomed, *slow)
        deadline = time.monotonic() + 120
        while _captured(doomed) < 10 and killed.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert killed.poll() is None, "the worker must be killed part-way"
        killed.kill()  # SIGKILL, holding requests it had taken
        killed.wait()
        others = [_worker(registry, redis_server, "killed-run", shard) for shard in (survivor, late)]
        logs = []
        for other in others:  # the first to open a portal gives the dead worker's requests back; both share them
            _, log = other.communicate(timeout=300)
            assert other.returncode == 0, log
            logs.append(log)
        asked = requests_by_url(described) - before
    written = [Path(line.split("log: ", 1)[1]).read_text(encoding="utf-8")  # each worker's full log, named last
               for log in logs for line in log.splitlines() if line.strip().startswith("log: ")]
    assert len(written) == len(logs)
    assert "took and did not finish are queued again" in "".join(written)

    client = redis.Redis.from_url(redis_server.url)
    assert list(client.scan_iter(match="ogi:killed-run:*:taken:*")) == []  # nothing left taken
    merged = tmp_path / "merged" / "ogi.db"
    result = ogi("merge", str(doomed), str(survivor), str(late), "--db", str(merged))
    assert result.returncode == 0, result.stderr
    assert archive_numbers(merged) == archive_numbers(single)  # every report, though a worker died
    with sqlite3.connect(merged) as conn:
        states = sorted(state for (state,) in conn.execute("select state from crawls"))
    assert states == ["finished", "finished", "killed"]
    # what the dead worker fetched but had not committed was fetched once more; nothing else
    again = {key: n for key, n in asked.items() if key[1] != "/robots.txt" and n > 1}
    assert all(n == 2 for n in again.values()) and len(again) <= 20, again


def test_a_worker_starts_the_local_redis_it_needs(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    folder = tmp_path / "redis"
    with DemoPortals(portals=1, reports=3, seed=19) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        result = ogi("worker", "--registry", str(registry), "--redis", url, "--redis-dir", str(folder),
                     "--run", "self-started", "--db", str(tmp_path / "shard" / "ogi.db"))
    assert result.returncode == 0, result.stderr
    assert f"started Redis at {url}" in result.stdout
    client = redis.Redis.from_url(url)  # still there for the other workers, with the run's queue
    try:
        assert client.scard(keys("self-started", described[0]["id"])[1]) > 0
        assert (folder / "redis.pid").exists()
    finally:
        client.shutdown(nosave=True)


@pytest.mark.parametrize(("url", "here"), [
    ("redis://127.0.0.1:6379/0", True), ("redis://localhost/0", True), ("redis://127.0.0.2:7000/1", True),
    ("redis://[::1]:6379/0", True), ("redis://10.0.0.5:6379/0", False), ("redis://queue.example.org/0", False),
])
def test_only_a_redis_on_this_machine_is_started_by_a_worker(url: str, here: bool) -> None:
    assert on_this_machine(url) is here
