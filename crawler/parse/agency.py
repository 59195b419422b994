"""The agency a report is by: from its title, else from the text's own title or its signature."""

from __future__ import annotations

import re

from crawler.parse.dates import find_date
from crawler.parse.titles import is_report_title, normalise_title, report_agency

_OPENING_LINES = 5  # a document's own title is among its first lines
_CLOSING_LINES = 6  # the signature and date end the report
# What agency names end with, from ministries down to townships.
_WORD_MARKS = re.compile(r"\[bookmark:[^\]]*\]")  # left in text flattened from Word
_HEADING_MARKS = re.compile(r"^#{1,6}\s+")  # a markdown heading's, in a PDF converter's text
_TITLE_FIELD = re.compile(r"^(?:文章)?(?:标题|题目|题名|名称)\s*[:：]\s*")  # a saved page's "标题: …" line
_SOURCE = re.compile(r"(?:信息来源|来源|发布机构|发文机关)\s*[:：]\s*(\S{2,40})")
_SENTENCE = re.compile(r"[，。：；,:;]")  # a title has no sentence punctuation; "现将…报告如下：" is prose
_AGENCY_ENDINGS = "政府|办公室|办公厅|办事处|委员会|局|厅|部|署|院|委|办|中心|站|所|处|会|室|乡|镇|街道"
_AGENCY_END = re.compile(f"(?:{_AGENCY_ENDINGS})$")


def _signature(lines: list[str]) -> str | None:
    """The line above the closing date, when it names an agency."""
    closing = [line for line in lines[-_CLOSING_LINES:] if line]
    for above, line in zip(closing, closing[1:]):
        name = normalise_title(above)
        if find_date(line) and len(name) <= 40 and _AGENCY_END.search(name) and not _SENTENCE.search(name):
            return name
    return None


def _source(lines: list[str]) -> str | None:
    """The agency a page's 信息来源 (or 发布机构) label names near its top."""
    for line in lines[:_OPENING_LINES]:
        found = _SOURCE.search(normalise_title(line))
        if found and _AGENCY_END.search(found[1]):
            return found[1]
    return None


def report_agency_of(title: str, text: str) -> str | None:
    """The agency: the title's, else the title opening the text (one line, or two that Word
    broke it into), else the signature above the closing date, else a 信息来源 label."""
    if is_report_title(title) and (agency := report_agency(title)):
        return agency
    raw = text.splitlines()
    raw = raw if len(raw) <= _OPENING_LINES + _CLOSING_LINES else raw[:_OPENING_LINES] + raw[-_CLOSING_LINES:]
    lines = [_TITLE_FIELD.sub("", _HEADING_MARKS.sub("", _WORD_MARKS.sub("", line).strip())) for line in raw]
    opening = [line for line in lines[:_OPENING_LINES] if line]
    opening += [line.split(",")[0] for line in opening if "," in line]  # a scraper's CSV row: its title field
    for line in opening + [a + b for a, b in zip(opening, opening[1:])]:
        if _SENTENCE.search(line) is None and is_report_title(line) and (agency := report_agency(line)):
            return agency
    return _signature(lines) or _source(lines)


# What a spam mirror puts where an agency's name was: a URL, an advertisement, a formula.
_NOT_A_BODY = (
    (re.compile(r"(?i)https?|www\.|\.(?:com|cn|net|org|top|vip|cc)\b"), "a web address"),
    (re.compile(r"彩票|娱乐|博彩|棋牌|赌|投注|真人|百家乐|葡京|威尼斯人|加微|微信|[Qq]{2}|贷款|开户|代理|官网|发财"),
     "an advertisement"),
    (re.compile(r"[0-9]{6,}|[=+*^<>{}\[\]@#$%&~]"), "a phone number or symbols"),  # 12345热线 is a body's
    (re.compile(r"[A-Za-z]{2,}"), "latin letters"),
)
# How the names of government bodies end: an agency's endings, and places (a zone's, a city's own
# report: 上海市) and the other bodies that publish reports (海关, 监狱, 大学, 支队, ...).
_OTHER_BODY_ENDINGS = "省|市|县|区|旗|州|盟|村|社区|馆|队|校|学|团|社|台|库|场|行|司|组|庭|关|狱|园"
_BODY_END = re.compile(f"(?:{_AGENCY_ENDINGS}|{_OTHER_BODY_ENDINGS})$")
_NAME_LENGTH = range(2, 41)


def implausible(name: str) -> str | None:
    """Why ``name`` (an agency as read) is not a plausible Chinese government body, or None."""
    for pattern, what in _NOT_A_BODY:
        if pattern.search(name):
            return f"it holds {what}"
    if len(name) not in _NAME_LENGTH:
        return "its length"
    return None if _BODY_END.search(name) else "it does not end as a government body's name does"


_GOVERNMENT = re.compile(r"(?:人民政府|政府)$")


def may_be_one_agency(first: str | None, second: str | None) -> bool:
    """Whether two agencies as parsed may name one agency: either is unknown, or one holds the
    other once a trailing 人民政府/政府 is set aside (群峰乡 and 洪江市群峰乡人民政府 may;
    青石县财政局 and 白河县财政局 may not)."""
    if not first or not second:
        return True
    first, second = _GOVERNMENT.sub("", first) or first, _GOVERNMENT.sub("", second) or second
    return first in second or second in first
