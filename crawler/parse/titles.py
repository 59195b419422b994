"""Decide from a link's title whether it is an annual OGI report."""

from __future__ import annotations

import re
import unicodedata

from crawler.text.mirror import unmirror

# "政府信息公开工作年度报告", "政府信息公开年度报告", "信息公开年报",
# "政务公开暨政府信息公开工作年度报告", "2020年度政府信息公开工作报告", ...
_REPORT = re.compile(
    r"信息公开(?:工作)?(?:年度(?:工作)?报(?:告|\.{2,}|…)|年报)"  # a listing may cut a long title: 年度报...
    r"|信息公开[^，。；]{0,12}?(?:年度|年)(?:工作)?报告"
    r"|(?:\d{4}|[〇零一二三四五六七八九]{4})年度?[^，。；]{0,30}?信息公开[^，。；]{0,8}?(?:工作)?(?:的)?报告"
)

# Pages *about* reports, not reports: notices, guidance, explanations, templates.
_NOT_REPORT = re.compile(
    r"通知|通报|印发|做好|报送|编制|编写|解读|图解|指南|征集|模板|格式|考核|评议|目录|制度|意见|方案|"
    r"工作要点|统计表|公示|提纲|培训|检查|督查|整改|要求|补充"
)

# A column's own name, linked from its pages (and from menus): no agency, no year.
_COLUMN_NAME = re.compile(r"^(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度报告|年报)(?:专栏|栏目)?$")
_ANNUAL_COLUMN = re.compile(r"^(?:(?:政府|政务)?(?:信息)?公开(?:工作)?)?(?:年度报告|年报)(?:专栏|栏目)?$")
# Links a site's home page leads to its annual reports by: its OGI section and the parts of it.
_OGI_SECTION = re.compile(
    r"^(?:政府|政务)?信息公开(?:专栏|平台|目录|网|栏目)?$|^政务公开$|^(?:法定)?主动公开(?:内容|目录)?$|^信息公开目录$"
)


def normalise_title(title: str) -> str:
    """Fold full-width forms, drop whitespace and a mirror's pinyin, read Traditional as Simplified."""
    folded = unicodedata.normalize("NFKC", title)
    return re.sub(r"\s+", "", unmirror(folded))


def is_report_title(title: str) -> bool:
    """True when ``title`` names an annual OGI report itself."""
    t = normalise_title(title)
    return bool(_REPORT.search(t)) and not _NOT_REPORT.search(t) and not _COLUMN_NAME.match(t)


def is_column_title(title: str) -> bool:
    """True when ``title`` names an annual-report column (政府信息公开年报, 年度报告, ...)."""
    return bool(_ANNUAL_COLUMN.match(normalise_title(title)))


def is_section_title(title: str) -> bool:
    """True when ``title`` names a site's OGI section (政府信息公开, 法定主动公开内容, ...), the
    way from a home page to its annual-report column."""
    return bool(_OGI_SECTION.match(normalise_title(title)))


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def report_year(title: str) -> int | None:
    """The year a report covers, as its title gives it (the first 年-year)."""
    m = _YEAR.search(normalise_title(title))
    return int(m.group(1)) if m else None


_REPORT_TAIL = re.compile(r"(?:关于)?(?:政府|政务)?(?:公开暨政府)?信息公开.*$")
_YEARS = re.compile(r"(?:19|20)\d{2}\s*年度?")


def report_agency(title: str) -> str | None:
    """The agency a report title names (``某某县人民政府2020年…报告`` -> ``某某县人民政府``)."""
    t = _YEARS.sub("", normalise_title(title))
    t = _REPORT_TAIL.sub("", t).removesuffix("关于").removesuffix("的")
    if t.endswith("人民"):  # "…人民政府信息公开…": the 政府 belongs to the agency
        t += "政府"
    return t or None
