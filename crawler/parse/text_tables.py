"""Tables flattened into text, back into rows of cells.

Word's form (seeds 000, 001, 003, 004): each cell starts a line with a tab; a line without
the tab continues the cell before it (Word splits narrow cells one character per line);
an empty line ends a row. A cell that was blank is a line holding the tab alone. The
content farms' form (seed 002): see ``piped_rows``; a row a line with cells between pipes
(markdown from PDF converters): see ``pipe_rows``; a row a line with cells apart by tabs: see
``line_rows``; cells apart by spaces or run together: see ``stream_rows``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from crawler.parse.cells import is_value
from crawler.text.mirror import unmirror

Block = str | list[list[str]]  # a line of prose, or a table as rows of cells


def flattened_blocks(text: str) -> list[Block]:
    """The prose lines and tables of Word-flattened ``text``, in order: consecutive rows make a table."""
    blocks: list[Block] = []
    cells: list[str] = []

    def end_row() -> None:
        if cells:
            if not blocks or isinstance(blocks[-1], str):
                blocks.append([])
            blocks[-1].append(cells.copy())  # type: ignore[union-attr]
            cells.clear()

    for line in text.splitlines():
        if not line.strip("\r"):
            end_row()
        elif line.startswith("\t"):
            cells.append(line.strip())
        elif cells:  # a cell's text broken over lines
            cells[-1] += line.strip()
        else:
            blocks.append(line.strip())
    end_row()
    return blocks


def flattened_rows(text: str) -> list[list[str]]:
    """Every row of cells in ``text`` (blocks without any tab-led line are prose, skipped)."""
    return [row for block in flattened_blocks(text) if not isinstance(block, str) for row in block]


def piped_blocks(text: str) -> list[Block]:
    """The prose lines and tables of a content farm's text, in order: runs of `` |`` lines are tables."""
    blocks: list[Block] = []
    run: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.rstrip().endswith("|"):
            run.append(line)
            continue
        if run:
            blocks.append(piped_rows("\n".join(run)))
            run = []
        if line.strip():
            blocks.append(line.strip())
    return blocks


def text_blocks(text: str) -> list[Block]:
    """Prose and tables of text in either flattened form (tab-led cells, else `` |`` cells)."""
    return flattened_blocks(text) if "\n\t" in text else piped_blocks(text)


def piped_rows(text: str) -> list[list[str]]:
    """Rows of a table flattened with `` |`` after each cell (content-farm mirrors, seed 002).

    Each ``text |`` line is a cell. Lines of pipes alone mark where a row or a spanned cell
    ended, inconsistently, so rows are found by their shape instead: label cells, then
    value cells; a label after values starts the next row. A lone ``|`` between values
    is a blank cell.
    """
    lines = [line.strip() for line in text.splitlines()]
    rows: list[list[str]] = []
    labels: list[str] = []
    values: list[str] = []
    for i, line in enumerate(lines):
        if line and set(line) == {"|"}:
            following = next((n for n in lines[i + 1:] if n and set(n) != {"|"}), "")
            if labels and 0 < len(values) < 7 and line == "|" and is_value(following.removesuffix("|")):
                values.append("")
            continue
        if not line.endswith("|"):
            continue
        cell = line.removesuffix("|").strip()
        if is_value(cell) and labels:
            values.append(cell)
            continue
        if values:
            rows.append(labels + values)
            labels, values = [], []
        labels.append(cell)
    if labels:
        rows.append(labels + values)
    return rows


_RULE = re.compile(r":?-{3,}:?")  # a markdown table's rule cell: ---, :---, ---:, :---:


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a table row written on one line between pipes (``| 规章 | 0 | 0 | 0 |``, markdown's
    and some flattened pages' form; ``| |||`` holds blank cells), or None for any other line. A
    markdown rule line (``|---|:---:|``) is a row of no cells."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    if "|" not in inner:
        return None
    cells = [cell.strip() for cell in inner.split("|")]
    return [] if all(_RULE.fullmatch(cell) for cell in cells) else cells


def _tab_cells(line: str) -> list[str] | None:
    """The cells of a table row written on one line apart by tabs (``规章\t0\t\t2``: an empty
    cell between two tabs is blank), or None for a line without a tab between its words."""
    if "\t" not in line.strip():
        return None
    return [cell.strip() for cell in line.rstrip("\r\n").split("\t")]


def _is_tab_table(text: str) -> bool:
    """Whether ``text`` holds tables of one row per line apart by tabs: more such lines (two at
    least) than lines of one tab-led cell (Word's flattened form)."""
    lines = text.splitlines()
    rows = sum(1 for line in lines if "\t" in line.strip())
    return rows >= 2 and rows > sum(1 for line in lines if line.startswith("\t") and "\t" not in line.strip())


def pipe_rows(text: str) -> list[list[str]]:
    """Rows of tables written one row per line with cells between pipes. The lines between the
    tables (a markdown heading ``### 第二十条第（一）项``, a note) are rows of one cell, as a table's
    caption cells are in a page, so a block's label still leads its rows."""
    return line_rows(text, _pipe_cells)


def line_rows(text: str, cells_of: Callable[[str], list[str] | None]) -> list[list[str]]:
    """Rows of tables written one row per line, each line's cells as ``cells_of`` finds them (between
    pipes, apart by tabs); the other lines are read as labels and numbers (``stream_rows``)."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        cells = cells_of(line)
        if cells is None:
            caption = line.strip().lstrip("#").strip()
            if caption:  # a converter's loose line: a label, or a label and its numbers (行政许可 97)
                rows += stream_rows(caption) or [label_cells(caption)]
        elif cells:
            rows.append(cells)
    return rows


def _is_pipe_table(text: str) -> bool:
    """Whether ``text`` holds tables of one row per line: two lines at least with cells between pipes, one
    not blank (a content farm's lines of pipes alone mark ends of cells, not rows)."""
    return sum(1 for line in text.splitlines() if any(_pipe_cells(line) or ())) >= 2


def _words(line: str) -> list[str]:
    """A line split at spaces, except inside brackets: ``采购总金额（单位:万元 保留4位小数）`` is one."""
    words: list[str] = []
    for word in line.split():
        if words and _open_brackets(words[-1]) > 0:
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def _open_brackets(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


_PENDING_CELLS = 8  # label cells kept from the text before a row's numbers
_LABEL_CHARACTERS = 400  # of that text, enough for the longest label cells

# A number of a cell: a count, a change (+3, -2), an amount with its unit; not a year or a count in
# prose (``2021年``, ``5条``), nor a sub-row's number (``2.重复申请``), nor anything in brackets.
_TOKENS = re.compile(r"(?P<bracket>[（(][^（()）\n]{0,60}[)）])"
                     r"|(?P<number>[+-]?\d+(?:\.\d+)?(?:万元|万|元|个)?)(?P<prose>[年月日时条件项次人名家户%％]"
                     r"|[.．、](?=[^\d\s]))?"
                     r"|(?P<blank>(?<!\S)(?:[/／\-—–－]+|无)(?!\S))")
_GLUED_SUB_ROW = re.compile(r"(?<=\d)(\d[.．、])(?=[\u4e00-\u9fff“\"])")  # 00000002.其他… -> 0000000 2.其他…
# Where a label run together with the next starts: a group （三）, a row 四、, a sub-row 2., a section 二 block,
# header or row label.
_LABEL_STARTS = re.compile(
    r"(?<!第)(?=[（(][一二三四五六七八九十][)）])|(?<![第十])(?=[一二三四五六七八九十]、)|(?<![\d.])(?=\d[.．、][^\d])"
    r"|(?=第二十条第)|(?=信息内容)|(?<!行政)(?=规范性文件)|(?<!本年)(?=处理决定数量)|(?=规章)|(?=行政许可)"
    r"|(?=其他对外管理服务事项)|(?=行政处罚)|(?=行政强制)|(?=行政事业性收费)|(?=政府集中采购)"
    r"|(?=本年)|(?=现行有效)|(?=对外公开总)|(?=上一年)|(?<!集中)(?=采购)|(?<=数量)|(?<=件数)")


def label_cells(text: str) -> list[str]:
    """The label cells of text that lost its table's rules: words apart at spaces (brackets kept
    whole) and, where labels were printed run together, cut where a template label starts."""
    return [cell for word in _words(text) for cell in _LABEL_STARTS.split(word) if cell]


def stream_rows(text: str) -> list[list[str]]:
    """Rows of a table whose rules were lost: text from a PDF, or a page's text with its cells
    apart by spaces or run together with nothing between them (``规章000行政规范性文件808``).

    The text is read as labels and runs of numbers, whatever its lines: each run of numbers is a
    row, led by the label cells before it (a label wrapped over lines, before and after its
    numbers, leads the next row with its tail). The numbers are the run's tokens as spaces
    split them: cells run together are cut by the section's reader, which knows the row's width
    (``crawler.parse.run_together``). A blank cell leaves no trace in such text: a row with one
    is short.
    """
    rows: list[list[str]] = []
    label = pending = ""  # the label text of the open run of numbers; the text since the last number
    numbers: list[str] = []
    text = _GLUED_SUB_ROW.sub(r" \1", text)
    position = 0
    for match in _TOKENS.finditer(text):
        pending += text[position:match.start()]
        position = match.end()
        number = match["blank"] or (None if match["prose"] else match["number"])
        if number is None:
            pending += match[0]
            continue
        if pending.strip():
            if numbers:
                rows.append([*label_cells(label)[-_PENDING_CELLS:], *numbers])
            label, numbers = pending[-_LABEL_CHARACTERS:], []
        glued = numbers and not pending and match["number"]  # 0+11, 2648-18538: one run, a sign starts a cell
        pending = ""
        if glued:
            numbers[-1] += number
        else:
            numbers.append(number)
    if numbers:
        rows.append([*label_cells(label)[-_PENDING_CELLS:], *numbers])
    return rows


class TextTable(NamedTuple):
    """The rows of a section's tables as read from text, and whether their numbers may be run
    together (text that lost the table's rules: see ``stream_rows``), for the section's reader to cut."""

    rows: list[list[str]]
    run_together: bool


# The headings that bound each section's tables: numbered (``三、收到和处理…``) where the text numbers
# them, which an introduction listing the sections by name does not.
_NUMBERED = r"(?:[一二三四五六七八九十]{1,2}|\d{1,2})[、.．]\s*"  # 三、 3. : reports number them off by one too
SECTION_STARTS = {
    2: re.compile(_NUMBERED + r"主动公开"),
    3: re.compile(_NUMBERED + r"(?:收到和处理|依申请)"),
    4: re.compile(_NUMBERED + r"\S{0,12}?行政复议"),
    5: re.compile(_NUMBERED + r"\S{0,8}?(?:存在|问题|改进)"),
}
_PAGE_FOOTER = re.compile(  # a PDF page's footer inside a table: — 4 —, - 4 -, 第 3 页 共 7 页
    r"^[ \t]*(?:[-—–－]+[ \t]*\d{1,3}[ \t]*[-—–－]+"
    r"|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*$", re.MULTILINE)
_PLAIN_STARTS = {2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况", 4: "行政复议、行政诉讼情况",
                 5: "存在的主要问题"}


@functools.lru_cache(maxsize=4)  # the three sections' readers ask for the same text in turn
def _readable(text: str) -> str:
    """``text`` in Simplified with a mirror's pinyin and the pages' footers out."""
    return _PAGE_FOOTER.sub("", unmirror(text))


def _section_start(text: str, section: int, after: int = 0) -> int:
    """Where section ``section``'s heading starts in ``text`` (from ``after`` on), or -1."""
    found = SECTION_STARTS[section].search(text, after)
    return found.start() if found else text.find(_PLAIN_STARTS[section], after)


def text_table_rows(text: str, section: int) -> TextTable:
    """The rows of section ``section``'s tables (2, 3 or 4) in ``text``, in whichever flattened
    form they come (tab-led cells, a row a line between pipes, `` |`` cells, else cells apart by
    spaces or run together), read in Simplified with a mirror's pinyin out.

    Where the section's heading is missing the text is read from its start, and to its end
    where the next section's is missing.
    """
    simplified = _readable(text)
    start = max(_section_start(simplified, section), 0)
    end = _section_start(simplified, section + 1, start + 1)
    part = simplified[start:end if end > start else None]
    if _is_tab_table(part):
        return TextTable(line_rows(part, _tab_cells), run_together=False)
    if "\n\t" in part or part.startswith("\t"):
        return TextTable(flattened_rows(part), run_together=False)
    if _is_pipe_table(part):
        return TextTable(pipe_rows(part), run_together=False)
    if "|\n" in part or part.rstrip().endswith("|"):
        return TextTable(piped_rows(part), run_together=False)
    return TextTable(stream_rows(part), run_together=True)
