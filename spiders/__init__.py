"""The Scrapy spiders, one per family of portal (``listing``, ``hanweb``, ``rendered``, ``sitemap``),
with what they share in ``portal``: thin adapters that find a column's report links with
``crawler.crawl`` and yield each fetch as a ``crawler.items.ReportItem``. They never import the
pipelines, the publication, the demo or the CLI (docs/layout.md)."""
