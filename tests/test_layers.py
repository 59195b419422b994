"""The packages' layering (``[tool.importlinter]`` in pyproject.toml) holds, and breaking it fails.

``scripts/test`` runs ``lint-imports`` on the tree; these tests run it on a copy of the tree with
one wrong import added, to show that each kind of wrong import is caught.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` over the packages of ``tree`` (found there first on the path) with its contracts."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the project's packages and its pyproject.toml, which the linter passes as it is."""
    for package in ("crawler", "spiders", "pipelines"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path


def add_line(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_project_keeps_its_contracts() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


def test_the_parser_importing_the_archive_breaks_the_layers(tree: Path) -> None:
    add_line(tree / "crawler/parse/cells.py", "from crawler.archive.database import open_archive  # noqa")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "crawler's packages are layered" in result.stdout and "BROKEN" in result.stdout
    assert "crawler.parse.cells -> crawler.archive.database" in result.stdout


def test_scrapy_in_the_text_layer_breaks_a_contract(tree: Path) -> None:
    add_line(tree / "crawler/text/fold.py", "import scrapy  # noqa")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "run without Scrapy BROKEN" in result.stdout.replace("\n", " ")
    assert "crawler.text.fold -> scrapy" in result.stdout


def test_the_demo_importing_the_crawler_breaks_a_contract(tree: Path) -> None:
    add_line(tree / "crawler/demo/reports.py", "from crawler.crawl import listing  # noqa")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "crawler.demo.reports -> crawler.crawl.listing" in result.stdout


def test_crawler_importing_a_spider_breaks_a_contract(tree: Path) -> None:
    add_line(tree / "crawler/crawl/run.py", "import spiders.portal  # noqa")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "crawler.crawl.run -> spiders.portal" in result.stdout


def test_a_new_top_level_module_must_be_given_a_layer(tree: Path) -> None:
    (tree / "crawler/helpers.py").write_text('"""Odds and ends."""\n', encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "crawler.helpers" in result.stdout + result.stderr
