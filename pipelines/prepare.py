"""Decode, repair, parse and hash each item, in worker processes so the crawl goes on meanwhile.

These stages are CPU work (a PDF attachment takes a fifth of a second to read), and a
crawl is one Python thread: run in it, they stall every download. ``prepare`` runs the
stages in order as a plain function; the pipeline hands it to a pool of OGI_WORKERS
processes (0: in the crawl's own process) and awaits it, so downloads, other items and
the archive's writes carry on.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from scrapy.crawler import Crawler

from crawler.items import ReportItem
from pipelines.content_hash import ContentHashPipeline
from pipelines.decode import DecodePipeline
from pipelines.parse import ParsePipeline
from pipelines.repair import RepairPipeline

STAGES = (DecodePipeline(), RepairPipeline(), ParsePipeline(), ContentHashPipeline())


def prepare(item: ReportItem) -> ReportItem:
    """The item decoded, repaired, parsed and given its identity."""
    for stage in STAGES:
        item = stage.process_item(item)
    return item


@functools.cache  # one pool per crawl process, shared by its crawlers (a portal each)
def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


class PreparePipeline:
    """Runs ``prepare`` on each item in a worker process (OGI_WORKERS of them)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PreparePipeline:
        return cls(crawler.settings.getint("OGI_WORKERS"))

    async def process_item(self, item: ReportItem) -> ReportItem:
        if self.workers <= 0:
            return prepare(item)
        return await asyncio.get_running_loop().run_in_executor(_pool(self.workers), prepare, item)
