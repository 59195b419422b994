"""What a rendered page may load: its own origin only (crawled in Chromium in tests/test_faults.py)."""

from __future__ import annotations

import pytest

from crawler.crawl.browser_guard import may_load, origin

PAGE = "http://127.0.0.1:8080/gkml/gknb/index.html"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/js/list.js",
    "http://127.0.0.1:8080/module/web/jpage/dataproxy.jsp?startrecord=1",
    "HTTP://127.0.0.1:8080/css/main.css",
])
def test_the_page_own_origin_may_be_loaded(url: str) -> None:
    assert may_load(url, PAGE)


@pytest.mark.parametrize("url", [
    "http://localhost:8080/beacon.gif",  # another host name, even for the same machine
    "http://127.0.0.1:8081/js/list.js",  # another port
    "https://127.0.0.1:8080/js/list.js",  # another scheme
    "file:///etc/passwd",
    "ftp://127.0.0.1:8080/x",
    "ws://127.0.0.1:8080/socket",
    "http://127.0.0.1:99999/x",  # a port that cannot be
])
def test_anything_else_may_not(url: str) -> None:
    assert not may_load(url, PAGE)


def test_default_ports_are_the_same_origin() -> None:
    assert origin("http://Example.GOV.cn/a") == origin("http://example.gov.cn:80/b") == ("http", "example.gov.cn", 80)
    assert origin("https://example.gov.cn/") == ("https", "example.gov.cn", 443)
    assert origin("data:text/html,hi") is None
