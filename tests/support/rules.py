"""Reports for the rules tests: complete, balanced, and the equations of the format."""

from __future__ import annotations

import random

from gaidesk import format as fmt
from gaidesk.model import Report
from gaidesk.rules import ERROR, Finding

# Neutral narrative: no counts, no years, different from part to part.
NEUTRAL_TEXT = {
    "preface": "根据《中华人民共和国政府信息公开条例》编制本报告。",
    "overview.active": "坚持以公开为常态、不公开为例外，通过公开栏和新媒体发布通知公告。",
    "overview.on_request": "规范申请受理、审查、办理、答复全流程管理，明确专人负责。",
    "overview.management": "健全信息采集、审核、发布、归档制度，加强发布审核把关。",
    "overview.platforms": "维护好新媒体平台，规范便民服务中心公开区域建设。",
    "overview.oversight": "将信息公开工作纳入绩效考核，开展群众评议，本年度未发生责任追究情况。",
    "problems.problems": "公开内容精准度不足，渠道建设不均衡。",
    "problems.improvements": "建立需求清单机制，构建多元化公开矩阵，完善考核、评议和问责机制。",
    "other_matters": fmt.NO_FEE_SENTENCE,
}


# Last year's report in other words: a part the same as last year's is a finding (X-SIMILAR)
# however short, so a clean pair of years needs two sets of texts. 六 is the format's own
# sentence in both (the same every year by design).
LAST_YEAR_TEXT = {
    "preface": "依照《中华人民共和国政府信息公开条例》要求，现公布本年度报告。",
    "overview.active": "通过镇政府网站及村务公开栏及时发布政策文件和办事指南。",
    "overview.on_request": "设立受理窗口，依法按时答复每一件申请，做到件件有回音。",
    "overview.management": "落实三审三校，对拟公开的信息逐条核对后再上网发布。",
    "overview.platforms": "更新政务公开专栏，在各村醒目位置设置信息查阅点。",
    "overview.oversight": "邀请人大代表和群众代表评议公开工作，考核结果良好，无问责情况。",
    "problems.problems": "部分栏目更新不及时，政策解读形式单一。",
    "problems.improvements": "加强专栏日常维护，丰富图解和视频解读。",
    "other_matters": fmt.NO_FEE_SENTENCE,
}


def last_years_report(year: int = 2024) -> Report:
    """A complete report of last year, written in other words than complete_report's."""
    report = complete_report(year)
    report.text.update(LAST_YEAR_TEXT)
    return report


def complete_report(year: int = 2025) -> Report:
    """A report with every part written and every cell zero: no finding at all."""
    report = Report.blank("大寨镇人民政府", year)
    report.text.update(NEUTRAL_TEXT)
    return report


def balanced_report(seed: int = 1, year: int = 2025) -> Report:
    """A complete report with non-zero numbers that satisfy every hard rule."""
    rng = random.Random(seed)
    report = complete_report(year)
    fill_balanced(report, rng.randint)
    return report


def fill_balanced(report: Report, draw: object) -> None:
    """Fill the tables consistently; ``draw(lo, hi)`` gives integers (random or hypothesis)."""
    rand = draw  # a callable (lo, hi) -> int
    assert callable(rand)
    for col in fmt.T3_COLUMNS:
        if col.key == fmt.T3_TOTAL_COLUMN:
            continue
        results = 0
        for row in fmt.T3_RESULT_ROWS:
            value = rand(0, 40)
            report.cells[f"t3.{row}.{col.key}"] = value
            results += value
        carried_out = rand(0, 15)
        carried_in = rand(0, results + carried_out)
        report.cells[f"t3.carried_out.{col.key}"] = carried_out
        report.cells[f"t3.carried_in.{col.key}"] = carried_in
        report.cells[f"t3.new.{col.key}"] = results + carried_out - carried_in
    for group in fmt.T4_GROUPS:
        for col, _ in fmt.T4_COLUMNS:
            if col != fmt.T4_TOTAL_COLUMN:
                report.cells[f"t4.{group.key}.{col}"] = rand(0, 30)
    for address, cell in fmt.VALUE_CELLS.items():
        if address.startswith("t2.") and cell.kind is fmt.CellKind.COUNT:
            # The reports are a township's, which makes no 规章 (T2-TOWNSHIP).
            township_rules = fmt.row_of(address) == fmt.T2_RULES_ITEM
            report.cells[address] = 0 if township_rules else rand(0, 200)
    report.cells["t2.fees.amount"] = f"{rand(0, 9999)}.{rand(0, 99):02d}"
    report.recompute_totals()


def equations() -> dict[str, list[frozenset[str]]]:
    """Every instance of every table rule as the set of its cells, from the format definition."""
    t3 = [c.key for c in fmt.T3_COLUMNS]
    balance_rows = ("new", "carried_in", fmt.T3_RESULT_TOTAL_ROW, "carried_out")
    t4_parts = [k for k, _ in fmt.T4_COLUMNS]
    return {
        "T3-BALANCE": [frozenset(f"t3.{r}.{c}" for r in balance_rows) for c in t3],
        "T3-RESULTS-TOTAL": [
            frozenset(f"t3.{r}.{c}" for r in (*fmt.T3_RESULT_ROWS, fmt.T3_RESULT_TOTAL_ROW))
            for c in t3
        ],
        "T3-ROW-TOTAL": [frozenset(f"t3.{r.key}.{c}" for c in t3) for r in fmt.T3_ROWS],
        "T4-TOTAL": [frozenset(f"t4.{g.key}.{k}" for k in t4_parts) for g in fmt.T4_GROUPS],
    }


def instances(findings: list[Finding]) -> set[tuple[str, frozenset[str]]]:
    """The hard-rule instances a list of findings reports, as (rule, cells)."""
    return {(f.rule, frozenset(f.cells)) for f in findings if f.severity == ERROR}


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]
