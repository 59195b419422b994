"""Hanweb JCMS columns: the jpage script's parameters and the dataproxy's XML."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from crawler.crawl.hanweb import find_jpage, read_datastore, records_html
from crawler.crawl.listing import entries

COLUMN = """<div id="58812"></div><script>$(document).ready(function(){$('#58812').jpage({dataStore: [],
proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15, totalRecord: -1, groupSize: 3,
params: {col: 1, appid: 1, webid: 12, path: '/', columnid: 4567, sourceContentType: 1, unitid: 58812,
webname: "某县人民政府", permissiontype: 0}});});</script>"""


def test_the_column_page_names_its_dataproxy_and_form() -> None:
    jpage = find_jpage(COLUMN, "http://127.0.0.1:8000/col/col4567/index.html")
    assert jpage is not None
    assert jpage.proxy_url == "http://127.0.0.1:8000/module/web/jpage/dataproxy.jsp"
    assert (jpage.per_page, jpage.window_size) == (15, 45)
    assert jpage.params == {"col": "1", "appid": "1", "webid": "12", "path": "/", "columnid": "4567",
                            "sourceContentType": "1", "unitid": "58812", "webname": "某县人民政府",
                            "permissiontype": "0"}
    window = urlsplit(jpage.window(46))
    assert parse_qs(window.query) == {"startrecord": ["46"], "endrecord": ["90"], "perpage": ["15"]}
    assert find_jpage("<ul><li><a href='a.html'>x</a></li></ul>", "http://h/") is None


def test_the_datastore_records_and_total() -> None:
    xml = ('<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[<a href="x"></a>]]></nextgroup>'
           "<recordset><record><![CDATA[<li><a href='/art/1.html'>甲</a></li>]]></record>"
           "<record><![CDATA[<li><a href='/art/2.html'>乙</a></li>]]></record></recordset>"
           "<totalrecord>47</totalrecord><totalpage>4</totalpage></datastore>").encode()
    store = read_datastore(xml)
    assert store.records == ["<li><a href='/art/1.html'>甲</a></li>", "<li><a href='/art/2.html'>乙</a></li>"]
    assert store.total == 47
    broken = read_datastore(xml.replace(b"</recordset>", b"</recordsett>"))  # not XML any more
    assert (broken.records, broken.total) == (store.records, 47)
    assert read_datastore(b"").records == []


def test_an_entity_in_the_datastore_is_not_expanded() -> None:
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<datastore><record>&x;</record><totalrecord>1</totalrecord></datastore>")
    store = read_datastore(xml)
    assert "root:" not in "".join(store.records)


def test_records_holding_table_rows_keep_their_cells_and_dates() -> None:
    records = ["<tr><td><a href='/art/2021/2/1/art_9_1.html'>甲县2020年政府信息公开工作年度报告</a></td>"
               "<td>2021-02-01</td></tr>",
               "<li><a href='/art/2020/1/9/art_9_2.html'>甲县2019年政府信息公开工作年度报告</a></li>",
               "<table><tr><td><a href='/art/2019/3/3/art_9_3.html'>乙</a></td><td>[2019-03-04]</td></tr></table>"]
    found = entries(records_html(records), "http://h/col/col9/index.html")
    assert [(e.title, e.published) for e in found] == [
        ("甲县2020年政府信息公开工作年度报告", "2021-02-01"),
        ("甲县2019年政府信息公开工作年度报告", "2020-01-09"),  # no date printed: the one in its URL
        ("乙", "2019-03-04")]
