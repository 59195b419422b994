"""Crawler and archive of China's annual Open Government Information reports.

Packages, lowest first (each imports only from those below it; ``lint-imports`` checks it, and
docs/layout.md draws it): ``text`` (bytes to clean text), ``parse`` (documents to a report),
``items`` (what a spider yields) with ``prepare`` (decode, repair, parse, identify) and
``report_json`` (a prepared report as JSON), ``archive`` (what is kept), ``crawl`` (the
machinery around Scrapy) and ``publish`` (Datasette, CSV), ``demo`` (the imitation portals),
``cli`` (the ``ogi`` command).
"""

__version__ = "0.1.0"
