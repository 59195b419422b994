"""The portal registry: one entry per portal, so that adding a portal is adding an entry.

A registry is a YAML (or JSON) file holding a list of portals, or a mapping with a
``portals`` list. Each portal has an ``id`` and ``start_urls`` (its column pages), and may
give ``name``, ``agency``, ``region``, ``family`` (the kind of site, which picks the
spider: ``trs``, ``news`` and ``mirror`` pages are paginated HTML lists, ``hanweb`` columns
are read from their dataproxy, ``js`` columns are rendered in Chromium), a ``spider`` of its
own, and ``options`` for it. A ``site`` portal is known by a page of its site (its home page, its
OGI section, one report) rather than its column: the ``site`` spider finds the column from there.

A real portal's entry carries ``level`` (province, ministry, prefecture, county, township,
department), ``evidence`` (where each of its URLs was seen: a list of ``{url, seen_in}``) and
``verified`` (the date a crawl first archived a report from it; empty until then). The demo farm's
entries need none of these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The spider for each family of portal (a portal may name its own "spider" instead).
SPIDERS = {"trs": "listing", "news": "listing", "mirror": "listing", "hanweb": "hanweb", "js": "rendered",
           "site": "site"}
# base_url (the demo farm's registry carries it) and notes (for people) are accepted and not kept
_FIELDS = {"id", "start_urls", "name", "agency", "region", "family", "spider", "options", "base_url", "level",
           "evidence", "verified", "notes"}
LEVELS = ("province", "ministry", "prefecture", "county", "township", "department")


class RegistryError(ValueError):
    """A registry file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Portal:
    """One portal of the registry."""

    id: str
    start_urls: tuple[str, ...]
    name: str = ""
    agency: str = ""
    region: str = ""
    family: str = ""
    spider: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    level: str = ""
    evidence: tuple[dict[str, str], ...] = ()
    verified: str = ""

    @property
    def spider_name(self) -> str:
        """The spider that crawls this portal: its own, its family's, else the listing spider."""
        return self.spider or SPIDERS.get(self.family, "listing")


def _portal(entry: object, where: str) -> Portal:
    if not isinstance(entry, Mapping):
        raise RegistryError(f"{where}: a portal is a mapping, got {type(entry).__name__}")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    portal_id, urls = entry.get("id"), entry.get("start_urls")
    if not isinstance(portal_id, str) or not portal_id:
        raise RegistryError(f"{where}: every portal needs an id")
    if not isinstance(urls, list) or not urls or not all(
            isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
        raise RegistryError(f"{where} ({portal_id}): start_urls must be a list of http(s) URLs")
    family, spider = str(entry.get("family") or ""), str(entry.get("spider") or "")
    if family and family not in SPIDERS and not spider:
        raise RegistryError(f"{where} ({portal_id}): unknown family {family!r}; known: {', '.join(SPIDERS)}")
    options = entry.get("options") or {}
    if not isinstance(options, Mapping):
        raise RegistryError(f"{where} ({portal_id}): options must be a mapping")
    level = str(entry.get("level") or "")
    if level and level not in LEVELS:
        raise RegistryError(f"{where} ({portal_id}): unknown level {level!r}; known: {', '.join(LEVELS)}")
    evidence = entry.get("evidence") or []
    if not isinstance(evidence, list) or not all(
            isinstance(e, Mapping) and e.get("url") and e.get("seen_in") for e in evidence):
        raise RegistryError(f"{where} ({portal_id}): evidence must be a list of {{url, seen_in}}")
    unevidenced = set(urls) - {e["url"] for e in evidence}
    if evidence and unevidenced:
        raise RegistryError(f"{where} ({portal_id}): no evidence for {', '.join(sorted(unevidenced))}")
    return Portal(portal_id, tuple(urls), str(entry.get("name") or ""), str(entry.get("agency") or ""),
                  str(entry.get("region") or ""), family, spider, dict(options), level,
                  tuple({str(k): str(v) for k, v in e.items()} for e in evidence), str(entry.get("verified") or ""))


def parse_registry(data: object, source: str = "registry") -> list[Portal]:
    """The portals of a registry's parsed content; ids must be unique."""
    entries = data.get("portals") if isinstance(data, Mapping) else data
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise RegistryError(f"{source}: expected a list of portals")
    portals = [_portal(entry, f"{source}, portal {i + 1}") for i, entry in enumerate(entries)]
    ids = [p.id for p in portals]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise RegistryError(f"{source}: duplicate portal id(s) {', '.join(duplicated)}")
    return portals


def load_registry(path: str | Path) -> list[Portal]:
    """The portals of a registry file (YAML or JSON)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RegistryError(f"{path}: not YAML or JSON: {error}") from error
    return parse_registry(data, str(path))


def select(portals: Iterable[Portal], ids: Iterable[str]) -> list[Portal]:
    """The portals with the given ids (all of them when none is given)."""
    wanted, portals = list(ids), list(portals)
    if not wanted:
        return portals
    known = {p.id: p for p in portals}
    missing = [i for i in wanted if i not in known]
    if missing:
        raise RegistryError(f"no portal {', '.join(missing)} in the registry (it has {', '.join(known) or 'none'})")
    return [known[i] for i in wanted]
