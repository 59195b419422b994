"""How much a text reads as Chinese: the share of its Han characters that are common ones.

"Common" is GB2312's level-1 hanzi (3,755 characters in everyday Simplified use) together
with Big5's common characters (5,401, everyday Traditional use), both read off the
codecs themselves. Correct Chinese text scores near 1; UTF-8 read as GBK, GBK read as
Big5 and the like score far lower (about 0.3 to 0.6), because mojibake lands on rare
characters.
"""

from __future__ import annotations

import functools
import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Private-use characters: what GB18030 makes of byte pairs that are not GBK text (Big5 read
# as GB18030, for one). They count as Han characters that are not common ones.
_HAN_OR_PRIVATE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ue000-\uf8ff]+")


def _decodable(codec: str, leads: range, trails: list[int], stop: bytes = b"\xff\xff") -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            pair = bytes([lead, trail])
            if pair >= stop:
                continue
            try:
                chars.add(pair.decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


@functools.cache
def _drop_common() -> dict[int, None]:
    gb2312_level1 = _decodable("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    big5_common = _decodable("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], b"\xc6\x7f")
    return dict.fromkeys(map(ord, gb2312_level1 | big5_common))


def han_count(text: str) -> int:
    """Number of Han characters in ``text``."""
    return sum(len(run) for run in _HAN.findall(text))


def chinese_score(text: str) -> float | None:
    """Share (0-1) of the Han (and private-use) characters that are common Han; None when there are none."""
    counted = "".join(_HAN_OR_PRIVATE.findall(text))  # one pass over the text
    if not counted:
        return None
    return 1 - len(counted.translate(_drop_common())) / len(counted)
