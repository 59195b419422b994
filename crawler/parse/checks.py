"""The template's own consistency rules ("勾稽关系"), each check's outcome recorded.

Every check names its rule and what it checked (a row, a column or a group):
``rows`` (section 三 has a template's rows), ``row-total`` (a row's 总计 is the sum of its
applicant columns), ``balance`` (一+二 = 三（七）+四, per column), ``results-sum``
(（七）总计 = the sum of （一）…（六）, per column) and ``review-total`` (each of section 四's
总计 is the sum of the four results before it). A check that needs a blank or unreadable
cell (None) is not checked (``passed`` None) rather than failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crawler.parse.template import APPLICANT_COLUMNS, BALANCE_ROWS, SECTION3_KEYS, SECTION4_GROUPS

Values = Sequence[int | None]


@dataclass(frozen=True)
class Check:
    """One check of one rule: what it checked, whether it held (None: not checkable), and how."""

    rule: str
    subject: str
    passed: bool | None
    detail: str

    @property
    def outcome(self) -> str:
        return "unchecked" if self.passed is None else "pass" if self.passed else "fail"


def _equation(rule: str, subject: str, left: tuple[str, Values], right: tuple[str, Values]) -> Check:
    """Whether the sum of the named values on the left equals that on the right."""
    (left_name, left_values), (right_name, right_values) = left, right
    if any(v is None for v in (*left_values, *right_values)):
        return Check(rule, subject, None, f"{subject}: not checked, a cell is blank or unreadable")
    a, b = sum(v or 0 for v in left_values), sum(v or 0 for v in right_values)
    return Check(rule, subject, a == b, f"{subject}: {left_name} {a} {'=' if a == b else '!='} {right_name} {b}")


def section3_checks(rows: Iterable[tuple[str, Values]]) -> list[Check]:
    """Every check of section 三's rules on its rows (row key -> 7 values)."""
    table = dict(rows)
    if tuple(table) not in SECTION3_KEYS.values():
        return [Check("rows", "rows", False, "the rows follow neither the 2019 nor the 2021 template")]
    wrong = [Check("rows", key, False, f"{key} has {len(v)} values, not 7") for key, v in table.items() if len(v) != 7]
    if wrong:
        return wrong
    checks = [Check("rows", "rows", True, f"the {len(table)} rows of a template version")]
    checks += [_equation("row-total", key, ("总计", v[6:]), ("the sum of the other columns", v[:6]))
               for key, v in table.items()]
    results = [key for key in table if key not in BALANCE_ROWS]
    for c, name in enumerate(APPLICANT_COLUMNS):
        column = {key: v[c:c + 1] for key, v in table.items()}
        checks.append(_equation("balance", name, ("一+二", column["new"] + column["carried_over"]),
                                ("三（七）总计+四", column["total"] + column["carry_forward"])))
        checks.append(_equation("results-sum", name, ("（七）总计", column["total"]),
                                ("the sum of （一）…（六）", tuple(v[c] for k, v in table.items() if k in results))))
    return checks


def section4_checks(values: Values) -> list[Check]:
    """Every check of section 四's rules on its 15 numbers."""
    if len(values) != 15:
        return [Check("rows", "numbers", False, f"{len(values)} values, not 15")]
    return [_equation("review-total", name, ("总计", values[5 * g + 4:5 * g + 5]),
                      ("the sum of the four results", values[5 * g:5 * g + 4]))
            for g, name in enumerate(SECTION4_GROUPS)]


def failed(checks: Iterable[Check]) -> list[Check]:
    """The checks that failed."""
    return [check for check in checks if check.passed is False]


def check_section3(rows: Iterable[tuple[str, Values]]) -> list[Check]:
    """The failed checks of section 三; [] when every checkable rule holds."""
    return failed(section3_checks(rows))


def check_section4(values: Values) -> list[Check]:
    """The failed checks of section 四; [] when every checkable rule holds."""
    return failed(section4_checks(values))
