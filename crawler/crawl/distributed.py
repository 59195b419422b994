"""A crawl shared by several processes or machines: scrapy-redis's scheduler and duplicate filter in one
Redis, with a queue and a set of seen requests per run and portal.

Every worker runs the same spiders over the same portals; each request is made by whichever worker
takes it from the portal's shared queue, and none twice (the shared set of fingerprints). Each worker
writes its own archive (a shard: its own SQLite file and WARC files); ``crawler.archive.merge`` joins them.

A request taken is moved, in one step, from the queue to the worker's set of requests taken, and leaves
that set only once what it gave is committed to the worker's shard (``BatchWriter.on_commit``). A worker
that dies (SIGKILL, power loss) leaves its set behind; the next worker to open that portal, or to find
its queue empty, gives the dead worker's requests back to the queue. A worker is alive while its
heartbeat key lives (refreshed every 10 s, kept 30 s) or, on the same machine, while its process runs.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

import redis
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.crawl.archive_thread import archive_of

log = logging.getLogger(__name__)
HEARTBEAT = 10  # seconds between a worker's heartbeats
ALIVE = 30  # seconds a heartbeat keeps a worker alive
RECLAIM_EVERY = 5.0  # seconds between looks for a dead worker's requests while the queue is empty
# the queue's first request moved to the worker's taken set, in one step
_TAKE = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('SADD', KEYS[2], first[1])
return first[1]
"""
# a dead worker's taken requests back to the queue, at their priority, in one step
_GIVE_BACK = """
local taken = redis.call('SMEMBERS', KEYS[1])
for _, request in ipairs(taken) do
  redis.call('ZADD', KEYS[2], -cjson.decode(request)['priority'], request)
end
redis.call('DEL', KEYS[1])
return #taken
"""


def keys(run: str, portal: str) -> tuple[str, str]:
    """The Redis keys of a portal's queue and seen set in a run."""
    return f"ogi:{run}:{portal}:requests", f"ogi:{run}:{portal}:seen"


def taken_key(run: str, portal: str, worker: str) -> str:
    """The Redis key of the requests of a portal that a worker has taken and not finished."""
    return f"ogi:{run}:{portal}:taken:{worker}"


class Worker:
    """This process as a worker of a run: its name (host and process id), its heartbeat, and the
    requests it has taken, let go of once committed."""

    def __init__(self, url: str, run: str) -> None:
        self.run = run
        self.host = socket.gethostname()
        self.name = f"{self.host}-{os.getpid()}"
        self.client = redis.Redis.from_url(url)
        self.taken: dict[tuple[str, str], tuple[str, bytes]] = {}  # (portal, fingerprint) -> (taken key, request)
        self.lock = threading.Lock()  # taken is filled on the crawl's thread, emptied on the archive's
        self.give_back = self.client.register_script(_GIVE_BACK)
        self.take = self.client.register_script(_TAKE)
        self._beat()
        threading.Thread(target=self._beating, name="heartbeat", daemon=True).start()

    def _beat(self) -> None:
        self.client.set(f"ogi:{self.run}:alive:{self.name}", 1, ex=ALIVE)

    def _beating(self) -> None:
        while True:
            time.sleep(HEARTBEAT)
            try:
                self._beat()
            except redis.RedisError:
                log.warning("heartbeat to Redis failed", exc_info=True)

    def alive(self, worker: str) -> bool:
        """Whether another worker of the run still works."""
        host, _, pid = worker.rpartition("-")
        if host == self.host and pid.isdigit():
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                pass
            return True
        return bool(self.client.exists(f"ogi:{self.run}:alive:{worker}"))

    def reclaim(self, portal: str, queue: str) -> int:
        """Give the requests of the portal that dead workers took back to its queue; how many."""
        given = 0
        for key in self.client.scan_iter(match=taken_key(self.run, portal, "*")):
            worker = key.decode().rsplit(":", 1)[1]
            if worker != self.name and not self.alive(worker):
                back = int(self.give_back(keys=[key, queue]))
                if back:
                    log.warning("%d requests of %s that worker %s took and did not finish are queued again",
                                back, portal, worker)
                given += back
        return given

    def committed(self, marks: list[tuple[str, str]]) -> None:
        """The requests whose results the shard has committed: no longer this worker's to answer for."""
        with self.lock:
            done = [self.taken.pop(mark) for mark in marks if mark in self.taken]
        if done:
            pipe = self.client.pipeline(transaction=False)
            for key, request in done:
                pipe.srem(key, request)
            pipe.execute()


@functools.cache  # one per process and run
def process_worker(url: str, run: str) -> Worker:
    return Worker(url, run)


def worker_settings(redis_url: str, run: str) -> dict[str, Any]:
    """The settings that make a crawl process a worker of ``run`` on the Redis at ``redis_url``."""
    return {
        "SCHEDULER": "crawler.crawl.distributed.PortalScheduler",
        "SCHEDULER_PERSIST": True,  # a worker that finishes leaves the queue to the others
        "DUPEFILTER_CLASS": "crawler.crawl.distributed.PortalDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_SERIALIZER": "crawler.crawl.request_json",  # JSON, never pickle
        "REDIS_URL": redis_url,
        "OGI_RUN": run,
        "OGI_FRONTIER_RESUME": False,  # the shared queue is the frontier; the shard's only marks what is done
    }


def default_shard(run: str, root: str | Path = "data/shards") -> Path:
    """Where a worker on this machine writes its shard unless told: one folder per run, host and process."""
    return Path(root) / run / f"{socket.gethostname()}-{os.getpid()}" / "ogi.db"


class PortalDupeFilter(RFPDupeFilter):
    """The shared set of requests seen, by Scrapy's own request fingerprints (those of a single crawl)."""

    def __init__(self, server: Any, key: str, crawler: Crawler, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.fingerprinter = crawler.request_fingerprinter

    def request_fingerprint(self, request: Any) -> str:
        return self.fingerprinter.fingerprint(request).hex()


class PortalScheduler(Scheduler):
    """scrapy-redis's scheduler with a queue and a seen set per run (OGI_RUN) and portal, rather than per
    spider class (several portals share a spider class), and each request taken held in the worker's
    taken set until what it gave is committed."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Spider) -> None:
        settings = spider.settings
        run = settings.get("OGI_RUN")
        if not run:
            raise ValueError("a distributed crawl needs a run name (OGI_RUN)")
        self.portal = getattr(spider, "portal", spider.name)
        self.queue_key, self.dupefilter_key = keys(run, self.portal)
        self.df = PortalDupeFilter(self.server, self.dupefilter_key, self.crawler, settings.getbool("DUPEFILTER_DEBUG"))
        self.worker = process_worker(settings.get("REDIS_URL"), run)
        self.taken_key = taken_key(run, self.portal, self.worker.name)
        archive_of(settings).writer.on_commit = self.worker.committed
        self.looked = time.monotonic()
        super().open(spider)
        self.worker.reclaim(self.portal, self.queue_key)

    def close(self, reason: str) -> None:
        """A portal finished: what it still holds gave nothing (failed requests), and goes. Stopped part-way,
        its requests stay taken, for the next worker to give back."""
        if reason == "finished":
            self.server.delete(self.taken_key)
        super().close(reason)

    # scrapy-redis's own, without the spider argument to the stats that Scrapy 2.19 deprecates
    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        """The queue's first request, now this worker's; while the queue is empty, dead workers' requests
        are looked for now and then."""
        raw = self.worker.take(keys=[self.queue_key, self.taken_key])
        if raw is None and time.monotonic() - self.looked > RECLAIM_EVERY:
            self.looked = time.monotonic()
            if self.worker.reclaim(self.portal, self.queue_key):
                raw = self.worker.take(keys=[self.queue_key, self.taken_key])
        if raw is None:
            return None
        request = self.queue._decode_request(raw)
        with self.worker.lock:
            self.worker.taken[self.portal, self.crawler.request_fingerprinter.fingerprint(request).hex()] = (
                self.taken_key, raw)
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """Requests queued, or taken by a dead worker (given back now): a portal is not done while any are."""
        return len(self) > 0 or self.worker.reclaim(self.portal, self.queue_key) > 0
