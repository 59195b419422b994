"""Which link titles are annual OGI reports."""

import pytest

from crawler.parse.agency import implausible, report_agency_of
from crawler.parse.documents.html_page import read_text
from crawler.parse.report import parse_report
from crawler.parse.titles import is_report_title, report_agency, report_year

REPORTS = [
    "团山子乡人民政府2020年政府信息公开工作年度报告",
    "2020年团山子乡人民政府\n信息公开工作年度报告",
    "雷庄镇2020年度政府信息公开工作年度报告",
    "群峰乡2020年度政府信息公开工作报告",
    "某市财政局关于2021年度政府信息公开工作的年度报告",
    "XX市2019年信息公开年报",
    "XX县政务公开暨政府信息公开工作年度报告（2021年）",
    "国家统计局2022年政府信息公开年度报告",
    "某区人民政府２０２３年政府信息公开工作年度报告",
    "2023年度某县人民政府政府信息公开工作年度报告",
    "某省科学技术厅2023年政府信息公开工作年度报...",  # a listing cuts a long title
    "某省科学技术厅2023年政府信息公开工作年度报…",
]
NOT_REPORTS = [
    "关于做好2020年政府信息公开工作年度报告编制和发布工作的通知",
    "图解：2020年政府信息公开工作年度报告",
    "解读：某县2021年政府信息公开工作年度报告",
    "某县人民政府信息公开指南",
    "某县2021年法治政府建设年度报告",
    "2022年第三季度政务公开工作情况通报",
    "关于报送2021年度政府信息公开工作年度报告的通知",
    "某县2020年国民经济和社会发展统计公报",
    "政府信息公开制度",
    "政府信息公开年报",  # the column's own name, linked from its pages
    "政府信息公开工作年度报告",
    "政务公开年报专栏",
]


@pytest.mark.parametrize("title", REPORTS)
def test_reports_are_recognised(title: str) -> None:
    assert is_report_title(title)


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_other_pages_are_not(title: str) -> None:
    assert not is_report_title(title)


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("团山子乡人民政府2020年政府信息公开工作年度报告", "团山子乡人民政府", 2020),
        ("2020年团山子乡人民政府信息公开工作年度报告", "团山子乡人民政府", 2020),
        ("某市财政局关于2021年度政府信息公开工作的年度报告", "某市财政局", 2021),
        ("某区人民政府２０２３年政府信息公开工作年度报告", "某区人民政府", 2023),
        ("政府信息公开工作年度报告", None, None),
    ],
)
def test_agency_and_year_from_title(title: str, agency: str | None, year: int | None) -> None:
    assert report_agency(title) == agency
    assert report_year(title) == year


def test_a_mirror_title_is_read_through_its_pinyin_and_traditional_characters() -> None:
    title = "白河(hé)縣花橋鄉人民政府2022年政府(fǔ)信(xìn)息公開工作年度(dù)報告"
    assert is_report_title(title)
    assert report_agency(title) == "白河县花桥乡人民政府"
    assert not is_report_title("關於做(zuò)好2020年政府信息公開工作年度報告編製工作的通知")


@pytest.mark.parametrize("opening", [
    "# 某县人民政府 2025 年 政府信息公开工作年度报告\n\n某县人民政府\n",  # a PDF converter's markdown heading
    "某县人民政府2025年政府信息公开工作年度报告\n",
    "### 某县人民政府2025年\n政府信息公开工作年度报告\n",  # a title broken over two lines
    "标题: 某县人民政府2025年政府信息公开工作年度报告\n发布时间: 2026-01-19\n",  # a saved page's fields
    '标题,时间,内容\n某县人民政府2025年政府信息公开工作年度报告,2026-01-29,"\n',  # a scraper's CSV row
])
def test_the_agency_from_the_text_s_own_title(opening: str) -> None:
    assert report_agency_of("", opening + "一、总体情况\n本年度……") == "某县人民政府"


@pytest.mark.parametrize(("title", "why"), [
    ("澳门新葡京www.example.com2021年政府信息公开工作年度报告", "a web address"),
    ("加微信领取彩金2021年政府信息公开工作年度报告", "an advertisement"),
    ("x+y=z2021年政府信息公开工作年度报告", "symbols"),
    ("电话13800001111咨询2021年政府信息公开工作年度报告", "a phone number"),
    ("点击这里查看2021年政府信息公开工作年度报告", "does not end as a government body's name does"),
])
def test_a_name_a_spam_mirror_put_in_the_title_is_not_an_agency(title: str, why: str) -> None:
    parsed = parse_report(read_text("一、总体情况\n本年度……"), title)
    assert parsed.agency is None and parsed.year == 2021
    assert any("not a plausible government body" in reason and why in reason for reason in parsed.reasons)


@pytest.mark.parametrize("agency", ["团山子乡人民政府", "上海市", "平潭综合实验区海坛片区管理局", "故障县第7局",
                                    "某区12345政务服务热线管理中心", "国家税务总局某某市税务局", "河北省科学技术厅",
                                    "新乡市牧野区人民政府办公室"])
def test_real_agency_names_are_plausible(agency: str) -> None:
    assert implausible(agency) is None
