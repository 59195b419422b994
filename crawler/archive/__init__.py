"""What is kept: WARC files of every fetch, the SQLite archive (schema, rows of captures and
reports, versions, the record of the runs, the frontier, failed fetches), its derived tables
(full-text index, regions), and the ways into it besides a crawl: local files (ingest), a
rebuild from the WARC files (reparse), a distributed crawl's shards (merge).

Imports the item and its preparation, the parser and text below it, and no Scrapy (docs/layout.md).
"""
