"""Make a page look like a content-farm mirror: Traditional characters, pinyin after some."""

from __future__ import annotations

import functools
import random
import re

import opencc
from pypinyin import Style, pinyin

_HAN = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def mirrored(text: str, rng: random.Random, every: int = 8) -> str:
    """``text`` in Traditional characters with a pinyin reading after about one Han character in ``every``.

    Works on HTML too: Han characters never stand inside the tags the demo writes.
    """
    traditional = _to_traditional().convert(text)

    def reading(match: re.Match[str]) -> str:
        char = match.group(0)
        if rng.randrange(every):
            return char
        return f"{char}({pinyin(char, style=Style.TONE)[0][0]})"

    return _HAN.sub(reading, traditional)
