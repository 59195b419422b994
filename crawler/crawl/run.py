"""Run spiders over a list of portals in one Scrapy process."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.crawl.progress import Progress
from crawler.crawl.registry import Portal


def log_file(folder: str | Path, kind: str) -> Path:
    """A new log file for a run of ``kind`` (crawl, discover) in ``folder``/logs/, named by the time."""
    path = Path(folder) / "logs" / f"{kind}-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _process(settings: Mapping[str, Any] | None, database: str | None = None) -> CrawlerProcess:
    """A Scrapy process with the project's settings and ``settings`` over them."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.crawl.settings")
    project = get_project_settings()
    if database is not None:
        project.set("OGI_DATABASE", database, priority="cmdline")
    project.setdict(dict(settings or {}), priority="cmdline")
    return CrawlerProcess(project)


def run_crawl(portals: Sequence[Portal], database: str, settings: Mapping[str, Any] | None = None) -> list[str]:
    """Crawl every portal into ``database``; prints progress and a summary; returns the portals whose
    crawl could not run at all (a crawler that failed to start), each with why.

    Scrapy's own log goes to a file under ``logs/`` beside the database (unless ``LOG_FILE`` is
    given), which the summary names: the console shows progress and the summary alone.

    Runs the Twisted reactor, so it can be called once per process.
    """
    if not (settings or {}).get("LOG_FILE"):
        settings = {**(settings or {}), "LOG_FILE": str(log_file(Path(database).parent, "crawl"))}
    process = _process(settings, database)
    project = process.settings
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
    print(f"  log: {project.get('LOG_FILE')}", file=sys.stderr, flush=True)
    for line in broken:
        print(f"  could not crawl {line}", file=sys.stderr, flush=True)
    return broken


def run_discovery(home_pages: Sequence[str], max_depth: int, max_pages: int,
                  settings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The annual-report columns the ``discover`` spider finds from ``home_pages``, in the order
    found. Runs the Twisted reactor, so it can be called once per process."""
    if not (settings or {}).get("LOG_FILE"):
        settings = {**(settings or {}), "LOG_FILE": str(log_file("data", "discover"))}
    process = _process(settings)
    crawler = process.create_crawler("discover")
    found: list[dict[str, Any]] = []
    crawler.signals.connect(lambda item, **_: found.append(dict(item)), signal=signals.item_scraped, weak=False)
    process.crawl(crawler, start_urls=list(home_pages), max_depth=max_depth, max_pages=max_pages)
    process.start()
    return found
