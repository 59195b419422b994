"""Text whose words were broken one character a line (flipbooks' text layers, vertical header cells)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.parse.broken_lines import join_broken_lines

REAL = Path(__file__).parent / "real"


@pytest.mark.parametrize(("text", "joined"), [
    ("三、\n本\n年\n度\n办\n理\n结\n果\n（一）予以公开 1 2", "三、\n本年度办理结果\n（一）予以公开 1 2"),
    ("（\n三\n）\n不\n予\n公\n开\n1\n.\n属\n于\n国\n家\n秘\n密\n2\n0", "（三）不予公开1.属于国家秘密\n2\n0"),
    ("无\n法\n提\n供\n5", "无法提供\n5"),  # 无 starts the template's label
    ("无\n无\n无\n0\n1\n2", "无\n无\n无\n0\n1\n2"),  # blank cells and one-digit cells stay cells
    ("/\n/\n行\n政\n许\n可\n/", "/\n/\n行政许可\n/"),
    ("某\n县\n2021\n年\n报\n告", "某县2021年报告"),  # a year in prose
    ("规\n章\n0\n0\n0", "规\n章\n0\n0\n0"),  # fewer than three: left alone
    ("one line", "one line"),
])
def test_runs_of_one_character_lines_are_joined(text: str, joined: str) -> None:
    assert join_broken_lines(text) == joined


def _parse(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "crawler", "parse", "--json", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def test_a_real_pdf_text_with_every_label_broken_reads_as_the_original(tmp_path: Path) -> None:
    """text-51 (real PDF text, its vertical header cells already one character a line), every
    label broken one character a line as a flipbook's text layer gives it: the same rows and cells."""
    original = REAL / "text-51" / "original.txt"
    lines = []
    for token in original.read_text(encoding="utf-8").split():
        lines += [token] if re.fullmatch(r"\d+", token) else list(token)
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    expected, read = _parse(original)["section3"]["rows"], _parse(broken)["section3"]["rows"]
    assert len(expected) == 13  # the rows the fragment holds
    assert {k: v["cells"] for k, v in read.items()} == {k: v["cells"] for k, v in expected.items()}
