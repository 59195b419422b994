"""The crawl machinery around Scrapy: its settings, the portal registry, column pages and their
pagers (listing, Hanweb's dataproxy), downloader and spider middlewares (capture, backoff,
backlog, frontier, failures), the archive's writer thread, the browser guard, progress and the
record of the runs, portal locks, distributed workers on Redis, deployment to Scrapyd.

The spiders in ``spiders/`` and pipelines in ``pipelines/`` are thin adapters over this package.
Imports the archive and everything below it; never the publication, the demo or the CLI
(docs/layout.md).
"""
