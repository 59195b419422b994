"""Reading column pages: entries, dates and the other pages of the column."""

from crawler.crawl.listing import entries, other_pages
from crawler.parse.html_text import parse_html

TRS = """<html><body><ul>
<li><a href="./202101/t20210125_1.html" title="甲县2020年政府信息公开工作年度报告">甲县2020年政府信息...</a>
<span>2021-01-25</span></li>
<li><a href="javascript:void(0)">无效</a></li>
<li><a href="../../xxgk/index.html">政务公开</a></li>
</ul><div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div></body></html>"""

NEWS = """<html><body><ul><li><a href="/art/2021/2/3/art_9_2.html">通知</a> 2021年2月3日</li></ul>
<div class="pager"><a href="index.html?page=2">2</a> <a href="index.html?page=2">下一页</a>
<a href="http://elsewhere.example/index.html?page=3">下一页</a></div></body></html>"""


def test_entries_take_the_title_attribute_and_row_date() -> None:
    found = entries(parse_html(TRS), "http://127.0.0.1:8000/xxgk/gknb/index_1.html")
    first = found[0]
    assert first.url == "http://127.0.0.1:8000/xxgk/gknb/202101/t20210125_1.html"
    assert first.title == "甲县2020年政府信息公开工作年度报告"
    assert first.published == "2021-01-25"
    assert "javascript" not in " ".join(e.url for e in found)


def test_trs_page_count_comes_from_the_script() -> None:
    pages = other_pages(parse_html(TRS), TRS, "http://h/xxgk/gknb/index.html")
    assert pages == ["http://h/xxgk/gknb/index.html", "http://h/xxgk/gknb/index_1.html", "http://h/xxgk/gknb/index_2.html"]


def test_trs_count_in_a_variable() -> None:
    html = '<script>var countPage = 2;createPageHTML(countPage, currentPage, "index", "shtml");</script>'
    assert other_pages(parse_html(html), html, "http://h/c/index.shtml") == ["http://h/c/index.shtml", "http://h/c/index_1.shtml"]


def test_pager_links_on_the_same_site_only() -> None:
    pages = other_pages(parse_html(NEWS), NEWS, "http://h/col/col9/index.html")
    assert pages == ["http://h/col/col9/index.html?page=2"]
    (entry,) = entries(parse_html(NEWS), "http://h/col/col9/index.html")[:1]
    assert entry.published == "2021-02-03"


def _dated(html: str, base: str = "http://h/xxgk/gknb/index.html") -> dict[str, str | None]:
    return {e.title: e.published for e in entries(parse_html(html), base)}


def test_date_in_the_next_cell_of_the_row() -> None:
    html = """<table><tr><td><a href="a.html">甲2020年报</a></td><td>2021-01-20</td></tr>
    <tr><td><a href="b.html">乙2020年报</a></td><td>[2021/02/03]</td></tr></table>"""
    assert _dated(html) == {"甲2020年报": "2021-01-20", "乙2020年报": "2021-02-03"}


def test_date_in_a_sibling_block_of_the_entry() -> None:
    html = """<div class="list"><div class="item"><div class="t"><a href="a.html">甲</a></div>
    <div class="d"><span>2021年1月5日</span></div></div>
    <div class="item"><div class="t"><a href="b.html">乙</a></div><div class="d"></div></div></div>"""
    assert _dated(html) == {"甲": "2021-01-05", "乙": None}  # 乙's row prints none: never 甲's


def test_a_row_without_date_does_not_borrow_its_neighbours() -> None:
    html = """<ul><li><a href="a.html">甲</a></li><li><a href="b.html">乙</a><i>2021-03-04</i></li></ul>"""
    assert _dated(html) == {"甲": None, "乙": "2021-03-04"}


def test_date_written_into_the_url_by_the_cms() -> None:
    html = """<ul><li><a href="./202101/t20210125_3040015.htm">甲</a></li>
    <li><a href="/art/2022/3/9/art_1229_77.html">乙</a></li><li><a href="./202113/t20211345_1.html">丙</a></li></ul>"""
    assert _dated(html) == {"甲": "2021-01-25", "乙": "2022-03-09", "丙": None}


def test_link_text_broken_by_markup_or_lines_is_one_title() -> None:
    html = """<UL><LI><A HREF="a.html"
    >政府信息<br>公开年报</A></LI><li><a href="b.html">甲县2020年政府信息
    公开工作<em>年度报告</em></a></li></UL><!-- <a href="hidden.html">旧链接</a> -->"""
    found = entries(parse_html(html), "http://h/index.html")
    assert [e.title for e in found] == ["政府信息公开年报", "甲县2020年政府信息公开工作年度报告"]


def test_pager_that_skips_ahead_and_spaced_words() -> None:
    html = """<div><a href="index_1.html">下 一 页</a><a href="index_5.html">下5页</a>
    <a href="#">1</a><a href="index_9.html">尾页</a></div>"""
    assert other_pages(parse_html(html), html, "http://h/c/index.html") == [
        "http://h/c/index_1.html", "http://h/c/index_5.html", "http://h/c/index_9.html"]


def test_links_are_read_against_the_page_base() -> None:
    html = """<html><head><base href="http://h/xxgk/gknb/"></head><body>
    <a href="202101/t20210125_1.html">甲</a></body></html>"""
    (entry,) = entries(parse_html(html), "http://h/some/other/page.jsp")
    assert entry.url == "http://h/xxgk/gknb/202101/t20210125_1.html"
