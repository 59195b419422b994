"""Fidelity benchmark: real reports read by ``ogi parse --json``, compared cell by cell with gold
transcribed by hand (``tests/real/``); prints cells right per form and in all, identity right, and
every wrong cell.

    .venv/bin/python benchmarks/fidelity.py [--corpus tests/real] [--json]

A report whose file the house does not keep (``original: snapshot`` in its ``source.yml``: a file
fetched from a repository snapshot, which is never committed) is read from that snapshot when this
machine has it (``$OGI_SNAPSHOTS/<owner>+<name>/repo``, by default under ``/work/.mirror``), its
SHA-256 checked, and is skipped, and named as skipped, where it has not.

A gold cell is right when the parser read the same number, or read nothing where the document
prints a blank (``/``, ``-``, ``无``: null). A money cell is compared in 万元 when the document
prints its unit (the parser scales 元 to 万元), and as the number printed when it prints none. A
cell the gold has and the parser did not give is wrong; a number the parser gave in a row or
table the document does not print (``not_in_document``) is counted apart as invented. Identity is
right when agency, year and template version all are. A blank cell read as a number is counted
apart too (it is also wrong). ``--json`` prints the figures as one JSON
object instead of the table (the tests read it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(os.environ.get("OGI_SNAPSHOTS", "/work/.mirror"))  # fetched repository snapshots, if any
Cell = object  # a gold cell: a number, None, or {"value": number | None, "unit": "万元" | "元" | None}


@dataclass
class Report:
    """One report of the corpus: its folder, source record, gold and original file."""

    folder: Path
    source: dict
    gold: dict

    def original(self, scratch: Path) -> Path | None:
        """The report's file: kept in its folder, else read from its repository's snapshot into
        ``scratch`` (None when this machine has no such snapshot)."""
        kept = list(self.folder.glob("original.*"))
        if kept:
            return kept[0]
        git_dir = SNAPSHOTS / self.source["repository"].replace("/", "+") / "repo"
        if self.source.get("original") != "snapshot" or not git_dir.is_dir():
            return None
        blob = f"{self.source['commit']}:{self.source['path']}"
        shown = subprocess.run(["git", "--git-dir", str(git_dir), "show", blob],
                               capture_output=True, check=False)
        if shown.returncode:
            return None
        if hashlib.sha256(shown.stdout).hexdigest() != self.source["sha256"]:
            raise SystemExit(f"{self.folder.name}: the snapshot's {self.source['path']} is not the file of the gold")
        path = scratch / f"{self.folder.name}{Path(self.source['path']).suffix}"
        path.write_bytes(shown.stdout)
        return path


@dataclass
class Tally:
    """Cells and identities right, for one form or for all."""

    reports: int = 0
    cells: int = 0
    right: int = 0
    invented: int = 0
    blank_as_number: int = 0
    identities_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("reports", "cells", "right", "invented", "blank_as_number", "identities_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += other.wrong

    def figures(self) -> dict[str, object]:
        return {"reports": self.reports, "cells": self.cells, "right": self.right, "invented": self.invented,
                "blank_as_number": self.blank_as_number, "identities": self.identities_right,
                "cells_right": self.right / self.cells if self.cells else None,
                "identities_right": self.identities_right / self.reports if self.reports else None}


def load_corpus(root: Path) -> list[Report]:
    """Every report folder under ``root`` (one holding a ``source.yml``), in name order."""
    return [Report(folder, yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8")),
                   json.loads((folder / "gold.json").read_text(encoding="utf-8")))
            for folder in sorted(path.parent for path in root.glob("*/source.yml"))]


def parse_all(paths: list[Path]) -> list[dict]:
    """``ogi parse --json`` over ``paths``: one document per path, in order."""
    result = subprocess.run([sys.executable, "-m", "crawler", "parse", "--json", *map(str, paths)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    if len(documents) != len(paths):
        raise SystemExit(f"ogi parse gave {len(documents)} documents for {len(paths)} files: {result.stderr}")
    return documents


def gold_cells(gold: dict) -> dict[str, Cell]:
    """The gold's cells by path: ``section3/<row>/<column>``, ``section2/<block>/<row>/<column>``,
    ``section4/<group>/<column>``."""
    cells: dict[str, Cell] = {}
    for block, rows in gold.get("section2", {}).items():
        for row, columns in rows.items():
            for column, value in columns.items():
                cells[f"section2/{block}/{row}/{column}"] = value
    for section in ("section3", "section4"):
        for row, columns in gold.get(section, {}).items():
            for column, value in columns.items():
                cells[f"{section}/{row}/{column}"] = value
    return cells


def parsed_cells(document: dict) -> dict[str, dict]:
    """The parsed document's cells by the same paths (each with ``value``, ``raw`` and, for money, ``unit``)."""
    cells: dict[str, dict] = {}
    for block, rows in ((document.get("section2") or {}).get("blocks") or {}).items():
        for row, columns in rows.items():
            for column, cell in columns.items():
                cells[f"section2/{block}/{row}/{column}"] = cell
    for row, entry in ((document.get("section3") or {}).get("rows") or {}).items():
        for column, cell in entry["cells"].items():
            cells[f"section3/{row}/{column}"] = cell
    for group, columns in ((document.get("section4") or {}).get("groups") or {}).items():
        for column, cell in columns.items():
            cells[f"section4/{group}/{column}"] = cell
    return cells


def _number(raw: str) -> float | None:
    try:
        return float(raw.replace(",", "").strip().rstrip("元万"))
    except ValueError:
        return None


def cell_right(gold: Cell, parsed: dict | None) -> bool:
    """Whether the parser read the gold cell as printed (see the module's docstring)."""
    if isinstance(gold, dict):  # money
        if parsed is None:
            return gold["value"] is None
        if gold["value"] is None or parsed.get("value") is None:
            return gold["value"] is None and parsed.get("value") is None
        if gold["unit"] is None:
            return _number(parsed.get("raw", "")) == gold["value"]
        expected = gold["value"] / 10_000 if gold["unit"] == "元" else gold["value"]
        return parsed.get("unit") == "万元" and abs(parsed["value"] - expected) <= 1e-9 * max(1.0, abs(expected))
    if parsed is None:  # the parser gave no such cell: right only where the document prints no number
        return gold is None
    return parsed.get("value") == gold


def _invented(gold: dict, parsed: dict[str, dict]) -> list[str]:
    """Numbers the parser gave under a row, block or table the gold says the document does not print."""
    absent = [entry.removesuffix("(image)").strip() for entry in gold.get("not_in_document", [])]
    return [path for path, cell in parsed.items()
            if cell.get("value") is not None and any(path == a or path.startswith(a + "/") for a in absent)]


def blank_as_number(gold: Cell, parsed: dict | None) -> bool:
    """A cell printed blank (or not a number) that the parser read as a number."""
    printed = gold["value"] if isinstance(gold, dict) else gold
    return printed is None and parsed is not None and parsed.get("value") is not None


IDENTITY = ("agency", "year", "template")


def identity_right(gold: dict, document: dict) -> bool:
    return all(document.get(key) == gold.get(key) for key in IDENTITY)


def tally_report(report: Report, document: dict) -> Tally:
    """One report's tally against its parsed ``document``, with a line for each thing read wrong."""
    tally, parsed, name = Tally(reports=1), parsed_cells(document), report.folder.name
    tally.identities_right = int(identity_right(report.gold, document))
    if not tally.identities_right:
        tally.wrong.append(f"{name}: identity: gold {[report.gold.get(k) for k in IDENTITY]}, "
                           f"read {[document.get(k) for k in IDENTITY]}")
    for path, gold in gold_cells(report.gold).items():
        shown = parsed.get(path)
        right = cell_right(gold, shown)
        tally.cells += 1
        tally.right += right
        tally.blank_as_number += blank_as_number(gold, shown)
        if not right:
            tally.wrong.append(f"{name}: {path}: gold {json.dumps(gold, ensure_ascii=False)}, "
                               f"read {json.dumps(shown['raw'] if shown else None, ensure_ascii=False)}")
    for path in _invented(report.gold, parsed):
        tally.invented += 1
        tally.wrong.append(f"{name}: {path}: invented (not in the document)")
    return tally


def measure(reports: list[Report]) -> tuple[dict[str, Tally], list[str]]:
    """Tallies per form and in all (``all``), and the reports skipped: their file is neither kept
    nor on this machine."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    with tempfile.TemporaryDirectory() as scratch:
        originals = [report.original(Path(scratch)) for report in reports]
        read = [(report, path) for report, path in zip(reports, originals) if path is not None]
        for (report, _), document in zip(read, parse_all([path for _, path in read])):
            one = tally_report(report, document)
            for tally in (tallies[report.source["form"]], tallies["all"]):
                tally.add(one)
    return dict(tallies), [report.folder.name for report, path in zip(reports, originals) if path is None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "real", help="folder of report folders")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    tallies, skipped = measure(load_corpus(args.corpus))
    if args.json:
        figures: dict[str, object] = {form: tally.figures() for form, tally in tallies.items()}
        print(json.dumps(figures | {"skipped": skipped}, ensure_ascii=False))
        return
    print(f"{'form':<10} {'reports':>7} {'cells':>7} {'right':>7} {'cells right':>11} {'invented':>8} "
          f"{'blank read':>10} {'identity':>8}")
    for form in sorted(tallies, key=lambda f: (f == "all", f)):
        tally = tallies[form]
        share = f"{tally.right / tally.cells:.1%}" if tally.cells else "-"
        print(f"{form:<10} {tally.reports:>7} {tally.cells:>7} {tally.right:>7} {share:>11} {tally.invented:>8} "
              f"{tally.blank_as_number:>10} {tally.identities_right / tally.reports:>8.0%}")
    if skipped:
        print(f"skipped (file not kept, and no snapshot of its repository here): {', '.join(skipped)}")
    for form in sorted(set(tallies) - {"all"}):
        for line in tallies[form].wrong:
            print(f"wrong: {line}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # the reader stopped (| head): nothing more to say
        sys.stderr.close()
        sys.exit(1)

