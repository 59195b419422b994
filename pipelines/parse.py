"""Parse the repaired page: its article text, date and tables (sections 二, 三 and 四)."""

from __future__ import annotations

from crawler.dates import labelled_date
from crawler.html_text import article, element_text, parse_html
from crawler.items import ReportItem
from crawler.report_year import covered_year
from crawler.section2 import parse_section2, parse_section2_text
from crawler.section3 import parse_section3, parse_section3_text
from crawler.section4 import parse_section4, parse_section4_text
from crawler.sections import split_sections
from crawler.tables import page_tables
from crawler.titles import report_agency


class ParsePipeline:
    """Fill ``text`` and its ``sections``, ``agency``, ``year``, ``published`` (if the listing
    showed none), ``section2``, ``section3`` and ``section4`` (from the HTML tables, else from
    the text)."""

    def process_item(self, item: ReportItem) -> ReportItem:
        root = parse_html(item.html or "")
        content = article(root)
        item.text = element_text(content)
        item.sections = split_sections(item.text)
        item.agency = report_agency(item.title)
        item.year = covered_year(item.title, item.text)
        if not item.published:
            item.published = labelled_date(root.text_content())
        tables = page_tables(content)
        item.section2 = parse_section2(tables) or parse_section2_text(item.text)
        item.section3 = parse_section3(tables) or parse_section3_text(item.text)
        item.section4 = parse_section4(tables) or parse_section4_text(item.text)
        return item
