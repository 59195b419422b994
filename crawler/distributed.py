"""A crawl shared by several processes or machines: scrapy-redis's scheduler and duplicate filter in one
Redis, with a queue and a set of seen requests per run and portal.

Every worker runs the same spiders over the same portals; each request is made by whichever worker
takes it from the portal's shared queue, and none twice (the shared set of fingerprints). Each worker
writes its own archive (a shard: its own SQLite file and WARC files); ``crawler.merge`` joins them.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler


def keys(run: str, portal: str) -> tuple[str, str]:
    """The Redis keys of a portal's queue and seen set in a run."""
    return f"ogi:{run}:{portal}:requests", f"ogi:{run}:{portal}:seen"


def worker_settings(redis_url: str, run: str) -> dict[str, Any]:
    """The settings that make a crawl process a worker of ``run`` on the Redis at ``redis_url``."""
    return {
        "SCHEDULER": "crawler.distributed.PortalScheduler",
        "SCHEDULER_PERSIST": True,  # a worker that finishes leaves the queue to the others
        "DUPEFILTER_CLASS": "crawler.distributed.PortalDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_SERIALIZER": "crawler.request_json",  # JSON, never pickle
        "REDIS_URL": redis_url,
        "OGI_RUN": run,
        "OGI_FRONTIER": False,  # the shared queue is the frontier
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
    spider class: several portals share a spider class."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Spider) -> None:
        run = spider.settings.get("OGI_RUN")
        if not run:
            raise ValueError("a distributed crawl needs a run name (OGI_RUN)")
        self.queue_key, self.dupefilter_key = keys(run, getattr(spider, "portal", spider.name))
        self.df = PortalDupeFilter(self.server, self.dupefilter_key, self.crawler,
                                   spider.settings.getbool("DUPEFILTER_DEBUG"))
        super().open(spider)

    # scrapy-redis's own, without the spider argument to the stats that Scrapy 2.19 deprecates
    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
