"""The checks a reviewer makes beyond the arithmetic (docs/format.md §5): where each one fires,
with its exact message, and where it does not — the samples and real reports' text included."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk import draft, reviewcheck, rules
from gaidesk import format as fmt
from gaidesk.model import Report
from tests.support.rules import complete_report, last_years_report, rules_of

RULES_ROW = [
    fmt.cell(fmt.T2, fmt.T2_RULES_ITEM, field) for field in ("issued", "repealed", "in_force")
]
UNPAID_FEE_TOTAL = fmt.cell(fmt.T3, fmt.T3_UNPAID_FEE_ROW, fmt.T3_TOTAL_COLUMN)
OVERSIGHT = fmt.OVERSIGHT_PART
PROBLEMS, IMPROVEMENTS = fmt.PROBLEMS_PARTS


def load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def by_rule(findings: list[rules.Finding], rule: str) -> list[rules.Finding]:
    return [f for f in findings if f.rule == rule]


def test_the_review_rules_are_warnings() -> None:
    for rule in ("T2-TOWNSHIP", "S1-OVERSIGHT", "S5-BRIEF", "S6-FEE-UNPAID", "X-JUMP"):
        assert rules.RULES[rule] is fmt.Severity.WARNING
        assert rules.RULE_NAMES[rule]


# --------------------------------------------------------------------------------------------
# The kind of body, from its full name


@pytest.mark.parametrize(
    "agency",
    [
        "大寨镇人民政府",
        "城关乡人民政府",
        "达尔罕苏木人民政府",
        "新华街道办事处",
        "城关街道",
        "  大寨镇政府 ",
        "某某区人民政府新华街道办事处",
    ],
)
def test_townships_by_their_names(agency: str) -> None:
    assert fmt.is_township(agency) and fmt.is_level_government(agency)


@pytest.mark.parametrize(
    ("agency", "government"),
    [
        ("淮安市人民政府", True),
        ("镇江市人民政府", True),  # 镇 in a city's name
        ("镇原县人民政府", True),
        ("某某县政府", True),
        ("淮安市人民政府办公室", False),  # a department reports for itself
        ("大寨镇人民政府办公室", False),
        ("淮安市教育局", False),
        ("", False),
    ],
)
def test_other_bodies_by_their_names(agency: str, government: bool) -> None:
    assert not fmt.is_township(agency)
    assert fmt.is_level_government(agency) is government


# --------------------------------------------------------------------------------------------
# T2-TOWNSHIP


def test_t2_township_fires_on_a_townships_rules() -> None:
    report = complete_report()
    report.cells[RULES_ROW[0]] = 2
    report.cells[RULES_ROW[2]] = 5
    (finding,) = rules.check(report)
    assert finding.rule == "T2-TOWNSHIP" and finding.severity is fmt.Severity.WARNING
    assert finding.cells == (RULES_ROW[0], RULES_ROW[2])
    assert finding.message == (
        "规章：大寨镇人民政府是乡镇（街道），没有制定规章的权限，而“规章”一行填了本年制发件数 2、"
        "现行有效件数 5；请核实，乡镇的这一行应为 0"
        "（本机关制发的规范性文件填在“行政规范性文件”一行）"
    )


@pytest.mark.parametrize("agency", ["新华街道办事处", "城关乡人民政府"])
def test_t2_township_fires_on_every_cell_of_the_row(agency: str) -> None:
    for address in RULES_ROW:
        report = complete_report()
        report.meta.agency = agency
        report.cells[address] = 1
        (finding,) = rules.check(report)
        assert (finding.rule, finding.cells) == ("T2-TOWNSHIP", (address,))
        assert finding.message.startswith(f"规章：{agency}是乡镇（街道）")


@pytest.mark.parametrize("agency", ["淮安市人民政府", "镇江市人民政府", "淮安市司法局"])
def test_t2_township_does_not_fire_for_bodies_that_make_rules(agency: str) -> None:
    report = complete_report()
    report.meta.agency = agency
    report.text["overview.oversight"] = "纳入考核，开展社会评议，本年度未发生责任追究情况。"
    for address in RULES_ROW:
        report.cells[address] = 3
    assert rules_of(rules.check(report)) == []


def test_t2_township_does_not_fire_on_zero_or_invalid_cells() -> None:
    report = complete_report()
    assert rules.check(report) == []  # a township with 规章 all 0
    report.cells[RULES_ROW[1]] = -1
    assert rules_of(rules.check(report)) == ["VALUE-INVALID"]


# --------------------------------------------------------------------------------------------
# S6-FEE-UNPAID


def _with_unpaid_fee(count: int) -> Report:
    report = complete_report()
    unpaid = fmt.cell(fmt.T3, fmt.T3_UNPAID_FEE_ROW, "natural")
    report.set_cell(unpaid, count)
    report.set_cell(fmt.cell(fmt.T3, fmt.T3_NEW_ROW, "natural"), count)
    return report


def test_s6_fee_unpaid_fires_instead_of_s6_fee() -> None:
    report = _with_unpaid_fee(2)
    report.text["other_matters"] = "无"
    (finding,) = rules.check(report)
    assert finding.rule == "S6-FEE-UNPAID" and finding.severity is fmt.Severity.WARNING
    assert finding.cells == ("text.other_matters", UNPAID_FEE_TOTAL)
    assert finding.message == (
        "六、其他需要报告的事项：没有说明信息处理费的收取情况，而表三"
        "“其他处理-申请人逾期未缴费（总计）”为 2 件，即本年发出过收费通知；"
        "请写明收费通知的件数和收取信息处理费的金额（一件也未收取的，写明“本年度未收取信息处理费。”）"
    )


@pytest.mark.parametrize(
    "text", ["本年度发出收费通知2件，申请人均未按期缴纳，未收取信息处理费。", fmt.NO_FEE_SENTENCE]
)
def test_s6_fee_unpaid_does_not_fire_when_the_fee_is_stated(text: str) -> None:
    report = _with_unpaid_fee(2)
    report.text["other_matters"] = text
    assert rules.check(report) == []


def test_s6_fee_unpaid_does_not_fire_without_unpaid_fees() -> None:
    report = _with_unpaid_fee(0)
    report.text["other_matters"] = "无"
    assert rules_of(rules.check(report)) == ["S6-FEE"]
    report.text["other_matters"] = ""
    report.set_cell(fmt.cell(fmt.T3, fmt.T3_UNPAID_FEE_ROW, "natural"), 1)
    report.set_cell(fmt.cell(fmt.T3, fmt.T3_NEW_ROW, "natural"), 1)
    assert rules_of(rules.check(report)) == ["TEXT-EMPTY"]  # an empty 六 is TEXT-EMPTY's


# --------------------------------------------------------------------------------------------
# S5-BRIEF


@pytest.mark.parametrize(
    "text", ["暂无明显问题。", "无重大问题", "继续加强。", "公开栏更新不够及时。"]
)
def test_s5_brief_fires_on_less_than_a_sentence(text: str) -> None:
    report = complete_report()
    report.text[PROBLEMS.key] = text
    (finding,) = rules.check(report)
    assert finding.rule == "S5-BRIEF" and finding.cells == (PROBLEMS.address,)
    assert finding.message == (
        f"五、存在的主要问题及改进情况（一）主要问题：只写了“{text}”，不到一句话"
        "（不足 10 个字），请写实写具体本年度的主要问题"
    )


def test_s5_brief_fires_per_part() -> None:
    report = complete_report()
    report.text[PROBLEMS.key] = "没有发现问题"
    report.text[IMPROVEMENTS.key] = "继续努力"
    found = rules.check(report)
    assert [(f.rule, f.cells[0]) for f in found] == [
        ("S5-BRIEF", PROBLEMS.address),
        ("S5-BRIEF", IMPROVEMENTS.address),
    ]
    assert found[1].message == (
        "五、存在的主要问题及改进情况（二）改进情况：只写了“继续努力”，不到一句话"
        "（不足 10 个字），请写实写具体本年度的改进情况"
    )


@pytest.mark.parametrize(
    "text",
    [
        "公开栏更新得不够及时。",  # 10 characters: a sentence
        "政策解读形式单一，群众看不懂。",
        "部分栏目更新不及时，政策解读形式单一。",
    ],
)
def test_s5_brief_does_not_fire_on_a_sentence(text: str) -> None:
    report = complete_report()
    report.text[PROBLEMS.key] = text
    assert rules.check(report) == []


@pytest.mark.parametrize("placeholder", ["无", "暂无", "没有。"])
def test_s5_brief_leaves_a_bare_none_to_text_empty(placeholder: str) -> None:
    report = complete_report()
    report.text[PROBLEMS.key] = placeholder
    assert rules_of(rules.check(report)) == ["TEXT-EMPTY"]


# --------------------------------------------------------------------------------------------
# S1-OVERSIGHT

OVERSIGHT_NAME = "一、总体情况（五）监督保障"
ART50 = (
    "；各级人民政府（含乡镇、街道）的年度报告还应当包括工作考核、社会评议和责任追究结果情况"
    "（《政府信息公开条例》第五十条），没有的也应写明，例如“本年度未发生政府信息公开工作责任追究情况。”"
)


def _without_results(agency: str = "大寨镇人民政府") -> Report:
    report = complete_report()
    report.meta.agency = agency
    report.text[OVERSIGHT.key] = "加强组织领导，明确专人负责，定期开展业务培训。"
    report.text[IMPROVEMENTS.key] = "丰富解读形式，提高公开质量。"
    return report


@pytest.mark.parametrize("agency", ["大寨镇人民政府", "新华街道办事处", "淮安市人民政府"])
def test_s1_oversight_names_every_missing_result(agency: str) -> None:
    (finding,) = rules.check(_without_results(agency))
    assert finding.rule == "S1-OVERSIGHT" and finding.severity is fmt.Severity.WARNING
    assert finding.cells == (OVERSIGHT.address,)
    assert (
        finding.message
        == f"{OVERSIGHT_NAME}：全文没有写到工作考核、社会评议、责任追究的情况{ART50}"
    )


def test_s1_oversight_names_only_what_is_missing() -> None:
    report = _without_results()
    report.text[OVERSIGHT.key] += "将政务公开纳入年度绩效考核。"
    report.text["other_matters"] += "本年度开展群众满意度测评一次。"
    (finding,) = rules.check(report)
    assert finding.message == f"{OVERSIGHT_NAME}：全文没有写到责任追究的情况{ART50}"


@pytest.mark.parametrize(
    "sentence",
    [
        "将政务公开纳入年度考核，接受人大代表评议，本年度未发生责任追究情况。",
        "工作考评结果良好，社会评价较高，无追责问责情况。",
    ],
)
def test_s1_oversight_does_not_fire_when_all_three_are_reported(sentence: str) -> None:
    report = _without_results()
    report.text[OVERSIGHT.key] = sentence
    assert rules.check(report) == []
    other = _without_results()  # anywhere in the narrative
    other.text["other_matters"] = fmt.NO_FEE_SENTENCE + sentence
    assert rules.check(other) == []


def test_s1_oversight_is_only_for_governments() -> None:
    report = _without_results("淮安市教育局")
    assert rules.check(report) == []


def test_s1_oversight_leaves_an_empty_part_to_text_empty() -> None:
    report = _without_results()
    for text in ("", "无"):
        report.text[OVERSIGHT.key] = text
        assert rules_of(rules.check(report)) == ["TEXT-EMPTY"]


# --------------------------------------------------------------------------------------------
# X-JUMP

LICENSING = fmt.cell(fmt.T2, "licensing", "decisions")
NEW_TOTAL = fmt.cell(fmt.T3, fmt.T3_NEW_ROW, fmt.T3_TOTAL_COLUMN)


def _jump(address: str, last: int, now: int) -> list[rules.Finding]:
    previous, report = last_years_report(), complete_report()
    previous.set_cell(address, last)
    report.set_cell(address, now)
    return rules.check(report, previous)


def test_x_jump_fires_when_a_figure_falls_to_zero() -> None:
    (finding,) = _jump(LICENSING, 150, 0)
    assert (finding.rule, finding.cells) == ("X-JUMP", (LICENSING,))
    assert finding.severity is fmt.Severity.WARNING
    assert finding.message == "行政许可：本年为 0，而上年为 150，请核实是否漏填"


@pytest.mark.parametrize(("last", "now"), [(12, 130), (1500, 100), (0, 100)])
def test_x_jump_fires_on_more_than_tenfold(last: int, now: int) -> None:
    (finding,) = _jump(LICENSING, last, now)
    assert finding.message == (
        f"行政许可：本年 {now}，上年 {last}，相差 10 倍以上，"
        "请核实是否多打或少打了位数、是否填错了格"
    )


def test_x_jump_fires_on_a_total_of_table_three() -> None:
    previous, report = last_years_report(), complete_report()
    previous.set_cell(fmt.cell(fmt.T3, fmt.T3_NEW_ROW, "natural"), 120)
    previous.set_cell(fmt.cell(fmt.T3, "granted", "natural"), 120)
    report.set_cell(fmt.cell(fmt.T3, fmt.T3_NEW_ROW, "natural"), 5)
    report.set_cell(fmt.cell(fmt.T3, "granted", "natural"), 5)
    found = by_rule(rules.check(report, previous), "X-JUMP")
    assert [f.cells[0] for f in found] == [
        NEW_TOTAL,
        fmt.cell(fmt.T3, "granted", fmt.T3_TOTAL_COLUMN),
        fmt.cell(fmt.T3, fmt.T3_RESULT_TOTAL_ROW, fmt.T3_TOTAL_COLUMN),
    ]
    assert found[0].message.startswith("本年新收（总计）：本年 5，上年 120，相差 10 倍以上")


@pytest.mark.parametrize(("last", "now"), [(12, 100), (5, 50), (0, 99), (99, 0), (150, 150)])
def test_x_jump_does_not_fire_on_ordinary_changes(last: int, now: int) -> None:
    assert _jump(LICENSING, last, now) == []


def test_x_jump_needs_last_year_and_skips_carried_in_and_invalid_cells() -> None:
    report = complete_report()
    report.set_cell(LICENSING, 5000)
    assert rules.check(report) == []  # no last year: nothing to compare
    previous = last_years_report()
    previous.set_cell(LICENSING, 5000)
    report.cells[LICENSING] = "x"
    assert rules_of(rules.check(report, previous)) == ["VALUE-INVALID"]
    carried_in = fmt.cell(fmt.T3, fmt.T3_CARRIED_IN_ROW, fmt.T3_TOTAL_COLUMN)
    assert by_rule(_jump(carried_in, 0, 500), "X-JUMP") == []  # X-CARRY's


# --------------------------------------------------------------------------------------------
# X-IN-FORCE when nothing was issued or repealed


@pytest.mark.parametrize("item", [i.key for i in fmt.T2_BLOCKS[0].items])
def test_x_in_force_fires_when_nothing_was_issued_or_repealed(item: str) -> None:
    previous, report = last_years_report(), complete_report()
    report.meta.agency = previous.meta.agency = "淮安市人民政府"
    in_force = fmt.cell(fmt.T2, item, "in_force")
    previous.cells[in_force] = 11
    report.cells[in_force] = 9
    (finding,) = rules.check(report, previous)
    assert finding.rule == "X-IN-FORCE" and finding.cells[0] == in_force
    assert finding.message.endswith(
        "现行有效件数 9，而上年现行有效件数 11 + 本年制发件数 0 − 本年废止件数 0 = 11，"
        "相差 2（本年清理、失效的文件请在正文中说明）"
    )
    report.cells[in_force] = 11
    assert rules.check(report, previous) == []


# --------------------------------------------------------------------------------------------
# The samples and real reports


def test_dazhai_gets_one_review_warning_and_it_is_true(dazhai_path: Path) -> None:
    """The published report names 绩效考核 (考核) but no 社会评议 or 责任追究 result."""
    report = load(dazhai_path)
    (finding,) = [f for f in rules.check(report) if f.rule != "S6-FEE"]
    assert finding.rule == "S1-OVERSIGHT"
    assert "没有写到社会评议、责任追究的情况" in finding.message
    previous = load(dazhai_path)
    previous.meta.year = 2024
    assert by_rule(rules.check(report, previous), "X-JUMP") == []
    assert by_rule(rules.check(report), "S5-BRIEF") == []  # its section 五 is real prose


def test_huaian_gets_no_review_warning(huaian_path: Path) -> None:
    """A city (it makes 规章: 1 issued, 11 in force) with millions of decisions; its narrative is
    not in the sample, so only TEXT-EMPTY, and against itself no jump."""
    report = load(huaian_path)
    assert report.count(RULES_ROW[2]) == 11
    assert set(rules_of(rules.check(report))) == {"TEXT-EMPTY"}
    previous = load(huaian_path)
    previous.meta.year = 2023
    assert by_rule(rules.check(report, previous), "X-JUMP") == []


def test_typing_in_a_table_does_not_rescan_the_narrative() -> None:
    report = complete_report()
    rules.check(report)
    scans = (
        reviewcheck._results_missing.cache_info().misses,
        reviewcheck._is_brief.cache_info().misses,
    )
    for value in range(20):
        report.set_cell(fmt.cell(fmt.T3, fmt.T3_NEW_ROW, "natural"), value)
        rules.check(report)
    assert (
        reviewcheck._results_missing.cache_info().misses,
        reviewcheck._is_brief.cache_info().misses,
    ) == (scans)


def test_s5_brief_quotes_at_most_twenty_characters() -> None:
    report = complete_report()
    report.text[PROBLEMS.key] = "无。" + "—" * 40
    (finding,) = rules.check(report)
    assert finding.rule == "S5-BRIEF"
    assert f"只写了“无。{'—' * 18}…”" in finding.message
