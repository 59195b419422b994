"""Repair of content-farm mirrors (Traditional + pinyin): the real seed 002, synthetic mirrors, false positives."""

from __future__ import annotations

import difflib
import random
import re
import unicodedata
from pathlib import Path

import opencc
import pytest
from pypinyin import Style, pinyin

from crawler.text.mirror import is_mirror, repair_mirror, strip_pinyin

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
MIRROR = SEEDS / "002_3afefc952c62ac37.txt"
CLEAN = sorted(p for p in SEEDS.glob("*.txt") if p != MIRROR)

# Section 三 of the 2019 template (/work/shared/template.md), columns then rows, in the template's wording.
SECTION3_LABELS = [
    "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "（七）总计",
    "四、结转下年度继续办理",
]
TONED_GROUP = re.compile(r"[(（][a-zA-Z]*[\u00c0-\u024f\u0300-\u036f][a-zA-Z\u00c0-\u024f\u0300-\u036f]*[)）]")
HK_PARAGRAPH = (
    "香港特別行政區政府致力推動資訊公開，市民可透過網站查閱各部門的年度報告。"
    "政府會繼續檢討有關安排，確保資料準確、適時發放，並歡迎公眾就服務質素提出意見。"
    "如有查詢，請致電本署熱線或電郵聯絡我們。"
)
NOT_PINYIN = "第(一)項、網站支持(IPv6)，(2020)年，危及（三安全一穩定）與北京(Beijing)及（一）"


def fold(text: str) -> str:
    """Full-width punctuation to ASCII (the mirror prints ``(一)`` and ``,`` where the template has ``（一）``)."""
    return unicodedata.normalize("NFKC", text)


def char_accuracy(reference: str, candidate: str) -> float:
    """Characters of ``reference`` matched in order by difflib.SequenceMatcher, over len(reference)."""
    matcher = difflib.SequenceMatcher(None, reference, candidate, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(reference)


def synthetic_mirror(simplified: str, seed: int) -> tuple[str, int]:
    """OpenCC s2t, then the TONE pinyin of about one Han character in 15 right after it; return (text, groups)."""
    rng = random.Random(seed)
    out, groups = [], 0
    for char in opencc.OpenCC("s2t").convert(simplified):
        out.append(char)
        reading = pinyin(char, style=Style.TONE, errors="ignore")
        if "\u4e00" <= char <= "\u9fff" and reading and rng.random() < 1 / 15:
            opening, closing = rng.choice(["()", "（）"])
            out.append(f"{opening}{reading[0][0]}{closing}")
            groups += 1
    return "".join(out), groups


@pytest.fixture(scope="module")
def repaired_seed():
    repair = repair_mirror(MIRROR.read_text(encoding="utf-8"))
    assert repair is not None
    return repair


def test_seed_mirror_metadata_and_boilerplate(repaired_seed):
    assert repaired_seed.source_agency == "洪江市群峰乡政府"
    assert repaired_seed.published == "2021-01-25 15:54"
    assert repaired_seed.pinyin_removed > 100
    assert repaired_seed.converted > 100
    first = repaired_seed.text.split("\n")[0]
    assert first.startswith("根据新修订的《中华人民共和国政府信息公开条例》要求")
    assert "IPv6" not in repaired_seed.text and "发布时间" not in repaired_seed.text


def test_seed_mirror_has_no_pinyin_or_traditional_left(repaired_seed):
    text = repaired_seed.text
    assert not TONED_GROUP.search(text)
    assert opencc.OpenCC("t2s").convert(text) == text
    for traditional in "網發時來鄉內開請數結轉辦屬國處機關體報與為會議":
        assert traditional not in text
    for label in ("政府信息公开", "主动公开政府信息情况", "行政复议", "行政诉讼", "规范性文件", "处理决定数量"):
        assert label in text


def test_seed_mirror_section3_labels(repaired_seed):
    text = fold(repaired_seed.text)
    section = text[text.index("三、收到和处理政府信息公开申请情况"):text.index("四、政府信息公开行政复议")]
    cells = [cell.strip() for cell in re.split(r"\s*\|\s*|\n", section) if cell.strip()]
    right = total = 0
    for label in map(fold, SECTION3_LABELS):
        assert label in section
        best = max(cells, key=lambda cell: difflib.SequenceMatcher(None, label, cell, autojunk=False).ratio())
        right += round(char_accuracy(label, best) * len(label))
        total += len(label)
    assert total > 300
    assert right / total >= 0.999


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name[:3])
def test_round_trip_synthetic_mirror(path):
    original = path.read_text(encoding="utf-8")
    mirror, groups = synthetic_mirror(original, seed=int(path.name[:3]))
    assert groups >= 50
    assert is_mirror(mirror)
    repair = repair_mirror(mirror)
    assert repair is not None
    assert repair.pinyin_removed == groups
    assert repair.source_agency is None and repair.published is None
    assert char_accuracy(original, repair.text) >= 0.999


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in CLEAN]
    + [opencc.OpenCC("s2hk").convert(CLEAN[0].read_text(encoding="utf-8")), HK_PARAGRAPH, NOT_PINYIN],
    ids=[p.name[:3] for p in CLEAN] + ["s2hk", "hk", "not-pinyin"],
)
def test_zero_false_repairs(text):
    assert not is_mirror(text)
    assert repair_mirror(text) is None
    assert strip_pinyin(text) == (text, 0)


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("網(wǎng)站", "網站", 1),
        ("網(fā)站", "網(fā)站", 0),
        ("（一）", "（一）", 0),
        ("鄉(xiāng)", "鄉", 1),
        ("網（wǎng）站", "網站", 1),
        ("網(wang3)站 網(wang)站", "網站 網站", 2),
        ("網(WǍNG)站 網(wa\u030cng)站 轉(zhua\u030cn)", "網站 網站 轉", 3),
        ("發(bō) 還(huán) 轉(zhuǎn)", "發 還 轉", 3),
        ("北京(Beijing) 網(IPv6) 年(2020) 定(nian)", "北京(Beijing) 網(IPv6) 年(2020) 定(nian)", 0),
    ],
)
def test_strip_pinyin_cases(text, expected, removed):
    assert strip_pinyin(text) == (expected, removed)


def test_short_mirror_with_boilerplate():
    text = "網(wǎng)站支持IPv6\n發(fā)布時間:2021-01-25 15:54 信息來源:某某鄉(xiāng)政府\n公開內(nèi)容"
    repair = repair_mirror(text)
    assert repair is not None
    assert (repair.text, repair.pinyin_removed) == ("公开内容", 4)
    assert (repair.source_agency, repair.published) == ("某某乡政府", "2021-01-25 15:54")
    assert is_mirror("公開內(nèi)容")
