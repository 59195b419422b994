"""Undo mojibake: Chinese bytes that were decoded with the wrong codec somewhere upstream.

Each repair works run by run (a run: consecutive characters the damage can produce),
re-encodes the run with the codec that was wrongly used, decodes it with the right one,
and keeps the result only when it reads as Chinese while the damaged run did not. Bytes
lost at a run's edges (a character cut in half upstream) become U+FFFD; what cannot be
undone is counted by ``lossy_damage``.
"""

from __future__ import annotations

import re

from crawler.text.chinese import chinese_score, han_count

_GOOD = 0.9  # a repaired run must read at least this well as Chinese
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\ufffd]{2,}")
# Characters that UTF-8 or GBK bytes become when read as latin-1 or cp1252.
_CP1252_EXTRAS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_LATIN_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_EXTRAS}]{{2,}}")
# cp1252 as browsers and MySQL's "latin1" apply it: its five undefined bytes read as C1
# controls. Mapping each cp1252 character back to its byte's latin-1 twin makes the
# damage encodable as latin-1, whichever of the two readings made it.
_CP1252_TO_LATIN1 = {ord(bytes([b]).decode("cp1252")): b for b in _CP1252_EXTRAS.encode("cp1252")}
_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]+")
# What GB18030 makes of a three-byte UTF-8 character's lead byte and the byte after it. Two
# such characters side by side, read as GBK, always leave one of these (whatever byte the
# run starts at), and a run with no three-byte character cannot read as Chinese once
# repaired: a run (or a text) without any is left as it is.
_UTF8_LEADS = re.compile(
    "[" + "".join(sorted({bytes([lead, trail]).decode("gb18030") for lead in range(0xE0, 0xF0)
                          for trail in range(0x80, 0xC0)})) + "]")
_LOSSY = re.compile(r"\ufffd|锟斤拷|(?<=[\u4e00-\u9fff])\?{2,}|\?{2,}(?=[\u4e00-\u9fff])")


def _reads_better(fixed: str, damaged: str) -> bool:
    """The repaired run reads as Chinese, no worse than the damaged one, and bytes are
    missing (U+FFFD) only at its edges, where upstream cut a character in half."""
    core = fixed.strip("\ufffd")
    lost = len(fixed) - len(core)
    if not lost and len(damaged) >= 3 and _CJK_PUNCTUATION.fullmatch(core):  # 〔, （, ： between ASCII
        return True
    if "\ufffd" in core or (lost and (len(core) < 2 * lost or han_count(core) < 2)):
        return False
    after = chinese_score(core)
    before = chinese_score(damaged)
    if after is None or after < _GOOD:
        return False
    return before is None or after >= before


Codecs = tuple[str, ...]
WEB_CP1252 = "web-cp1252"


def _encode(text: str, codec: str) -> bytes:
    if codec == WEB_CP1252:
        return text.translate(_CP1252_TO_LATIN1).encode("latin-1")
    return text.encode(codec)


def _undo(damaged: str, run: re.Pattern[str], wrong: Codecs, right: Codecs, layers: int) -> str | None:
    """The text ``damaged`` was before up to ``layers`` wrong decodings, if it reads as Chinese."""
    for wrong_codec in wrong:
        try:
            raw = _encode(damaged, wrong_codec)
        except UnicodeEncodeError:
            continue
        for right_codec in right:
            fixed = raw.decode(right_codec, "replace")
            if _reads_better(fixed, damaged):
                return fixed
            if layers > 1 and run.fullmatch(fixed):  # still damaged: one more layer to undo
                deeper = _undo(fixed, run, wrong, right, layers - 1)
                if deeper is not None:
                    return deeper
    return None


def _roundtrip(text: str, run: re.Pattern[str], wrong: Codecs, right: Codecs, layers: int = 1,
               marked: re.Pattern[str] | None = None) -> tuple[str, int]:
    """``text`` with every ``run`` undone that reads better undone (and holds a ``marked`` character)."""
    if marked and not marked.search(text):
        return text, 0
    changed = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        if marked and not marked.search(match.group(0)):
            return match.group(0)
        fixed = _undo(match.group(0), run, wrong, right, layers)
        if fixed is None:
            return match.group(0)
        changed += len(match.group(0))
        return fixed

    return run.sub(fix, text), changed


def repair_utf8_read_as_gbk(text: str) -> tuple[str, int]:
    """``鏀垮簻淇℃伅鍏紑`` -> ``政府信息公开``; returns (text, damaged characters replaced)."""
    return _roundtrip(text, _NON_ASCII_RUN, ("gb18030",), ("utf-8",), marked=_UTF8_LEADS)


def repair_read_as_latin1(text: str) -> tuple[str, int]:
    """``æ”¿åºœ`` -> ``政府`` (UTF-8 or GBK read as cp1252/latin-1), double encoding included."""
    return _roundtrip(text, _LATIN_RUN, (WEB_CP1252,), ("utf-8", "gb18030"), layers=3)


def lossy_damage(text: str) -> int:
    """Characters lost beyond repair: U+FFFD, ``锟斤拷`` and ``??`` runs beside Chinese."""
    if "\ufffd" not in text and "锟斤拷" not in text and "??" not in text:
        return 0  # the usual case, found without trying the pattern at every character
    return sum(len(m.group(0)) for m in _LOSSY.finditer(text))
