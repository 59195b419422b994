"""The demo portals: imitation government portals served on 127.0.0.1, one module per family
of real portal, with reports generated from the seeds and rendered as pages and attachments.

They imitate the web, so they import only the parser and text layers (to print a report's
tables as real sites print them), never the crawler, the archive or the publication
(docs/layout.md).
"""
