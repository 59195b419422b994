"""Finding a report page's article and its text."""

from crawler.parse.documents.html_page import read_html
from crawler.parse.html_text import article, element_text, parse_html

PAGE = """<html><head><title> 报告 </title><script>var x = "菜单";</script></head><body>
<div class="nav">首页 | 政务公开</div>
<div class="TRS_Editor main"><p>一、总体情况</p><p>正文&nbsp;内容
续行</p>
<table><tr><td rowspan="2">规章</td><td> 1 </td><td>2</td></tr><tr><td>3</td><td></td></tr></table>
<style>p {color: red}</style><p>结束</p></div>
<div class="footer">主办单位</div></body></html>"""


def test_article_is_the_cms_container() -> None:
    text = element_text(article(parse_html(PAGE)))
    assert text == "一、总体情况\n正文 内容 续行\n规章\t1\t2\n3\n结束"


def test_without_a_known_container_the_body_is_used() -> None:
    text = element_text(article(parse_html("<html><body><p>甲</p><p>乙</p></body></html>")))
    assert text == "甲\n乙"


def test_empty_page() -> None:
    assert element_text(article(parse_html(""))) == ""


def test_xhtml_declarations_and_empty_pages_parse() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><div id="zoom"><p>正文</p></div></body></html>'
    assert element_text(article(parse_html(xhtml))) == "正文"
    for empty in ("", "   ", "<!-- -->"):
        assert element_text(article(parse_html(empty))) == ""
    assert element_text(article(parse_html("\x00"))) == "\ufffd"  # lxml's reading of a NUL


def test_read_html_lays_each_table_out_once_for_text_and_numbers() -> None:
    page = ("<html><body><div id='zoom'><p>一、总体情况</p><table><tr><td rowspan='2'><p>本年</p><p>新收</p></td>"
            "<td>1</td></tr><tr><td>2</td></tr></table><p>二、结尾</p></div></body></html>")
    document = read_html(parse_html(page))
    # a cell merged across rows in each row it covers, in the text as in the grid (as documents have it)
    assert document.text == "一、总体情况\n本年新收\t1\n本年新收\t2\n二、结尾"
    (table,) = document.tables
    assert table.grid == [["本年新收", "1"], ["本年新收", "2"]]
