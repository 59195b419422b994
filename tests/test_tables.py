"""HTML tables as rows of cells: merged across rows, repeated in each; across columns, once."""

import lxml.html

from crawler.parse.tables import table_cells


def _grid(html: str) -> list[list[str]]:
    return table_cells(lxml.html.fragment_fromstring(html))


def test_rowspan_repeats_and_colspan_counts_once() -> None:
    grid = _grid(
        "<table><tbody>"
        "<tr><td rowspan='3'>三、本年度办理结果</td><td colspan='2'>（一）予以公开</td><td>1</td></tr>"
        "<tr><td rowspan='2'>（三）\n不予\n公开</td><td>1.属于国家秘密</td><td>2</td></tr>"
        "<tr><td>2.其他</td><td> 3 </td></tr>"
        "<tr><td colspan='3'>四、结转</td><td>4</td></tr>"
        "</tbody></table>"
    )
    assert grid == [
        ["三、本年度办理结果", "（一）予以公开", "1"],
        ["三、本年度办理结果", "（三） 不予 公开", "1.属于国家秘密", "2"],
        ["三、本年度办理结果", "（三） 不予 公开", "2.其他", "3"],
        ["四、结转", "4"],
    ]


def test_span_after_the_last_cell_and_nested_tables() -> None:
    grid = _grid(
        "<table><tr><td>a</td><td rowspan='2'>b</td></tr><tr><td>c</td></tr>"
        "<tr><td><table><tr><td>inner</td></tr></table></td></tr></table>"
    )
    assert grid == [["a", "b"], ["c", "b"], ["inner"]]


def test_hostile_spans_are_bounded() -> None:
    grid = _grid("<table><tr><td colspan='99999999' rowspan='99999999'>a</td></tr><tr><td>b</td></tr></table>")
    assert grid == [["a"], ["a", "b"]]  # the spans are cut to 100 columns and 500 rows, not laid out in full
