"""The national template of the annual OGI report: its versions, rows and columns.

Two versions are in use: the 2019 format (reports for 2019 and 2020, 国办公开办函〔2019〕60号)
and the 2021 format (reports for 2021 on, 国办公开办函〔2021〕30号). Reports before 2019
are free-form. Row keys name section 三's rows in template order.
"""

from __future__ import annotations

TEMPLATE_2019 = "2019"
TEMPLATE_2021 = "2021"

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# ---------------------------------------------------------------- section 二

SECTION2_COLUMNS = {
    TEMPLATE_2019: {
        "第二十条第（一）项": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        "第二十条第（五）项": ("上一年项目数量", "本年增/减", "处理决定数量"),
        "第二十条第（六）项": ("上一年项目数量", "本年增/减", "处理决定数量"),
        "第二十条第（八）项": ("上一年项目数量", "本年增/减"),
        "第二十条第（九）项": ("采购项目数量", "采购总金额"),
    },
    TEMPLATE_2021: {
        "第二十条第（一）项": ("本年制发件数", "本年废止件数", "现行有效件数"),
        "第二十条第（五）项": ("本年处理决定数量",),
        "第二十条第（六）项": ("本年处理决定数量",),
        "第二十条第（八）项": ("本年收费金额（单位：万元）",),
    },
}

SECTION2_ROWS = {
    TEMPLATE_2019: {
        "第二十条第（一）项": ("规章", "规范性文件"),
        "第二十条第（五）项": ("行政许可", "其他对外管理服务事项"),
        "第二十条第（六）项": ("行政处罚", "行政强制"),
        "第二十条第（八）项": ("行政事业性收费",),
        "第二十条第（九）项": ("政府集中采购",),
    },
    TEMPLATE_2021: {
        "第二十条第（一）项": ("规章", "行政规范性文件"),
        "第二十条第（五）项": ("行政许可",),
        "第二十条第（六）项": ("行政处罚", "行政强制"),
        "第二十条第（八）项": ("行政事业性收费",),
    },
}


def section2_cells(template: str) -> list[tuple[str, str, str]]:
    """Every (block, row, column) of section 二 in a template version, in the template's order."""
    return [(block, row, column)
            for block, rows in SECTION2_ROWS[template].items()
            for row in rows
            for column in SECTION2_COLUMNS[template][block]]


# ---------------------------------------------------------------- section 三

APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
LEGAL_PERSON_COLUMNS = APPLICANT_COLUMNS[1:6]
# Column names in the archive, in APPLICANT_COLUMNS order.
APPLICANT_FIELDS = ("natural_person", "commercial", "research", "public_interest", "legal_services",
                    "other_org", "total")

# Rows with numbered sub-rows: key prefix -> the group's label.
GROUP_LABELS = {
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",  # sub-rows in the 2021 format only
}


def _section3_keys(other: tuple[str, ...]) -> tuple[str, ...]:
    def sub(prefix: str, n: int) -> tuple[str, ...]:
        return tuple(f"{prefix}_{i}" for i in range(1, n + 1))

    subrows = sub("withheld", 8) + sub("unable", 3) + sub("not_processed", 5)
    return ("new", "carried_over", "open", "partial", *subrows, *other, "total", "carry_forward")


SECTION3_KEYS = {
    TEMPLATE_2019: _section3_keys(("other",)),
    TEMPLATE_2021: _section3_keys(("other_1", "other_2", "other_3")),
}
# Rows that are not results of handling: 一, 二, （七）总计 and 四.
BALANCE_ROWS = ("new", "carried_over", "total", "carry_forward")

ROW_LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "open": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_1": "1.属于国家秘密",
    "withheld_2": "2.其他法律行政法规禁止公开",
    "withheld_3": "3.危及“三安全一稳定”",
    "withheld_4": "4.保护第三方合法权益",
    "withheld_5": "5.属于三类内部事务信息",
    "withheld_6": "6.属于四类过程性信息",
    "withheld_7": "7.属于行政执法案卷",
    "withheld_8": "8.属于行政查询事项",
    "unable_1": "1.本机关不掌握相关政府信息",
    "unable_2": "2.没有现成信息需要另行制作",
    "unable_3": "3.补正后申请内容仍不明确",
    "not_processed_1": "1.信访举报投诉类申请",
    "not_processed_2": "2.重复申请",
    "not_processed_3": "3.要求提供公开出版物",
    "not_processed_4": "4.无正当理由大量反复申请",
    "not_processed_5": "5.要求行政机关确认或重新出具已获取信息",
    "other": GROUP_LABELS["other"],
    "other_1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_3": "3.其他",
    "total": "（七）总计",
    "carry_forward": "四、结转下年度继续办理",
}
RESULTS_LABEL = "三、本年度办理结果"

# ---------------------------------------------------------------- section 四

REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
SECTION4_GROUPS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
# Column names in the archive, in the template's order.
SECTION4_FIELDS = tuple(
    f"{group}_{result}"
    for group in ("review", "suit_direct", "suit_after_review")
    for result in ("upheld", "corrected", "other", "pending", "total")
)


def template_for_year(year: int) -> str:
    """The template version a report for ``year`` follows (none before 2019)."""
    if year < 2019:
        raise ValueError(f"reports for {year} follow no fixed template")
    return TEMPLATE_2019 if year <= 2020 else TEMPLATE_2021
