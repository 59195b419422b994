"""Prepare each item (``crawler.prepare``: decode, repair, parse, identify) in worker
processes, so the crawl goes on meanwhile.

This is CPU work (a PDF attachment takes tens of milliseconds to read), and a crawl is one
Python thread: run in it, it stalls every download. The pipeline hands each item to a pool
of OGI_WORKERS processes (0: prepares in the crawl's own process) and awaits it, so
downloads, other items and the archive's writes carry on; the process's backlog
(``crawler.crawl.backlog``) makes downloads wait while the workers are behind.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from scrapy.crawler import Crawler

from crawler.crawl.backlog import Backlog, process_backlog
from crawler.items import ReportItem
from crawler.prepare import prepare, prepare_apart


@functools.cache  # one pool per crawl process, shared by its crawlers (a portal each)
def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


class PreparePipeline:
    """Runs ``prepare`` on each item in a worker process (OGI_WORKERS of them), counting the
    items handed over in the process's backlog."""

    def __init__(self, workers: int, backlog: Backlog) -> None:
        self.workers = workers
        self.backlog = backlog

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PreparePipeline:
        return cls(crawler.settings.getint("OGI_WORKERS"), process_backlog(crawler.settings.getint("OGI_BACKLOG")))

    async def process_item(self, item: ReportItem) -> ReportItem:
        if self.workers <= 0:
            return prepare(item)
        self.backlog.add()
        try:
            prepared = await asyncio.get_running_loop().run_in_executor(_pool(self.workers), prepare_apart, item)
        finally:
            self.backlog.done()
        prepared.body = item.body
        return prepared
