"""Run spiders over a list of portals in one Scrapy process."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.crawl.progress import Progress
from crawler.crawl.registry import Portal


def run_crawl(portals: Sequence[Portal], database: str, settings: Mapping[str, Any] | None = None) -> list[str]:
    """Crawl every portal into ``database``; prints progress and a summary; returns the portals whose
    crawl could not run at all (a crawler that failed to start), each with why.

    Runs the Twisted reactor, so it can be called once per process.
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.crawl.settings")
    project = get_project_settings()
    project.set("OGI_DATABASE", database, priority="cmdline")
    project.setdict(dict(settings or {}), priority="cmdline")
    process = CrawlerProcess(project)
    broken: list[str] = []
    for portal in portals:
        running = process.crawl(portal.spider_name, portal=portal.id, start_urls=list(portal.start_urls),
                                **portal.options)
        running.addErrback(lambda failure, name=portal.id: broken.append(f"{name}: {failure.getErrorMessage()}"))
    progress = Progress(list(process.crawlers), project.getfloat("OGI_PROGRESS_INTERVAL"))
    progress.start()
    process.start()
    progress.stop()
    progress.summary()
    for line in broken:
        print(f"  could not crawl {line}", file=sys.stderr, flush=True)
    return broken
