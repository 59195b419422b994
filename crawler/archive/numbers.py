"""``report_numbers``: one row per current report, its identity and place and its headline figures
as columns, so that the numbers line up without SQL (a view over ``reports``, ``section2``,
``section3`` and ``section4``; exported in every snapshot as CSV and Parquet).

Section 三's figures are its 总计 column; a group of sub-rows (不予公开, 无法提供, 不予处理, 其他处理)
is the sum of its sub-rows' 总计 (the 2019 template's single 其他处理 row counts as its group).
Section 二's two versions are read as one: 本年制发件数 (2021) or 本年新制作数量 (2019), 现行有效件数 or
对外公开总数量. Money is in 万元: an amount printed in 元 is divided by 10,000. A figure the report
does not print, or prints blank, is NULL, never 0.
"""

from __future__ import annotations

# (column, row_key or sub-row prefix, is a group of sub-rows, description)
SECTION3 = (
    ("applications_new", "new", False,
     "第三部分 本年新收申请（总计列） / "
     "Section 三: new applications (总计)"),
    ("applications_carried_over", "carried_over", False,
     "第三部分 上年结转申请（总计列） / "
     "Section 三: applications carried over from last year (总计)"),
    ("disclosed", "open", False,
     "第三部分 予以公开（总计列） / "
     "Section 三: disclosed (总计)"),
    ("partly_disclosed", "partial", False,
     "第三部分 部分公开（总计列） / "
     "Section 三: partly disclosed (总计)"),
    ("withheld", "withheld", True,
     "第三部分 不予公开各项之和（总计列） / "
     "Section 三: withheld, its sub-rows summed (总计)"),
    ("unable", "unable", True,
     "第三部分 无法提供各项之和（总计列） / "
     "Section 三: could not be provided, its sub-rows summed (总计)"),
    ("not_processed", "not_processed", True,
     "第三部分 不予处理各项之和（总计列） / "
     "Section 三: not processed, its sub-rows summed (总计)"),
    ("other_handling", "other", True,
     "第三部分 其他处理（各项之和或单行，总计列） / "
     "Section 三: other handling, its sub-rows or its single row (总计)"),
    ("handled_total", "total", False,
     "第三部分 办理结果总计 / "
     "Section 三: all handled (（七）总计)"),
    ("carried_forward", "carry_forward", False,
     "第三部分 结转下年度继续办理（总计列） / "
     "Section 三: carried forward to next year (总计)"),
)
SECTION4 = (
    ("review_total",
     "第四部分 行政复议总计 / "
     "Section 四: administrative reviews, total"),
    ("review_corrected",
     "第四部分 行政复议结果纠正 / "
     "Section 四: reviews whose result corrected the agency"),
    ("suit_direct_total",
     "第四部分 未经复议直接起诉总计 / "
     "Section 四: lawsuits filed directly, total"),
    ("suit_direct_corrected",
     "第四部分 未经复议直接起诉结果纠正 / "
     "Section 四: direct lawsuits whose result corrected the agency"),
    ("suit_after_review_total",
     "第四部分 复议后起诉总计 / "
     "Section 四: lawsuits after review, total"),
    ("suit_after_review_corrected",
     "第四部分 复议后起诉结果纠正 / "
     "Section 四: lawsuits after review whose result corrected the agency"),
)
# (column, row labels, column names, is money, description)
SECTION2 = (
    ("regulations_made", ("规章",), ("本年制发件数", "本年新制作数量"), False,
     "第二部分 规章本年制发件数（2019年版：本年新制作数量） / "
     "Section 二: rules made this year"),
    ("regulations_in_force", ("规章",), ("现行有效件数", "对外公开总数量"), False,
     "第二部分 规章现行有效件数（2019年版：对外公开总数量） / "
     "Section 二: rules in force (2019: published in all)"),
    ("normative_documents_made", ("行政规范性文件", "规范性文件"), ("本年制发件数", "本年新制作数量"), False,
     "第二部分 （行政）规范性文件本年制发件数（2019年版：本年新制作数量） / "
     "Section 二: normative documents made this year"),
    ("normative_documents_in_force", ("行政规范性文件", "规范性文件"), ("现行有效件数", "对外公开总数量"), False,
     "第二部分 （行政）规范性文件现行有效件数（2019年版：对外公开总数量） / "
     "Section 二: normative documents in force (2019: published in all)"),
    ("licensing_decisions", ("行政许可",), ("本年处理决定数量", "处理决定数量"), False,
     "第二部分 行政许可处理决定数量 / "
     "Section 二: licensing decisions"),
    ("penalty_decisions", ("行政处罚",), ("本年处理决定数量", "处理决定数量"), False,
     "第二部分 行政处罚处理决定数量 / "
     "Section 二: penalty decisions"),
    ("enforcement_decisions", ("行政强制",), ("本年处理决定数量", "处理决定数量"), False,
     "第二部分 行政强制处理决定数量 / "
     "Section 二: enforcement decisions"),
    ("fees_wan_yuan", ("行政事业性收费",), ("本年收费金额（单位：万元）", "本年收费金额"), True,
     "第二部分 行政事业性收费本年收费金额（万元，2021年版） / "
     "Section 二: administrative fees collected, 万元 (2021 template)"),
    ("procurement_items", ("政府集中采购",), ("采购项目数量",), False,
     "第二部分 政府集中采购项目数量（2019年版） / "
     "Section 二: centralised procurement items (2019 template)"),
    ("procurement_wan_yuan", ("政府集中采购",), ("采购总金额",), True,
     "第二部分 政府集中采购总金额（万元，2019年版） / "
     "Section 二: centralised procurement amount, 万元 (2019 template)"),
)
IDENTITY = (
    ("content_hash", "报告的内容哈希 / The report's identity (reports.content_hash)"),
    ("title", "标题 / Title"), ("agency", "发布机关 / Agency"), ("year", "报告年度 / Year the report covers"),
    ("template_version", "表格所用模板版本 / The national template its tables follow (2019 or 2021)"),
    ("parse_status", "解析状态 / parsed (every table read), partial (the reasons say what is missing) or failed"),
    ("checks_failed", "未通过的勾稽检查数 / How many of the template's sums and rules its numbers fail"),
    ("region_code", "行政区划代码 / Administrative division code"), ("province", "省 / Province"),
    ("prefecture", "地级市 / Prefecture"),
    ("county", "县 / County"), ("level", "机关所属政府层级 / Level of the agency's government (province ... township)"),
    ("parsed_from", "数字所据的抓取（原件）/ The capture its numbers were read from: its original as captured"),
)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _section3(column: str, key: str, group: bool) -> str:
    match = (f"(s.row_key like '{key}\\_%' escape '\\' or s.row_key = '{key}')" if group
             else f"s.row_key = '{key}'")
    return f"(select sum(s.total) from section3 s where s.content_hash = r.content_hash and {match}) as {column}"


def _section2(column: str, rows: tuple[str, ...], names: tuple[str, ...], money: bool) -> str:
    value = ("case when t.unit = '元' then t.value / 10000.0 else t.value end" if money
             else "case when t.value = cast(t.value as integer) then cast(t.value as integer) else t.value end")
    return (f"(select {value} from section2 t where t.content_hash = r.content_hash and t.row_label in "
            f"({_quoted(rows)}) and t.column_name in ({_quoted(names)}) limit 1) as {column}")


REPORT_NUMBERS = "select " + ",\n       ".join([
    "r.content_hash", "r.title", "r.agency", "r.year", "r.template_version", "r.parse_status", "r.checks_failed",
    "r.region_code", "r.province", "r.prefecture", "r.county", "r.region_level as level", "r.parsed_from",
    *(_section3(column, key, group) for column, key, group, _ in SECTION3),
    *(f"f.{column} as {column}" for column, _ in SECTION4),
    *(_section2(column, rows, names, money) for column, rows, names, money, _ in SECTION2),
]) + "\nfrom reports r left join section4 f on f.content_hash = r.content_hash\nwhere r.current = 1"

# every column of the view and what it holds (the metadata's descriptions, the snapshot's README)
DESCRIPTIONS = {**dict(IDENTITY), **{c: d for c, _, _, d in SECTION3}, **dict(SECTION4),
                **{c: d for c, _, _, _, d in SECTION2}}
