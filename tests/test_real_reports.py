"""Real reports (``tests/real/``): each kept as found, with its source and a complete gold, and read by
the parser at least as well as it was when last measured (``benchmarks/fidelity.py``)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crawler.parse.template import APPLICANT_COLUMNS, REVIEW_RESULTS, SECTION4_GROUPS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "real"
FOLDERS = sorted(path.parent for path in CORPUS.glob("*/source.yml"))
FORMS = {"html", "pdf", "docx", "doc", "xlsx", "xls", "text", "markdown"}
LEVELS = {"province", "prefecture", "county", "township", "department"}
UNITS = {"万元", "元", None}


def _cells(gold: dict) -> list[object]:
    cells = [value for rows in gold["section2"].values() for columns in rows.values() for value in columns.values()]
    return cells + [value for section in ("section3", "section4") for row in gold[section].values()
                    for value in row.values()]


def test_the_corpus_has_reports() -> None:
    kept = [folder for folder in FOLDERS if list(folder.glob("original.*"))]
    assert len(kept) >= 40


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_a_report_is_kept_as_found_with_its_source(folder: Path) -> None:
    source = yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8"))
    assert folder.name.split("-")[0] == source["form"] and source["form"] in FORMS
    assert len(source["commit"]) == 40 and source["repository"].count("/") == 1 and source["path"]
    assert source["level"] in LEVELS and source["agency"] and 2019 <= source["year"] <= 2025
    if source.get("original") == "snapshot":  # a fetched file, never committed: read from the snapshot
        assert not list(folder.glob("original.*")) and len(source["sha256"]) == 64
        return
    (original,) = folder.glob("original.*")
    assert hashlib.sha256(original.read_bytes()).hexdigest() == source["sha256"]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_a_gold_is_complete(folder: Path) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    assert "?" not in json.dumps(gold, ensure_ascii=False), "a cell or field is left to transcribe"
    assert gold["template"] in ("2019", "2021", None) and gold["transcription"]
    for value in _cells(gold):
        if isinstance(value, dict):  # money: the number as printed and the unit printed
            assert set(value) == {"value", "unit"} and value["unit"] in UNITS
            value = value["value"]
        assert value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    for row in gold["section3"].values():
        assert list(row) == list(APPLICANT_COLUMNS)
    assert set(gold["section4"]) <= set(SECTION4_GROUPS)
    for columns in gold["section4"].values():
        assert list(columns) == list(REVIEW_RESULTS)


# Cells read right and identities right per form when last measured (`benchmarks/fidelity.py`): a change
# that reads fewer fails. The PDFs are read from a repository snapshot that CI does not have, so they
# have no floor here (benchmarks/fidelity.py measures them where the snapshot is).
FLOORS = {"html": (794, 4), "text": (6840, 35), "markdown": (594, 3)}


def test_the_parser_reads_the_real_reports_at_least_as_well_as_when_last_measured() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fidelity.py"), "--json"],
                            capture_output=True, text=True, timeout=600, check=True)
    figures = json.loads(result.stdout)
    for form, (cells, identities) in FLOORS.items():
        assert figures[form]["right"] >= cells, (form, figures[form])
        assert figures[form]["identities"] >= identities, (form, figures[form])
    assert figures["html"]["cells_right"] == 1.0
    assert figures["all"]["invented"] == 0  # no number where the document prints no row or table
    assert figures["all"]["blank_as_number"] == 0  # no blank cell read as a number
