"""The template's consistency rules."""

from crawler.parse.checks import check_section3, check_section4, section3_checks, section4_checks
from crawler.parse.template import SECTION3_KEYS, TEMPLATE_2019, TEMPLATE_2021


def test_check_section3_names_each_rule() -> None:
    rows = {key: (0,) * 7 for key in SECTION3_KEYS[TEMPLATE_2019]}
    assert check_section3(rows.items()) == []
    rows["open"] = (1, 0, 0, 0, 0, 0, 1)
    assert len(check_section3(rows.items())) == 2  # 自然人 and 总计: （七）总计 no longer the sum
    rows["total"] = tuple(a + b for a, b in zip(rows["total"], rows["open"]))
    assert len(check_section3(rows.items())) == 2  # now 一+二 != 三+四 in the same two columns
    rows["new"] = tuple(a + b for a, b in zip(rows["new"], rows["open"]))
    assert check_section3(rows.items()) == []
    rows["new"] = (*rows["new"][:6], rows["new"][6] + 1)
    assert any(p.rule == "row-total" and "总计" in p.detail for p in check_section3(rows.items()))
    assert check_section3([("new", (0,) * 7)]) != []


def test_check_section4() -> None:
    assert check_section4((1, 0, 0, 1, 2) + (0,) * 10) == []
    assert len(check_section4((1, 0, 0, 1, 3) + (0,) * 9 + (1,))) == 2
    assert check_section4((0,) * 14) != []


def test_blank_cells_are_not_checked_rather_than_failed() -> None:
    rows = {key: (0,) * 7 for key in SECTION3_KEYS[TEMPLATE_2021]}
    rows["open"] = (None, 0, 0, 0, 0, 0, 0)
    assert check_section3(rows.items()) == []
    rows["partial"] = (1, 0, 0, 0, 0, 0, 0)
    assert [p.rule for p in check_section3(rows.items())] == ["row-total"]
    assert check_section4((None, 0, 0, 0, 9) + (1, 1, 0, 0, 2) + (0,) * 5) == []


def test_every_check_is_recorded_with_its_outcome() -> None:
    rows = {key: (0,) * 7 for key in SECTION3_KEYS[TEMPLATE_2019]}
    checks = section3_checks(rows.items())
    # rows, a 总计 per row, and per column a balance and a results sum
    assert len(checks) == 1 + len(rows) + 2 * 7
    assert {c.outcome for c in checks} == {"pass"}
    rows["open"] = (None, 0, 0, 0, 0, 0, 0)
    unchecked = [(c.rule, c.subject) for c in section3_checks(rows.items()) if c.outcome == "unchecked"]
    assert unchecked == [("row-total", "open"), ("results-sum", "自然人")]
    (review, direct, after) = section4_checks((1, 0, 0, 1, 2) + (0,) * 5 + (None,) + (0,) * 4)
    assert (review.outcome, direct.outcome, after.outcome) == ("pass", "pass", "unchecked")
    assert review.detail == "行政复议: 总计 2 = the sum of the four results 2"
