"""crawler.archive.regions: an agency name → its administrative division, from JioNLP's gazetteer."""

import pytest

from conftest import Crawl
from crawler.archive.regions import Region, locate


def only(agency: str, hint: str | None = None) -> Region:
    found = locate(agency, hint)
    assert len(found) == 1, [r.path for r in found]
    return found[0]


@pytest.mark.parametrize(
    ("agency", "hint", "path", "code", "level"),
    [
        ("洪江市群峰乡", None, "湖南省怀化市洪江市群峰乡", "431281", "township"),
        ("清凉峰镇", "临安", "浙江省杭州市临安区清凉峰镇", "330112", "township"),
        ("清凉峰镇", "浙江省杭州市临安区", "浙江省杭州市临安区清凉峰镇", "330112", "township"),
        ("新乡市牧野区人民政府办公室", None, "河南省新乡市牧野区", "410711", "county"),
        ("临安区人民政府", None, "浙江省杭州市临安区", "330112", "county"),
        ("杭州市人民政府", None, "浙江省杭州市", "330100", "prefecture"),
        ("浙江省人民政府", None, "浙江省", "330000", "province"),
        ("上海市人民政府", None, "上海市", "310000", "province"),
        ("北京市东城区财政局", None, "北京市东城区", "110101", "county"),
        ("仙桃市人民政府", None, "湖北省仙桃市", "429004", "county"),  # 省直辖县级市: no prefecture
    ],
)
def test_named_divisions_resolve(agency, hint, path, code, level):
    region = only(agency, hint)
    assert (region.path, region.code, region.level) == (path, code, level)
    assert region.confidence >= 0.9


def test_fields_of_a_township():
    region = only("洪江市群峰乡")
    names = (region.province, region.prefecture, region.county, region.township)
    assert names == ("湖南省", "怀化市", "洪江市", "群峰乡")
    assert only("仙桃市人民政府").prefecture is None


@pytest.mark.parametrize(
    ("agency", "path"),
    [
        ("团山子乡", "黑龙江省哈尔滨市依兰县团山子乡"),
        ("雷庄镇", "河北省唐山市滦州市雷庄镇"),
        ("清凉峰镇", "浙江省杭州市临安区清凉峰镇"),
    ],
)
def test_bare_township_is_never_confident(agency, path):
    # unique in the data, but a bare township name may be one the data lacks: found, with a low confidence
    region = only(agency)
    assert region.path == path
    assert region.level == "township"
    assert region.confidence <= 0.6


def test_hint_raises_a_bare_township_and_a_contradicting_hint_lowers_it():
    assert only("清凉峰镇", "临安").confidence > only("清凉峰镇").confidence
    assert only("雷庄镇", "山东省济南市").confidence < only("雷庄镇").confidence


def test_ambiguous_township_returns_all_candidates():
    found = locate("城关镇")
    assert len(found) > 20
    assert {r.level for r in found} == {"township"}
    assert len({r.province for r in found}) > 5
    assert max(r.confidence for r in found) < 0.1


def test_hint_narrows_an_ambiguous_name():
    found = locate("朝阳区人民政府")
    assert {r.path for r in found} == {"北京市朝阳区", "吉林省长春市朝阳区"}
    assert all(r.confidence < 0.5 for r in found)
    region = only("朝阳区人民政府", "北京市政府信息公开")
    assert region.path == "北京市朝阳区"
    assert region.confidence >= 0.9
    gansu = locate("城关镇", "甘肃省")
    assert gansu and {r.province for r in gansu} == {"甘肃省"}
    assert len(gansu) < len(locate("城关镇"))


@pytest.mark.parametrize(
    ("agency", "path", "code"),
    [
        ("襄樊市樊城区人民政府", "湖北省襄阳市樊城区", "420606"),  # 襄樊 became 襄阳 in 2010
        ("神木县人民政府", "陕西省榆林市神木市", "610881"),  # a county become a city (2017)
        ("盘县财政局", "贵州省六盘水市盘州市", "520281"),
    ],
)
def test_a_former_name_locates_the_division_it_became(agency, path, code):
    region = only(agency)
    assert (region.path, region.code) == (path, code)


def test_a_former_name_that_a_division_still_bears_keeps_its_meaning():
    # 大同's 城区 became 平城区 (2018), but 阳泉, 晋城 and 汕尾 still have a 城区
    assert "山西省大同市平城区" not in {region.path for region in locate("城区人民政府")}


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("婺源县东关镇人民政府", "township"),  # a town the data does not list: its county, at township level
        ("婺源县某某街道办事处", "township"),
        ("婺源县城乡建设局", "county"),  # 乡 inside a bureau's name is no township
        ("婺源县乡村振兴局", "county"),
        ("婺源县人民政府", "county"),
    ],
)
def test_a_township_government_the_data_lacks_keeps_its_level(agency, level):
    region = only(agency)
    assert (region.path, region.code, region.township, region.level) == ("江西省上饶市婺源县", "361130", None, level)


@pytest.mark.parametrize("agency", ["青石县财政局", "财政局", "", "国务院办公厅"])
def test_unnamed_or_fictional_division_is_unmatched(agency):
    assert locate(agency) == []


def test_the_crawled_reports_are_located_and_the_unknown_listed(crawl: Crawl) -> None:
    rows = {row["agency"]: row for row in crawl.db["reports"].rows if row["agency"]}
    muye = rows["新乡市牧野区人民政府办公室"]  # a seed's agency, published by a demo portal
    assert (muye["province"], muye["prefecture"], muye["county"], muye["region_level"], muye["region_code"]) == (
        "河南省", "新乡市", "牧野区", "county", "410711")
    fictional = [row for agency, row in rows.items() if agency.startswith("青石县")]  # the demo's made-up county
    assert fictional and all(row["province"] is None and row["region_confidence"] == 0 for row in fictional)
    shexian = {agency: row for agency, row in rows.items() if agency.startswith("歙县")}  # a real one
    assert shexian and {(row["province"], row["prefecture"], row["county"], row["region_code"])
                        for row in shexian.values()} == {("安徽省", "黄山市", "歙县", "341021")}
    for agency, row in shexian.items():  # its towns are made up: township level, no township named
        assert row["region_level"] == ("township" if agency.endswith(("镇人民政府", "乡人民政府")) else "county")
        assert row["township"] is None
    assert crawl.db.execute("select count(*) from reports where region_confidence is null").fetchone() == (0,)
