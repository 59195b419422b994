"""Section 三 (applications received and handled) from a table's rows of cells.

The rows come from a page's tables (``parse_section3``, the table found by its first row
label 本年新收) or from tables flattened into text (``parse_section3_text``). Rows are mapped to
the template's row keys by their labels (never by position): a sub-row such as
``1.属于国家秘密`` belongs to the group its own labels name, or else to the last group
named above it (flattened text prints the group once, HTML repeats it through rowspan).
The last seven cells of a row are its numbers, in the template's column order. A blank
cell is None, not 0.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from crawler.parse.cells import is_number, number_row
from crawler.parse.checks import Check, failed, section3_checks
from crawler.parse.run_together import cut_run_together, totals_add_up, trailing_run
from crawler.parse.tables import PageTable, table_run
from crawler.parse.template import APPLICANT_COLUMNS, ROW_LABELS, SECTION3_KEYS, TEMPLATE_2019, TEMPLATE_2021
from crawler.parse.text_tables import text_table_rows
from crawler.text.fold import fold

_READABLE_AT_LEAST = 4  # of a row's 7 cells: fewer, and the row is a header, not numbers
_SUB_NUMBER = re.compile(r"^(?:\((\d+)\)|(\d+)[.．、])")  # after fold: 1. 1、 1． (1)
_PREFIX_AT_LEAST = 6  # characters of a sub-row's words that name it when the rest is cut off
_GROUP_LABEL = re.compile(r"^\([一二三四五六七]\)[^\d(]*")  # "(三)不予公开" before a sub-row's own label
_PUNCTUATION = re.compile(r"[^\w]")
_NOTE = re.compile(r"\((?:填写说明|说明|注|备注|含|其中)[^()]*\)$")  # after fold: (注:含个人隐私)


def _words_only(label: str) -> str:
    """A label without its punctuation: converters print ``、`` as ``,`` and drop quotes."""
    return _PUNCTUATION.sub("", label)


# sub-row number -> [(key, its words as the template prints them, folded, without punctuation)], both versions
_SUB_ROW_WORDS: dict[str, list[tuple[str, str]]] = {}
for _key, _label in ROW_LABELS.items():
    if re.fullmatch(r"[a-z_]+_\d+", _key):
        _number = _key.rsplit("_", 1)[1]
        _SUB_ROW_WORDS.setdefault(_number, []).append((_key, _words_only(re.sub(r"^\d+[.]", "", fold(_label)))))
_GROUPS = (("不予公开", "withheld"), ("无法提供", "unable"), ("不予处理", "not_processed"), ("其他处理", "other"))


@dataclass(frozen=True)
class Section3Row:
    """One row of section 三: its template key, label as printed, numbers and raw cells."""

    key: str
    label: str
    values: tuple[int | None, ...]
    raw: tuple[str, ...]


@dataclass(frozen=True)
class Section3:
    """Section 三 of one report, with the template it follows and its broken rules."""

    rows: list[Section3Row]
    template: str | None  # "2019", "2021" or None when the rows follow neither
    checks: list[Check]  # every check of the template's rules, passed, failed or not checkable
    unreadable: list[str]  # cells neither a number nor blank, e.g. "new 自然人: '一'" (read as None)
    placed: tuple[str, ...] = ()  # rows whose labels were lost, placed by the template's order (their keys)

    @property
    def problems(self) -> list[Check]:
        """The checks that failed."""
        return failed(self.checks)


def row_key(labels: list[str], group: str = "") -> str | None:
    """The template row a row's label cells name (``group``: the last group label above), or None."""
    whole = fold(group + "".join(labels))
    last = fold(labels[-1]) if labels else ""
    for needle, key in (("本年新收", "new"), ("上年结转", "carried_over"), ("结转下年", "carry_forward"),
                        ("继续办理", "carry_forward")):
        if needle in whole:
            return key
    if "总计" in last:
        return "total"
    if "予以公开" in last:
        return "open"
    if "部分公开" in last:
        return "partial"
    named = _sub_row_named(labels)  # a sub-row's own words beat the group it seems to be under
    if named:
        return named
    sub = sub_number(_GROUP_LABEL.sub("", last))
    for needle, prefix in _GROUPS:
        if needle in whole and (sub or needle in last):
            return f"{prefix}_{sub}" if sub else prefix
    return None


def _sub_row_named(labels: list[str]) -> str | None:
    """The sub-row whose own words a label cell prints (``4.保护第三方合法权益``), with its group
    lost or cut (text from a PDF without rules: ``（三）不予公`` / ``开``). The last such cell wins."""
    return next((key for key in map(_sub_row_of, reversed(labels)) if key), None)


@functools.lru_cache(maxsize=4096)  # the same labels come back in every report
def _sub_row_of(label: str) -> str | None:
    text = _GROUP_LABEL.sub("", fold(label))
    number = sub_number(text)
    words = _words_only(_NOTE.sub("", _SUB_NUMBER.sub("", text)))  # a filling instruction left in: out
    for key, template_words in _SUB_ROW_WORDS.get(number or "", ()):
        if words == template_words or (len(words) >= _PREFIX_AT_LEAST and template_words.startswith(words)):
            return key
    return None


def sub_number(label: str) -> str | None:
    """The number of a sub-row's label (``1.属于国家秘密``, ``2、重复申请``, ``（3）其他``), folded."""
    found = _SUB_NUMBER.match(label)
    return (found[1] or found[2]) if found else None


def _group_named(labels: list[str]) -> str | None:
    folded = fold("".join(labels))
    return next((needle for needle, _ in _GROUPS if needle in folded), None)


def _row_cells(cells: list[str], run_together: bool) -> tuple[list[str], tuple[str, ...] | None]:
    """(label cells, number cells) of a row: its last 7 cells (after blank cells a converter
    added past the numbers: ``| 一、本年新收… | 32 | … | 34 | |``), or, in text whose numbers may be
    run together (``1 0 0 0 0 01``), the number tokens it ends with, to be cut."""
    while len(cells) > 8 and not cells[-1].strip() and is_number(cells[-8]):
        cells = cells[:-1]
    if not run_together or len(cells) >= 8 and number_row(tuple(cells[-7:]), _READABLE_AT_LEAST) is not None:
        return cells[:-7], (tuple(cells[-7:]) if len(cells) >= 7 else None)
    count = trailing_run(cells)
    return (cells[:-count], tuple(cells[-count:])) if 0 < count < 7 else (cells[:-7], None)


Printed = str | tuple[str, ...]  # a row found by its label (its key), or the 7 cells of a row that lost its label


def _placed(printed: list[Printed], found: set[str]) -> dict[str, tuple[str, ...]]:
    """Rows that lost their labels, placed where the template's order leaves no doubt: a run of
    them between two found rows fills the missing rows between those two in that order, when
    there are exactly as many in one template version (or in both, alike)."""
    placed: dict[str, tuple[str, ...]] = {}
    bounds = [i for i, item in enumerate(printed) if isinstance(item, str)]
    for before, after in zip([-1, *bounds], [*bounds, len(printed)]):
        bare = [item for item in printed[before + 1:after] if isinstance(item, tuple)]
        if not bare:
            continue
        ways = set()
        for keys in SECTION3_KEYS.values():
            bounds_in = [printed[i] in keys for i in (before, after) if 0 <= i < len(printed)]
            if not all(bounds_in):  # a row between them belongs to the other version
                continue
            start = keys.index(printed[before]) + 1 if before >= 0 else 0
            end = keys.index(printed[after]) if after < len(printed) else len(keys)
            missing = tuple(key for key in keys[start:end] if key not in found)
            if len(missing) == len(bare):
                ways.add(missing)
        if len(ways) == 1:
            placed |= dict(zip(ways.pop(), bare))
    return placed


def section3_from_rows(grid: list[list[str]], run_together: bool = False) -> Section3 | None:
    """Section 三 from rows of cells (a table's or a text's); None when no row is one of its rows.
    ``run_together``: the rows come from text whose numbers may be run together (see ``_row_cells``).
    Rows of seven numbers that lost their labels (a converter's markdown) are placed by the
    template's order where it leaves no doubt (``_placed``), and named as placed."""
    found: dict[str, Section3Row] = {}
    printed: list[Printed] = []
    unreadable: list[str] = []
    group = ""
    for cells in grid:
        label_cells, raw = _row_cells(cells, run_together)
        labels = list(dict.fromkeys(c for c in label_cells if c))
        group = _group_named(labels) or (group if not labels or sub_number(fold(labels[0])) else "")
        key = row_key(labels, group)
        if key is None and raw is not None and len(raw) == 7 and all(is_number(cell) for cell in raw):
            printed.append(raw)  # numbers whose label was lost, or cut to a fragment no row is named by
            continue
        if key not in ROW_LABELS or key in found:  # not a row, or a group's own row (（三）不予公开 alone)
            continue
        if raw is not None and len(raw) < 7:  # numbers run together: cut where one way is left
            text, raw = " ".join(raw), cut_run_together(raw, 7, totals_add_up(7))
            if raw is None:  # the row is there, its numbers past cutting: left out, and said
                unreadable.append(f"{key}: {text!r} under 7 columns, run together or with a blank lost")
                continue
        numbers = number_row(raw, _READABLE_AT_LEAST) if raw is not None else None
        if numbers is None:
            continue
        values, odd = numbers
        unreadable += [f"{key} {APPLICANT_COLUMNS[i]}: {raw[i].strip()!r}" for i in odd]
        found[key] = Section3Row(key, labels[-1] if labels else "", values, raw)
        printed.append(key)
    placed = _placed(printed, set(found))
    for key, raw in placed.items():
        found[key] = Section3Row(key, "", tuple(int(cell) for cell in raw), raw)
    if not found:
        return None
    order = {key: i for keys in SECTION3_KEYS.values() for i, key in enumerate(keys)}
    rows = [found[key] for key in printed if isinstance(key, str)] if not placed else \
        sorted(found.values(), key=lambda row: order[row.key])
    keys = tuple(r.key for r in rows)
    template = next((t for t in (TEMPLATE_2019, TEMPLATE_2021) if SECTION3_KEYS[t] == keys), None)
    return Section3(rows, template, section3_checks((r.key, r.values) for r in rows), unreadable,
                    tuple(key for key in keys if key in placed))


def parse_section3(tables: list[PageTable]) -> Section3 | None:
    """Section 三 from the page's table that starts 本年新收 (and its parts split off after it)."""
    rows = table_run(tables, lambda text: "本年新收" in text, ("第二十条", "行政诉讼"))
    return section3_from_rows(rows) if rows else None


def parse_section3_text(text: str) -> Section3 | None:
    """Section 三 of a report whose tables reach us as text: flattened from Word (tab-led cells),
    by a content farm (`` |`` after each cell), a row a line between pipes, or with the rules
    lost (cells apart by spaces or run together), mirrors' pinyin and Traditional labels included."""
    return section3_from_rows(*text_table_rows(text, 3))
