"""Tests for the demo report generator and its HTML rendering."""

from __future__ import annotations

import dataclasses
import datetime
import random

import lxml.html
import pytest

from crawler.demo.reports import (
    DemoReport,
    body_paragraphs,
    inconsistent,
    render_html,
    seed_reports,
    variant_report,
)
from crawler.parse.checks import check_section3, check_section4
from crawler.parse.template import ROW_LABELS, SECTION3_KEYS, TEMPLATE_2019, TEMPLATE_2021

AGENCIES = ("某某县甲乙镇人民政府", "某某县教育局", "某某市自然资源和规划局", "某某街道办事处")
YEARS_2019 = (2019, 2020)
YEARS_2021 = (2021, 2022, 2023, 2024)


def variants(years: tuple[int, ...], count: int = 40) -> list[DemoReport]:
    rng = random.Random(sum(years))
    return [
        variant_report(rng, AGENCIES[i % len(AGENCIES)], years[i % len(years)], i % 4)
        for i in range(count)
    ]


ALL_REPORTS = seed_reports() + variants(YEARS_2019) + variants(YEARS_2021)


def grid(table: lxml.html.HtmlElement) -> list[list[str]]:
    """The table's cells expanded into a rectangle: a spanning cell fills every slot it covers."""
    slots: dict[tuple[int, int], str] = {}
    rows = table.xpath("./tbody/tr | ./tr")
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in slots:
                c += 1
            rowspan, colspan = int(td.get("rowspan", "1")), int(td.get("colspan", "1"))
            text = td.text_content().replace("\xa0", " ").strip()
            for dr in range(rowspan):
                for dc in range(colspan):
                    slots[(r + dr, c + dc)] = text
            c += colspan
    width = max(c for _, c in slots) + 1
    return [[slots.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def tables(report: DemoReport) -> list[list[list[str]]]:
    root = lxml.html.fragment_fromstring(render_html(report), create_parent="div")
    return [grid(t) for t in root.xpath("//table")]


# ---------------------------------------------------------------- consistency


@pytest.mark.parametrize("report", ALL_REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_generated_reports_are_consistent(report: DemoReport) -> None:
    assert check_section3(report.section3) == []
    assert check_section4(report.section4) == []
    assert [key for key, _ in report.section3] == list(SECTION3_KEYS[report.template])
    assert all(len(values) == 7 and min(values) >= 0 for _, values in report.section3)
    assert len(report.section4) == 15 and min(report.section4) >= 0


def test_template_follows_year() -> None:
    assert {r.template for r in variants(YEARS_2019)} == {TEMPLATE_2019}
    assert {r.template for r in variants(YEARS_2021)} == {TEMPLATE_2021}
    keys = dict(variants((2022,), 1)[0].section3)
    assert {"other_1", "other_2", "other_3"} <= keys.keys() and "other" not in keys
    with pytest.raises(ValueError):
        variant_report(random.Random(0), "某某县教育局", 2018)


def test_numbers_are_mostly_small_but_not_all_zero() -> None:
    reports = variants(YEARS_2019, 200) + variants(YEARS_2021, 200)
    received = [dict(r.section3)["new"][6] for r in reports]
    assert sum(n == 0 for n in received) > len(received) // 5
    assert max(received) >= 50
    natural = sum(dict(r.section3)["new"][0] for r in reports)
    assert natural > sum(received) / 2


@pytest.mark.parametrize("seed", range(30))
def test_inconsistent_breaks_section3(seed: int) -> None:
    report = ALL_REPORTS[seed % len(ALL_REPORTS)]
    broken = inconsistent(report, random.Random(seed))
    assert check_section3(broken.section3) != []
    changed = [
        (a, b) for (_, old), (_, new) in zip(report.section3, broken.section3) for a, b in zip(old, new) if a != b
    ]
    assert len(changed) == 1 and 1 <= abs(changed[0][0] - changed[0][1]) <= 3
    assert min(min(values) for _, values in broken.section3) >= 0
    assert dataclasses.replace(broken, section3=report.section3) == report


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("report", ALL_REPORTS[:4] + ALL_REPORTS[4::9], ids=lambda r: f"{r.agency}-{r.year}")
def test_section3_table_expands_to_the_numbers(report: DemoReport) -> None:
    section3 = tables(report)[1]
    header, body = section3[:3], section3[3:]
    assert header[0][3:] == ["申请人情况"] * 7
    assert header[1][3:] == ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert header[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(body) == len(report.section3)
    for row, (key, values) in zip(body, report.section3):
        assert len(row) == 10
        assert row[2] == ROW_LABELS[key]
        assert row[-7:] == [str(v) for v in values]
    results = [row[0] for row in body[2:-1]]
    assert set(results) == {"三、本年度办理结果"}
    assert [row[1] for row in body if row[2].startswith("1.属于国家秘密")] == ["（三）不予公开"]
    assert sum(row[1] == "（三）不予公开" for row in body) == 8


@pytest.mark.parametrize("report", ALL_REPORTS[:4] + ALL_REPORTS[4::9], ids=lambda r: f"{r.agency}-{r.year}")
def test_section4_table_expands_to_the_numbers(report: DemoReport) -> None:
    section4 = tables(report)[2]
    assert section4[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert section4[1][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert section4[2][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert section4[-1] == [str(v) for v in report.section4]


@pytest.mark.parametrize("report", ALL_REPORTS[:4] + ALL_REPORTS[4::9], ids=lambda r: f"{r.agency}-{r.year}")
def test_section2_table_holds_every_row(report: DemoReport) -> None:
    section2 = tables(report)[0]
    for block, label, cells in report.section2:
        assert [block] * 4 in section2
        rows = [row for row in section2 if row[0] == label]
        assert len(rows) == 1 and rows[0][1:1 + len(cells)] == list(cells)
    assert sum(row[0] == "信息内容" for row in section2) == len({b for b, _, _ in report.section2})


@pytest.mark.parametrize("report", ALL_REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_body_paragraphs_are_in_the_page_text(report: DemoReport) -> None:
    markup = render_html(report)
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    text = root.text_content()
    paragraphs = body_paragraphs(report)
    assert paragraphs == [*report.intro, *report.problems, *report.other]
    assert all(p in text for p in paragraphs)
    assert [p.text_content() for p in root.xpath("./p[not(strong)]")] == paragraphs
    assert [s.text_content() for s in root.xpath("./p/strong")][0] == "一、总体情况"
    assert report.title not in text
    assert "<html" not in markup and "<body" not in markup


def test_render_escapes_text() -> None:
    agency = "A&B<镇>人民政府"
    report = variant_report(random.Random(7), agency, 2021)
    markup = render_html(report)
    assert agency not in markup
    text = lxml.html.fragment_fromstring(markup, create_parent="div").text_content()
    assert all(p in text for p in body_paragraphs(report))
    assert any(agency in p or "A&B<镇>" in p for p in body_paragraphs(report))


# ---------------------------------------------------------------- seeds and variants


def test_same_rng_seed_same_report() -> None:
    first = variant_report(random.Random(42), "某某县教育局", 2022, 2)
    assert first == variant_report(random.Random(42), "某某县教育局", 2022, 2)
    assert render_html(first) == render_html(variant_report(random.Random(42), "某某县教育局", 2022, 2))
    assert seed_reports() == seed_reports()
    others = {variant_report(random.Random(n), "某某县教育局", 2022) for n in range(10)}
    assert len(others) > 1


SEED_FACTS = (
    ("团山子乡人民政府", "2020年团山子乡人民政府信息公开工作年度报告", "主动公开是政府信息公开的主要方式。"),
    ("清凉峰镇人民政府", "清凉峰镇2020年政府信息公开工作年度报告", "微信公众号关注人数达到了31775人"),
    ("雷庄镇人民政府", "雷庄镇2020年度政府信息公开工作年度报告", "充分利用互联网和微信，及时公布我镇信息。"),
    ("新乡市牧野区人民政府办公室", "新乡市牧野区人民政府办公室2020年政府信息公开工作年度报告",
     "2020年，区政府办公室未收到政府信息公开申请。"),
)


def test_seed_reports() -> None:
    seeds = seed_reports()
    assert len(seeds) == 4
    for report, (agency, title, sentence) in zip(seeds, SEED_FACTS):
        assert (report.agency, report.title, report.year, report.template) == (agency, title, 2020, TEMPLATE_2019)
        assert any(sentence in p for p in report.intro)
        assert report.problems and report.other
        prose = body_paragraphs(report)
        assert all(p == p.strip() and p for p in prose)
        assert not any("bookmark" in p or p.startswith(("二、", "三、", "四、", "五、", "六、")) for p in prose)
        assert not any(cell in prose for cell in ("0", "规章", "制作数量", "自然人", "然", "结果维持"))
    assert seeds[0].other == ("无。",)
    assert seeds[2].other == ("2020年度雷庄镇无其他需要报告的事项。",)
    assert seeds[1].problems[0] == "存在的主要问题："
    assert seeds[3].intro[0] == "（一）主动公开情况"


@pytest.mark.parametrize("style, title", [
    (0, "某某县教育局2023年政府信息公开工作年度报告"),
    (1, "某某县教育局2023年度政府信息公开工作年度报告"),
    (2, "2023年某某县教育局政府信息公开工作年度报告"),
    (3, "某某县教育局关于2023年度政府信息公开工作的年度报告"),
])
def test_title_styles(style: int, title: str) -> None:
    assert variant_report(random.Random(1), "某某县教育局", 2023, style).title == title


def test_variant_prose_is_renamed() -> None:
    seeds = seed_reports()
    seen_intros = set()
    for n in range(40):
        report = variant_report(random.Random(n), "某某县甲乙镇人民政府", 2023)
        prose = "".join(body_paragraphs(report))
        assert "2020" not in prose and "2023" in prose
        for old in ("团山子乡", "清凉峰镇", "雷庄镇", "牧野区"):
            assert old not in prose
        assert "某某县甲乙镇" in prose
        seen_intros.add(len(report.intro))
    assert seen_intros == {len(s.intro) for s in seeds}  # every seed's prose gets used


def test_published_early_next_year() -> None:
    for report in ALL_REPORTS:
        assert report.published.year == report.year + 1 and report.published.month <= 3
        assert isinstance(report.published, datetime.date)
