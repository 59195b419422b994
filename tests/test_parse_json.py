"""``ogi parse --json``: a report in every form, and the five seeds, through the real command line, each
document valid against the shipped JSON Schema and its numbers exact; broken and missing files."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, ValidationError

from conftest import ogi
from crawler.demo.documents import to_docx, to_pdf, to_xlsx
from crawler.demo.flatten import word_text
from crawler.demo.reports import DemoReport, inconsistent, render_html, variant_report
from crawler.parse.documents.legacy import convert
from crawler.parse.template import (
    APPLICANT_COLUMNS,
    REVIEW_RESULTS,
    SECTION2_COLUMNS,
    SECTION3_KEYS,
    SECTION4_GROUPS,
    SECTION_HEADINGS,
    TEMPLATE_2019,
    TEMPLATE_2021,
)
from crawler.report_json import SCHEMA_ID, SCHEMA_PATH, SECTION3_LABELS, block_label, section3_label
from seed_numbers import AGENCY, PREFIXES, SECTION2_NONZERO, SECTION3, SECTION4, SEEDS, section2_values

# The template's labels as ../shared/template.md prints them, copied by hand: the keys must be these.
ROWS_2019 = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开/1.属于国家秘密", "（三）不予公开/2.其他法律行政法规禁止公开",
    "（三）不予公开/3.危及“三安全一稳定”", "（三）不予公开/4.保护第三方合法权益",
    "（三）不予公开/5.属于三类内部事务信息", "（三）不予公开/6.属于四类过程性信息",
    "（三）不予公开/7.属于行政执法案卷", "（三）不予公开/8.属于行政查询事项",
    "（四）无法提供/1.本机关不掌握相关政府信息", "（四）无法提供/2.没有现成信息需要另行制作",
    "（四）无法提供/3.补正后申请内容仍不明确",
    "（五）不予处理/1.信访举报投诉类申请", "（五）不予处理/2.重复申请", "（五）不予处理/3.要求提供公开出版物",
    "（五）不予处理/4.无正当理由大量反复申请", "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理", "（七）总计", "四、结转下年度继续办理",
]
OTHER_2021 = ["（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
              "（六）其他处理/3.其他"]
ROWS_2021 = ROWS_2019[:20] + OTHER_2021 + ROWS_2019[21:]
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
GROUPS = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
BLOCKS_2019 = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
               "第二十条第（九）项"]

REPORT_2021 = variant_report(random.Random(21), "堃山县喆阳镇人民政府", 2021, 0)  # 堃, 喆: GBK, not GB2312
REPORT_2020 = variant_report(random.Random(20), "青石县财政局", 2020, 1)  # the 2019 template


@functools.cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _page(report: DemoReport, charset: str) -> bytes:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{report.title}</title></head><body><div id='zoom'>{render_html(report)}</div></body></html>"
            ).encode(charset)


# form -> (the form `parse` must tell, the file's name after the title, its bytes)
FORMS = {
    "html gbk": ("html", ".html", lambda r: _page(r, "gbk")),
    "html utf-8": ("html", ".htm", lambda r: _page(r, "utf-8")),
    "text": ("text", ".txt", lambda r: word_text(render_html(r)).encode("utf-8")),
    "docx": ("docx", ".docx", lambda r: to_docx(r.title, render_html(r))),
    "pdf": ("pdf", ".pdf", lambda r: to_pdf(r.title, render_html(r))),
    "xlsx": ("xlsx", ".xlsx", lambda r: to_xlsx(r.title, render_html(r))),
    "doc": ("doc", ".doc", lambda r: convert(to_docx(r.title, render_html(r)), ".docx", "doc")),
}
CASES = [(name, REPORT_2021) for name in FORMS] + [(name, REPORT_2020) for name in FORMS if name != "doc"]


def _lines(stdout: str) -> list[dict]:
    """The JSON Lines of ``ogi parse --json``, each validated against the schema."""
    documents = [json.loads(line) for line in stdout.splitlines()]
    for document in documents:
        validator().validate(document)
    return documents


@pytest.fixture(scope="module")
def parsed_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], dict]:
    """(form, year) -> the document `ogi parse --json` printed for the report in that form (one run for all)."""
    folder = tmp_path_factory.mktemp("forms")
    paths = {}
    for name, report in CASES:
        _, suffix, write = FORMS[name]
        path = folder / name.replace(" ", "-") / f"{report.title}{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(write(report))
        paths[str(path)] = (name, report.year)
    result = ogi("parse", "--json", *paths)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"ogi parse: {len(CASES)} files: {len(CASES)} parsed, 0 partial, 0 failed,"
                                          " 0 not read"]
    return {paths[document["source"]["path"]]: document for document in _lines(result.stdout)}


def _assert_cells_pass_checks(document: dict) -> None:
    """Each check's outcome agrees with the numbers it names, and every checkable one passes."""
    for check in document["checks"]:
        if check["rule"] == "rows":
            assert (check["left"], check["right"]) == ([], [])
            continue
        sums = (check["left_sum"], check["right_sum"])
        if check["outcome"] == "unchecked":
            assert None in [operand["value"] for operand in check["left"] + check["right"]]
        else:
            assert sums == (sum(o["value"] for o in check["left"]), sum(o["value"] for o in check["right"]))
            assert (check["outcome"] == "pass") == (sums[0] == sums[1])
    assert [check for check in document["checks"] if check["outcome"] == "fail"] == []


def _assert_report(document: dict, report: DemoReport) -> None:
    """The document holds exactly the generated report's numbers, agency, year and template."""
    assert (document["parse"]["status"], document["parse"]["reasons"]) == ("parsed", [])
    assert (document["template"], document["year"], document["agency"]) == (report.template, report.year, report.agency)
    assert all(document["sections"][heading] for heading in SECTIONS)
    blocks = document["section2"]["blocks"]
    for block, row, raws in report.section2:
        columns = SECTION2_COLUMNS[report.template][block]
        assert list(blocks[block][row]) == list(columns)
        for column, raw in zip(columns, raws):
            cell = blocks[block][row][column]
            assert cell["raw"] == raw
            if "金额" in column:
                assert cell["unit"] == "万元" and cell["value"] is not None
            else:
                assert (cell["value"], cell["unit"], cell["ambiguous"]) == (int(raw), None, False)
    assert document["section2"]["missing"] == []
    rows = document["section3"]["rows"]
    assert list(rows) == (ROWS_2019 if report.template == TEMPLATE_2019 else ROWS_2021)
    for key, values in report.section3:
        row = rows[section3_label(key)]
        assert row["key"] == key
        assert [row["cells"][column]["value"] for column in COLUMNS] == list(values)
    groups = document["section4"]["groups"]
    assert [groups[group][result]["value"] for group in GROUPS for result in RESULTS] == list(report.section4)
    assert document["unreadable_cells"] == []
    _assert_cells_pass_checks(document)


@pytest.mark.parametrize(("name", "report"), CASES, ids=[f"{name}-{report.year}" for name, report in CASES])
def test_every_form_as_json(parsed_forms: dict[tuple[str, int], dict], name: str, report: DemoReport) -> None:
    document = parsed_forms[(name, report.year)]
    assert document["form"] == FORMS[name][0]
    _assert_report(document, report)
    path = Path(document["source"]["path"])
    assert document["source"] == {"path": str(path), "url": path.resolve().as_uri(), "bytes": path.stat().st_size,
                                  "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    assert document["title"] == report.title  # the file's name, as saved reports are named
    encoding = document["encoding"]
    if name == "html gbk":  # the declared gbk read as its superset
        assert (encoding["declared_charset"], encoding["encoding"], encoding["reason"]) == ("gbk", "gb18030", "meta")
    elif name == "html utf-8":
        assert (encoding["declared_charset"], encoding["encoding"], encoding["reason"]) == ("utf-8", "utf-8", "meta")
    elif name == "text":
        assert (encoding["declared_charset"], encoding["encoding"], encoding["reason"]) == (None, "utf-8", "detected")
    else:  # a document: its reader decodes it
        assert encoding == {"declared_charset": None, "encoding": None, "reason": None, "confidence": None,
                            "lossy_chars": 0}


def test_the_five_seeds_numbers_exact() -> None:
    paths = {str(path): path.name[:3] for path in sorted(SEEDS.glob("*.txt"))}
    assert sorted(paths.values()) == list(PREFIXES)
    result = ogi("parse", "--json", *paths)
    assert result.returncode == 0, result.stderr
    assert "ogi parse: 5 files: 5 parsed, 0 partial, 0 failed, 0 not read" in result.stderr
    documents = _lines(result.stdout)
    assert len(documents) == 5 and "本年新收" in result.stdout  # Chinese as itself, not \u escapes
    for document in documents:
        prefix = paths[document["source"]["path"]]
        assert (document["form"], document["parse"]["status"], document["parse"]["reasons"]) == ("text", "parsed", [])
        assert (document["template"], document["year"], document["agency"]) == (TEMPLATE_2019, 2020, AGENCY[prefix])
        assert list(document["sections"]) == SECTIONS and all(document["sections"].values())
        blocks = document["section2"]["blocks"]
        assert list(blocks) == BLOCKS_2019
        cells = {(block, row, column): cell for block, rows in blocks.items() for row, columns in rows.items()
                 for column, cell in columns.items()}
        expected = section2_values(prefix)
        assert set(cells) == {(block_label(block), row, column) for block, row, column in expected}
        for (block, row, column), value in expected.items():
            zero = ("0", 0, "万元" if "金额" in column else None, False)  # money is in 万元, 0 too
            raw, _, unit, ambiguous = SECTION2_NONZERO[prefix].get((block, row, column), zero)
            cell = cells[(block_label(block), row, column)]
            assert (cell["raw"], cell["unit"], cell["ambiguous"]) == (raw, unit, ambiguous)
            assert cell["value"] == pytest.approx(value)
        rows = document["section3"]["rows"]
        assert list(rows) == ROWS_2019
        for key, values in SECTION3[prefix].items():
            assert tuple(rows[section3_label(key)]["cells"][column]["value"] for column in COLUMNS) == values
        groups = document["section4"]["groups"]
        assert tuple(groups[group][result]["value"] for group in GROUPS for result in RESULTS) == SECTION4[prefix]
        _assert_cells_pass_checks(document)
    mirror = next(d for d in documents if paths[d["source"]["path"]] == "002")
    assert mirror["source_agency"] == AGENCY["002"] and mirror["repairs"]["mirror-pinyin-removed"] > 0
    # 001 leaves cells blank: null values, their raw text kept, and the checks needing them unchecked
    blank = next(d for d in documents if paths[d["source"]["path"]] == "001")
    assert blank["section3"]["rows"]["（七）总计"]["cells"]["商业企业"] == {"value": None, "raw": ""}
    assert {check["outcome"] for check in blank["checks"]} == {"pass", "unchecked"}


def test_unreadable_cells_and_failed_checks(tmp_path: Path) -> None:
    broken = inconsistent(REPORT_2021, random.Random(3))
    unreadable = dataclasses.replace(REPORT_2020, section4=("一", *REPORT_2020.section4[1:]))
    a, b = tmp_path / f"{broken.title}.html", tmp_path / "b" / f"{unreadable.title}.html"
    b.parent.mkdir()
    a.write_bytes(_page(broken, "utf-8"))
    b.write_bytes(_page(unreadable, "utf-8"))
    result = ogi("parse", "--json", str(a), str(b))
    assert result.returncode == 0, result.stderr
    inconsistent_one, partial = _lines(result.stdout)
    failed = [check for check in inconsistent_one["checks"] if check["outcome"] == "fail"]
    assert failed and all(check["left_sum"] != check["right_sum"] for check in failed)
    assert partial["parse"]["status"] == "partial"
    assert partial["parse"]["reasons"] == ["section 四: unreadable cells: 行政复议 结果维持: '一'"]
    assert partial["section4"]["groups"]["行政复议"]["结果维持"] == {"value": None, "raw": "一"}
    assert partial["unreadable_cells"] == [{"section": "四", "cell": ["行政复议", "结果维持"], "raw": "一"}]
    (review,) = [check for check in partial["checks"] if check["subject"] == "行政复议"]
    assert (review["outcome"], review["right_sum"]) == ("unchecked", None)
    # without --json: a summary per file
    summary = ogi("parse", str(a))
    assert summary.returncode == 0
    received = dict(broken.section3)["new"][6]
    assert f"{a}: html, parsed" in summary.stdout  # failed checks do not make a report partial
    assert f"agency {broken.agency}, year 2021, template 2021" in summary.stdout
    assert f"section 三 applications received (一, 总计): {received}" in summary.stdout
    assert f"{len(failed)} fail" in summary.stdout and "failed check: " in summary.stdout


def test_broken_missing_and_directory(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    good = tmp_path / f"{REPORT_2021.title}.html"
    good.write_bytes(_page(REPORT_2021, "gbk"))
    missing, folder = tmp_path / "missing.pdf", tmp_path / "folder"
    folder.mkdir()

    result = ogi("parse", "--json", str(broken), str(missing), str(folder))
    assert result.returncode == 1  # nothing could be read
    (document,) = _lines(result.stdout)  # the broken file still has its document, status failed
    assert (document["form"], document["parse"]["status"]) == ("pdf", "failed")
    assert document["parse"]["reasons"][0].startswith("PDF could not be read")
    assert document["section2"] is None and document["section3"] is None and document["section4"] is None
    assert document["sections"] == dict.fromkeys(SECTIONS)
    assert result.stderr.splitlines() == [
        "ogi parse: 3 files: 0 parsed, 0 partial, 1 failed, 2 not read",
        f"  {broken}: failed: {document['parse']['reasons'][0]}",
        f"  {missing}: not read: no such file",
        f"  {folder}: not read: a directory, not a file",
    ]
    assert ogi("parse", str(missing)).returncode == 1
    result = ogi("parse", "--json", str(missing), str(broken), str(good))
    assert result.returncode == 0  # one file read is enough
    assert [d["parse"]["status"] for d in _lines(result.stdout)] == ["failed", "parsed"]
    assert result.stderr.startswith("ogi parse: 3 files: 1 parsed, 0 partial, 1 failed, 1 not read\n")
    assert ogi("parse").returncode == 2  # FILE is required


def test_works_with_no_network(tmp_path: Path) -> None:
    docx = tmp_path / f"{REPORT_2021.title}.docx"
    docx.write_bytes(to_docx(REPORT_2021.title, render_html(REPORT_2021)))
    seed = next(SEEDS.glob("000_*.txt"))
    result = subprocess.run(["unshare", "--net", sys.executable, "-m", "crawler", "parse", "--json", str(seed),
                             str(docx)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert [d["parse"]["status"] for d in _lines(result.stdout)] == ["parsed", "parsed"]


def test_a_file_not_named_by_its_title_is_read_by_its_own(tmp_path: Path) -> None:
    page = tmp_path / "附件1.html"  # saved under a name that is no report's title
    page.write_bytes(_page(REPORT_2021, "gbk"))
    (document,) = _lines(ogi("parse", "--json", str(page)).stdout)
    assert (document["agency"], document["year"]) == ("堃山县喆阳镇人民政府", 2021)
    assert document["parse"]["status"] == "parsed"


def test_keys_are_the_templates_labels() -> None:
    assert [section3_label(key) for key in SECTION3_KEYS[TEMPLATE_2019]] == ROWS_2019
    assert [section3_label(key) for key in SECTION3_KEYS[TEMPLATE_2021]] == ROWS_2021
    assert list(APPLICANT_COLUMNS) == COLUMNS
    assert (list(SECTION4_GROUPS), list(REVIEW_RESULTS), list(SECTION_HEADINGS)) == (GROUPS, RESULTS, SECTIONS)
    assert [block_label(f"（{n}）") for n in "一五六八九"] == BLOCKS_2019 == list(SECTION2_COLUMNS[TEMPLATE_2019])
    assert all(" " not in label and "(" not in label for label in ROWS_2021 + ROWS_2019)


def test_the_schema_is_valid_and_strict() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID and schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["$defs"]["section3"]["properties"]["rows"]["properties"]) == set(SECTION3_LABELS.values())
    assert set(schema["properties"]["sections"]["properties"]) == set(SECTIONS)
    groups = schema["$defs"]["section4"]["properties"]["groups"]
    assert groups["required"] == GROUPS and groups["properties"]["行政复议"]["required"] == RESULTS
    assert schema["$defs"]["section3Row"]["properties"]["cells"]["required"] == COLUMNS


def test_the_schema_rejects_what_is_not_the_template(parsed_forms: dict[tuple[str, int], dict]) -> None:
    document = json.loads(json.dumps(parsed_forms[("html utf-8", 2020)]))
    rows = document["section3"]["rows"]

    def rejected(change) -> bool:
        changed = json.loads(json.dumps(document))
        change(changed)
        return not validator().is_valid(changed)

    assert not rejected(lambda d: None)
    assert rejected(lambda d: d["section3"]["rows"].update({"（三）不予公开1.属于国家秘密": rows["（七）总计"]}))
    assert rejected(lambda d: d["section3"]["rows"].pop("（七）总计"))  # a 2019 table lacks none of its rows
    assert rejected(lambda d: d["section3"]["rows"]["（七）总计"].update(key="open"))
    assert rejected(lambda d: d["section4"]["groups"]["行政复议"].pop("总计"))
    assert rejected(lambda d: d.pop("section2"))  # a section not found is null, never absent
    assert rejected(lambda d: d.update(extra=1))
    assert rejected(lambda d: d["parse"].update(status="ok"))
    with pytest.raises(ValidationError):
        validator().validate({**document, "template": "2020"})


def _undescribed(node: object, path: str = "") -> list[str]:
    """The fields of a schema without a description: a field that is only a ``$ref`` has its definition's,
    a ``const`` narrowing a referenced field and the version conditions under ``allOf`` add no field."""
    if isinstance(node, list):
        return [name for i, item in enumerate(node) for name in _undescribed(item, f"{path}/{i}")]
    if not isinstance(node, dict):
        return []
    missing = [f"{path}/{name}" for name, field in node.get("properties", {}).items()
               if "description" not in field and set(field) not in ({"const"}, {"$ref"})]
    return missing + [name for key, value in node.items() if key != "allOf"
                      for name in _undescribed(value, f"{path}/{key}")]


def test_every_field_of_the_schema_is_described() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert _undescribed(schema) == []
    assert all("description" in definition for definition in schema["$defs"].values())
