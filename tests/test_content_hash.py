"""A report's identity survives layout, spacing, punctuation width and script, and nothing else:
each normalisation step on its own, the steps together against a plain restatement of them, and
the Traditional-character test against OpenCC's own dictionaries."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import unicodedata
from pathlib import Path

import opencc
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from crawler.parse.content_hash import (
    _PUNCTUATION,
    MERGED_LABELS,
    PHRASE_ONLY,
    _traditional,
    bytes_sha256,
    content_hash,
    normalise_text,
)
from crawler.parse.titles import is_report_title
from crawler.text.mirror import OPENCC_CONFIG, to_simplified

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def test_layout_and_width_do_not_change_identity() -> None:
    a = "一、总体情况\n（一）主动公开\t１２\n规章 | 0 |"
    b = "一、总体情况 (一)主动公开 12\r\n\n规章\t0\u3000"
    assert normalise_text(a) == normalise_text(b) == "一、总体情况(一)主动公开12规章0"
    assert content_hash(a) == content_hash(b)


def test_different_text_differs() -> None:
    assert content_hash("本年新收 3") != content_hash("本年新收 4")


def test_bytes_digest() -> None:
    assert bytes_sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# ---------------------------------------------------------------- step 1: NFKC


def test_full_width_forms_are_half_width() -> None:
    assert normalise_text("（二）２０２０年ＡＢｃ：１５．３％，／＋！？；") == "(二)2020年ABc:15.3%,/+!?;"


def test_compatibility_forms_are_spelled_plainly() -> None:
    # circled and parenthesised numbers, a Kangxi radical, a compatibility ideograph, kana composed
    assert normalise_text("①㈠⼀\uf9a8か\u3099") == "1(一)一令が"


# ---------------------------------------------------------------- step 2: punctuation variants


@pytest.mark.parametrize(("variants", "spelling"), [
    ("“”„‟〝〞〟「」\"", '"'),
    ("‘’‚‛『』'", "'"),
    ("‐‑‒–—―⸺⸻−─━－﹣-", "-"),
    ("·・･•‧∙⋅", "·"),
    ("〔【〖［[", "["),
    ("〕】〗］]", "]"),
    ("〜∼～~", "~"),
])
def test_punctuation_variants_are_one_spelling(variants: str, spelling: str) -> None:
    assert {normalise_text(f"依申请{variant}公开") for variant in variants} == {f"依申请{spelling}公开"}


def test_corner_brackets_quote_as_quotation_marks_do() -> None:
    assert content_hash("“青石县财政局发布”微信公众号") == content_hash("「青石县财政局发布」微信公众号")
    assert normalise_text("⋯⋯") == normalise_text("……") == "......"


def test_invisible_characters_are_removed() -> None:
    assert normalise_text("\ufeff政\u200b府\u200c信\u200d息\u2060公\u00ad开") == "政府信息公开"


def test_enumeration_comma_and_full_stop_are_kept() -> None:
    assert normalise_text("一、总体情况。") == "一、总体情况。"
    assert content_hash("一、总体情况") != content_hash("一,总体情况")


# ---------------------------------------------------------------- step 3: page numbers


@pytest.mark.parametrize("footer", ["- 3 -", "— 12 —", "－３－", "-- 3 --", "第 3 页", "第3页 共9页",
                                    "第 3 页，共 9 页", "\u3000- 3 -\u3000"])
def test_page_number_lines_are_removed(footer: str) -> None:
    assert normalise_text(f"全年收到申请公开事项1件\n{footer}\n已完成答复") == "全年收到申请公开事项1件已完成答复"


def test_page_numbers_at_either_end_and_in_a_row_are_removed() -> None:
    assert normalise_text("- 1 -\n正文\n- 2 -\n第 3 页\n") == "正文"


@pytest.mark.parametrize("line", ["-\t3\t-", "3", "第 3 页的表格", "见第3页", "3 -", "- 3", "- 3 - 4", "第 3 节"])
def test_lines_that_are_not_page_numbers_are_kept(line: str) -> None:
    # a table row (cells tab-separated), a bare number (a cell of a flattened table), page numbers in prose
    assert normalise_text(f"正文\n{line}\n正文") == "正文" + "".join(line.split()) + "正文"


# ---------------------------------------------------------------- step 4: whitespace and separators


def test_line_wrapped_words_are_joined() -> None:
    assert normalise_text("本年新\n制作数量") == normalise_text("本年新 制作数量") == normalise_text("本年新制作数量")


def test_table_separators_and_blank_cells_are_removed() -> None:
    tabs = "行政许可\t60\t\t859\n行政强制\t0\t0\t68"
    pipes = "行政许可 |\n60 |\n|\n859 |\n||\n行政强制 |\n0 |\n0 |\n68 |\n||||"
    assert normalise_text(tabs) == normalise_text(pipes) == "行政许可60 859行政强制0 0 68"


# ---------------------------------------------------------------- step 5: Traditional to Simplified


def test_traditional_text_is_simplified() -> None:
    simplified = "二、主动公开政府信息情况:行政许可、行政处罚、行政事业性收费"
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    assert normalise_text(traditional) == normalise_text(simplified) == simplified


@pytest.mark.parametrize(("variant", "simplified"), [("反覆研究", "反复研究"), ("已答覆申请人", "已答复申请人"),
                                                     ("沈默", "沉默"), ("藉此", "借此")])
def test_phrases_are_simplified_where_no_character_alone_is_traditional(variant: str, simplified: str) -> None:
    assert normalise_text(variant) == simplified


def test_a_phrase_cut_by_a_line_break_is_simplified_as_a_whole() -> None:
    assert normalise_text("已答\n覆") == normalise_text("已答覆") == "已答复"


def test_simplified_seeds_are_unchanged_by_the_conversion() -> None:
    for prefix in ("000", "001", "003", "004"):
        text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
        joined = "".join(text.split())
        assert to_simplified(joined) == joined


def test_a_simplified_copy_of_the_mirror_seed_has_its_identity() -> None:
    from crawler.text.repair import repair_page

    repaired = repair_page(next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")).html
    assert content_hash(repaired) == content_hash(opencc.OpenCC("s2t").convert(repaired))


def _dictionaries(config: str) -> list[Path]:
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((share / f"{config}.json").read_text(encoding="utf-8")))
    return [share / name for name in dict.fromkeys(found)]


def test_the_traditional_test_misses_no_key_of_opencc() -> None:
    """Every key of every dictionary the conversion uses either holds a character the test
    finds, or is left as it is (alone and between other characters): a text the test passes
    over is one the conversion would not change."""
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    if not tool.exists():
        pytest.skip("opencc_dict (bundled with the opencc wheel) is not installed")
    keys: set[str] = set()
    for path in _dictionaries(OPENCC_CONFIG):
        dumped = subprocess.run([str(tool), "-i", str(path), "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"],
                                capture_output=True, text=True, check=True).stdout
        keys |= {line.split("\t", 1)[0] for line in dumped.splitlines() if line}
    assert len(keys) > 5000
    missed = [key for key in sorted(keys) if not _traditional().search(key)
              and (to_simplified(key) != key or to_simplified(f"的{key}的") != f"的{key}的")]
    assert missed == []
    # and each character of PHRASE_ONLY is needed: none is changed on its own
    assert all(to_simplified(char) == char for char in PHRASE_ONLY)


# ---------------------------------------------------------------- the steps together


_SPACE = r"[^\S\t\n]*"
_PAGE_NUMBER = re.compile(rf"{_SPACE}(?:-+{_SPACE}\d{{1,4}}{_SPACE}-+|第{_SPACE}\d{{1,4}}{_SPACE}页"
                          rf"(?:{_SPACE},?{_SPACE}共{_SPACE}\d{{1,4}}{_SPACE}页)?){_SPACE}")


def _restated(text: str) -> str:
    """The module docstring's steps, one after the other, with no shortcut."""
    first, _, rest = text.lstrip().partition("\n")
    text = rest if is_report_title(first.strip()) else text
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_PUNCTUATION.get(char, char) for char in text)
    text = "\n".join(line for line in text.split("\n") if not _PAGE_NUMBER.fullmatch(line))
    for label in sorted(_merged_spellings(), key=len, reverse=True):
        text = re.sub(r"[\s|]*".join(map(re.escape, label)), " ", text)
    text = re.sub(r"[\s|]+", _gap, text)
    return to_simplified(text)


@functools.cache
def _merged_spellings() -> set[str]:
    """Step 3a's labels as steps 1 and 2 spell them, in Simplified and in OpenCC's Traditionals."""
    labels = set(MERGED_LABELS) | {opencc.OpenCC(config).convert(label)
                                  for label in MERGED_LABELS for config in ("s2t", "s2tw", "s2hk")}
    return {"".join(_PUNCTUATION.get(char, char) for char in unicodedata.normalize("NFKC", label)) for label in labels}


def _gap(run: re.Match[str]) -> str:
    """A run of whitespace and ``|`` between two digits becomes one space; any other goes."""
    before, after = run.string[run.start() - 1:run.start()], run.string[run.end():run.end() + 1]
    return " " if re.fullmatch("[0-9]", before) and re.fullmatch("[0-9]", after) else ""


_ALPHABET = list(
    "ab1 9.\t\n\r\x00\x1c\x85\u2028|-\u3000\u00a0，（）：１Ａ％．･①⼀\uf900\u0301か\u3099e“」『‧—〔⋯\u200b\u00ad·、。"
    "第页共政府信息公開網國來覆反答打坏沈默藉甦瞭衹哩网国来复"
) + ["\U00020000", "\U0002b737", "\U0001d400"]


@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40))
@example("反覆\n- 2 -\n網\t|")
@example("か\u3099\u3000①")
def test_normalise_text_is_the_documented_steps(text: str) -> None:
    assert normalise_text(text) == _restated(text)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_normalise_as_the_documented_steps(prefix: str) -> None:
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    assert normalise_text(text) == _restated(text)
    assert normalise_text(opencc.OpenCC("s2t").convert(text)) == _restated(opencc.OpenCC("s2t").convert(text))


def test_a_leading_title_line_goes_and_nothing_else() -> None:
    body = "一、总体情况\n本年新收申请3件。"
    title = "青石县财政局2020年政府信息公开工作年度报告"
    assert normalise_text(f"{title}\n{body}") == normalise_text(f"\n  {title}  \n{body}") == normalise_text(body)
    assert normalise_text(f"{body}\n{title}") != normalise_text(body)  # a title further down is content
    opening = "本报告根据《中华人民共和国政府信息公开条例》编制。"
    assert normalise_text(f"{opening}\n{body}") != normalise_text(body)  # an opening sentence is content


# ---------------------------------------------------------------- what carries content stays


@pytest.mark.parametrize(("a", "b"), [
    ("采购总金额 1564.12万", "采购总金额 156412万"),  # a decimal point
    ("本年增/减 -3", "本年增/减 3"),  # a sign
    ("本年增/减 +3", "本年增/减 3"),
    ("2020年，青石县财政局新收申请3件。", "2020年，白河县财政局新收申请3件。"),  # an agency
    ("2020年，青石县财政局新收申请3件。", "2021年，青石县财政局新收申请3件。"),  # a year
    ("规章\t0\t0\t0", "规章\t0\t0"),  # a cell
    ("行政许可 60 |\n859 |", "行政许可 608 |\n59 |"),  # a number split differently between cells
])
def test_content_changes_identity(a: str, b: str) -> None:
    assert content_hash(a) != content_hash(b)
