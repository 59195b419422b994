"""A report's identity: the hash of its normalised text.

``content_hash`` is the sha256 of ``normalise_text(report.text)``; ``crawler.prepare.identify``
computes it once per fetched report. One report reaches us as a GBK or a UTF-8 page, a DOCX or
a PDF attachment, or a content farm's mirror (Traditional characters, pinyin after some of them,
its tables flattened to `` |`` lines); every copy must get the same identity, and two reports
that differ in a word or a number must not. Normalisation therefore erases presentation and
keeps every Han character, letter and digit (agency names, years, numbers, decimal points,
signs) and where one number ends and the next begins.

Done before the text gets here, and not again:

* encoding: a page is decoded from all the evidence (``crawler.text.encoding``) and its mojibake
  undone (``crawler.text.mojibake``: UTF-8 read as GBK, latin-1/cp1252, double encoding) by
  ``crawler.prepare.repair`` before it is parsed; documents are decoded by their readers. The
  repairs would cost another 0.1 ms a report here and find nothing;
* a content farm's pinyin readings and its boilerplate lines (网站支持IPv6, 发布时间, 信息来源)
  are removed, and its text converted to Simplified, by ``crawler.text.mirror`` wherever the
  text carries the farm's signature (pinyin readings are told from text only against the
  character before them, which needs pypinyin's tables: not a normalisation).

Normalisation, defined here and nowhere else, in this order:

0. A first line that is a report's title (``crawler.parse.titles.is_report_title``) goes: a DOCX or
   a PDF prints its title above the text, a page carries it outside its article, and a farm
   in its own heading. Only the first line, and only a title: a report's opening sentence
   (本报告根据…) is content.
1. Unicode NFKC. Full-width letters, digits and punctuation (（）：，１２) become half-width;
   U+3000 and the other odd spaces, spaces; compatibility ideographs and Kangxi radicals their
   unified characters; ① ㈠ ℃ their plain spelling. Copies differ in punctuation width (editors
   retype it, farms print half-width), and every later step is written for one spelling.
2. Punctuation that NFKC keeps apart gets one spelling per family: quotation marks (“” „ 〝〞
   「」, and ‘’ 『』: Traditional texts quote with corner brackets) ``"`` and ``'``; hyphens,
   dashes, the minus sign and rules (‐ – — ― − ─) ``-``; middle dots (· ・ • ‧ ∙ ⋅: fonts hold
   the dot at either place, the PDF's CID font at ・) ``·``; ⋯ ``...`` as NFKC spells …;
   tortoise-shell and lenticular brackets (〔2020〕1号, 【】 〖〗) ``[ ]``; wave dashes (〜 ∼)
   ``~``. Invisible characters go (zero-width space and joiners, word joiner, BOM, soft
   hyphen, NUL). 、 and 。 stay: no form rewrites them, and 、 is not a comma.
3. Lines that are only a page number go: ``- 3 -`` (any dashes, after step 2), ``第 3 页``,
   ``第 3 页 共 9 页``. A PDF's footer comes out of its reader as a line of its own, and an
   HTML page has none. Only whole lines of spaces and the number match, never a line with a
   tab (which separates table cells: a row ``-``, ``3``, ``-`` stays) nor a bare number (a cell
   of a flattened table). A running page header with words in it (an agency's name) cannot be
   told from content in text, and stays.
3a. The template's table labels that a table merges across rows go, wherever they stand
   (whitespace and ``|`` between their characters included; Simplified and Traditional): 三、本年度
   办理结果, （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理, the note 本列数据的勾稽关系为…, 申请人情况,
   自然人, 法人或其他组织, 总计, 行政复议, 行政诉讼, 未经复议直接起诉, 复议后起诉, 结果维持, 结果纠正, 其他结果,
   尚未审结. A page's, a document's and a content farm's tables print such a cell in every row it
   covers; text copied out of Word prints it once, in its first row. Every report prints these
   labels, so they carry no identity; a space stands where each was, so that numbers on either
   side stay apart as step 4 keeps them.
4. Whitespace and table-cell separators go: line breaks, tabs, spaces and ``|``, except that
   a run of them between two digits becomes one space. Copies differ in line wrapping (a PDF
   wraps at the margin, a farm writes 本年新 制作数量), in how cells are separated (tabs in
   pages and documents, `` |`` lines and ``||`` row marks in farm text) and in blank cells (an
   empty cell is nothing in one form, a lone ``|`` in another), and Chinese puts no spaces
   between words; but a boundary between numbers is content: cells 1 and 10 are not 11 and 0.
5. Traditional characters become Simplified: ``crawler.text.mirror.to_simplified`` (OpenCC
   ``tw2s``, chosen by measurement there). The mirror repair converts only a text with the
   farm's pinyin signature; a Traditional copy without it would otherwise be another report.
   After step 4, so that a phrase (OpenCC converts phrase by phrase: 答覆 → 答复, 反覆 → 反复) is
   converted alike wherever a copy broke its lines. On Simplified text tw2s is the identity
   but for a few phrases (打坏 → 打坯), and changes those alike in every copy. It is skipped
   where it would be the identity: in a text with none of the characters it can change, which
   ``_traditional`` lists once a process, from OpenCC itself (the characters it converts alone,
   the few it converts only inside a phrase, PHRASE_ONLY, and any beyond the Basic Multilingual
   Plane); tests/test_content_hash.py holds the list to OpenCC's dictionaries.

Where two reports' texts normalise alike but the parser read them as by different agencies or
for different years (a township's all-zero report that never names it, 我镇…, copied by its
neighbour), the archive keeps them apart under ``distinct_identity``, which hashes the agency and
year too (``crawler.archive.store``). It is not every report's identity, since copies of one report may
name its agency differently (a farm's 信息来源 洪江市群峰乡政府 for the portal's 群峰乡).

Every reader writes a table's text alike (``crawler.parse.tables.row_cells``: a cell merged across
columns once, one merged across rows in every row); text copied out of Word prints a cell merged
across rows once, which step 3a makes alike.

Cost, on a 20 KB report text (7,920 characters), per call: 0.26 ms for Simplified text, 0.55 ms
with full-width digits, 0.85 ms for Traditional text (0.5 ms of it OpenCC); the first version
(NFKC and one regular expression, no conversion) took 0.85 ms for any. Without the test of
step 5, Simplified text would take 0.52 ms. The first call of a process spends 25 ms listing
the characters step 5 looks for. Step 3a costs 0.04 ms on a real zone report's text of 6,697
characters (0.39 ms without it, 0.44 with; measured 2026-12-06).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from crawler.parse.titles import is_report_title
from crawler.text.mirror import TRADITIONAL_CONFIGS, to_simplified, to_traditional

# Step 1: the full-width forms nearly every report prints, replaced directly (a str.replace is
# a fast scan); anything else NFKC would change is left to unicodedata.normalize, which costs
# ten times as much as all of this and is run only when the text still needs it.
_COMMON_WIDE = tuple((wide, unicodedata.normalize("NFKC", wide)) for wide in "，（）：；！？\u3000")
# ... then the rest of the full-width ASCII forms (２０２０年, ％, ．), a run at a time
_FULL_WIDTH, _FULL_WIDTH_RUN = re.compile("[\uff01-\uff5e]"), re.compile("[\uff01-\uff5e]+")
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}

# Step 2: one spelling for each family of punctuation NFKC keeps apart; invisible characters out.
_PUNCTUATION = {
    **dict.fromkeys("“”„‟〝〞〟「」", '"'),
    **dict.fromkeys("‘’‚‛『』", "'"),
    **dict.fromkeys("‐‒–—―⸺⸻−─━", "-"),
    **dict.fromkeys("・•‧∙⋅", "·"),
    "⋯": "...",
    **dict.fromkeys("〔【〖", "["),
    **dict.fromkeys("〕】〗", "]"),
    **dict.fromkeys("〜∼", "~"),
    **dict.fromkeys("\x00\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
}
_PUNCTUATION_RE = re.compile("[" + re.escape("".join(_PUNCTUATION)) + "]")

# Step 3: a line that is only a page number (spaces around it, never a tab: tabs separate cells).
_SPACE = r"[^\S\t\n]*"  # whitespace but a tab or a line break
_NUMBER = rf"{_SPACE}\d{{1,4}}{_SPACE}"
_PAGE_NUMBER = rf"-+{_NUMBER}-+|第{_NUMBER}页(?:{_SPACE},?{_SPACE}共{_NUMBER}页)?"
_PAGE_NUMBER_LINE = re.compile(rf"\n{_SPACE}(?:{_PAGE_NUMBER}){_SPACE}(?=\n)")

# Step 4: where the words of a text were joined by NULs, one between two digits (the literal
# first: the regular expression engine then jumps from NUL to NUL).
_DIGIT_GAP = re.compile("\x00(?=[0-9])(?<=[0-9]\x00)")

# Step 5: characters OpenCC tw2s changes only inside a phrase (答覆 → 答复, 瞭解 → 了解, 沈默 → 沉默,
# 藉口 → 借口, 甦醒 → 苏醒, 衹得 → 只得, 海哩 → 海里, 打坏 → 打坯), read off its dictionaries.
PHRASE_ONLY = "哩坏沈甦瞭藉衹覆"
# Where OpenCC's dictionaries hold characters of the Basic Multilingual Plane: Han, extension A,
# compatibility ideographs. Every character beyond the plane is treated as possibly Traditional.
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _width(text: str) -> str:
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    if _FULL_WIDTH.search(text):  # a one-character pattern scans four times faster than the runs'
        text = _FULL_WIDTH_RUN.sub(lambda run: run[0].translate(_HALF_WIDTH), text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _punctuation(text: str) -> str:
    return _PUNCTUATION_RE.sub(lambda match: _PUNCTUATION[match[0]], text)


def _without_page_numbers(text: str) -> str:
    return _PAGE_NUMBER_LINE.sub("", f"\n{text}\n")


# Step 3a: labels the template's tables merge across rows, in the spellings steps 1 and 2 give them.
MERGED_LABELS = (
    "三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织",
    "总计", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结",
)


@functools.cache
def _merged_labels() -> re.Pattern[str]:
    """Matches a merged label (MERGED_LABELS, Simplified and as OpenCC writes it in Traditional),
    whitespace and ``|`` allowed between its characters; the longest first."""
    spellings = {_punctuation(_width(variant)) for label in MERGED_LABELS
                 for variant in (label, *(to_traditional(label, config) for config in TRADITIONAL_CONFIGS))}
    return re.compile("|".join(r"[\s|]*".join(map(re.escape, spelling))
                               for spelling in sorted(spellings, key=len, reverse=True)))


def _without_merged_labels(text: str) -> str:
    return _merged_labels().sub(" ", text)


def _without_space(text: str) -> str:
    joined = "\x00".join(text.replace("|", " ").split())  # step 2 removed every NUL of the text
    return _DIGIT_GAP.sub(" ", joined).replace("\x00", "")


@functools.cache
def _traditional() -> re.Pattern[str]:
    """Matches a character that OpenCC tw2s could change: one it converts on its own (found by
    converting every character of the Han blocks, a newline apart so that none forms a phrase
    with the next), one of PHRASE_ONLY, or any beyond the Basic Multilingual Plane."""
    chars = [chr(code) for first, last in _HAN_BLOCKS for code in range(first, last + 1)]
    converted = to_simplified("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # OpenCC never maps a newline; were it to, convert everything
        return re.compile(r"[\s\S]")
    changed = {char for char, after in zip(chars, converted) if after != char} | set(PHRASE_ONLY)
    return re.compile("[" + "".join(sorted(changed)) + "]|[\U00010000-\U0010ffff]")


def _simplified(text: str) -> str:
    return to_simplified(text) if _traditional().search(text) else text


def _without_title(text: str) -> str:
    first, newline, rest = text.lstrip().partition("\n")
    return rest if is_report_title(first.strip()) else text


def normalise_text(text: str) -> str:
    """The text a report's identity is computed from (the steps of the module's docstring)."""
    text = _punctuation(_width(_without_title(text)))
    return _simplified(_without_space(_without_merged_labels(_without_page_numbers(text))))


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def distinct_identity(text: str, agency: str | None, year: int | None) -> str:
    """The identity of a report whose text normalises as another agency's or year's does:
    sha256 (hex) of its agency, year and normalised text."""
    key = f"{agency or ''}\x1f{year or ''}\x1f{normalise_text(text)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def bytes_sha256(body: bytes) -> str:
    """sha256 (hex) of raw bytes as fetched."""
    return hashlib.sha256(body).hexdigest()
