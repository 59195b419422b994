"""A distributed crawl: a real Redis on loopback, two worker processes sharing its queue, each writing a shard,
and the shards merged: the same archive as one crawl of the farm, and no page asked for twice."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from conftest import free_port, ogi
from crawler.demo.server import DemoPortals
from crawler.distributed import keys
from crawler.redis_server import RedisServer
from farm import archive_numbers, requests_by_url


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with RedisServer(free_port(), tmp_path_factory.mktemp("redis")) as server:
        yield server


def _worker(registry: Path, server: RedisServer, run: str, shard: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "crawler", "worker", "--registry", str(registry), "--redis",
                             server.url, "--run", run, "--db", str(shard)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_workers_and_a_merge_equal_one_crawl(redis_server: RedisServer, tmp_path: Path) -> None:
    with DemoPortals(portals=5, reports=25, seed=13) as described:
        registry = tmp_path / "portals.json"
        registry.write_text(json.dumps(described), encoding="utf-8")
        single = tmp_path / "single" / "ogi.db"
        assert ogi("crawl", "--registry", str(registry), "--db", str(single)).returncode == 0

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
