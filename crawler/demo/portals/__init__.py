"""Imitation government portals, generated deterministically, served by ``crawler.demo.server``.

One module per family, after the sites reports are found on: ``trs``, ``news``, ``mirror``
(``content_farm``), ``hanweb`` and ``js``; what they share is in ``base``. ``build_portals``
makes a farm of them, portal i of the family i % 5, each in a county of its own. Every portal
has news pages that are not reports, and all but the mirrors one report whose numbers break
the template's rules.
"""

from __future__ import annotations

import random

from crawler.demo.portals.base import DemoPortal
from crawler.demo.portals.content_farm import MirrorPortal
from crawler.demo.portals.hanweb import HanwebPortal
from crawler.demo.portals.js import JsPortal
from crawler.demo.portals.news import NewsPortal
from crawler.demo.portals.trs import TrsPortal
from crawler.demo.reports import DemoReport, inconsistent, seed_reports, variant_report

FAMILIES: tuple[type[DemoPortal], ...] = (TrsPortal, NewsPortal, MirrorPortal, HanwebPortal, JsPortal)
# real counties (each name found once in the gazetteer, so their reports are located), and one made up
# (青石县), whose reports stay unlocated as some real agencies' do; the towns are made up
_COUNTIES = ("青石县", "白河县", "婺源县", "歙县", "郯城县", "麻栗坡县", "睢宁县", "岢岚县", "鄯善县", "蕲春县")
_TOWNS = ("东关镇", "西坪乡", "喆阳镇", "南溪镇", "北山乡", "龙泉镇", "珺岭乡", "杨柳镇", "花桥乡", "新集镇",
          "白沙镇", "石桥乡", "柳林镇", "高坪乡")
_BUREAUS = (
    "人民政府", "人民政府办公室", "发展和改革局", "教育局", "财政局", "自然资源局", "生态环境局", "卫生健康委员会",
    "公安局", "民政局", "司法局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "商务局", "文化和旅游局", "市场监督管理局", "应急管理局", "审计局", "统计局", "医疗保障局", "退役军人事务局",
)
_YEARS = range(2019, 2026)
MAX_REPORTS = (len(_BUREAUS) + len(_TOWNS)) * len(_YEARS)


def new_portal(portal_id: str, name: str, family: str, reports: list[DemoReport], republished: list[DemoReport],
               rng: random.Random, region: str = "") -> DemoPortal:
    """A portal of the family named ``family``, publishing the reports given."""
    (kind,) = [k for k in FAMILIES if k.family == family]
    return kind(portal_id, name, reports, republished, rng, region)


def _own_reports(county: str, seeded: list[DemoReport], count: int, total_seeds: int,
                 rng: random.Random) -> list[DemoReport]:
    """``count`` reports of agencies of ``county``: the ``seeded`` ones, then variants, one per agency and year."""
    own = list(seeded)
    taken = {(r.agency, r.year) for r in own}
    while len(own) < count:
        agency = county + rng.choice(_BUREAUS + tuple(t + "人民政府" for t in _TOWNS))
        year = rng.choice(_YEARS)
        if (agency, year) not in taken:
            taken.add((agency, year))
            own.append(variant_report(rng, agency, year, rng.randrange(4)))
    if len(own) > total_seeds:  # one report whose numbers break the template's rules
        own[-1] = inconsistent(own[-1], rng)
    return own


def build_portals(portals: int = 4, reports: int = 20, seed: int = 2020) -> list[DemoPortal]:
    """``portals`` portals of ``reports`` reports each (the seeds among the first ones)."""
    if reports > MAX_REPORTS:
        raise ValueError(f"a demo portal holds at most {MAX_REPORTS} reports (one per agency and year)")
    rng = random.Random(seed)
    seeds = seed_reports()
    built: list[DemoPortal] = []
    for i in range(portals):
        county = _COUNTIES[i % len(_COUNTIES)] + (str(i // len(_COUNTIES) + 1) if i >= len(_COUNTIES) else "")
        kind = FAMILIES[i % len(FAMILIES)]
        if kind.copies:  # the reports of the portal before it, its republications too
            own, republished = [r.report for r in built[-1].reports[-reports:]], []
        else:
            seeded = [s for k, s in enumerate(seeds) if k % portals == i][:reports]
            own = _own_reports(county, seeded, reports, len(seeds), rng)
            republished = [r.report for r in built[-1].reports[:kind.republishes]] if built else []
        built.append(kind(f"{kind.family}-{i + 1}", county + kind.name_suffix, own, republished, rng, county))
    return built
