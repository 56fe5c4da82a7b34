"""The checks a reviewer makes beyond the arithmetic (docs/format.md §5), all of them warnings.

A county's 政务公开 office reads every unit's report for what the equations cannot see: a township
that reports 规章, fee notices the narrative is silent about, a section 五 of three words, a
government silent on the results 《政府信息公开条例》第五十条 asks for, and figures that jump
against last year. ``rules.check`` runs these with the other rules on every keystroke: the table
checks read a few cells, the text checks are cached on the text, so typing in a table does not
re-read the narrative.
"""

from __future__ import annotations

from functools import lru_cache

from gaidesk import format as fmt
from gaidesk.finding import Finding, is_placeholder, shown
from gaidesk.model import Report

WARNING = fmt.Severity.WARNING

# Rule id -> severity, in the order of docs/format.md §5.
RULES: dict[str, fmt.Severity] = {
    "T2-TOWNSHIP": WARNING,
    "S1-OVERSIGHT": WARNING,
    "S5-BRIEF": WARNING,
    "S6-FEE-UNPAID": WARNING,
    "X-JUMP": WARNING,
}
RULE_NAMES: dict[str, str] = {
    "T2-TOWNSHIP": "乡镇填报了规章",
    "S1-OVERSIGHT": "未报告考核评议追究情况",
    "S5-BRIEF": "问题和改进写得过简",
    "S6-FEE-UNPAID": "有逾期未缴费却未说明信息处理费",
    "X-JUMP": "与上年相差悬殊",
}

# X-JUMP: a figure that changes more than JUMP_FACTOR times against last year, or to or from 0,
# while the larger of the two is at least JUMP_FLOOR (small counts legitimately vary a lot).
JUMP_FACTOR = 10
JUMP_FLOOR = 100
# S5-BRIEF: a part of section 五 with fewer characters than this (punctuation and spaces aside)
# is not a sentence: 「无明显问题」「暂无问题」「继续加强」. The shortest real answers are a
# clause of a dozen characters and more: 「公开内容精准度不足，渠道建设不均衡」.
SENTENCE_MIN_CHARS = 10


def _finding(rule: str, cells: tuple[str, ...], message: str) -> Finding:
    return Finding(rule, RULES[rule], cells, message)


# The 规章 row of table 2's first block (issued, repealed, in force), named by its columns.
_IN_FORCE_BLOCK = fmt.T2_BLOCKS[0]
_COLUMN = dict(_IN_FORCE_BLOCK.fields)
_RULES_CELLS = tuple(fmt.cell(fmt.T2, fmt.T2_RULES_ITEM, k) for k, _ in _IN_FORCE_BLOCK.fields)
_RULES_LABEL = next(i.label for i in _IN_FORCE_BLOCK.items if i.key == fmt.T2_RULES_ITEM)
_UNPAID_FEE_CELL = fmt.cell(fmt.T3, fmt.T3_UNPAID_FEE_ROW, fmt.T3_TOTAL_COLUMN)
_TEXT_KEYS = tuple(p.key for p in fmt.TEXT_PARTS)
# X-JUMP: every count of table 2 and the 总计 column of table 3 (上年结转 aside: X-CARRY
# compares it with last year's 结转下年度).
_JUMP_CELLS = (
    *(a for a in fmt.TABLES[fmt.T2].addresses() if fmt.VALUE_CELLS[a].kind is fmt.CellKind.COUNT),
    *(
        fmt.cell(fmt.T3, r.key, fmt.T3_TOTAL_COLUMN)
        for r in fmt.T3_ROWS
        if r.key != fmt.T3_CARRIED_IN_ROW
    ),
)


def findings(report: Report, bad: set[str]) -> list[Finding]:
    """T2-TOWNSHIP, S5-BRIEF and S1-OVERSIGHT; ``bad`` holds the invalid cells."""
    found: list[Finding] = []
    agency = report.meta.agency
    if fmt.is_township(agency) and bad.isdisjoint(_RULES_CELLS):
        nonzero = [(a, v) for a in _RULES_CELLS if (v := report.count(a))]
        if nonzero:
            listing = "、".join(f"{_COLUMN[fmt.col_of(a)]} {v}" for a, v in nonzero)
            found.append(
                _finding(
                    "T2-TOWNSHIP",
                    tuple(a for a, _ in nonzero),
                    f"{_RULES_LABEL}：{agency.strip()}是乡镇（街道），没有制定规章的权限，"
                    f"而“{_RULES_LABEL}”一行填了{listing}；请核实，乡镇的这一行应为 0"
                    "（本机关制发的规范性文件填在“行政规范性文件”一行）",
                )
            )

    for part in fmt.PROBLEMS_PARTS:
        text = report.text.get(part.key, "")
        if text.strip() and not is_placeholder(text) and _is_brief(text):
            found.append(
                _finding(
                    "S5-BRIEF",
                    (part.address,),
                    f"{fmt.cell_name(part.address)}：只写了“{shown(text.strip())}”，不到一句话"
                    f"（不足 {SENTENCE_MIN_CHARS} 个字），请写实写具体本年度的{part.title}",
                )
            )

    oversight = report.text.get(fmt.OVERSIGHT_PART.key, "")
    if fmt.is_level_government(agency) and oversight.strip() and not is_placeholder(oversight):
        missing = _results_missing(tuple(report.text.get(k, "") for k in _TEXT_KEYS))
        if missing:
            found.append(
                _finding(
                    "S1-OVERSIGHT",
                    (fmt.OVERSIGHT_PART.address,),
                    f"{fmt.cell_name(fmt.OVERSIGHT_PART.address)}：全文没有写到"
                    f"{'、'.join(missing)}的情况；各级人民政府（含乡镇、街道）的年度报告还应当"
                    f"包括{fmt.ASSESSMENT_RESULTS_WORDING}（《政府信息公开条例》第五十条），"
                    f"没有的也应写明，例如“{fmt.NO_ACCOUNTABILITY_SENTENCE}”",
                )
            )
    return found


def unpaid_fee(report: Report) -> Finding | None:
    """S6-FEE-UNPAID for a section 六 silent on the fee (the rules engine decides that) when
    table 3 shows that fee notices were sent; None when it does not."""
    unpaid = report.count(_UNPAID_FEE_CELL)
    if not unpaid:
        return None
    part = fmt.FEE_PART.address
    return _finding(
        "S6-FEE-UNPAID",
        (part, _UNPAID_FEE_CELL),
        f"{fmt.cell_name(part)}：没有说明{fmt.FEE_TEXT_KEYWORD}的收取情况，而表三"
        f"“{fmt.cell_name(_UNPAID_FEE_CELL)}”为 {unpaid} 件，即本年发出过收费通知；"
        f"请写明收费通知的件数和收取{fmt.FEE_TEXT_KEYWORD}的金额（一件也未收取的，写明"
        f"“{fmt.NO_FEE_SENTENCE}”）",
    )


def cross_year_findings(report: Report, previous: Report, bad: set[str]) -> list[Finding]:
    """X-JUMP: the figures that fall to 0 or change more than tenfold against last year."""
    found: list[Finding] = []
    for address in _JUMP_CELLS:
        if address in bad:
            continue
        now, last = report.count(address), previous.count(address)
        if now is None or last is None or not _jumped(now, last):
            continue
        name = fmt.cell_name(address)
        if now == 0:
            message = f"{name}：本年为 0，而上年为 {last}，请核实是否漏填"
        else:
            message = (
                f"{name}：本年 {now}，上年 {last}，相差 {JUMP_FACTOR} 倍以上，"
                "请核实是否多打或少打了位数、是否填错了格"
            )
        found.append(_finding("X-JUMP", (address,), message))
    return found


def _jumped(now: int, last: int) -> bool:
    """To or from 0, or more than JUMP_FACTOR times, with the larger at least JUMP_FLOOR."""
    small, large = sorted((now, last))
    return large >= JUMP_FLOOR and (small == 0 or large > JUMP_FACTOR * small)


@lru_cache(maxsize=64)
def _is_brief(text: str) -> bool:
    """Fewer than SENTENCE_MIN_CHARS characters once punctuation and spaces are dropped."""
    return sum(1 for ch in text if ch.isalnum()) < SENTENCE_MIN_CHARS


@lru_cache(maxsize=64)
def _results_missing(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Which of 条例第五十条's results (工作考核, 社会评议, 责任追究) no part mentions."""
    return tuple(
        r.name
        for r in fmt.ASSESSMENT_RESULTS
        if not any(word in text for text in texts for word in r.words)
    )
