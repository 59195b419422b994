"""All repairs on a decoded page, and what they record."""

from __future__ import annotations

from pathlib import Path

from crawler.text.repair import repair_page

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _html(lines: list[str]) -> str:
    return "<html><body><div id='zoom'>" + "".join(f"<p>{line}</p>" for line in lines) + "</div></body></html>"


def test_a_mirror_page_is_simplified_and_its_source_kept() -> None:
    mirror = (SEEDS / "002_3afefc952c62ac37.txt").read_text(encoding="utf-8")
    repaired = repair_page(mirror)
    assert repaired.repairs["mirror-pinyin-removed"] > 100
    assert repaired.repairs["mirror-traditional-to-simplified"] > 100
    assert repaired.source_agency == "洪江市群峰乡政府"
    assert "本年新收政府信息公开申请数量" in repaired.html
    assert "(xiāng)" not in repaired.html


def test_utf8_read_as_gbk_in_a_page_is_undone() -> None:
    clean = _html(["政府信息公开工作年度报告", "本年新收政府信息公开申请数量"])
    damaged = clean.encode("utf-8").decode("gb18030")
    repaired = repair_page(damaged)
    assert repaired.html == clean
    assert list(repaired.repairs) == ["utf8-read-as-gbk"]
    assert repaired.repairs["utf8-read-as-gbk"] >= len("政府信息公开工作年度报告本年新收政府信息公开申请数量")
    assert repaired.lossy_chars == 0


def test_clean_pages_are_untouched_and_damage_is_flagged() -> None:
    for seed in sorted(SEEDS.glob("00[0134]_*.txt")):
        page = _html(seed.read_text(encoding="utf-8").split("\n"))
        assert repair_page(page).html == page
        assert repair_page(page).repairs == {}
    assert repair_page(_html(["政府锟斤拷公开"])).lossy_chars == 3
