"""Session identifiers do not make one page many URLs."""

import pytest

from crawler.crawl.urls import without_session


@pytest.mark.parametrize(("url", "kept"), [
    ("http://h/col/index.html?page=2&sid=81", "http://h/col/index.html?page=2"),
    ("http://h/col/index.html;jsessionid=A1B2?page=2", "http://h/col/index.html?page=2"),
    ("http://h/a.jsp?PHPSESSID=x&id=3&SessionId=y", "http://h/a.jsp?id=3"),
    ("http://h/a.html?sid=1", "http://h/a.html"),
    ("http://h/art/2021/1/25/art_1_2.html", "http://h/art/2021/1/25/art_1_2.html"),
    ("http://h/list?page=2&side=left", "http://h/list?page=2&side=left"),
])
def test_session_identifiers_are_dropped(url: str, kept: str) -> None:
    assert without_session(url) == kept
