"""Imitation annual OGI reports for the demo portals, and their HTML rendering.

Prose comes from the real seed reports in ``data/seeds``; the tables (sections 二, 三
and 四) are generated so that they satisfy the national template's consistency rules.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import html
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.parse.template import (
    GROUP_LABELS,
    LEGAL_PERSON_COLUMNS,
    RESULTS_LABEL,
    REVIEW_RESULTS,
    ROW_LABELS,
    SECTION2_COLUMNS,
    SECTION3_KEYS,
    SECTION_HEADINGS,
    TEMPLATE_2019,
    template_for_year,
)

SEEDS_DIR = Path(__file__).resolve().parents[2] / "data" / "seeds"

TITLE_STYLES = (
    "{agency}{year}年政府信息公开工作年度报告",
    "{agency}{year}年度政府信息公开工作年度报告",
    "{year}年{agency}政府信息公开工作年度报告",
    "{agency}关于{year}年度政府信息公开工作的年度报告",
)

# ---------------------------------------------------------------- section 三

SECTION3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_SUB_ROW = re.compile(r"([a-z_]+)_(\d+)")
# How likely a pending application ends in each row (carry_forward: still pending).
_OUTCOME_WEIGHTS = {
    "open": 40.0, "partial": 10.0,
    "withheld_1": 0.2, "withheld_2": 0.5, "withheld_3": 0.3, "withheld_4": 1.0,
    "withheld_5": 0.8, "withheld_6": 1.0, "withheld_7": 0.5, "withheld_8": 0.8,
    "unable_1": 20.0, "unable_2": 3.0, "unable_3": 2.0,
    "not_processed_1": 4.0, "not_processed_2": 3.0, "not_processed_3": 1.0,
    "not_processed_4": 0.5, "not_processed_5": 1.0,
    "other": 3.0, "other_1": 2.0, "other_2": 0.3, "other_3": 1.5,
    "carry_forward": 5.0,
}

_SECTION2_WIDTH = 4  # 信息内容 plus at most three columns

Section2 = tuple[tuple[str, str, tuple[str, ...]], ...]
Section3 = tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class DemoReport:
    """One annual report as a demo portal publishes it."""

    agency: str
    year: int
    published: datetime.date
    template: str
    title: str
    intro: tuple[str, ...]
    problems: tuple[str, ...]
    other: tuple[str, ...]
    section2: Section2
    section3: Section3
    section4: tuple[int, ...]


# ---------------------------------------------------------------- seeds


@dataclass(frozen=True)
class _Seed:
    """A seed file and the names its prose uses for its agency."""

    prefix: str
    agency: str
    full_names: tuple[str, ...]
    short_names: tuple[str, ...]


@dataclass(frozen=True)
class _SeedText:
    """What is kept of a seed: its title and the prose of sections 一, 五 and 六."""

    title: str
    intro: tuple[str, ...]
    problems: tuple[str, ...]
    other: tuple[str, ...]


_SEEDS = (
    _Seed("000", "团山子乡人民政府", ("团山子乡人民政府",), ("团山子乡",)),
    _Seed("001", "清凉峰镇人民政府", ("清凉峰镇人民政府",), ("清凉峰镇",)),
    _Seed("003", "雷庄镇人民政府", ("雷庄镇人民政府",), ("雷庄镇",)),
    _Seed(
        "004",
        "新乡市牧野区人民政府办公室",
        ("新乡市牧野区人民政府办公室", "牧野区人民政府办公室", "牧野区政府办公室"),
        ("牧野区",),
    ),
)
_SEED_YEAR = 2020
_BOOKMARK = "[bookmark: _GoBack]"
_NUMERALS = "一二三四五六"


def _heading_lines(lines: Sequence[str]) -> list[int]:
    """Indexes of the top-level headings 一、 … 六、, found in order (table cells skipped)."""
    found: list[int] = []
    start = 0
    for numeral in _NUMERALS:
        index = next(
            (i for i in range(start, len(lines))
             if not lines[i].startswith("\t") and lines[i].strip().startswith(numeral + "、")),
            None,
        )
        if index is None:
            raise ValueError(f"seed text has no heading {numeral}、")
        found.append(index)
        start = index + 1
    return found


def _title(lines: Iterable[str]) -> str:
    """The title: the first lines of the text, joined, up to the one ending in 报告."""
    title = ""
    for line in lines:
        title += line.strip()
        if title.endswith("报告"):
            return title
    raise ValueError("seed text has no title")


def _paragraphs(lines: Iterable[str]) -> tuple[str, ...]:
    """The non-empty lines, stripped: one paragraph each."""
    return tuple(line.strip() for line in lines if line.strip())


def _parse_seed(text: str) -> _SeedText:
    """Split a flattened seed report into its title and the prose of sections 一, 五, 六."""
    lines = text.replace(_BOOKMARK, "").splitlines()
    heads = _heading_lines(lines)
    ends = [*heads[1:], len(lines)]
    sections = [_paragraphs(lines[start + 1:end]) for start, end in zip(heads, ends)]
    return _SeedText(_title(lines[:heads[0]]), sections[0], sections[4], sections[5])


@functools.cache
def _seed_text(prefix: str) -> _SeedText:
    """The parsed seed file ``data/seeds/<prefix>_*.txt``."""
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    return _parse_seed(path.read_text(encoding="utf-8"))


def _short_name(agency: str) -> str:
    """``某某镇人民政府`` -> ``某某镇``; names without such a suffix are kept whole."""
    for suffix in ("人民政府办公室", "人民政府"):
        if agency.endswith(suffix) and len(agency) > len(suffix):
            return agency.removesuffix(suffix)
    return agency


def _rename(paragraphs: tuple[str, ...], seed: _Seed, agency: str, year: int) -> tuple[str, ...]:
    """Put ``agency`` and ``year`` in place of the seed's agency names and year."""
    names = {name: agency for name in seed.full_names} | {
        name: _short_name(agency) for name in seed.short_names
    }
    pattern = re.compile(
        "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        + rf"|(?<!\d){_SEED_YEAR}(?!\d)"
    )
    return tuple(
        pattern.sub(lambda m: names.get(m.group(), str(year)), paragraph)
        for paragraph in paragraphs
    )


# ---------------------------------------------------------------- generation


def _is_township(agency: str) -> bool:
    """True for a 乡, 镇 or 街道: few applications, small numbers."""
    return re.search(r"(乡|镇|街道)(人民政府|办事处)?$", agency) is not None


def _published(rng: random.Random, year: int) -> datetime.date:
    """A publication date between January and March of the following year."""
    return datetime.date(year + 1, 1, 1) + datetime.timedelta(days=rng.randrange(90))


def _count(rng: random.Random, large: bool, small_max: int, large_max: int) -> int:
    """A count that is mostly zero for small agencies."""
    if large:
        return rng.randint(0, large_max)
    return 0 if rng.random() < 0.6 else rng.randint(1, small_max)


def _signed(rng: random.Random, change: int) -> str:
    """A yearly change as agencies print it: ``0``, ``+3``, ``3``, ``-2``."""
    if change < 0:
        return str(change)
    return "0" if change == 0 else rng.choice((f"+{change}", str(change)))


def _money(rng: random.Random, yuan: float) -> str:
    """An amount in one of the real printed forms (万 with unit, yuan, 万 without unit)."""
    if yuan == 0:
        return "0"
    return rng.choice((f"{yuan / 10000:.2f}万", f"{yuan:.2f}", f"{yuan / 10000:.1f}"))


def _documents(rng: random.Random, large: bool) -> tuple[str, str, str]:
    """规范性文件 counts (2019): newly made, newly published, published in total."""
    made = _count(rng, large, 3, 15)
    published = made if rng.random() < 0.8 else rng.randint(0, made)
    return str(made), str(published), str(published + _count(rng, large, 10, 80))


def _items(rng: random.Random, large: bool, items_max: int) -> tuple[str, str]:
    """Item counts (2019): last year's items and this year's change."""
    previous = _count(rng, large, 5, items_max)
    change = rng.randint(-previous, 3) if rng.random() < 0.3 else 0
    return str(previous), _signed(rng, change)


def _decided(rng: random.Random, large: bool, items_max: int, decisions_max: int) -> tuple[str, str, str]:
    """Item counts with the year's decisions (2019 blocks （五） and （六））."""
    return (*_items(rng, large, items_max), str(_count(rng, large, 20, decisions_max)))


def _section2_2019(rng: random.Random, large: bool) -> Section2:
    purchases = _count(rng, large, 3, 60)
    amount = rng.uniform(5_000, 400_000) * purchases if purchases else 0.0
    return (
        ("第二十条第（一）项", "规章", ("0", "0", "0")),
        ("第二十条第（一）项", "规范性文件", _documents(rng, large)),
        ("第二十条第（五）项", "行政许可", _decided(rng, large, 120, 3000)),
        ("第二十条第（五）项", "其他对外管理服务事项", _decided(rng, large, 60, 500)),
        ("第二十条第（六）项", "行政处罚", _decided(rng, large, 400, 2000)),
        ("第二十条第（六）项", "行政强制", _decided(rng, large, 40, 200)),
        ("第二十条第（八）项", "行政事业性收费", _items(rng, large, 10)),
        ("第二十条第（九）项", "政府集中采购", (str(purchases), _money(rng, amount))),
    )


def _section2_2021(rng: random.Random, large: bool) -> Section2:
    issued = _count(rng, large, 3, 15)
    repealed = _count(rng, large, 1, 5)
    in_force = issued + _count(rng, large, 10, 80)
    fees = rng.uniform(0.5, 800) if large and rng.random() < 0.5 else 0.0
    return (
        ("第二十条第（一）项", "规章", ("0", "0", "0")),
        ("第二十条第（一）项", "行政规范性文件", (str(issued), str(repealed), str(in_force))),
        ("第二十条第（五）项", "行政许可", (str(_count(rng, large, 20, 3000)),)),
        ("第二十条第（六）项", "行政处罚", (str(_count(rng, large, 20, 2000)),)),
        ("第二十条第（六）项", "行政强制", (str(_count(rng, large, 5, 200)),)),
        ("第二十条第（八）项", "行政事业性收费", (rng.choice((f"{fees:.2f}", f"{fees:.4f}")) if fees else "0",)),
    )


def _new_applications(rng: random.Random, large: bool) -> list[int]:
    """Applications received this year, per applicant column: mostly from 自然人."""
    if large:
        natural = min(int(rng.lognormvariate(3.4, 0.9)), 800)
        shares = (0.2, 0.02, 0.05, 0.1, 0.08)
        return [natural, *(rng.randint(0, math.ceil(natural * share)) for share in shares)]
    natural = rng.choices((0, 1, 2, 3), (60, 25, 10, 5))[0]
    return [natural, *(int(rng.random() < chance) for chance in (0.08, 0.01, 0.01, 0.02, 0.02))]


def _section3(rng: random.Random, template: str, large: bool) -> Section3:
    """Section 三 numbers: every application pending this year ends in one row."""
    keys = SECTION3_KEYS[template]
    ends = [k for k in keys if k not in ("new", "carried_over", "total")]
    weights = [_OUTCOME_WEIGHTS[k] for k in ends]
    counts = {k: [0] * 6 for k in keys}
    for column, new in enumerate(_new_applications(rng, large)):
        carried = rng.randint(0, new // 10) if large else int(column == 0 and rng.random() < 0.05)
        counts["new"][column], counts["carried_over"][column] = new, carried
        for end in rng.choices(ends, weights, k=new + carried):
            counts[end][column] += 1
    results = [k for k in ends if k != "carry_forward"]
    counts["total"] = [sum(counts[k][c] for k in results) for c in range(6)]
    return tuple((k, (*counts[k], sum(counts[k]))) for k in keys)


def _section4(rng: random.Random, large: bool) -> tuple[int, ...]:
    """Section 四: review, direct suit and suit after review, each with its total."""
    if large:
        cases = (rng.randint(0, 12), rng.randint(0, 6), rng.randint(0, 3))
    else:
        cases = (
            rng.choices((0, 1, 2), (85, 10, 5))[0],
            int(rng.random() < 0.07),
            int(rng.random() < 0.03),
        )
    values: list[int] = []
    for n in cases:
        split = [0] * 4
        for result in rng.choices(range(4), (6, 1, 1.5, 2), k=n):
            split[result] += 1
        values += [*split, n]
    return tuple(values)


def _build(rng: random.Random, agency: str, year: int, prose: _SeedText) -> DemoReport:
    """A report with ``prose`` and numbers drawn from ``rng``."""
    template = template_for_year(year)
    large = rng.random() < (0.1 if _is_township(agency) else 0.6)
    section2 = _section2_2019(rng, large) if template == TEMPLATE_2019 else _section2_2021(rng, large)
    return DemoReport(
        agency=agency,
        year=year,
        published=_published(rng, year),
        template=template,
        title=prose.title,
        intro=prose.intro,
        problems=prose.problems,
        other=prose.other,
        section2=section2,
        section3=_section3(rng, template, large),
        section4=_section4(rng, large),
    )


def seed_reports() -> list[DemoReport]:
    """The four simplified-Chinese seeds with their own title and prose, and generated numbers."""
    return [
        _build(random.Random(int(seed.prefix)), seed.agency, _SEED_YEAR, _seed_text(seed.prefix))
        for seed in _SEEDS
    ]


def variant_report(rng: random.Random, agency: str, year: int, title_style: int = 0) -> DemoReport:
    """A report for ``agency`` and ``year`` with a seed's prose (renamed) and generated numbers."""
    seed = rng.choice(_SEEDS)
    text = _seed_text(seed.prefix)
    prose = _SeedText(
        title=TITLE_STYLES[title_style].format(agency=agency, year=year),
        intro=_rename(text.intro, seed, agency, year),
        problems=_rename(text.problems, seed, agency, year),
        other=_rename(text.other, seed, agency, year),
    )
    return _build(rng, agency, year, prose)


def inconsistent(report: DemoReport, rng: random.Random) -> DemoReport:
    """A copy whose section 三 has one cell off by one to three."""
    rows = [list(values) for _, values in report.section3]
    row, column = rng.randrange(len(rows)), rng.randrange(7)
    delta = rng.randint(1, 3)
    rows[row][column] += delta if rows[row][column] < delta or rng.random() < 0.5 else -delta
    section3 = tuple((key, tuple(values)) for (key, _), values in zip(report.section3, rows))
    return dataclasses.replace(report, section3=section3)


# ---------------------------------------------------------------- rendering

_TABLE_OPEN = (
    '<table border="1" cellspacing="0" cellpadding="0" width="100%" '
    'style="border-collapse:collapse;border:none;">'
)
_CELL_STYLE = "border:solid windowtext 1pt;padding:0 5.4pt;text-align:center;"


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f'<td{spans} valign="center" style="{_CELL_STYLE}">{html.escape(text)}</td>'


def _tr(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _table(rows: Iterable[str]) -> str:
    return _TABLE_OPEN + "<tbody>" + "".join(rows) + "</tbody></table>"


def _heading(text: str) -> str:
    return f"<p><strong>{html.escape(text)}</strong></p>"


def _paragraph(text: str) -> str:
    return f'<p style="text-indent:2em;">{html.escape(text)}</p>'


def _section2_row(first: str, cells: Sequence[str]) -> str:
    """A row of section 二; its last cell spans the columns the block does not use."""
    spans = [1] * (len(cells) - 1) + [_SECTION2_WIDTH - len(cells)]
    return _tr([_td(first), *(_td(cell, colspan=span) for cell, span in zip(cells, spans))])


def _section2_table(report: DemoReport) -> str:
    rows: list[str] = []
    block = None
    for label, row, cells in report.section2:
        if label != block:
            block = label
            rows.append(_tr([_td(label, colspan=_SECTION2_WIDTH)]))
            rows.append(_section2_row("信息内容", SECTION2_COLUMNS[report.template][label]))
        rows.append(_section2_row(row, cells))
    return _table(rows)


def _section3_labels(key: str, keys: Sequence[str]) -> list[str]:
    """The label cells of one section 三 row (three columns wide in all)."""
    if key in ("new", "carried_over", "carry_forward"):
        return [_td(ROW_LABELS[key], colspan=3)]
    cells = []
    if key == "open":
        cells.append(_td(RESULTS_LABEL, rowspan=keys.index("carry_forward") - keys.index("open")))
    sub_row = _SUB_ROW.fullmatch(key)
    if sub_row is None:
        return [*cells, _td(ROW_LABELS[key], colspan=2)]
    group, number = sub_row.groups()
    if number == "1":
        size = sum(1 for k in keys if k.startswith(group + "_"))
        cells.append(_td(GROUP_LABELS[group], rowspan=size))
    return [*cells, _td(ROW_LABELS[key])]


def _section3_table(report: DemoReport) -> str:
    keys = [key for key, _ in report.section3]
    header = [
        _tr([_td(SECTION3_CORNER, rowspan=3, colspan=3), _td("申请人情况", colspan=7)]),
        _tr([_td("自然人", rowspan=2), _td("法人或其他组织", colspan=5), _td("总计", rowspan=2)]),
        _tr(_td(name) for name in LEGAL_PERSON_COLUMNS),
    ]
    body = [
        _tr([*_section3_labels(key, keys), *(_td(str(v)) for v in values)])
        for key, values in report.section3
    ]
    return _table(header + body)


def _section4_table(report: DemoReport) -> str:
    return _table([
        _tr([_td("行政复议", colspan=5), _td("行政诉讼", colspan=10)]),
        _tr([*(_td(r, rowspan=2) for r in REVIEW_RESULTS),
             _td("未经复议直接起诉", colspan=5), _td("复议后起诉", colspan=5)]),
        _tr(_td(r) for r in REVIEW_RESULTS * 2),
        _tr(_td(str(v)) for v in report.section4),
    ])


def render_html(report: DemoReport) -> str:
    """The report body (no title) as a portal shows it inside its article container."""
    one, two, three, four, five, six = SECTION_HEADINGS
    parts = [
        _heading(one), *map(_paragraph, report.intro),
        _heading(two), _section2_table(report),
        _heading(three), _section3_table(report),
        _heading(four), _section4_table(report),
        _heading(five), *map(_paragraph, report.problems),
        _heading(six), *map(_paragraph, report.other),
    ]
    return "\n".join(parts)


def body_paragraphs(report: DemoReport) -> list[str]:
    """Every prose paragraph as it appears in ``render_html``'s text, in order."""
    return [*report.intro, *report.problems, *report.other]
