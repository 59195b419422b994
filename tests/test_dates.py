"""Dates as portals print them."""

from crawler.parse.dates import find_date, labelled_date


def test_find_date_forms() -> None:
    assert find_date("2021-01-25 15:54") == "2021-01-25"
    assert find_date("发布：2021年1月5日") == "2021-01-05"
    assert find_date("2021/13/40 then 2021.2.3") == "2021-02-03"
    assert find_date("no date") is None


def test_labelled_date_skips_other_dates() -> None:
    text = "2020年度报告 编号2019-01-01 发布时间：2021-03-12 来源：某县"
    assert labelled_date(text) == "2021-03-12"
    assert labelled_date("2021-03-12") is None
