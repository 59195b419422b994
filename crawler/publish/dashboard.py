"""The archive's headline figures: what the dashboard page shows, read from the database.

The figures per year and per level of government are the canned queries' own SQL (``metadata.yml``),
so the dashboard and the queries a reader can open from it always agree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

METADATA = Path(__file__).with_name("metadata.yml")
LATEST = 10  # reports listed as the latest found


@cache
def canned_sql(name: str) -> str:
    """The SQL of the canned query ``name`` in the archive's Datasette metadata."""
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    (database,) = metadata["databases"].values()
    return database["queries"][name]["sql"]


@dataclass(frozen=True)
class Bar:
    """One labelled bar of a chart: its value, its share of the chart's largest (0-100) and where it leads."""

    label: str
    value: float
    percent: float
    link: str | None = None
    note: str = ""


@dataclass
class Headline:
    """Everything the dashboard shows."""

    totals: dict[str, Any]
    parse_status: list[Bar] = field(default_factory=list)
    applications_per_year: list[Bar] = field(default_factory=list)
    open_share_per_year: list[Bar] = field(default_factory=list)
    provinces: list[Bar] = field(default_factory=list)
    levels: list[Bar] = field(default_factory=list)
    latest: list[dict[str, Any]] = field(default_factory=list)


def _link(base: str, table: str, **filters: object) -> str:
    return f"{base}/{table}?{urlencode(filters)}"


def _rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def bars(pairs: list[tuple[str, float | None]], links: dict[str, str] | None = None,
         notes: dict[str, str] | None = None) -> list[Bar]:
    """``(label, value)`` pairs as bars scaled to the largest value (a missing value is a bar of 0)."""
    top = max((value or 0 for _, value in pairs), default=0)
    return [Bar(label, value or 0, round(100 * (value or 0) / top, 1) if top else 0.0,
                (links or {}).get(label), (notes or {}).get(label, "")) for label, value in pairs]


def headline(conn: sqlite3.Connection, base: str = "/ogi") -> Headline:
    """The archive's headline figures; ``base`` is the database's path on the Datasette server."""
    totals = _rows(conn, """
        select count(*) as reports, sum(current = 1) as current_reports,
               count(distinct agency) as agencies, min(year) as first_year, max(year) as last_year,
               sum(region_confidence > 0) as located, sum(checks_failed > 0) as failing_checks
        from reports""")[0]
    totals |= _rows(conn, """
        select count(*) as captures, min(fetched_at) as first_fetch, max(fetched_at) as last_fetch,
               count(distinct portal) as portals
        from captures""")[0]
    totals |= _rows(conn, "select coalesce(sum(committed_bytes), 0) as warc_bytes from warc_files")[0]
    totals |= _rows(conn, "select count(distinct url) as report_urls from report_sources")[0]
    totals |= _rows(conn, "select count(*) as failing_portals from portal_health where last_state = 'failed'")[0]
    headline = Headline(totals)

    status = _rows(conn, "select parse_status, count(*) as n from reports group by parse_status order by n desc")
    headline.parse_status = bars([(r["parse_status"] or "-", r["n"]) for r in status],
                                 {r["parse_status"]: _link(base, "reports", parse_status=r["parse_status"])
                                  for r in status if r["parse_status"]})

    per_year = _rows(conn, canned_sql("applications_per_year"))
    headline.applications_per_year = bars(
        [(str(r["year"]), r["applications"]) for r in per_year],
        {str(r["year"]): _link(base, "reports", year=r["year"], current=1) for r in per_year},
        {str(r["year"]): f"{r['reports']} 份报告 reports" for r in per_year})
    shares = _rows(conn, canned_sql("answered_open_share"))
    headline.open_share_per_year = bars(
        [(str(r["year"]), r["share_open"]) for r in shares],
        notes={str(r["year"]): f"{r['answered_open']} / {r['answered']}" for r in shares})

    provinces = _rows(conn, """
        select coalesce(province, '') as province, count(*) as n from reports where current = 1
        group by province order by province is null or province = '', n desc, province""")
    headline.provinces = bars(
        [(r["province"] or "未定位 not located", r["n"]) for r in provinces],
        {r["province"]: _link(base, "reports", province=r["province"], current=1) for r in provinces if r["province"]})

    levels = _rows(conn, canned_sql("open_share_by_level"))
    headline.levels = bars([(r["level"], r["share_open"]) for r in levels],
                           notes={r["level"]: f"{r['answered_open']} / {r['answered']}, {r['reports']} 份 reports"
                                  for r in levels})

    headline.latest = _rows(conn, """
        select content_hash, title, agency, year, province, parse_status, first_seen
        from reports order by first_seen desc, content_hash limit ?""", (LATEST,))
    return headline
