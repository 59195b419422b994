"""Telling a portal page's family by looking at it (``ogi probe``)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.crawl.one_page import MAX_BYTES, FetchError, fetch_page
from crawler.crawl.probe import probe
from tests.conftest import ogi

BASE = "http://www.example.gov.cn/xxgk/gknb/index.html"


def test_trs_column_with_its_pager_script() -> None:
    html = """<html><head><title>政府信息公开年报</title></head><body><ul>
    <li><a href="./202201/t20220120_1.html" title="某县2021年政府信息公开工作年度报告">某县2021年…</a>
    <span>2022-01-20</span></li><li><a href="./index.html">政府信息公开年报</a></li></ul>
    <script>createPageHTML(4, 0, "index", "html");</script></body></html>"""
    found = probe(html, BASE)
    assert found.family == "trs"
    assert found.pages == tuple(f"http://www.example.gov.cn/xxgk/gknb/index{s}.html" for s in ("", "_1", "_2", "_3"))
    assert [(e.title, e.published) for e in found.reports] == [("某县2021年政府信息公开工作年度报告", "2022-01-20")]
    assert found.registry_entry() == {"id": "www.example.gov.cn", "name": "政府信息公开年报", "family": "trs",
                                      "start_urls": [BASE]}


def test_hanweb_column_names_its_dataproxy() -> None:
    html = """<div id="div1"></div><script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js">
    </script><script>$(document).ready(function(){ $('#div1').jpage({ dataStore: [], proxyUrl:
    '/module/web/jpage/dataproxy.jsp', perPage: 15, params: {col:1, appid:1, webid:3, path:'/', columnid:1229,
    sourceContentType:1, unitid:'4567', webname:'某市人民政府', permissiontype:0} }); });</script>"""
    found = probe(html, "http://www.example.gov.cn/col/col1229/index.html")
    assert found.family == "hanweb" and "dataproxy.jsp" in found.evidence
    assert found.registry_entry()["family"] == "hanweb"


def test_news_column_paged_by_links_and_a_plain_list() -> None:
    news = """<ul><li><a href="/a/1.html">某镇2020年政府信息公开工作年度报告</a> 2021-01-02</li></ul>
    <div><a href="?page=2">2</a><a href="?page=2">下一页</a></div>"""
    assert probe(news, "http://h.gov.cn/list").family == "news"
    plain = """<ul><li><a href="/a/1.html">某镇2020年政府信息公开工作年度报告</a></li></ul>"""
    found = probe(plain, "http://h.gov.cn/list")
    assert (found.family, found.pages) == ("plain", ("http://h.gov.cn/list",))


def test_a_list_written_by_script() -> None:
    html = """<ul id="list"></ul><script>$.ajax({url: '/api/list?channel=12', success: function(d){
    $('#list').html(render(d)); }});</script>"""
    found = probe(html, "http://h.gov.cn/gknb/")
    assert found.family == "js" and found.reports == ()
    assert found.registry_entry()["family"] == "js"


def test_trs_dynamic_column_counts_records_in_a_script() -> None:
    html = """<ul><li><a href="./202301/t20230130_9.html">某局2022年政府信息公开工作年度报告</a></li></ul>
    <script>var recordCount = 57; var prepage = 15; var url = "/was5/web/search?channelid=2345";</script>"""
    assert probe(html, "http://h.gov.cn/gknb/index.html").family == "trs-dynamic"


def test_a_home_page_names_its_annual_report_columns_and_ogi_section() -> None:
    html = """<html><head><title>某县人民政府</title></head><body>
    <a href="/zwgk/">政府信息公开</a><a href="http://www.other.gov.cn/gknb/">政府信息公开年报</a>
    <a href="/xxgk/gknb/index.html"><span>政府信息</span><br>公开年报</a><a href="/news/">新闻动态</a>
    <!-- <a href="/old/gknb/">年度报告</a> --></body></html>"""
    found = probe(html, "http://www.example.gov.cn/")
    assert found.columns == ("http://www.example.gov.cn/xxgk/gknb/index.html",)  # not another site's
    assert found.sections == ("http://www.example.gov.cn/zwgk/",)
    assert (found.family, found.registry_entry()) == ("unknown", None)


def test_an_annual_report_module_is_a_family_of_its_own() -> None:
    html = """<table><tr><td><a href="/xxgk/1.html">某厅2022年政府信息公开工作年度报告</a></td></tr></table>"""
    found = probe(html, "http://www.example.gov.cn/xxgk/xxgkAnnualReport.jsp?area=33&fbtime=2022")
    assert found.family == "annual-module" and len(found.reports) == 1


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/gz":
            body = gzip.compress("<title>压缩</title>".encode("gbk"))
            self._send(body, {"Content-Encoding": "gzip", "Content-Type": "text/html; charset=gbk"})
        elif self.path == "/bomb":
            self._send(gzip.compress(b"\0" * (MAX_BYTES + 10)), {"Content-Encoding": "gzip"})
        elif self.path == "/missing":
            self.send_error(404)
        else:
            self._send(b"", {})

    def _send(self, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_unpacks_and_decodes_and_refuses_bombs(pages: str) -> None:
    assert "<title>压缩</title>" in fetch_page(pages + "/gz").text
    with pytest.raises(FetchError, match="more than"):
        fetch_page(pages + "/bomb")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_page(pages + "/missing")


def test_ogi_probe_names_every_demo_family(served_portals: list[dict]) -> None:
    for portal in served_portals:
        result = ogi("probe", "--json", portal["start_urls"][0])
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        expected = {"mirror": "news"}.get(portal["family"], portal["family"])
        assert found["family"] == expected, (portal["id"], found["evidence"])
        assert found["registry_entry"]["start_urls"] == [portal["start_urls"][0]]
        if portal["family"] in ("trs", "news", "mirror"):
            dated = [r["published"] for r in found["reports"] if r["published"]]
            assert len(dated) > len(found["reports"]) / 2 and all(len(d) == 10 for d in dated)
            assert len(found["pages"]) > 1


def test_ogi_probe_says_why_a_dead_page_gives_nothing() -> None:
    result = ogi("probe", "http://127.0.0.1:9/")
    assert result.returncode == 1 and "ogi: probe: http://127.0.0.1:9/" in result.stderr
