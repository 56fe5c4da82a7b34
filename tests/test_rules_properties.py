"""Property tests: balanced reports pass; one changed cell breaks exactly its own equations."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gaidesk import format as fmt
from gaidesk import rules, sametext, textcheck
from gaidesk.model import Report
from tests.support.rules import complete_report, equations, fill_balanced, instances

EQUATIONS = equations()


@st.composite
def balanced_reports(draw: st.DrawFn) -> Report:
    report = complete_report()
    fill_balanced(report, lambda lo, hi: draw(st.integers(lo, hi)))
    return report


@settings(max_examples=40, deadline=None)
@given(balanced_reports())
def test_a_balanced_report_passes_every_rule(report: Report) -> None:
    assert rules.check(report) == []


def expected_instances(address: str) -> set[tuple[str, frozenset[str]]]:
    """The hard-rule instances a cell takes part in, from the equations of the format."""
    return {(rule, eq) for rule, eqs in EQUATIONS.items() for eq in eqs if address in eq}


@settings(max_examples=150, deadline=None)
@given(
    balanced_reports(),
    st.sampled_from(fmt.ADDRESSES),
    st.integers(-60, 60).filter(lambda d: d != 0),
)
def test_changing_one_cell_breaks_exactly_its_rules(
    report: Report, address: str, delta: int
) -> None:
    old = report.cells[address]
    if fmt.VALUE_CELLS[address].kind is fmt.CellKind.DECIMAL:
        assert isinstance(old, str)
        new = Decimal(old) + delta
        report.cells[address] = str(new)
        negative = new < 0
    else:
        assert isinstance(old, int)
        report.cells[address] = old + delta
        negative = old + delta < 0
    found = instances(rules.check(report))
    if negative:
        assert found == {("VALUE-INVALID", frozenset({address}))}
    else:
        assert found == expected_instances(address)


def test_every_cell_belongs_to_the_rules_of_its_table() -> None:
    for address in fmt.ADDRESSES:
        rule_names = {rule for rule, _ in expected_instances(address)}
        if address.startswith("t3."):
            assert "T3-ROW-TOTAL" in rule_names
        elif address.startswith("t4."):
            assert rule_names == {"T4-TOTAL"}
        else:
            assert rule_names == set()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_similarity_is_a_share(a: str, b: str) -> None:
    value = rules.similarity(a, b)
    assert 0.0 <= value <= 1.0
    if sametext.comparable(a):
        assert rules.similarity(a, a) == 1.0


_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """17 → 十七, 105 → 一百零五, 2300 → 二千三百 (how clerks write counts)."""
    if n == 0:
        return "零"
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if (digit == 1 and name == "十" and not out) else _DIGITS[digit]) + name
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 9999))
def test_chinese_numerals_read_back(n: int) -> None:
    assert textcheck.parse_number(to_chinese(n)) == n
    assert textcheck.parse_number(str(n)) == n


NOT_COUNTS = [
    "主动公开信息{}条",
    "开展培训{}次",
    "按时答复率达{}%",
    "收取信息处理费{}万元",
    "于2025年{}月发布",
    "接待群众咨询{}件",
    "办结人大代表建议{}件",
    "其中自然人申请{}件",
    "发布政策解读{}篇",
    "更新公开栏{}期",
    "收到申请约{}件",
]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(NOT_COUNTS), min_size=1, max_size=4),
    st.integers(1, 500),
)
def test_other_numbers_never_read_as_counts(templates: list[str], n: int) -> None:
    text = "本年度收到政府信息公开申请若干，" + "，".join(t.format(n) for t in templates) + "。"
    assert textcheck.statements(text) == ()
    report = complete_report()
    report.text["overview.on_request"] = text
    assert rules.check(report) == []
