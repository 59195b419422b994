"""Every repair, applied in order to a decoded page, and a record of what each changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.text.mirror import repair_mirror
from crawler.text.mojibake import lossy_damage, repair_read_as_latin1, repair_utf8_read_as_gbk


@dataclass(frozen=True)
class RepairedPage:
    """The page after repair; ``repairs`` maps each repair applied to the characters it changed."""

    html: str
    repairs: dict[str, int] = field(default_factory=dict)
    lossy_chars: int = 0  # damage no repair can undo (U+FFFD, 锟斤拷, ?? runs): re-fetch or take another copy
    source_agency: str | None = None  # a content-farm mirror's 信息来源


def repair_page(html: str) -> RepairedPage:
    """Undo mojibake (UTF-8 read as GBK; latin-1/cp1252, double encoding), then a content-farm mirror."""
    repairs: dict[str, int] = {}
    for name, repair in (("utf8-read-as-gbk", repair_utf8_read_as_gbk), ("read-as-latin1", repair_read_as_latin1)):
        html, changed = repair(html)
        if changed:
            repairs[name] = changed
    source_agency = None
    mirror = repair_mirror(html)
    if mirror is not None:
        html = mirror.text
        repairs["mirror-pinyin-removed"] = mirror.pinyin_removed
        repairs["mirror-traditional-to-simplified"] = mirror.converted
        source_agency = mirror.source_agency
    return RepairedPage(html, repairs, lossy_damage(html), source_agency)
