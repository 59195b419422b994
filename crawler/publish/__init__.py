"""The archive published: Datasette serving it read-only, the project's Datasette plugin and
metadata (canned queries, column descriptions), the dashboard's figures, CSV snapshots.

Reads the archive; imports nothing of the crawl, the demo or the CLI, and no Scrapy
(docs/layout.md).
"""
