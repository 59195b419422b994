"""Deciding a page's encoding from BOM, header, <meta> and the bytes."""

import codecs
from pathlib import Path

import pytest

from crawler.items import ReportItem
from crawler.prepare import prepare
from crawler.text.encoding import canonical, decode_page, header_charset, meta_charset
from crawler.text.repair import repair_page

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


# Every way a real report's text is damaged on its way: its UTF-8 (or GBK) bytes read as latin-1 or
# cp1252 once or twice and written out again as UTF-8, served with the charset declared or not.
REAL = (Path(__file__).parent / "real" / "text-02" / "original.txt").read_text(encoding="utf-8")[:3000]


def _cp1252(body: bytes) -> bytes:
    """``body`` read as a browser reads cp1252 (its five undefined bytes as C1 controls), as UTF-8."""
    return "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                   for b in body).encode("utf-8")


def _latin1(body: bytes) -> bytes:
    return body.decode("latin-1").encode("utf-8")


@pytest.mark.parametrize("source", ["utf-8", "gbk"])
@pytest.mark.parametrize("damage", [(_latin1,), (_latin1, _latin1), (_cp1252,), (_cp1252, _cp1252)],
                         ids=["latin-1", "latin-1 twice", "cp1252", "cp1252 twice"])
@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", None], ids=["declared", "undeclared"])
def test_text_damaged_through_latin1_or_cp1252_is_repaired(source: str, damage: tuple,
                                                            content_type: str | None) -> None:
    body = f"<html><head><meta charset='{source}'></head><body><p>{REAL}</p></body></html>".encode(
        "gb18030" if source == "gbk" else source)
    for step in damage:
        body = step(body)
    decoded = decode_page(body, content_type)
    repaired = repair_page(decoded.text)
    assert REAL in repaired.html and repaired.repairs
    assert decoded.confidence >= 0.9


def _text_item(text: str, title: str) -> ReportItem:
    return ReportItem(url="http://127.0.0.1/r.txt", portal="local", title=title, status=200,
                      headers={"Content-Type": "text/plain; charset=utf-8"}, body=text.encode("utf-8"),
                      fetched_at="2026-12-06T00:00:00+00:00")


def test_a_text_that_reads_as_chinese_only_with_low_confidence_is_flagged() -> None:
    """Bytes no repair undoes (UTF-8 read as GBK and then as Big5): the report says so, never clean."""
    damaged = REAL.encode("utf-8").decode("gb18030", "replace").encode("gb18030").decode("big5hkscs", "replace")
    item = prepare(_text_item(damaged, "某局2021年政府信息公开工作年度报告"))
    assert item.encoding_confidence is not None and item.encoding_confidence < 0.9
    assert item.report is not None and item.report.status != "parsed"
    assert any("low confidence" in reason for reason in item.report.reasons)


def test_clean_real_text_is_not_flagged() -> None:
    item = prepare(_text_item(REAL, ""))
    assert item.encoding_confidence is not None and item.encoding_confidence > 0.98
    assert item.report is not None and not any("low confidence" in reason for reason in item.report.reasons)
