"""Deciding a page's encoding from BOM, header, <meta> and the bytes."""

import codecs

from crawler.text.encoding import canonical, decode_page, header_charset, meta_charset

TEXT = "堃山县人民政府2020年政府信息公开工作年度报告：本年新收政府信息公开申请数量"


def _page(charset: str, text: str = TEXT) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return f"<html><head>{meta}</head><body>{text}</body></html>"


def test_gb2312_declared_gbk_bytes_decode_as_gb18030() -> None:
    body = _page("gb2312").encode("gbk")  # 堃 is outside GB2312
    decoded = decode_page(body, "text/html")
    assert TEXT in decoded.text
    assert (decoded.encoding, decoded.declared, decoded.reason) == ("gb18030", "gb2312", "meta")


def test_header_beats_meta_when_the_bytes_agree() -> None:
    body = _page("gbk").encode("utf-8")
    decoded = decode_page(body, "text/html; charset=UTF-8")
    assert TEXT in decoded.text
    assert (decoded.encoding, decoded.reason) == ("utf-8", "header")


def test_a_declared_charset_the_bytes_refute_is_not_used() -> None:
    body = _page("utf-8").encode("gbk")
    decoded = decode_page(body, "text/html; charset=utf-8")
    assert TEXT in decoded.text
    assert decoded.encoding == "gb18030"
    assert decoded.declared == "utf-8"


def test_bom_wins() -> None:
    decoded = decode_page(codecs.BOM_UTF8 + _page("gbk").encode("utf-8"), "text/html; charset=gbk")
    assert TEXT in decoded.text
    assert decoded.reason == "bom"


def test_undeclared_bytes_are_detected() -> None:
    decoded = decode_page(f"<p>{TEXT}</p>".encode("gbk"))
    assert TEXT in decoded.text
    assert (decoded.encoding, decoded.reason) == ("gb18030", "detected")


def test_undecodable_bytes_never_raise() -> None:
    decoded = decode_page(b"\xff\xfe\xfa" * 3 + b"\x80\x81", "text/html; charset=nonsense")
    assert decoded.text
    assert decoded.confidence <= 1.0


def test_labels() -> None:
    assert header_charset('text/html; charset="GBK"') == "GBK"
    assert header_charset("text/html") is None
    assert meta_charset(b'<meta charset="utf-8">') == "utf-8"
    assert canonical("GB2312") == canonical("gbk") == "gb18030"
    assert canonical("no-such-charset") is None


def test_utf8_bytes_under_a_gbk_declaration_read_as_utf8() -> None:
    decoded = decode_page(_page("gbk").encode("utf-8"), "text/html")
    assert TEXT in decoded.text
    assert (decoded.encoding, decoded.declared, decoded.reason) == ("utf-8", "gbk", "bytes")


def test_big5_pages_declared_wrongly_or_not_at_all() -> None:
    traditional = "洪江市群峰鄉人民政府政府資訊公開工作年度報告：本年新收申請數量與處理結果"
    for content_type in (None, "text/html; charset=gb2312"):
        decoded = decode_page(f"<p>{traditional}</p>".encode("big5"), content_type)
        assert traditional in decoded.text
        assert decoded.encoding == "big5hkscs"


def test_gbk_declared_as_big5_reads_as_gbk() -> None:
    decoded = decode_page(f"<p>{TEXT}</p>".encode("gbk"), "text/html; charset=big5")
    assert TEXT in decoded.text
    assert (decoded.encoding, decoded.reason) == ("gb18030", "bytes")


def test_short_titles_and_ascii() -> None:
    title = "年度报告"  # 8 bytes in GBK
    assert decode_page(title.encode("gbk")).text == title
    assert decode_page(title.encode("utf-8")).text == title
    ascii_page = decode_page(b"<p>IPv6 2020</p>", "text/html; charset=gbk")
    assert (ascii_page.encoding, ascii_page.reason) == ("gb18030", "header")


def test_short_big5_title_under_a_gb2312_declaration() -> None:
    title = "政府資訊公開年報"
    decoded = decode_page(title.encode("big5"), "text/html; charset=gb2312")
    assert decoded.text == title
