"""A prepared report as one JSON document (`ogi parse --json`), in the schema ``SCHEMA_PATH`` describes.

Plain functions over a ``ReportItem`` that ``crawler.prepare.prepare`` has filled; no Scrapy. Every
row, column, block, group and section is keyed by its *normalised label*: the label exactly as the
national template prints it (``crawler/parse/template.py``, which copies ``template.md``) — Chinese
punctuation and full-width brackets as printed (``（一）予以公开``, ``本年收费金额（单位：万元）``),
no whitespace, never NFKC-folded. A numbered sub-row of section 三 is qualified by its group's label
and ``/`` (``（三）不予公开/1.属于国家秘密``, ``（六）其他处理/3.其他``), a character no section 三
label holds. Section 二's blocks are the template's ``第二十条第（一）项`` ...; a section 二 column
header the template does not have is kept as printed, NFKC-folded and without whitespace.
"""

from __future__ import annotations

import re
from pathlib import Path

from crawler.items import ReportItem
from crawler.parse.checks import Check
from crawler.parse.report import ParsedReport
from crawler.parse.section2 import Section2Cell, template_cells
from crawler.parse.section3 import Section3
from crawler.parse.section4 import Section4
from crawler.parse.template import (
    APPLICANT_COLUMNS,
    BALANCE_ROWS,
    GROUP_LABELS,
    REVIEW_RESULTS,
    ROW_LABELS,
    SECTION3_KEYS,
    SECTION4_GROUPS,
    SECTION_HEADINGS,
)
from crawler.text.fold import BLANK_CELLS, fold

SCHEMA_VERSION = "1"
SCHEMA_ID = "urn:ogi-archive:schema:report:v1"
SCHEMA_PATH = Path(__file__).with_name("schemas") / f"report.v{SCHEMA_VERSION}.schema.json"
SUB_ROW_SEPARATOR = "/"

_SUB_ROW = re.compile(r"([a-z_]+)_\d+")  # withheld_1, not_processed_5, other_3


def section3_label(key: str) -> str:
    """The normalised label of section 三's row ``key``: ``new`` -> ``一、本年新收政府信息公开申请数量``,
    ``withheld_1`` -> ``（三）不予公开/1.属于国家秘密``."""
    sub_row = _SUB_ROW.fullmatch(key)
    if sub_row is None:
        return ROW_LABELS[key]
    return GROUP_LABELS[sub_row[1]] + SUB_ROW_SEPARATOR + ROW_LABELS[key]


SECTION3_LABELS = {key: section3_label(key) for key in ROW_LABELS}  # both template versions


def block_label(block: str) -> str:
    """Section 二's block as the template names it: ``（一）`` -> ``第二十条第（一）项``."""
    return f"第二十条第{block}项"


def _unreadable(value: float | None, raw: str) -> bool:
    return value is None and fold(raw) not in BLANK_CELLS


def _count(value: float | None, unit: str | None) -> float | int | None:
    """A section 二 value, a count as an integer (``3``, not ``3.0``)."""
    return int(value) if value is not None and unit is None and value.is_integer() else value


def _section2(cells: list[Section2Cell], template: str | None) -> dict | None:
    if not cells:
        return None
    blocks: dict[str, dict[str, dict[str, dict]]] = {}
    for c in cells:
        cell = {"value": _count(c.value, c.unit), "raw": c.raw, "unit": c.unit, "ambiguous": c.ambiguous}
        blocks.setdefault(block_label(c.block), {}).setdefault(c.row, {}).setdefault(c.column, cell)
    found = {(c.block, c.row, fold(c.column)) for c in cells}
    missing = [{"block": block_label(block), "row": row, "column": column}
               for block, row, column in (template_cells(template) if template else ())
               if (block, row, fold(column)) not in found]
    return {"blocks": blocks, "missing": missing}


def _section3(section3: Section3 | None, template: str | None) -> dict | None:
    if section3 is None:
        return None
    rows = {SECTION3_LABELS[row.key]: {
        "key": row.key,
        "printed_label": row.label,
        "cells": {column: {"value": value, "raw": raw}
                  for column, value, raw in zip(APPLICANT_COLUMNS, row.values, row.raw)},
    } for row in section3.rows}
    keys = {row.key for row in section3.rows}
    missing = [SECTION3_LABELS[key] for key in (SECTION3_KEYS[template] if template else ()) if key not in keys]
    placed = [SECTION3_LABELS[key] for key in section3.placed]  # labels lost: placed by the template's order
    return {"template": section3.template, "rows": rows, "missing": missing, "placed_by_order": placed}


def _section4(section4: Section4 | None) -> dict | None:
    if section4 is None:
        return None
    cells = iter(zip(section4.values, section4.raw))
    return {"groups": {group: {result: dict(zip(("value", "raw"), next(cells))) for result in REVIEW_RESULTS}
                       for group in SECTION4_GROUPS}}


def _operand(cell: tuple[str, str], value: int | None) -> dict:
    return {"cell": list(cell), "value": value}


def _section3_operands(check: Check, section3: Section3) -> tuple[list[dict], list[dict]]:
    """The cells the check compared, left side and right side, as ``crawler.parse.checks`` compares them."""
    table = {row.key: row.values for row in section3.rows}
    if check.rule == "row-total":
        label, values = SECTION3_LABELS[check.subject], table[check.subject]
        return ([_operand((label, "总计"), values[6])],
                [_operand((label, column), value) for column, value in zip(APPLICANT_COLUMNS[:6], values)])
    if check.rule in ("balance", "results-sum"):
        c = APPLICANT_COLUMNS.index(check.subject)
        if check.rule == "balance":
            left, right = ["new", "carried_over"], ["total", "carry_forward"]
        else:
            left, right = ["total"], [key for key in table if key not in BALANCE_ROWS]
        return tuple([_operand((SECTION3_LABELS[key], check.subject), table[key][c]) for key in keys]
                     for keys in (left, right))
    return [], []  # "rows": no numbers compared


def _section4_operands(check: Check, section4: Section4) -> tuple[list[dict], list[dict]]:
    if check.rule != "review-total":
        return [], []
    g = SECTION4_GROUPS.index(check.subject)
    operands = [_operand((check.subject, result), section4.values[5 * g + r])
                for r, result in enumerate(REVIEW_RESULTS)]
    return operands[4:], operands[:4]


def _sum(operands: list[dict]) -> int | None:
    values = [operand["value"] for operand in operands]
    return sum(values) if values and None not in values else None


def _check(section: str, check: Check, operands: tuple[list[dict], list[dict]]) -> dict:
    left, right = operands
    return {"section": section, "rule": check.rule, "subject": SECTION3_LABELS.get(check.subject, check.subject),
            "outcome": check.outcome, "detail": check.detail,
            "left": left, "right": right, "left_sum": _sum(left), "right_sum": _sum(right)}


def _checks(report: ParsedReport) -> list[dict]:
    three, four = report.section3, report.section4
    return ([_check("三", c, _section3_operands(c, three)) for c in three.checks] if three else []) + \
           ([_check("四", c, _section4_operands(c, four)) for c in four.checks] if four else [])


def _unreadable_cells(report: ParsedReport) -> list[dict]:
    """Every cell neither blank nor a number (``一``, ``若干``): its value is null, never guessed."""
    found = [{"section": "二", "cell": [block_label(c.block), c.row, c.column], "raw": c.raw}
             for c in report.section2 if c.unreadable]
    if report.section3:
        found += [{"section": "三", "cell": [SECTION3_LABELS[row.key], column], "raw": raw}
                  for row in report.section3.rows
                  for column, value, raw in zip(APPLICANT_COLUMNS, row.values, row.raw) if _unreadable(value, raw)]
    if report.section4:
        names = [(group, result) for group in SECTION4_GROUPS for result in REVIEW_RESULTS]
        found += [{"section": "四", "cell": list(name), "raw": raw}
                  for name, value, raw in zip(names, report.section4.values, report.section4.raw)
                  if _unreadable(value, raw)]
    return found


def report_document(item: ReportItem, path: str) -> dict:
    """The JSON document of a prepared ``item`` read from the local file ``path`` (as given)."""
    report = item.report
    if report is None:
        raise ValueError(f"{item.url} is not parsed: run crawler.prepare.prepare on it first")
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "source": {"path": path, "url": item.url, "bytes": len(item.body), "sha256": item.body_sha256},
        "form": item.form,
        "encoding": {"declared_charset": item.declared_charset, "encoding": item.encoding,
                     "reason": item.encoding_reason, "confidence": item.encoding_confidence,
                     "lossy_chars": item.lossy_chars},
        "repairs": dict(item.repairs),
        "source_agency": item.source_agency,
        "parse": {"status": report.status, "reasons": list(report.reasons), "parser_version": report.parser_version},
        "template": report.template,
        "agency": report.agency,
        "year": report.year,
        "title": item.title,
        "content_hash": item.content_hash,
        "sections": {heading: report.sections.get(number) for number, heading in enumerate(SECTION_HEADINGS, 1)},
        "section2": _section2(report.section2, report.template),
        "section3": _section3(report.section3, report.template),
        "section4": _section4(report.section4),
        "checks": _checks(report),
        "unreadable_cells": _unreadable_cells(report),
    }


def summary_lines(document: dict) -> list[str]:
    """A few lines for a person: form, status, agency, year, template, applications received, failed checks."""
    parse = document["parse"]
    rows = (document["section3"] or {}).get("rows", {})
    received = rows.get(ROW_LABELS["new"], {}).get("cells", {}).get("总计", {}).get("value")
    outcomes = [check["outcome"] for check in document["checks"]]
    lines = [f"{document['source']['path']}: {document['form']}, {parse['status']}"]
    if parse["status"] != "failed":
        lines += [
            f"  agency {document['agency'] or '?'}, year {document['year'] or '?'},"
            f" template {document['template'] or '?'}",
            f"  section 三 applications received (一, 总计): {'?' if received is None else received}",
            f"  checks: {outcomes.count('pass')} pass, {outcomes.count('fail')} fail,"
            f" {outcomes.count('unchecked')} unchecked",
        ]
    lines += [f"  failed check: {check['rule']} {check['detail']}"
              for check in document["checks"] if check["outcome"] == "fail"]
    return lines + [f"  reason: {reason}" for reason in parse["reasons"]]
