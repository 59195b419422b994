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
