"""Numbers printed run together are cut apart only where one way is left, never guessed."""

from __future__ import annotations

import pytest

from crawler.parse.run_together import cut_run_together, totals_add_up

ROW = totals_add_up(7)  # section 三: 总计 is the sum of the six cells before it
REVIEW = totals_add_up(5)  # section 四: three groups of four results and their 总计


@pytest.mark.parametrize(("tokens", "width", "check", "cells"), [
    (["0", "0", "0"], 3, None, ("0", "0", "0")),  # as many tokens as cells: as they are
    (["000"], 3, None, ("0", "0", "0")),  # a number never starts with 0
    (["808"], 3, None, ("8", "0", "8")),  # run together with nothing between: one digit a cell
    (["1000001"], 7, ROW, ("1", "0", "0", "0", "0", "0", "1")),
    (["1", "0", "0", "0", "0", "01"], 7, ROW, ("1", "0", "0", "0", "0", "0", "1")),
    (["10", "0", "0", "0", "01"], 7, ROW, ("1", "0", "0", "0", "0", "0", "1")),  # only this one adds up
    (["230", "000023"], 7, ROW, ("23", "0", "0", "0", "0", "0", "23")),  # not 230,0,0,0,0,2,3
    (["20", "0", "00", "0", "121"], 7, ROW, ("20", "0", "0", "0", "0", "1", "21")),
    (["00", "0", "00", "0", "0", "0", "00", "0", "0", "0", "00"], 15, REVIEW, ("0",) * 15),
    (["35", "-15"], 2, None, ("35", "-15")),
    (["9116.36"], 1, None, ("9116.36",)),
])
def test_one_way_left(tokens: list[str], width: int, check, cells: tuple[str, ...]) -> None:
    assert cut_run_together(tokens, width, check) == cells


@pytest.mark.parametrize(("tokens", "width", "check"), [
    (["898989"], 3, None),  # 89,89,89 or 8,98,989 or ...: nothing in the text decides
    (["5125"], 3, None),
    (["10", "5"], 3, None),  # a blank lost (10, -, 5) or 1, 0, 5: spaces were printed, so not cut
    (["0", "0", "0", "0", "0", "0"], 7, ROW),  # a blank cell lost: which one is not known
    (["2648", "-18538"], 3, None),
    (["13575394432.52元"], 2, None),  # a decimal or a unit is never cut
    (["1", "2", "3", "4", "5", "6", "7", "8"], 7, ROW),  # more numbers than cells
    (["30", "3"], 7, ROW),  # 3,0,0,... no: no way to cut it into seven at all
])
def test_more_than_one_way_or_none_is_left_unread(tokens: list[str], width: int, check) -> None:
    assert cut_run_together(tokens, width, check) is None


def test_a_long_run_is_not_cut_past_a_bound() -> None:
    """A run of 40 digits under 15 columns has millions of cuttings: it is called ambiguous, fast."""
    assert cut_run_together(["1234567891" * 4], 15, REVIEW) is None


def test_a_run_longer_than_any_row_of_numbers_is_not_cut() -> None:
    """200,000 digits (a hostile page): no cell holds more than 15 digits, so no row can hold these."""
    assert cut_run_together(["1234567890" * 20_000], 7, ROW) is None
    assert cut_run_together(["1" * 40], 2) is None
