"""A report page as content farms flatten it: text, each table cell `` |`` on a line of its own."""

from __future__ import annotations

from crawler.html_text import article, parse_html
from crawler.tables import table_grid


def piped_text(page: str) -> str:
    """The article of ``page`` as text; a table's cells (spans repeated) one per line, then ``||``."""
    lines: list[str] = []
    for element in article(parse_html(page)):
        if element.tag == "table":
            lines += [f"{cell} |" for row in table_grid(element) for cell in row] + ["||"]
        else:
            lines.append(element.text_content())
    return "\n".join(lines)
