"""Run spiders over a list of portals in one Scrapy process."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.progress import Progress, total
from crawler.registry import Portal


def run_crawl(portals: Sequence[Portal], database: str, settings: Mapping[str, Any] | None = None) -> int:
    """Crawl every portal into ``database``; prints progress and a summary; returns error count.

    Runs the Twisted reactor, so it can be called once per process.
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    project = get_project_settings()
    project.set("OGI_DATABASE", database, priority="cmdline")
    project.setdict(dict(settings or {}), priority="cmdline")
    process = CrawlerProcess(project)
    for portal in portals:
        process.crawl(portal.spider_name, portal=portal.id, start_urls=list(portal.start_urls), **portal.options)
    progress = Progress(list(process.crawlers), project.getfloat("OGI_PROGRESS_INTERVAL"))
    progress.start()
    process.start()
    progress.stop()
    progress.summary()
    return total(process.crawlers).errors
