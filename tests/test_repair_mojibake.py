"""Mojibake undone from broken copies of the seed reports; clean text untouched."""

from __future__ import annotations

import difflib
from pathlib import Path

import opencc
import pytest

from crawler.text.mojibake import lossy_damage, repair_read_as_latin1, repair_utf8_read_as_gbk

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
CLEAN = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[0134]_*.txt"))]
TRADITIONAL = [opencc.OpenCC("s2hk").convert(text) for text in CLEAN]


def _utf8_read_as_gbk(line: str) -> str:
    """What an upstream system made of a line: its UTF-8 bytes decoded as GBK."""
    return line.encode("utf-8").decode("gb18030", "replace")


@pytest.mark.parametrize("clean", CLEAN)
def test_utf8_read_as_gbk_is_repaired_where_lossless_and_flagged_elsewhere(clean: str) -> None:
    # a lone damaged character (a no-break space read as 聽) is too short to judge: runs of 2 or more
    lines = [line for line in clean.split("\n") if sum(not ch.isascii() for ch in line) >= 2]
    repaired = [repair_utf8_read_as_gbk(_utf8_read_as_gbk(line))[0] for line in lines]
    lossless = [(line, fixed) for line, fixed in zip(lines, repaired) if "\ufffd" not in _utf8_read_as_gbk(line)]
    assert len(lossless) >= 10
    assert [fixed for _, fixed in lossless] == [line for line, _ in lossless]
    for line, fixed in zip(lines, repaired):
        if "\ufffd" in _utf8_read_as_gbk(line):  # bytes were lost upstream: flagged for re-fetching
            assert lossy_damage(fixed) > 0
    restored = difflib.SequenceMatcher(None, "\n".join(repaired), "\n".join(lines), autojunk=False).ratio()
    assert restored > 0.84  # measured 0.85-0.88 on the four seeds; the rest was lost upstream


def test_utf8_read_as_gbk_exact_round_trip() -> None:
    clean = "政府信息公开工作年度报告"
    damaged = clean.encode("utf-8").decode("gb18030")
    assert damaged.startswith("鏀垮簻淇℃伅鍏")
    assert repair_utf8_read_as_gbk(damaged) == (clean, len(damaged))


@pytest.mark.parametrize("codec", ["utf-8", "gbk"])
def test_latin1_mojibake_is_repaired(codec: str) -> None:
    clean = "政府信息公开工作年度报告：本年新收申请3件"
    damaged = "".join(
        part.encode(codec).decode("cp1252", "replace") if not part.isascii() else part
        for part in ("政府信息公开工作年度报告：本年新收申请", "3", "件")
    )
    assert damaged != clean
    repaired, changed = repair_read_as_latin1(damaged)
    assert repaired.replace("\ufffd", "") == clean.replace("\ufffd", "") or lossy_damage(repaired)


def test_double_encoded_utf8() -> None:
    clean = "政府信息公开工作年度报告"
    damaged = clean.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1")
    assert repair_read_as_latin1(damaged) == (clean, len(damaged))


@pytest.mark.parametrize("clean", CLEAN + TRADITIONAL + ["Café résumé naïve £5", "IPv6 (2020) 第（一）项"])
def test_clean_text_is_untouched(clean: str) -> None:
    assert repair_utf8_read_as_gbk(clean) == (clean, 0)
    assert repair_read_as_latin1(clean) == (clean, 0)
    assert lossy_damage(clean) == 0


def test_lossy_damage_is_counted() -> None:
    assert lossy_damage("政府锟斤拷公开") == 3
    assert lossy_damage("政府\ufffd\ufffd公开") == 2
    assert lossy_damage("政府??公开 and why??") == 2


def test_cp1252_as_browsers_read_it_with_c1_controls() -> None:
    clean = "政府信息公开工作年度报告"  # 息 holds a byte (0x81) cp1252 leaves undefined
    damaged = clean.encode("utf-8").decode("latin-1").translate({0x94: "”", 0x80: "€"})
    assert "\x81" in damaged and "€" in damaged
    assert repair_read_as_latin1(damaged)[0] == clean


def test_punctuation_between_ascii_is_repaired() -> None:
    damaged = "国办公开办函" .encode().decode("latin-1") + "〔2019〕".encode().decode("latin-1")
    assert repair_read_as_latin1(damaged)[0] == "国办公开办函〔2019〕"
