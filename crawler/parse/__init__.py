"""Clean text and documents to a report: the document readers (HTML, text, PDF, DOCX, DOC/WPS,
XLS/XLSX in ``documents``), the national template, sections, the tables of sections 二, 三 and 四
from markup and from text, their checks, the agency, year and title, and the report's identity.

``report.parse_report`` and ``report.parse_file`` are the entry points. Imports ``crawler.text``
only, and no Scrapy (docs/layout.md).
"""
