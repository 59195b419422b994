"""Bytes to clean text: content codings undone, the charset decided, how Chinese a text reads,
mojibake and content-farm mirrors repaired, blanks and punctuation folded.

The lowest layer: imports nothing of the project (docs/layout.md), and no Scrapy.
"""
