"""Which links are attached documents, and which pages only wrap them."""

from __future__ import annotations

import lxml.html

from crawler.crawl.attachments import attachment_links, wraps_attachments


def _links(body: str) -> list[tuple[str, str]]:
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    return [(e.url, e.title) for e in attachment_links(root, "http://127.0.0.1/art/2021/1/25/art_1_2.html")]


def test_attachments_by_path_parameter_or_link_text() -> None:
    body = ('<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2101.pdf">年报</a></p>'
            '<p><a href="../../../../picture/0/report.DOCX">下载</a></p>'
            '<p><a href="/down?id=7">某县2021年政府信息公开工作年度报告.wps</a></p>'
            '<p><a href="/art/2021/1/24/art_1_1.html">上一篇</a><a href="javascript:print()">打印.pdf</a></p>'
            '<p><a href="/module/download/downfile.jsp?classid=0&amp;filename=2101.pdf">同一附件</a></p>')
    assert _links(body) == [
        ("http://127.0.0.1/module/download/downfile.jsp?classid=0&filename=2101.pdf", "年报"),
        ("http://127.0.0.1/picture/0/report.DOCX", "下载"),
        ("http://127.0.0.1/down?id=7", "某县2021年政府信息公开工作年度报告.wps"),
    ]


def test_a_short_page_wraps_its_attachment_a_long_one_is_the_report() -> None:
    root = lxml.html.fragment_fromstring('<p>附件：<a href="a.pdf">年报.pdf</a></p>', create_parent="div")
    links = attachment_links(root, "http://h/")
    assert wraps_attachments("附件：年报.pdf", links)
    assert not wraps_attachments("一、总体情况" + "正文" * 300, links)
    assert not wraps_attachments("附件：无", [])


def test_a_document_named_only_by_a_viewer_script_is_an_attachment() -> None:
    page = lxml.html.fromstring("""<div class="article"><div id="viewer"></div><script>
    var files = ["/u/cms/2021/03/某县2020年政府信息公开工作年度报告.pdf", 'javascript:void(0).pdf'];
    PDFObject.embed(files[0], "#viewer");</script></div>""")
    links = attachment_links(page, "http://h.gov.cn/art/2021/3/1/art_1_2.html")
    assert [link.url for link in links] == ["http://h.gov.cn/u/cms/2021/03/某县2020年政府信息公开工作年度报告.pdf"]
    assert wraps_attachments("", links)
