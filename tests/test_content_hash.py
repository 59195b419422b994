"""A report's identity survives layout, spacing and punctuation width."""

from crawler.content_hash import bytes_sha256, content_hash, normalise_text


def test_layout_and_width_do_not_change_identity() -> None:
    a = "一、总体情况\n（一）主动公开\t１２\n规章 | 0 |"
    b = "一、总体情况 (一)主动公开 12\r\n\n规章\t0\u3000"
    assert normalise_text(a) == normalise_text(b) == "一、总体情况(一)主动公开12规章0"
    assert content_hash(a) == content_hash(b)


def test_different_text_differs() -> None:
    assert content_hash("本年新收 3") != content_hash("本年新收 4")


def test_bytes_digest() -> None:
    assert bytes_sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
