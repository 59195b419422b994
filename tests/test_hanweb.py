"""Hanweb JCMS columns: the jpage script's parameters and the dataproxy's XML."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from crawler.crawl.hanweb import find_jpage, read_datastore

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
