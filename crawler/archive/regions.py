"""Locate a report's agency in China's administrative divisions (province → prefecture → county → township).

The division data is the five-level gazetteer that JioNLP ships (``jionlp/dictionary/china_location.zip``:
province/prefecture/county names with their GB/T 2260 codes, township names without codes, villages, which
are skipped here) and its list of renamed and merged divisions (``china_location_change.txt``), so that a
former name (襄樊市, 神木县) still locates. The files are read directly on first use, without importing
``jionlp`` itself: that import unzips all of JioNLP's dictionaries into site-packages and loads much more
than this needs. The index takes about 24 MiB.

``locate("洪江市群峰乡")`` reads division names from the left of the agency name, each one inside the one
before it, and returns every division the chain can denote, best first. A bare township name is often
shared by several provinces, so alone it never scores high; ``hint`` (a portal's region string, a report's
first lines) keeps the candidates that it names.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlite_utils

LEVELS = ("province", "prefecture", "county", "township")
# placeholders that the data uses for a missing level (省直辖县级市, 不设区的地级市)
_PLACEHOLDERS = {"省直辖行政区划", "市直辖行政区划"}
# how sure a chain ending at this level is when it is the only candidate: a bare township name may well
# be one that the data lacks or has renamed, a county name rarely so
_BASE = {"province": 1.0, "prefecture": 0.95, "county": 0.9, "township": 0.6}
_NESTED = 0.95  # a name read inside an explicit parent (洪江市群峰乡, 新乡市牧野区)
_TOWN_SUFFIXES = ("街道办事处", "街道", "民族乡", "镇", "乡", "苏木")
# what follows a county's name when the agency is a township's government the data does not list
# (renamed, merged, or newer than the data): 婺源县东关镇人民政府
_UNLISTED_TOWN = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:街道|镇|乡|苏木)(?:人民政府|政府|办事处|党委|$)")


@dataclass(frozen=True)
class Region:
    """One administrative division that an agency name can denote.

    ``code`` is the 6-digit GB/T 2260 code of the county, prefecture or province; a township has no code
    of its own in the data, so it carries its county's. ``level`` is the level of the agency's government:
    a township's government that the data does not list is at township level with ``township`` None.
    """

    province: str
    prefecture: str | None
    county: str | None
    township: str | None
    code: str
    level: str
    confidence: float

    @property
    def path(self) -> str:
        """The full name, e.g. 浙江省杭州市临安区清凉峰镇 (a 直辖市 is not repeated)."""
        parts = [self.province]
        for part in (self.prefecture, self.county, self.township):
            if part and part != parts[-1]:
                parts.append(part)
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Node:
    names: tuple[str | None, str | None, str | None, str | None]  # province, prefecture, county, township
    code: str
    level: int  # index into LEVELS
    own: tuple[str, ...]  # its full and short names (临安区, 临安)
    parent: _Node | None

    def ancestors_include(self, other: _Node) -> bool:
        return other.level < self.level and self.names[: other.level + 1] == other.names[: other.level + 1]

    @property
    def aliases(self) -> set[str]:
        """The names of this node and its ancestors (临安区, 临安, 杭州市, 杭州, 浙江省, 浙江)."""
        found: set[str] = set()
        node: _Node | None = self
        while node is not None:
            found.update(node.own)
            node = node.parent
        return found


def _town_alias(name: str) -> str | None:
    for suffix in _TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _dictionary() -> Path:
    spec = importlib.util.find_spec("jionlp")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jionlp is not installed: pip install jionlp")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[_Node, ...]]:
    """Full division name → the nodes that bear it, read once from JioNLP's gazetteer; a former name
    (襄樊市, 神木县) that no division bears today leads to the division it became."""
    index: dict[str, list[_Node]] = {}
    with zipfile.ZipFile(_dictionary() / "china_location.zip") as archive:
        text = io.TextIOWrapper(archive.open("china_location.txt"), encoding="utf-8")
        names: list[str | None] = [None, None, None, None]
        codes = ["", "", "", ""]
        parents: list[_Node | None] = [None] * 4  # the node each level's children hang from
        for line in text:
            depth = len(line) - len(line.lstrip("\t"))
            if depth > 3 or not line.strip():
                continue  # villages and blank lines
            fields = line.strip().split("\t")
            name = fields[0]
            parent = parents[depth - 1] if depth else None
            names[depth:] = [None] * (4 - depth)
            codes[depth] = fields[1] if len(fields) > 1 else codes[depth - 1]
            if name in _PLACEHOLDERS:
                parents[depth] = parent
                continue
            names[depth] = name
            alias = fields[2] if len(fields) > 2 else _town_alias(name) if depth == 3 else None
            own = (name, alias) if alias and len(alias) >= 2 and alias != name else (name,)
            node = _Node(tuple(names), codes[depth], depth, own, parent)  # type: ignore[arg-type]
            if depth == 1 and name == names[0]:
                parents[depth] = parent  # a 直辖市's prefecture row repeats the province
                continue
            parents[depth] = node
            index.setdefault(name, []).append(node)
    for old, new in _former_names():
        became = [n for n in index.get(new[-1], ()) if n.names[: len(new)] == new]
        if became and old not in index:
            index[old] = became
    return {name: tuple(nodes) for name, nodes in index.items()}


def _former_names() -> list[tuple[str, tuple[str, ...]]]:
    """(former name, the division it became as province, prefecture, county) from JioNLP's list of changes."""
    changes = []
    for line in (_dictionary() / "china_location_change.txt").read_text(encoding="utf-8").splitlines():
        before, _, after = line.partition("=>")
        old, new = before.split("\t"), tuple(after.split("\t"))
        if len(old) >= 4 and new[0]:
            changes.append((old[-2], new))  # the former side ends in the changed division's name, short name
    return changes


@lru_cache(maxsize=1)
def _longest_name() -> int:
    return max(map(len, _index()))


def _chain(agency: str) -> tuple[list[_Node], int, int]:
    """Nodes for the longest run of nested division names at the start of ``agency``, the run's length
    (how many names) and where it ends in ``agency``."""
    index, longest = _index(), _longest_name()
    candidates: list[_Node] = []
    pos = length = 0
    while pos < len(agency):
        for size in range(min(longest, len(agency) - pos), 1, -1):
            nodes = index.get(agency[pos : pos + size])
            if not nodes:
                continue
            if candidates:
                nodes = tuple(n for n in nodes if any(n.ancestors_include(c) for c in candidates))
            if nodes:
                candidates = list(nodes)
                pos += size
                length += 1
                break
        else:
            break
    return candidates, length, pos


def _hint_score(node: _Node, hint: str) -> int:
    return sum(1 for alias in node.aliases if alias in hint)


def locate(agency: str, hint: str | None = None) -> list[Region]:
    """The divisions whose government ``agency`` belongs to, best first; empty when none is named.

    ``hint`` is any text about where the agency is (e.g. "浙江省杭州市临安区" or "临安"): candidates that
    it names more of are kept, the others dropped. Confidence is shared among the candidates left.
    """
    agency = agency.strip().replace(" ", "").replace("\u3000", "")
    nodes, length, end = _chain(agency)
    if not nodes:
        return []
    unlisted_town = _UNLISTED_TOWN.match(agency, end) is not None
    hinted = False
    if hint and len(nodes) > 1:
        scores = [_hint_score(n, hint) for n in nodes]
        best = max(scores)
        if best:
            nodes = [n for n, s in zip(nodes, scores) if s == best]
            hinted = True
    elif hint:
        hinted = _hint_score(nodes[0], hint) > 0
    regions = []
    for node in nodes:
        level = "township" if unlisted_town and LEVELS[node.level] == "county" else LEVELS[node.level]
        confidence = max(_BASE[LEVELS[node.level]], _NESTED if length > 1 else 0.0) / len(nodes)
        if hinted and len(nodes) == 1:
            confidence = max(confidence, 0.9)
        elif hint and not hinted:
            confidence /= 2  # the hint names none of them
        province, prefecture, county, township = node.names
        regions.append(Region(province or "", prefecture, county, township, node.code, level, round(confidence, 3)))
    regions.sort(key=lambda r: (-r.confidence, r.code, r.township or ""))
    return regions


REGION_COLUMNS = {"province": str, "prefecture": str, "county": str, "township": str, "region_code": str,
                  "region_level": str, "region_confidence": float, "region_candidates": int}


def report_region(agency: str | None, text: str) -> dict[str, object]:
    """A report's region columns: its agency located (where several divisions fit, the opening
    of its text as the hint); an agency no division fits gets confidence 0 and no names."""
    found = locate(agency) if agency else []
    if len(found) > 1:
        found = locate(agency or "", hint=text[:500])
    if not found:
        return {**dict.fromkeys(REGION_COLUMNS), "region_confidence": 0.0, "region_candidates": 0}
    best = found[0]
    return {"province": best.province, "prefecture": best.prefecture, "county": best.county,
            "township": best.township, "region_code": best.code, "region_level": best.level,
            "region_confidence": best.confidence, "region_candidates": len(found)}


def refresh_regions(db: sqlite_utils.Database) -> int:
    """Locate the reports not located yet (``region_confidence`` NULL); how many."""
    todo = db.execute("select content_hash, agency, text from reports where region_confidence is null").fetchall()
    with db.conn:
        for content_hash, agency, text in todo:
            columns = report_region(agency, text or "")
            assignments = ", ".join(f"[{name}] = ?" for name in columns)
            db.conn.execute(f"update reports set {assignments} where content_hash = ?",
                            [*columns.values(), content_hash])
    return len(todo)
