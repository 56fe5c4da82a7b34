"""Every rule of docs/format.md §5, every instance: where it fires and where it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk import draft, rules, textcheck
from gaidesk import format as fmt
from gaidesk.model import Report
from tests.support.rules import (
    NEUTRAL_TEXT,
    balanced_report,
    complete_report,
    equations,
    instances,
    last_years_report,
    rules_of,
)

T3_COLUMNS = [c.key for c in fmt.T3_COLUMNS]
T3_ROWS = [r.key for r in fmt.T3_ROWS]
T4_GROUPS = [g.key for g in fmt.T4_GROUPS]
REQUIRED = [p.key for p in fmt.TEXT_PARTS if p.required]
NARRATIVE = [p.key for p in fmt.TEXT_PARTS if p is not fmt.PREFACE]
IN_FORCE_ITEMS = [i.key for i in fmt.T2_BLOCKS[0].items]
CITY = "淮安市人民政府"
RULES_ISSUED = fmt.cell(fmt.T2, fmt.T2_RULES_ITEM, "issued")
UNPAID_FEE = fmt.cell(fmt.T3, fmt.T3_UNPAID_FEE_ROW, "natural")


def load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def by_rule(findings: list[rules.Finding], rule: str) -> list[rules.Finding]:
    return [f for f in findings if f.rule == rule]


def _set_t4_group(report: Report, group: str, total: int) -> None:
    """Table 4's ``group``: 维持 10, 纠正 1, 其他 0, 尚未审结 0 (11 in all) and 总计 ``total``."""
    for col, value in zip(
        ["upheld", "corrected", "other", "pending", "total"], [10, 1, 0, 0, total], strict=True
    ):
        report.cells[f"t4.{group}.{col}"] = value


def _carried_over() -> tuple[Report, Report]:
    """Last year's balanced report and this year's, whose 上年结转 is last year's 结转下年度 in
    every column."""
    previous = balanced_report(4, year=2024)
    report = balanced_report(4)
    for col in T3_COLUMNS:
        report.cells[f"t3.carried_in.{col}"] = previous.cells[f"t3.carried_out.{col}"]
    return previous, report


def _in_force_after_10_plus_3_minus_1(item: str, in_force: int) -> tuple[Report, Report]:
    """Last year's report with 10 of table 2's ``item`` in force, and a city's report of this
    year that issued 3 and repealed 1 of them and says ``in_force`` are in force (12 carries)."""
    previous = last_years_report()
    report = complete_report()
    report.meta.agency = CITY  # a city makes 规章 (a township would be T2-TOWNSHIP)
    previous.cells[f"t2.{item}.in_force"] = 10
    report.cells[f"t2.{item}.issued"] = 3
    report.cells[f"t2.{item}.repealed"] = 1
    report.cells[f"t2.{item}.in_force"] = in_force
    return previous, report


# --------------------------------------------------------------------------------------------
# Basics


def test_complete_and_balanced_reports_have_no_findings() -> None:
    assert rules.check(complete_report()) == []
    for seed in range(5):
        assert rules.check(balanced_report(seed)) == []


def test_finding_is_frozen_and_severities_follow_the_rule_table() -> None:
    report = complete_report()
    report.meta.agency = ""
    report.text["other_matters"] = "无"
    findings = rules.check(report)
    assert rules_of(findings) == ["META-MISSING", "S6-FEE"]
    assert [f.severity for f in findings] == [rules.ERROR, rules.WARNING]
    with pytest.raises(AttributeError):
        findings[0].rule = "X"  # type: ignore[misc]
    assert set(rules.RULES) == {
        "VALUE-INVALID",
        "T3-BALANCE",
        "T3-RESULTS-TOTAL",
        "T3-ROW-TOTAL",
        "T4-TOTAL",
        "META-MISSING",
        "TEXT-EMPTY",
        "X-CARRY",
        "X-IN-FORCE",
        "X-JUMP",
        "X-SIMILAR",
        "TEXT-NUMBER",
        "TEXT-YEAR",
        "T2-TOWNSHIP",
        "S1-OVERSIGHT",
        "S5-BRIEF",
        "S6-FEE",
        "S6-FEE-UNPAID",
    }


def test_every_finding_names_known_cells_and_has_a_chinese_message() -> None:
    report = balanced_report()
    previous = balanced_report(7, year=2024)
    report.meta.agency = ""
    report.cells["t3.new.natural"] = -3
    report.cells["t3.carried_out.commercial"] += 1
    report.cells["t3.granted.legal"] += 1
    report.cells["t4.review.total"] += 2
    report.text["overview.active"] = ""
    report.text["overview.on_request"] = "2024年度，共收到政府信息公开申请9999件。"
    report.text["problems.problems"] = previous.text["problems.problems"] = "相同" * 40
    report.text["other_matters"] = "无"
    # The review rules, on a township's report (S6-FEE-UNPAID takes the place of S6-FEE).
    review = balanced_report()
    review.cells[RULES_ISSUED] = 2
    review.set_cell(UNPAID_FEE, 1)
    review.text["overview.oversight"] = "加强组织领导，明确专人负责。"
    review.text["problems.problems"] = "暂无明显问题。"
    review.text["problems.improvements"] = "加强培训，提高工作人员的业务水平。"
    review.text["other_matters"] = "无"
    review_previous = balanced_report(year=2024)
    review_previous.cells[RULES_ISSUED] = 0
    review_previous.cells["t2.licensing.decisions"] = 5000
    known = {*fmt.ADDRESSES, *(p.address for p in fmt.TEXT_PARTS), "meta.agency", "meta.year"}
    silent_on_fee = complete_report()
    silent_on_fee.text["other_matters"] = "无"
    findings = [
        *rules.check(report, previous),
        *rules.check(review, review_previous),
        *rules.check(silent_on_fee),
    ]
    assert set(rules_of(findings)) == set(rules.RULES)
    for f in findings:
        assert f.cells and set(f.cells) <= known
        assert f.severity == rules.RULES[f.rule]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)
        assert "t3." not in f.message and "t4." not in f.message and "text." not in f.message


def test_findings_come_in_section_then_rule_order() -> None:
    report = balanced_report()
    report.meta.agency = ""
    report.cells["t4.review.total"] += 1
    report.cells["t2.fees.amount"] = "x"
    report.cells["t3.new.natural"] += 1
    report.cells["t3.granted.total"] += 1
    report.text["overview.oversight"] = ""
    report.text["problems.improvements"] = ""
    report.text["other_matters"] = "无"
    findings = rules.check(report)
    assert [(f.rule, f.cells[0]) for f in findings] == [
        ("META-MISSING", "meta.agency"),
        ("TEXT-EMPTY", "text.overview.oversight"),
        ("VALUE-INVALID", "t2.fees.amount"),
        ("T3-BALANCE", "t3.carried_out.natural"),
        ("T3-RESULTS-TOTAL", "t3.results_total.total"),
        ("T3-ROW-TOTAL", "t3.new.total"),
        ("T3-ROW-TOTAL", "t3.granted.total"),
        ("T4-TOTAL", "t4.review.total"),
        ("TEXT-EMPTY", "text.problems.improvements"),
        ("S6-FEE-UNPAID", "text.other_matters"),
    ]
    assert rules.check(report) == findings  # stable


# --------------------------------------------------------------------------------------------
# VALUE-INVALID

BAD_VALUES = [None, -1, 2.5, "abc", True, "12", 10**13, [1]]


@pytest.mark.parametrize("address", fmt.ADDRESSES)
def test_value_invalid_fires_per_cell(address: str) -> None:
    report = balanced_report()
    bad = BAD_VALUES[fmt.ADDRESSES.index(address) % len(BAD_VALUES)]
    if fmt.VALUE_CELLS[address].kind is fmt.CellKind.DECIMAL:
        bad = "-1.5"
    report.cells[address] = bad  # type: ignore[assignment]
    findings = rules.check(report)
    assert instances(findings) == {("VALUE-INVALID", frozenset({address}))}
    (finding,) = findings
    assert finding.message.startswith(fmt.cell_name(address) + "：")


@pytest.mark.parametrize("address", fmt.ADDRESSES)
def test_value_invalid_does_not_fire_on_valid_values(address: str) -> None:
    report = balanced_report(3)
    assert rules.check(report) == []
    report.cells[address] = report.cells[address]
    assert by_rule(rules.check(report), "VALUE-INVALID") == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "没有填写"),
        ("", "没有填写"),
        (-4, "负数"),
        (10**13, "太大"),
        (1.5, "不是整数"),
        ("十", "不是数字"),
        (True, "不是数字"),
    ],
)
def test_value_invalid_messages_for_counts(value: object, words: str) -> None:
    report = complete_report()
    report.cells["t3.new.natural"] = value  # type: ignore[assignment]
    (finding,) = rules.check(report)
    assert finding.rule == "VALUE-INVALID" and finding.cells == ("t3.new.natural",)
    assert words in finding.message and "本年新收（自然人）" in finding.message


@pytest.mark.parametrize("value", ["0", "7730.28", "190.457379", "12"])
def test_fee_accepts_exact_decimals(value: str) -> None:
    report = complete_report()
    report.cells["t2.fees.amount"] = value
    assert rules.check(report) == []


@pytest.mark.parametrize(
    ("value", "words"), [("-3", "负数"), ("1e5", "不是有效的金额"), (3.5, "不是有效的金额")]
)
def test_fee_refuses_non_decimals(value: object, words: str) -> None:
    report = complete_report()
    report.cells["t2.fees.amount"] = value  # type: ignore[assignment]
    (finding,) = rules.check(report)
    assert finding.rule == "VALUE-INVALID" and words in finding.message


def test_sums_with_an_invalid_cell_are_skipped() -> None:
    report = balanced_report()
    report.cells["t3.granted.natural"] = "abc"
    report.cells["t4.review.upheld"] = None
    assert rules_of(rules.check(report)) == ["VALUE-INVALID", "VALUE-INVALID"]


# --------------------------------------------------------------------------------------------
# T3-BALANCE


def test_balance_message_is_the_one_of_the_format() -> None:
    report = complete_report()
    for address, value in [
        ("t3.new.natural", 3),
        ("t3.carried_in.natural", 1),
        ("t3.granted.natural", 2),
        ("t3.carried_out.natural", 1),
    ]:
        report.set_cell(address, value)
    findings = rules.check(report)
    assert [(f.rule, f.cells[0]) for f in findings] == [
        ("T3-BALANCE", "t3.carried_out.natural"),
        ("T3-BALANCE", "t3.carried_out.total"),
    ]
    assert findings[0].message == (
        "自然人列：本年新收 3 + 上年结转 1 = 4，办理结果总计 2 + 结转下年度 1 = 3，相差 1"
    )
    assert set(findings[0].cells) == {
        "t3.new.natural",
        "t3.carried_in.natural",
        "t3.results_total.natural",
        "t3.carried_out.natural",
    }


@pytest.mark.parametrize("column", T3_COLUMNS)
def test_balance_fires_per_column(column: str) -> None:
    report = balanced_report()
    report.cells[f"t3.carried_in.{column}"] += 2
    found = by_rule(rules.check(report), "T3-BALANCE")
    assert [f.cells[0] for f in found] == [f"t3.carried_out.{column}"]
    label = fmt.T3_COLUMN_BY_KEY[column].label
    assert found[0].message.startswith(f"{label}列：") and found[0].message.endswith("相差 2")


@pytest.mark.parametrize("column", T3_COLUMNS)
def test_balance_does_not_fire_when_the_column_balances(column: str) -> None:
    report = balanced_report(11)
    report.cells[f"t3.new.{column}"] += 4
    report.cells[f"t3.carried_out.{column}"] += 4
    assert by_rule(rules.check(report), "T3-BALANCE") == []


# --------------------------------------------------------------------------------------------
# T3-RESULTS-TOTAL


@pytest.mark.parametrize("column", T3_COLUMNS)
def test_results_total_fires_per_column(column: str) -> None:
    report = balanced_report()
    report.cells[f"t3.{fmt.T3_RESULT_ROWS[5]}.{column}"] += 3
    found = by_rule(rules.check(report), "T3-RESULTS-TOTAL")
    assert [f.cells[0] for f in found] == [f"t3.results_total.{column}"]
    assert len(found[0].cells) == 22
    assert found[0].message.endswith("相差 3")
    assert fmt.T3_ROW_BY_KEY[fmt.T3_RESULT_ROWS[5]].short in found[0].message


@pytest.mark.parametrize("column", T3_COLUMNS)
def test_results_total_does_not_fire_when_the_column_adds_up(column: str) -> None:
    report = balanced_report(5)
    report.cells[f"t3.granted.{column}"] += 1
    report.cells[f"t3.partial.{column}"] -= min(1, report.cells[f"t3.partial.{column}"])  # type: ignore[operator, type-var]
    report.cells[f"t3.results_total.{column}"] = sum(
        report.cells[f"t3.{r}.{column}"]  # type: ignore[misc]
        for r in fmt.T3_RESULT_ROWS
    )
    assert by_rule(rules.check(report), "T3-RESULTS-TOTAL") == []


def test_results_total_message_when_every_result_is_zero() -> None:
    report = complete_report()
    report.cells["t3.results_total.social"] = 2
    found = by_rule(rules.check(report), "T3-RESULTS-TOTAL")
    assert (
        found[0].message
        == "社会公益组织列：办理结果总计 2，而各项办理结果之和：各项均为 0，合计 0，相差 2"
    )


def test_results_total_of_the_total_column_adds_up_the_row_totals() -> None:
    report = complete_report()
    report.cells["t3.granted.total"] = 5
    report.cells["t3.results_total.total"] = 5
    report.cells["t3.new.total"] = 5
    found = rules.check(report)
    assert ("T3-RESULTS-TOTAL", "t3.results_total.total") not in [
        (f.rule, f.cells[0]) for f in found
    ]
    assert ("T3-ROW-TOTAL", "t3.granted.total") in [(f.rule, f.cells[0]) for f in found]


# --------------------------------------------------------------------------------------------
# T3-ROW-TOTAL


@pytest.mark.parametrize("row", T3_ROWS)
def test_row_total_fires_per_row(row: str) -> None:
    report = balanced_report()
    report.cells[f"t3.{row}.research"] += 1
    found = by_rule(rules.check(report), "T3-ROW-TOTAL")
    assert [f.cells[0] for f in found] == [f"t3.{row}.total"]
    message = found[0].message
    assert message.startswith(f"“{fmt.T3_ROW_BY_KEY[row].short}”一行：总计 ")
    assert all(c.label in message for c in fmt.T3_COLUMNS)
    assert message.endswith("相差 1")


@pytest.mark.parametrize("row", T3_ROWS)
def test_row_total_does_not_fire_when_the_row_adds_up(row: str) -> None:
    report = balanced_report(2)
    report.cells[f"t3.{row}.research"] += 1
    report.cells[f"t3.{row}.total"] += 1
    assert by_rule(rules.check(report), "T3-ROW-TOTAL") == []


# --------------------------------------------------------------------------------------------
# T4-TOTAL


@pytest.mark.parametrize("group", T4_GROUPS)
def test_t4_total_fires_per_group(group: str) -> None:
    report = complete_report()
    _set_t4_group(report, group, total=0)
    (finding,) = rules.check(report)
    assert finding.rule == "T4-TOTAL" and finding.severity == rules.ERROR
    assert finding.cells[0] == f"t4.{group}.total" and len(finding.cells) == 5
    assert "总计 0" in finding.message and "= 11" in finding.message
    assert finding.message.endswith("相差 11")
    assert finding.message.startswith(next(g.short for g in fmt.T4_GROUPS if g.key == group))


@pytest.mark.parametrize("group", T4_GROUPS)
def test_t4_total_does_not_fire_when_the_group_adds_up(group: str) -> None:
    report = complete_report()
    _set_t4_group(report, group, total=11)
    assert rules.check(report) == []


# --------------------------------------------------------------------------------------------
# META-MISSING and TEXT-EMPTY


@pytest.mark.parametrize(
    ("field", "value", "address"),
    [("agency", "", "meta.agency"), ("agency", "  ", "meta.agency"), ("year", None, "meta.year")],
)
def test_meta_missing_fires(field: str, value: object, address: str) -> None:
    report = complete_report()
    setattr(report.meta, field, value)
    (finding,) = rules.check(report)
    assert (finding.rule, finding.cells) == ("META-MISSING", (address,))
    assert fmt.cell_name(address) in finding.message


def test_meta_missing_does_not_fire_with_body_and_year() -> None:
    report = complete_report()
    report.meta.short_name = ""
    assert rules.check(report) == []


@pytest.mark.parametrize("key", REQUIRED)
@pytest.mark.parametrize("empty", ["", "  \n\t"])
def test_text_empty_fires_per_part(key: str, empty: str) -> None:
    report = complete_report()
    report.text[key] = empty
    (finding,) = rules.check(report)
    assert (finding.rule, finding.cells) == ("TEXT-EMPTY", ("text." + key,))
    assert finding.message.startswith(fmt.cell_name("text." + key))


@pytest.mark.parametrize("key", REQUIRED)
def test_text_empty_does_not_fire_on_written_parts(key: str) -> None:
    report = complete_report()
    report.text[key] = NEUTRAL_TEXT[key] + "另有补充说明。"
    assert rules.check(report) == []


@pytest.mark.parametrize("key", [k for k in REQUIRED if k != "other_matters"])
@pytest.mark.parametrize("placeholder", ["无", "无。", " 暂无 "])
def test_a_bare_none_is_empty_except_in_section_six(key: str, placeholder: str) -> None:
    report = complete_report()
    report.text[key] = placeholder
    (finding,) = rules.check(report)
    assert finding.rule == "TEXT-EMPTY" and "只写了" in finding.message


def test_none_is_a_valid_section_six_and_the_preface_is_optional() -> None:
    report = complete_report()
    report.text["other_matters"] = "无"
    report.text["preface"] = ""
    assert rules_of(rules.check(report)) == ["S6-FEE"]


# --------------------------------------------------------------------------------------------
# Cross-year rules


@pytest.mark.parametrize("column", T3_COLUMNS)
def test_x_carry_fires_per_column(column: str) -> None:
    previous, report = _carried_over()
    report.cells[f"t3.carried_in.{column}"] += 1  # type: ignore[operator]
    found = by_rule(rules.check(report, previous), "X-CARRY")
    assert [f.cells[0] for f in found] == [f"t3.carried_in.{column}"]
    finding = next(f for f in found if f.cells == (f"t3.carried_in.{column}",))
    assert finding.severity == rules.WARNING
    assert finding.message.startswith(fmt.T3_COLUMN_BY_KEY[column].label + "列：上年结转 ")
    assert "结转下年度" in finding.message and finding.message.endswith("相差 1")


def test_x_carry_names_the_columns_not_their_total() -> None:
    previous, report = _carried_over()
    report.set_cell("t3.carried_in.legal", previous.count("t3.carried_out.legal") + 2)  # type: ignore[operator]
    found = by_rule(rules.check(report, previous), "X-CARRY")
    assert [f.cells[0] for f in found] == ["t3.carried_in.legal"]


@pytest.mark.parametrize("column", T3_COLUMNS)
def test_x_carry_does_not_fire_when_carried_over(column: str) -> None:
    previous, report = _carried_over()
    assert by_rule(rules.check(report, previous), "X-CARRY") == []
    assert by_rule(rules.check(report), "X-CARRY") == []
    previous.cells[f"t3.carried_out.{column}"] = "bad"
    assert by_rule(rules.check(report, previous), "X-CARRY") == []


@pytest.mark.parametrize("item", IN_FORCE_ITEMS)
def test_x_in_force_fires_per_item(item: str) -> None:
    previous, report = _in_force_after_10_plus_3_minus_1(item, in_force=11)
    (finding,) = rules.check(report, previous)
    assert finding.rule == "X-IN-FORCE" and finding.severity == rules.WARNING
    assert finding.cells == (f"t2.{item}.in_force", f"t2.{item}.issued", f"t2.{item}.repealed")
    assert "10 + 本年制发件数 3 − 本年废止件数 1 = 12" in finding.message
    assert "现行有效件数 11" in finding.message and "相差 1" in finding.message


@pytest.mark.parametrize("item", IN_FORCE_ITEMS)
def test_x_in_force_does_not_fire_when_it_carries(item: str) -> None:
    previous, report = _in_force_after_10_plus_3_minus_1(item, in_force=12)
    assert rules.check(report, previous) == []
    report.cells[f"t2.{item}.issued"] = -1  # invalid: VALUE-INVALID only
    assert rules_of(rules.check(report, previous)) == ["VALUE-INVALID"]


LONG_TEXT = (
    "本年度，我镇坚持以公开为常态、不公开为例外，聚焦乡村振兴、民生保障、安全生产等群众关切领域，"
    "通过政务公开栏、新媒体及村公示栏等多元渠道，主动公开政策文件、工作动态、通知公告等信息。"
)
OTHER_TEXT = (
    "今年我们把重点放在村级事务上：每月底在各村张贴财务收支明细，邀请老党员和村民代表逐项核对，"
    "对群众提出疑问的条目当场解释，会后把问答整理成册放在便民服务中心供人翻阅。"
)


@pytest.mark.parametrize("key", NARRATIVE)
def test_x_similar_fires_per_part(key: str) -> None:
    previous = last_years_report()
    report = complete_report()
    previous.text[key] = LONG_TEXT + "信息处理费"
    report.text[key] = LONG_TEXT.replace("本年度", "今年") + "信息处理费"
    (finding,) = rules.check(report, previous)
    assert (finding.rule, finding.cells) == ("X-SIMILAR", ("text." + key,))
    assert finding.severity == rules.WARNING
    assert finding.message.startswith(fmt.cell_name("text." + key))
    assert "%" in finding.message and "50%" in finding.message


@pytest.mark.parametrize("key", NARRATIVE)
def test_x_similar_does_not_fire_on_new_text(key: str) -> None:
    previous = last_years_report()
    report = complete_report()
    previous.text[key] = LONG_TEXT + "信息处理费"
    report.text[key] = OTHER_TEXT + "信息处理费"
    assert rules.check(report, previous) == []
    assert rules.check(report) == []


def test_x_similar_ignores_short_parts_stock_sentences_and_the_preface() -> None:
    previous = last_years_report()
    report = complete_report()
    assert report.text["other_matters"] == previous.text["other_matters"] == fmt.NO_FEE_SENTENCE
    report.text["preface"] = previous.text["preface"] = LONG_TEXT
    assert rules.check(report, previous) == []
    report.text["other_matters"] = previous.text["other_matters"] = "无。"
    assert rules_of(rules.check(report, previous)) == ["S6-FEE"]  # not X-SIMILAR


def test_a_short_slogan_copied_from_last_year_is_a_warning() -> None:
    """A 22-character stock slogan, word for word last year's, is 100 % the same: a warning,
    as for any part more than half the same (it was passed over as too short to compare)."""
    slogan = "坚持以公开为常态、不公开为例外，全面推进政务公开"
    previous = last_years_report()
    report = complete_report()
    report.text["overview.active"] = previous.text["overview.active"] = slogan
    (finding,) = rules.check(report, previous)
    assert (finding.rule, finding.cells) == ("X-SIMILAR", ("text.overview.active",))
    assert "100%" in finding.message


# --------------------------------------------------------------------------------------------
# TEXT-NUMBER, TEXT-YEAR, S6-FEE on a report


def test_text_number_names_the_sentence_and_the_cell() -> None:
    report = balanced_report()
    total = report.cells["t3.new.total"]
    assert isinstance(total, int)
    report.text["overview.on_request"] = f"本年度共收到政府信息公开申请{total + 5}件，均按时答复。"
    (finding,) = rules.check(report)
    assert finding.rule == "TEXT-NUMBER" and finding.severity == rules.WARNING
    assert finding.cells == ("text.overview.on_request", "t3.new.total")
    assert f"{total + 5}件" in finding.message and f"为 {total}" in finding.message
    assert "本年新收（总计）" in finding.message and finding.message.endswith("相差 5")
    report.text["overview.on_request"] = f"本年度共收到政府信息公开申请{total}件，均按时答复。"
    assert rules.check(report) == []


TOPIC_SENTENCES = [
    ("本年度共收到政府信息公开申请{}件。", ("t3.new.total",)),
    ("上年结转政府信息公开申请{}件。", ("t3.carried_in.total",)),
    ("共收到申请若干，结转下年度继续办理{}件。", ("t3.carried_out.total",)),
    ("全年依申请公开办结{}件。", ("t3.results_total.total",)),
    ("发生政府信息公开行政复议案件{}件。", ("t4.review.total",)),
    (
        "发生政府信息公开行政诉讼案件{}件。",
        ("t4.litigation_direct.total", "t4.litigation_after_review.total"),
    ),
]


@pytest.mark.parametrize(("template", "cells"), TOPIC_SENTENCES)
def test_text_number_per_topic(template: str, cells: tuple[str, ...]) -> None:
    report = balanced_report(9)
    actual = sum(report.cells[a] for a in cells)  # type: ignore[misc]
    report.text["overview.on_request"] = template.format(actual)
    assert rules.check(report) == []
    report.text["overview.on_request"] = template.format(actual + 2)
    (finding,) = rules.check(report)
    assert finding.rule == "TEXT-NUMBER"
    assert finding.cells == ("text.overview.on_request", *cells)
    assert all(fmt.cell_name(a) in finding.message for a in cells)


def test_text_number_skips_invalid_table_cells() -> None:
    report = balanced_report()
    report.cells["t3.new.total"] = "x"
    report.text["overview.on_request"] = "本年度共收到政府信息公开申请99999件。"
    assert rules_of(rules.check(report)) == ["VALUE-INVALID"]


def test_text_year_on_a_report() -> None:
    report = complete_report(2025)
    report.text["preface"] = fmt.period_sentence(2024)
    (finding,) = rules.check(report)
    assert (finding.rule, finding.cells) == ("TEXT-YEAR", ("text.preface",))
    assert "2024年1月1日" in finding.message and "2025" in finding.message
    report.text["preface"] = fmt.period_sentence(2025)
    assert rules.check(report) == []
    report.meta.year = None
    report.text["preface"] = fmt.period_sentence(2024)
    assert rules_of(rules.check(report)) == ["META-MISSING"]


def test_text_year_counts_several_places() -> None:
    report = complete_report(2025)
    report.text["overview.active"] = "2024年度，我镇主动公开信息。2023年，我镇完善制度。"
    (finding,) = rules.check(report)
    assert finding.rule == "TEXT-YEAR" and "等 2 处" in finding.message


@pytest.mark.parametrize(
    "text", ["无", "其他需要报告的事项：无。", "本年度落实政务公开工作要点，未收取任何费用。"]
)
def test_s6_fee_fires_when_section_six_is_silent_on_the_fee(text: str) -> None:
    report = complete_report()
    report.text["other_matters"] = text
    (finding,) = rules.check(report)
    assert (finding.rule, finding.cells) == ("S6-FEE", ("text.other_matters",))
    assert finding.severity == rules.WARNING and fmt.NO_FEE_SENTENCE in finding.message


@pytest.mark.parametrize(
    "text",
    [fmt.NO_FEE_SENTENCE, "本年度我镇未收取信息处理费。", "收取信息处理费0.01万元，已全部上缴。"],
)
def test_s6_fee_does_not_fire_when_the_fee_is_stated(text: str) -> None:
    report = complete_report()
    report.text["other_matters"] = text
    assert rules.check(report) == []


def test_s6_fee_leaves_an_empty_section_six_to_text_empty() -> None:
    report = complete_report()
    report.text["other_matters"] = ""
    assert rules_of(rules.check(report)) == ["TEXT-EMPTY"]


def test_typing_in_a_table_does_not_reread_the_narrative() -> None:
    report = balanced_report()
    report.text["overview.on_request"] = (
        "本年度共收到政府信息公开申请3件，上年结转1件。" + LONG_TEXT
    )
    rules.check(report)
    reads = textcheck.statements.cache_info().misses
    years = textcheck.wrong_years.cache_info().misses
    for value in range(20):
        report.set_cell("t3.new.natural", value)
        rules.check(report)
    assert textcheck.statements.cache_info().misses == reads
    assert textcheck.wrong_years.cache_info().misses == years


# --------------------------------------------------------------------------------------------
# The samples


def test_dazhai_has_no_errors_and_warns_about_the_fee(dazhai_path: Path) -> None:
    findings = rules.check(load(dazhai_path))
    assert [f for f in findings if f.severity == rules.ERROR] == []
    # Both true of the published report: it names 绩效考核 but no 社会评议 or 责任追究 result
    # (条例第五十条), and its section 六 is 「无」.
    assert rules_of(findings) == ["S1-OVERSIGHT", "S6-FEE"]
    assert "没有写到社会评议、责任追究的情况" in findings[0].message


def test_dazhai_against_itself_as_last_year_is_all_copied(dazhai_path: Path) -> None:
    report = load(dazhai_path)
    previous = load(dazhai_path)
    previous.meta.year = 2024
    similar = by_rule(rules.check(report, previous), "X-SIMILAR")
    assert [f.cells[0] for f in similar] == [
        "text." + k for k in NARRATIVE if len(report.text[k]) > 30
    ]


def test_huaian_has_no_table_errors_only_text_empty(huaian_path: Path) -> None:
    findings = rules.check(load(huaian_path))
    assert set(rules_of(findings)) == {"TEXT-EMPTY"}
    assert [f.cells[0] for f in findings] == ["text." + k for k in REQUIRED]


def test_huaian_with_a_broken_review_total(huaian_path: Path) -> None:
    report = load(huaian_path)
    _set_t4_group(report, "review", total=0)
    (finding,) = by_rule(rules.check(report), "T4-TOTAL")
    assert finding.cells[0] == "t4.review.total"
    assert "11" in finding.message and "总计 0" in finding.message


def test_equations_of_the_helpers_match_the_rule_instances() -> None:
    counts = {rule: len(eqs) for rule, eqs in equations().items()}
    assert counts == {"T3-BALANCE": 7, "T3-RESULTS-TOTAL": 7, "T3-ROW-TOTAL": 25, "T4-TOTAL": 3}


# The city's own words from its published 2024 report (huaian-2024-published.pdf).
HUAIAN_PREFACE = (
    "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）"
    "（以下简称《条例》）规定编制。报告所列统计期限自2024年1月1日至2024年12月31日。"
)
HUAIAN_ON_REQUEST = (
    "定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题。"
    "着力强化与申请人的直接沟通，准确了解申请人诉求，提高答复的及时性和针对性。"
    "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，"
    "另有103件顺延到下年度答复），均在法定期限内予以答复。政府信息公开行政复议351件，"
    "其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；政府信息公开行政诉讼46件，"
    "其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。"
)
HUAIAN_OTHER = (
    "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，"
    "全年收取政府信息公开信息处理费3940元。"
)


def test_huaian_published_narrative_agrees_with_its_tables(huaian_path: Path) -> None:
    report = load(huaian_path)
    report.text["preface"] = HUAIAN_PREFACE
    report.text["overview.on_request"] = HUAIAN_ON_REQUEST
    report.text["other_matters"] = HUAIAN_OTHER
    stated = {(s.topic, s.value) for s in textcheck.statements(HUAIAN_ON_REQUEST)}
    assert stated == {
        (textcheck.NEW, 3119),
        (textcheck.ANSWERED, 3050),
        (textcheck.CARRIED_IN, 34),
        (textcheck.REVIEW, 351),
        (textcheck.LITIGATION, 46),
    }
    assert set(rules_of(rules.check(report))) == {"TEXT-EMPTY"}


def test_huaian_narrative_copied_into_next_year(huaian_path: Path) -> None:
    report = load(huaian_path)
    report.meta.year = 2025
    report.text["preface"] = HUAIAN_PREFACE
    report.text["overview.on_request"] = HUAIAN_ON_REQUEST.replace("3119件", "17件")
    found = [(f.rule, f.cells[0]) for f in rules.check(report) if f.rule != "TEXT-EMPTY"]
    assert found == [
        ("TEXT-YEAR", "text.preface"),
        ("TEXT-NUMBER", "text.overview.on_request"),
        ("TEXT-YEAR", "text.overview.on_request"),
    ]
    number = next(f for f in rules.check(report) if f.rule == "TEXT-NUMBER")
    assert "17件" in number.message and "3119" in number.message and "相差 3102" in number.message


def test_one_wrong_number_is_one_problem_once_folded() -> None:
    report = complete_report()
    report.set_cell("t3.new.natural", 3)  # 自然人 out of balance, and so 总计
    findings = rules.check(report)
    assert [f.cells[0] for f in by_rule(findings, "T3-BALANCE")] == [
        "t3.carried_out.natural",
        "t3.carried_out.total",
    ]
    (shown,) = by_rule(rules.one_per_cause(findings), "T3-BALANCE")
    assert shown.cells[0] == "t3.carried_out.natural"
    assert "t3.carried_out.total" in shown.cells and "t3.new.total" in shown.cells
    assert shown.message.startswith("自然人列：") and "总计列因此也不相符" in shown.message
    # Two wrong columns: two problems, each naming the 总计 column; nothing else changes.
    report.set_cell("t3.new.legal", 2)
    folded = rules.one_per_cause(rules.check(report))
    balance = by_rule(folded, "T3-BALANCE")
    assert [f.cells[0] for f in balance] == ["t3.carried_out.natural", "t3.carried_out.legal"]
    others = [f for f in rules.check(report) if f.rule != "T3-BALANCE"]
    assert [f for f in folded if f.rule != "T3-BALANCE"] == others
