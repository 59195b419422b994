"""The Scrapy item pipelines, in order: ``prepare`` (``crawler.prepare`` in worker processes) then
``archive`` (the archive's writer thread). Thin adapters over ``crawler``; they never import the
spiders, the publication, the demo or the CLI (docs/layout.md)."""
