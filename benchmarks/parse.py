"""Parse benchmark: reports parsed per second, one core, per form the parser reads.

    .venv/bin/python benchmarks/parse.py [--reports 300]

HTML: generated reports of both template versions rendered with rowspan/colspan tables
(what ParsePipeline does: article text, six sections, sections 二, 三 and 四). Text: the same
reports' tables flattened the content farms' way (`` |`` cells) and parsed from text.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from crawler.demo.flatten import piped_text
from crawler.demo.reports import render_html, variant_report
from crawler.html_text import article, element_text, parse_html
from crawler.section2 import parse_section2, parse_section2_text
from crawler.section3 import parse_section3, parse_section3_text
from crawler.section4 import parse_section4, parse_section4_text
from crawler.sections import split_sections
from crawler.tables import page_tables


def parse_page(page: str) -> None:
    content = article(parse_html(page))
    split_sections(element_text(content))
    tables = page_tables(content)
    parse_section2(tables)
    parse_section3(tables)
    parse_section4(tables)


def parse_text(text: str) -> None:
    split_sections(text)
    parse_section2_text(text)
    parse_section3_text(text)
    parse_section4_text(text)


def rate(parse: Callable[[str], None], inputs: list[str]) -> float:
    started = time.perf_counter()
    for item in inputs:
        parse(item)
    return len(inputs) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(0)
    reports = [variant_report(rng, f"某县第{i}局", 2019 + i % 6) for i in range(args.reports)]
    pages = [f"<html><body><div id='zoom'>{render_html(report)}</div></body></html>" for report in reports]
    texts = [piped_text(page) for page in pages]
    print(f"{args.reports} generated reports, both template versions, one core")
    print(f"HTML (rowspan/colspan tables)   {rate(parse_page, pages):7.0f} reports/s")
    print(f"text (`` |`` cells)              {rate(parse_text, texts):7.0f} reports/s")


if __name__ == "__main__":
    main()
