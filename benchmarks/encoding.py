"""Encoding benchmark: how well pages are decoded and mojibake repaired, against third-party tools.

Part 1 (decoding). A deterministic corpus of report texts (the clean seeds and generated reports, as
plain text and as full HTML pages with ``<meta>``, from a 16-byte title to ~64 KB pages) is encoded as
GBK (with GBK-only characters such as 喆), GB2312 (GB2312-clean text), GB18030 (with characters outside
GBK such as 𠀀 and 䶮), UTF-8, UTF-8 with BOM and Big5 (Traditional text from OpenCC s2t/s2hk, only
characters Big5 encodes), each declared by a correct HTTP header, a correct ``<meta>`` only, nothing,
or wrongly (utf-8 for GB bytes, gb2312 for UTF-8 and Big5 bytes). A detector is right on a sample when
its answer decodes the bytes to exactly the source text: third-party detectors' encoding names are
decoded with errors="replace", GB2312/GBK as GB18030, Big5 as Big5-HKSCS, UTF-8 as UTF-8-SIG (a BOM is
not text); no answer counts as wrong. Ours is ``decode_page`` given the sample's Content-Type, and
again given none (ours consults chardet itself when no candidate reads well); the third-party
detectors get the bytes only (chardet and charset-normalizer do read an in-body ``<meta>`` charset;
cchardet does not). Times are medians of single calls on HTML pages of 1 KB and 64 KB, with no charset
declared and with a correct ``<meta>``.

Part 2 (repairs). Clean paragraphs and report texts are damaged (UTF-8 read as GBK, strictly where that
round-trips and with 'replace' where it does not; UTF-8 read as cp1252, strictly or as browsers do, or
as latin-1; GBK read as latin-1; UTF-8 mis-decoded twice; a content-farm mirror: Traditional with
tone-marked pinyin after ~1 in 15 Han characters) and repaired by ftfy.fix_text (also with its width and
quote normalisation off, ``ftfy*``) and by ours (``repair_page``). Character accuracy is difflib's ratio
against the clean text. False repairs: how many clean texts (Simplified, Traditional, English) each
fixer changes.

    .venv/bin/python benchmarks/encoding.py [--samples 2400] [--seed 0] [--markdown [PATH]]
"""

from __future__ import annotations

import argparse
import codecs
import collections
import csv
import difflib
import heapq
import json
import random
import re
import statistics
import string
import sys
import textwrap
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cchardet
import chardet
import charset_normalizer
import ftfy
import opencc
from pypinyin import Style, pinyin

from crawler.demo.reports import SEEDS_DIR, DemoReport, body_paragraphs, render_html, seed_reports, variant_report
from crawler.text.encoding import decode_page
from crawler.text.repair import repair_page

# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    """A titled table of strings, rendered as plain text or Markdown."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    notes: Sequence[str] = ()


def _width(text: str) -> int:
    """Display width: wide (East Asian) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def plain(table: Table) -> str:
    columns = list(zip(table.headers, *table.rows))
    widths = [max(_width(cell) for cell in column) for column in columns]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        padded = [first + " " * (widths[0] - _width(first))]
        padded += [" " * (w - _width(c)) + c for c, w in zip(rest, widths[1:])]
        return "  ".join(padded).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    out = [table.title, rule, line(table.headers), rule, *(line(row) for row in table.rows), rule]
    return "\n".join(out + [f"  {note}" for note in table.notes])


def markdown(table: Table) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    align = "|" + "|".join([":---", *("---:" for _ in table.headers[1:])]) + "|"
    out = [f"**{table.title}**", "", line(table.headers), align, *(line(row) for row in table.rows)]
    if table.notes:
        out += ["", *(f"- {note}" for note in table.notes)]
    return "\n".join(out)


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


# ---------------------------------------------------------------- source texts

_AGENCIES = (
    "青石县人民政府", "白河县教育局", "堃山县财政局", "云岭县自然资源局", "桐溪县东关镇人民政府",
    "梅川县西坪乡人民政府", "玉泉县卫生健康委员会", "石门县生态环境局", "清水县发展和改革局",
    "杭州市临安区人民政府办公室",
)
_CLEAN_SEEDS = ("000", "001", "003", "004")


@dataclass(frozen=True)
class Sources:
    """Clean Simplified texts the corpora are cut from."""

    titles: list[str]
    texts: list[str]  # whole reports as plain text (the seed files and generated reports)
    htmls: list[str]  # report bodies rendered as a portal's article HTML
    paragraphs: list[list[str]]  # per report, its non-empty lines


def seed_texts() -> list[str]:
    return [next(SEEDS_DIR.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8") for prefix in _CLEAN_SEEDS]


def report_text(report: DemoReport) -> str:
    return "\n".join([report.title, *body_paragraphs(report)])


def load_sources(rng: random.Random, generated: int = 24) -> Sources:
    reports = seed_reports() + [
        variant_report(rng, rng.choice(_AGENCIES), rng.randrange(2019, 2025), rng.randrange(4))
        for _ in range(generated)
    ]
    texts = seed_texts() + [report_text(r) for r in reports]
    paragraphs = [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
    return Sources([r.title for r in reports], texts, [render_html(r) for r in reports], paragraphs)


def cut(rng: random.Random, pieces: Sequence[str], joiner: str) -> Callable[[int], str]:
    """A function giving ``n`` characters of the pieces run together, from a random start."""
    first = rng.randrange(len(pieces))
    start = rng.randrange(len(pieces[first]))
    parts, length = [pieces[first]], len(pieces[first])
    while length < start + 70_000:  # enough for 64 KB in any encoding
        parts.append(rng.choice(pieces))
        length += len(joiner) + len(parts[-1])
    text = joiner.join(parts)
    return lambda n: text[start:start + n]


# ---------------------------------------------------------------- part 1: corpus

ENCODINGS = ("gbk", "gb2312", "gb18030", "utf-8", "utf-8-sig", "big5")
DECLARATIONS = ("header", "meta", "none", "wrong")
_LABEL = {"gbk": "gbk", "gb2312": "gb2312", "gb18030": "gb18030", "utf-8": "utf-8", "utf-8-sig": "utf-8",
          "big5": "big5"}
_WRONG = {"gbk": "utf-8", "gb2312": "utf-8", "gb18030": "utf-8", "utf-8": "gb2312", "utf-8-sig": "gb2312",
          "big5": "gb2312"}
# How the bytes are read back (the superset the decoders use); the text keeps only characters that round-trip.
_READER = {"gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig",
           "big5": "big5hkscs"}
_GBK_ONLY = "喆堃镕祎赟犇垚"  # in GBK, not in GB2312: names real GB2312-declared pages carry
_OUTSIDE_GBK = "𠀀䶮㛃㐀"  # GB18030 only (CJK Ext. B and A)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SIZE_BUCKETS = ((128, "16-128 B"), (1024, "128 B-1 KB"), (8192, "1-8 KB"), (1 << 17, "8-64 KB"))


@dataclass(frozen=True)
class Sample:
    text: str  # ground truth
    body: bytes
    encoding: str  # one of ENCODINGS
    declaration: str  # one of DECLARATIONS
    content_type: str | None
    kind: str  # text | html


@cache
def _roundtrips(char: str, codec: str, reader: str) -> bool:
    try:
        return char.encode(codec).decode(reader) == char
    except UnicodeError:
        return False


def keep_encodable(text: str, encoding: str) -> str:
    """``text`` without the characters ``encoding`` cannot carry (or that read back differently)."""
    drop = [c for c in set(text) if not _roundtrips(c, encoding, _READER[encoding])]
    return text.translate(dict.fromkeys(map(ord, drop))) if drop else text


@cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def inject(rng: random.Random, text: str, chars: str, every: int = 800) -> str:
    """Put characters from ``chars`` in place of some Han characters (at least one)."""
    positions = [m.start() for m in _HAN.finditer(text)]
    if not positions:
        return text
    out = list(text)
    for pos in rng.sample(positions, max(1, len(positions) // every)):
        out[pos] = rng.choice(chars)
    return "".join(out)


def prepare(text: str, encoding: str, rng: random.Random, traditional: str) -> str:
    """The text as a page in ``encoding`` would carry it."""
    if encoding == "big5":
        text = _opencc(traditional).convert(text)
    elif encoding == "gbk":
        text = inject(rng, text, _GBK_ONLY)
    elif encoding == "gb18030":
        text = inject(rng, text, _OUTSIDE_GBK)
    return keep_encodable(text, encoding)


def html_page(title: str, body: str, meta: str | None, meta_style: int) -> str:
    if meta is None:
        head = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    elif meta_style:
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">'
    else:
        head = f'<meta charset="{meta}">'
    return (f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n<title>{title}</title>\n</head>\n<body>\n"
            f'<div class="article">\n<h1>{title}</h1>\n{body}\n</div>\n</body>\n</html>\n')


def declare(rng: random.Random, encoding: str, declaration: str, kind: str) -> tuple[str | None, str | None]:
    """(Content-Type header, <meta> charset) for a sample."""
    mime = "text/html" if kind == "html" else "text/plain"
    right, wrong = _LABEL[encoding], _WRONG[encoding]
    header, meta = {
        "header": (right, right if kind == "html" else None),
        "meta": (None, right),
        "none": (None, None),
        "wrong": (wrong if kind == "text" or rng.random() < 0.5 else None, wrong if kind == "html" else None),
    }[declaration]
    return (f"{mime}; charset={header}" if header else rng.choice((mime, None))), meta


def fit(make: Callable[[int], tuple[str, bytes]], target: int, per_char: float) -> tuple[str, bytes]:
    """The output of ``make(n)`` with ``n`` characters chosen so its bytes come near ``target``."""
    n = max(1, int(target / per_char))
    text, body = make(n)
    for _ in range(3):
        if abs(len(body) - target) <= max(2, target // 20):
            break
        n = max(1, int(n * target / max(len(body), 1)))
        text, body = make(n)
    return text, body


def make_sample(rng: random.Random, sources: Sources, encoding: str, target: int, kind: str | None = None,
                declaration: str | None = None) -> Sample:
    kind = kind or ("text" if target < 256 or rng.random() < 0.5 else "html")
    declaration = declaration or rng.choice([d for d in DECLARATIONS if kind == "html" or d != "meta"])
    content_type, meta = declare(rng, encoding, declaration, kind)
    traditional, meta_style, sub_seed = rng.choice(("s2t", "s2hk")), rng.randrange(2), rng.random()
    title = rng.choice(sources.titles)
    if kind == "text":
        chars = cut(rng, sources.titles if target < 64 else sources.texts, "\n")
    else:
        chars = cut(rng, sources.htmls, "\n")

    def make(n: int) -> tuple[str, bytes]:
        raw = chars(n) if kind == "text" else html_page(title, chars(n), meta, meta_style)
        text = prepare(raw, encoding, random.Random(sub_seed), traditional)
        return text, text.encode(encoding)

    per_char = {"text": 2.0, "html": 1.2}[kind] * (1.4 if encoding.startswith("utf-8") else 1.0)
    text, body = fit(make, target, per_char)
    assert body.decode(_READER[encoding]) == text
    return Sample(text, body, encoding, declaration, content_type, kind)


def corpus(rng: random.Random, sources: Sources, size: int) -> list[Sample]:
    """``size`` samples, encodings in turn, lengths log-uniform from 16 bytes to 64 KB."""
    return [make_sample(rng, sources, ENCODINGS[i % len(ENCODINGS)], int(16 * 4096 ** rng.random()))
            for i in range(size)]


# ---------------------------------------------------------------- part 1: detectors

Detector = Callable[[Sample], str | None]  # the decoded text, or None for no answer
_BOM_SAFE = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "utf_8": "utf-8-sig"}


def decode_named(body: bytes, name: str | None) -> str | None:
    """``body`` decoded with a detector's answer, widened as the module docstring says."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return body.decode(_BOM_SAFE.get(codec.replace("-", "_"), codec), "replace")


def _charset_normalizer(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body).best()
    return best.encoding if best else None


THIRD_PARTY: dict[str, Callable[[bytes], str | None]] = {
    "chardet": lambda body: chardet.detect(body)["encoding"],
    "charset-normalizer": _charset_normalizer,
    "cchardet": lambda body: cchardet.detect(body)["encoding"],
}
OURS_DECLARED, OURS_BYTES = "ours (declared)", "ours (bytes only)"
DETECTORS = (OURS_DECLARED, OURS_BYTES, *THIRD_PARTY)


@dataclass(frozen=True)
class Outcome:
    sample: Sample
    name: dict[str, str]  # detector -> the encoding it named (lowercase), "-" for none
    right: dict[str, bool]


def run_detectors(sample: Sample) -> Outcome:
    names: dict[str, str] = {}
    right: dict[str, bool] = {}
    for label, content_type in ((OURS_DECLARED, sample.content_type), (OURS_BYTES, None)):
        decoded = decode_page(sample.body, content_type)
        names[label], right[label] = decoded.encoding, decoded.text == sample.text
    for label, detect in THIRD_PARTY.items():
        name = detect(sample.body)
        names[label] = (name or "-").lower().replace("_", "-")
        right[label] = decode_named(sample.body, name) == sample.text
    return Outcome(sample, names, right)


def accuracy_table(title: str, outcomes: Sequence[Outcome], key: Callable[[Sample], str], order: Iterable[str],
                   notes: Sequence[str] = ()) -> Table:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome.sample)].append(outcome)
    rows = []
    for group, members in [*((g, groups[g]) for g in order if g in groups), ("all", list(outcomes))]:
        rows.append([group, str(len(members)),
                     *(pct(sum(o.right[d] for o in members), len(members)) for d in DETECTORS)])
    return Table(title, ["", "n", *DETECTORS], rows, notes)


def names_table(outcomes: Sequence[Outcome]) -> Table:
    rows = []
    for encoding in ENCODINGS:
        members = [o for o in outcomes if o.sample.encoding == encoding]
        cells = []
        for detector in DETECTORS:
            counts = Counter(o.name[detector] for o in members).most_common(2)
            cells.append(", ".join(f"{name} {pct(c, len(members))}" for name, c in counts))
        rows.append([encoding, *cells])
    return Table("Encoding named, by true encoding (top two, % of samples)", ["", *DETECTORS], rows)


def size_bucket(sample: Sample) -> str:
    return next(label for limit, label in _SIZE_BUCKETS if len(sample.body) <= limit)


def timed_median(call: Callable[[Sample], object], samples: Sequence[Sample], repeat: int) -> float:
    """Median seconds of ``repeat`` calls on each sample, after one warm-up call (models load on first use)."""
    call(samples[0])
    times = []
    for sample in samples:
        for _ in range(repeat):
            started = time.perf_counter()
            call(sample)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def timing_table(rng: random.Random, sources: Sources, per_encoding: int = 4, repeat: int = 3) -> Table:
    calls: dict[str, Callable[[Sample], object]] = {
        OURS_DECLARED: lambda s: decode_page(s.body, f"text/html; charset={_LABEL[s.encoding]}"),
        OURS_BYTES: lambda s: decode_page(s.body, None),
        **{label: (lambda s, detect=detect: detect(s.body)) for label, detect in THIRD_PARTY.items()},
    }
    columns: list[str] = []
    medians: dict[str, list[str]] = defaultdict(list)
    sizes: list[int] = []
    for declaration, label in (("none", "no charset"), ("meta", "<meta>")):
        for target in (1024, 65536):
            samples = [make_sample(rng, sources, encoding, target, "html", declaration)
                       for encoding in ENCODINGS for _ in range(per_encoding)]
            sizes += [len(s.body) for s in samples]
            columns.append(f"{target // 1024} KB, {label}")
            for detector, call in calls.items():
                medians[detector].append(f"{1000 * timed_median(call, samples, repeat):.2f}")
    notes = [f"each column: {per_encoding * len(ENCODINGS)} HTML pages ({per_encoding} per encoding; "
             f"{min(sizes):,}-{max(sizes):,} bytes), {repeat} timed calls each",
             f"{OURS_DECLARED} is given a correct Content-Type header; chardet and charset-normalizer "
             "return early on a <meta> charset"]
    return Table("Median time per call (ms)", ["", *columns], [[d, *medians[d]] for d in DETECTORS], notes)


def part1(rng: random.Random, sources: Sources, size: int) -> list[Table]:
    samples = corpus(rng, sources, size)
    outcomes = [run_detectors(s) for s in samples]
    sizes = sorted(len(s.body) for s in samples)
    html_share = sum(s.kind == "html" for s in samples)
    note = [f"{size} samples, {sizes[0]:,} to {sizes[-1]:,} bytes (median {statistics.median(sizes):,.0f}); "
            f"{html_share} HTML pages, {size - html_share} plain texts",
            "% decoded to exactly the source text; ours (declared) also gets the Content-Type header, the others "
            "only the bytes (chardet and charset-normalizer read a <meta> charset in them, as does ours)"]
    return [
        accuracy_table("Decoding: exact text, by encoding (%)", outcomes, lambda s: s.encoding, ENCODINGS, note),
        accuracy_table("Decoding: exact text, by declaration (%)", outcomes, lambda s: s.declaration, DECLARATIONS,
                       ["header: correct header (and <meta> on HTML); meta: correct <meta> only; "
                        "wrong: utf-8 declared for GB bytes, gb2312 for UTF-8 and Big5"]),
        accuracy_table("Decoding: exact text, by size (%)", outcomes, size_bucket,
                       [label for _, label in _SIZE_BUCKETS]),
        names_table(outcomes),
        timing_table(rng, sources),
    ]


# ---------------------------------------------------------------- part 2: damage


def _c1_controls(error: UnicodeDecodeError) -> tuple[str, int]:
    return "".join(map(chr, error.object[error.start:error.end])), error.end


codecs.register_error("bench-c1", _c1_controls)


def as_cp1252(raw: bytes) -> str:
    """Bytes read as windows-1252 the way browsers do (the five undefined bytes become C1 controls)."""
    return raw.decode("cp1252", "bench-c1")


def utf8_as_gbk_strict(text: str) -> str | None:
    raw = text.encode("utf-8")
    try:
        damaged = raw.decode("gbk")
    except UnicodeDecodeError:
        return None
    return damaged if damaged.encode("gbk") == raw else None


def utf8_as_gbk_replace(text: str) -> str | None:
    return None if utf8_as_gbk_strict(text) is not None else text.encode("utf-8").decode("gbk", "replace")


def utf8_as_cp1252_strict(text: str) -> str | None:
    try:
        return text.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined (0x81 0x8d 0x8f 0x90 0x9d)
        return None


def utf8_as_cp1252_web(text: str) -> str | None:
    return None if utf8_as_cp1252_strict(text) is not None else as_cp1252(text.encode("utf-8"))


def mirror(rng: random.Random, text: str) -> str:
    """A content-farm copy: Traditional, with a tone-marked reading after ~1 in 15 Han characters."""
    out = []
    for char in _opencc("s2t").convert(text):
        out.append(char)
        if _HAN.fullmatch(char) and rng.random() < 1 / 15:
            out.append(f"({pinyin(char, style=Style.TONE)[0][0]})")
    return "".join(out)


Damage = Callable[[random.Random, str], str | None]  # None: this text cannot carry this damage
DAMAGES: dict[str, Damage] = {
    "utf-8 as gbk (strict)": lambda rng, t: utf8_as_gbk_strict(t),
    "utf-8 as gbk (replace)": lambda rng, t: utf8_as_gbk_replace(t),
    "utf-8 as cp1252 (strict)": lambda rng, t: utf8_as_cp1252_strict(t),
    "utf-8 as cp1252 (web)": lambda rng, t: utf8_as_cp1252_web(t),
    "utf-8 as latin-1": lambda rng, t: t.encode("utf-8").decode("latin-1"),
    "gbk as latin-1": lambda rng, t: t.encode("gbk").decode("latin-1"),
    "utf-8 twice (latin-1)": lambda rng, t: t.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1"),
    "utf-8 twice (cp1252 web)": lambda rng, t: as_cp1252(as_cp1252(t.encode("utf-8")).encode("utf-8")),
    "mirror (s2t + pinyin)": mirror,
}
FTFY_KEEP = "ftfy*"
FIXERS: dict[str, Callable[[str], str]] = {
    "ftfy": ftfy.fix_text,
    FTFY_KEEP: lambda text: ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False),
    "ours": lambda text: repair_page(text).html,
}


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def clean_piece(rng: random.Random, sources: Sources, max_chars: int = 1200) -> str:
    """A paragraph, or a few consecutive lines of one report."""
    lines = rng.choice(sources.paragraphs)
    start = rng.randrange(len(lines))
    count = 1 if rng.random() < 0.5 else rng.randint(2, 5)
    return "\n".join(lines[start:start + count])[:max_chars]


def repair_table(rng: random.Random, sources: Sources, per_damage: int) -> Table:
    columns = ["as is", *FIXERS, *(f"{name} exact" for name in FIXERS)]
    rows = []
    for label, damage in DAMAGES.items():
        scores: dict[str, list[float]] = defaultdict(list)
        tries = 0
        while len(scores["as is"]) < per_damage and tries < 200 * per_damage:
            tries += 1
            clean = clean_piece(rng, sources)
            damaged = damage(rng, clean)
            if damaged is None or damaged == clean:
                continue
            scores["as is"].append(similarity(clean, damaged))
            for name, fix in FIXERS.items():
                fixed = fix(damaged)
                scores[name].append(similarity(clean, fixed))
                scores[name + " exact"].append(float(fixed == clean))
        n = len(scores["as is"])
        rows.append([label, str(n), *(pct(sum(scores[k]), n) for k in columns)])
    return Table("Repair: character accuracy against the clean text (%)", ["damage", "n", *columns], rows, [
        "accuracy: mean difflib ratio (autojunk off); exact: % of samples restored exactly",
        f"{FTFY_KEEP}: fix_text(fix_character_width=False, uncurl_quotes=False): keeps ，（）“” as they are",
        "utf-8 as gbk: strict where the bytes decode as GBK and re-encode to the same bytes, replace (U+FFFD) "
        "for the rest",
        "utf-8 as cp1252: strict where no byte is one cp1252 leaves undefined; web (as browsers and MySQL's "
        "latin1 read it: those bytes become C1 controls) for the rest",
    ])


def english_paragraphs() -> list[str]:
    """ASCII English prose: paragraphs of standard-library module docstrings."""
    paragraphs = []
    for module in (argparse, collections, csv, difflib, heapq, json, random, string, textwrap, codecs, statistics):
        for paragraph in (module.__doc__ or "").split("\n\n"):
            if len(paragraph.strip()) >= 40 and paragraph.isascii():
                paragraphs.append(paragraph.strip())
    return paragraphs


def false_repair_table(sources: Sources) -> Table:
    seeds = seed_texts()
    simplified = seeds + [line for lines in sources.paragraphs[:len(seeds)] for line in lines]
    sets = {
        "Simplified (seeds, their lines)": simplified,
        "Traditional (s2hk of the same)": [_opencc("s2hk").convert(t) for t in simplified],
        "English (ASCII docstrings)": english_paragraphs(),
    }
    rows = []
    changes: Counter[str] = Counter()
    for label, texts in sets.items():
        changed = {}
        for name, fix in FIXERS.items():
            outputs = [fix(t) for t in texts]
            changed[name] = sum(o != t for o, t in zip(outputs, texts))
            if name == "ftfy":
                for text, out in zip(texts, outputs):
                    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, text, out, autojunk=False).get_opcodes():
                        if tag != "equal":
                            changes[f"{text[i1:i2]}→{out[j1:j2]}"] += 1
        rows.append([label, str(len(texts)), *(str(changed[name]) for name in FIXERS)])
    common = ", ".join(f"{change} ({count}×)" for change, count in changes.most_common(4))
    return Table("False repairs: clean texts changed", ["clean text", "n", *FIXERS], rows,
                 [f"ftfy's commonest edits: {common}" if common else "ftfy made no edits"])


def part2(rng: random.Random, sources: Sources, per_damage: int) -> list[Table]:
    return [repair_table(rng, sources, per_damage), false_repair_table(sources)]


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2400, help="decoding samples (repairs: an eighth per damage)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", nargs="?", const="-", metavar="PATH",
                        help="also write the tables as Markdown to PATH (stdout when no PATH)")
    args = parser.parse_args()
    started = time.monotonic()
    rng = random.Random(args.seed)
    sources = load_sources(rng)
    tables = part1(rng, sources, args.samples) + part2(rng, sources, max(1, args.samples // 8))
    print(f"Encoding benchmark: seed {args.seed}, chardet {chardet.__version__}, charset-normalizer "
          f"{charset_normalizer.__version__}, cchardet {cchardet.__version__}, ftfy {ftfy.__version__}\n")
    print("\n\n".join(plain(t) for t in tables))
    print(f"\n({time.monotonic() - started:.0f} s)")
    if args.markdown:
        text = "\n\n".join(markdown(t) for t in tables) + "\n"
        if args.markdown == "-":
            print("\n" + text, end="")
        else:
            Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
