"""crawler.crawl.request_json: requests kept as JSON (the frontier, the distributed queue) come back the same."""

from __future__ import annotations

import json

import pytest
import scrapy
from scrapy_playwright.page import PageMethod

from crawler.crawl.request_json import dumps, loads, request_from_json, request_to_json


class _Spider(scrapy.Spider):
    name = "t"

    def parse_report(self, response, title, published):  # type: ignore[no-untyped-def]
        pass


SPIDER = _Spider()


def _same(a: scrapy.Request, b: scrapy.Request) -> None:
    assert type(a) is type(b)
    assert (a.url, a.method, a.body, a.headers, a.meta, a.cb_kwargs, a.priority, a.dont_filter) == (
        b.url, b.method, b.body, b.headers, b.meta, b.cb_kwargs, b.priority, b.dont_filter)
    assert a.callback == b.callback


def test_a_conditional_report_request_comes_back_the_same() -> None:
    request = scrapy.Request("http://a.example/gknb/年报.html?x=1", callback=SPIDER.parse_report,
                             cb_kwargs={"title": "青石县2020年政府信息公开工作年度报告", "published": None},
                             headers={"If-None-Match": '"e1"', "If-Modified-Since": "Tue, 01 Dec 2020 00:00:00 GMT"},
                             meta={"ogi_kind": "report", "handle_httpstatus_list": [304]}, priority=3)
    text = request_to_json(request, SPIDER)
    assert "青石县" in text and json.loads(text)["callback"] == "parse_report"
    _same(request_from_json(text, SPIDER), request)


def test_a_form_post_with_a_binary_body_comes_back_the_same() -> None:
    request = scrapy.FormRequest("http://a.example/dataproxy.jsp?startrecord=1", formdata={"col": "1", "名": "值"},
                                 callback=SPIDER.parse_report, dont_filter=True)
    _same(request_from_json(request_to_json(request, SPIDER), SPIDER), request)
    raw = scrapy.Request("http://a.example/x", method="POST", body=bytes(range(256)), callback=SPIDER.parse_report)
    _same(request_from_json(request_to_json(raw, SPIDER), SPIDER), raw)


def test_a_rendered_request_keeps_its_page_methods() -> None:
    methods = [PageMethod("wait_for_selector", "li a")]
    request = scrapy.Request("http://a.example/col/", callback=SPIDER.parse_report,
                             meta={"playwright": True, "playwright_page_methods": methods})
    back = request_from_json(request_to_json(request, SPIDER), SPIDER)
    (method,) = back.meta["playwright_page_methods"]
    assert isinstance(method, PageMethod) and (method.method, method.args) == ("wait_for_selector", ("li a",))


def test_what_json_cannot_hold_is_refused_and_no_class_but_scrapys_is_made() -> None:
    with pytest.raises(TypeError):
        request_to_json(scrapy.Request("http://a.example/", callback=SPIDER.parse_report, meta={"x": object()}), SPIDER)
    fields = json.loads(dumps(scrapy.Request("http://a.example/").to_dict()))
    fields["_class"] = "subprocess.Popen"
    with pytest.raises(ValueError, match="unexpected class"):
        loads(json.dumps(fields))
