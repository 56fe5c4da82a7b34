"""The rules of docs/format.md §5: what must hold in a report, and what an evaluator will flag.

``check(report, previous=None)`` returns every finding, hard rules as errors and soft rules as
warnings, in the order of the format's sections and then of the rules. It runs on every
keystroke: the table rules are a few hundred additions over precomputed address tuples, and the
rules that read the narrative are cached on the text (and the few numbers they compare with), so
typing in a table does not re-read the narrative.

Every finding names the cells involved (the first one is the cell to show), and its message
names them in the official words and gives both sides of the equation and the difference.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from gaidesk import format as fmt
from gaidesk import reviewcheck, sametext, textcheck
from gaidesk.finding import Finding, is_placeholder, shown
from gaidesk.model import MAX_COUNT, CellValue, Report, is_valid
from gaidesk.sametext import similarity

__all__ = ["ERROR", "RULES", "RULE_NAMES", "WARNING", "Finding", "check", "similarity"]

ERROR = fmt.Severity.ERROR
WARNING = fmt.Severity.WARNING

# Rule id -> severity, in the order of docs/format.md §5 (which is also the order of findings).
RULES: dict[str, fmt.Severity] = {
    "VALUE-INVALID": ERROR,
    "T3-BALANCE": ERROR,
    "T3-RESULTS-TOTAL": ERROR,
    "T3-ROW-TOTAL": ERROR,
    "T4-TOTAL": ERROR,
    "META-MISSING": ERROR,
    "TEXT-EMPTY": ERROR,
    "X-CARRY": WARNING,
    "X-IN-FORCE": WARNING,
    "X-SIMILAR": WARNING,
    "TEXT-NUMBER": WARNING,
    "TEXT-YEAR": WARNING,
    "S6-FEE": WARNING,
    **reviewcheck.RULES,  # the checks a reviewer makes beyond the arithmetic
}
_RULE_INDEX = {rule: i for i, rule in enumerate(RULES)}

# What each rule checks, in the clerk's words (the ids are for machines: JSON, tests).
RULE_NAMES: dict[str, str] = {
    "VALUE-INVALID": "数值无效",
    "T3-BALANCE": "收到与办理不平衡",
    "T3-RESULTS-TOTAL": "办理结果合计不符",
    "T3-ROW-TOTAL": "各行总计不符",
    "T4-TOTAL": "复议诉讼总计不符",
    "META-MISSING": "基本信息未填",
    "TEXT-EMPTY": "正文未填",
    "X-CARRY": "上年结转不一致",
    "X-IN-FORCE": "现行有效件数不一致",
    "X-SIMILAR": "与上年内容雷同",
    "TEXT-NUMBER": "正文件数与表格不符",
    "TEXT-YEAR": "正文年份不对",
    "S6-FEE": "未说明信息处理费",
    **reviewcheck.RULE_NAMES,
}

BALANCE_RULE = "T3-BALANCE"  # the one equation the table editor shows under its grid

SIMILARITY_LIMIT = 0.5  # X-SIMILAR: more than half the same as last year's part


def _finding(rule: str, cells: tuple[str, ...], message: str) -> Finding:
    return Finding(rule, RULES[rule], cells, message)


# --------------------------------------------------------------------------------------------
# The equations, built once from the format definition


def _t3(row: str, col: str) -> str:
    return fmt.cell(fmt.T3, row, col)


def _t4(group: str, col: str) -> str:
    return fmt.cell(fmt.T4, group, col)


_ROW = fmt.T3_ROW_BY_KEY
_NEW, _CARRIED_IN, _CARRIED_OUT = fmt.T3_NEW_ROW, fmt.T3_CARRIED_IN_ROW, fmt.T3_CARRIED_OUT_ROW
_RESULTS = fmt.T3_RESULT_TOTAL_ROW
_T3_TOTAL = fmt.T3_TOTAL_COLUMN
_T3_DATA_COLUMNS = tuple(c for c in fmt.T3_COLUMNS if c.key != _T3_TOTAL)

# (column, (new, carried_in, results_total, carried_out))
_BALANCE = tuple(
    (c, tuple(_t3(r, c.key) for r in (_NEW, _CARRIED_IN, _RESULTS, _CARRIED_OUT)))
    for c in fmt.T3_COLUMNS
)


class _Total(NamedTuple):
    """A cell that must hold the sum of other cells, and how its finding names them."""

    rule: str
    total: str
    parts: tuple[str, ...]
    labels: tuple[str, ...]  # the parts as the message names them
    named: str  # where the total stands and its name: 「自然人列：办理结果合计」
    sum_named: str  # what the listing of the parts is introduced with
    skip_zero: bool = False  # parts that are 0 are left out of the listing (21 result rows)


_T4_PARTS = tuple((k, label) for k, label in fmt.T4_COLUMNS if k != fmt.T4_TOTAL_COLUMN)
# T3-RESULTS-TOTAL for each column, T3-ROW-TOTAL for each row, T4-TOTAL for each group.
_TOTALS = (
    *(
        _Total(
            "T3-RESULTS-TOTAL",
            _t3(_RESULTS, c.key),
            tuple(_t3(r, c.key) for r in fmt.T3_RESULT_ROWS),
            tuple(_ROW[r].short for r in fmt.T3_RESULT_ROWS),
            f"{c.label}列：{_ROW[_RESULTS].short}",
            "而各项办理结果之和：",
            skip_zero=True,
        )
        for c in fmt.T3_COLUMNS
    ),
    *(
        _Total(
            "T3-ROW-TOTAL",
            _t3(r.key, _T3_TOTAL),
            tuple(_t3(r.key, c.key) for c in _T3_DATA_COLUMNS),
            tuple(c.label for c in _T3_DATA_COLUMNS),
            f"“{r.short}”一行：总计",
            "而 ",
        )
        for r in fmt.T3_ROWS
    ),
    *(
        _Total(
            "T4-TOTAL",
            _t4(g.key, fmt.T4_TOTAL_COLUMN),
            tuple(_t4(g.key, k) for k, _ in _T4_PARTS),
            tuple(label for _, label in _T4_PARTS),
            f"{g.short}：总计",
            "而 ",
        )
        for g in fmt.T4_GROUPS
    ),
)
_COUNT_CELLS = tuple(a for a, c in fmt.VALUE_CELLS.items() if c.kind is fmt.CellKind.COUNT)
_OTHER_CELLS = tuple(a for a, c in fmt.VALUE_CELLS.items() if c.kind is not fmt.CellKind.COUNT)

# Table 2's first block: issued / repealed / in force, per item (X-IN-FORCE).
_IN_FORCE_BLOCK = fmt.T2_BLOCKS[0]
_FIELD = dict(_IN_FORCE_BLOCK.fields)
_ISSUED, _REPEALED, _IN_FORCE = (k for k, _ in _IN_FORCE_BLOCK.fields)

_FEE_PART = fmt.FEE_PART
_REQUIRED_PARTS = tuple(p for p in fmt.TEXT_PARTS if p.required)

_TOPIC_CELLS: dict[str, tuple[str, ...]] = {
    textcheck.NEW: (_t3(_NEW, _T3_TOTAL),),
    textcheck.CARRIED_IN: (_t3(_CARRIED_IN, _T3_TOTAL),),
    textcheck.CARRIED_OUT: (_t3(_CARRIED_OUT, _T3_TOTAL),),
    textcheck.ANSWERED: (_t3(_RESULTS, _T3_TOTAL),),
    textcheck.REVIEW: (_t4(fmt.T4_REVIEW_GROUP, fmt.T4_TOTAL_COLUMN),),
    textcheck.LITIGATION: tuple(
        _t4(g.key, fmt.T4_TOTAL_COLUMN) for g in fmt.T4_GROUPS if g.key != fmt.T4_REVIEW_GROUP
    ),
    **{g.name: tuple(_t3(r, _T3_TOTAL) for r in g.rows) for g in textcheck.RESULT_GROUPS},
}


def _compared_with(topic: str) -> str:
    """What a stated count is compared with, in words: 「“予以公开”」「“本年新收（总计）”」."""
    if topic in textcheck.RESULT_GROUP_BY_NAME:
        return f"“{topic}”"
    return " + ".join(f"“{fmt.cell_name(a)}”" for a in _TOPIC_CELLS[topic])


def _rank_of(address: str) -> int:
    if fmt.is_meta(address):
        return 0
    if address == fmt.PREFACE.address:
        return 1
    return 2 + fmt.SECTIONS.index(fmt.section_of(address))


_RANK: dict[str, int] = {
    a: _rank_of(a)
    for a in (
        *fmt.ADDRESSES,
        *(p.address for p in fmt.TEXT_PARTS),
        *(f.address for f in fmt.NAMED_META_FIELDS),
    )
}


def _sort_key(f: Finding) -> tuple[int, int]:
    return (_RANK.get(f.cells[0], len(fmt.SECTIONS) + 2), _RULE_INDEX[f.rule])


# --------------------------------------------------------------------------------------------
# Messages


def _invalid_message(address: str, value: CellValue) -> str:
    name = fmt.cell_name(address)
    if value is None or value == "":
        return f"{name}：没有填写，请填数字（没有的填 0）"
    if fmt.VALUE_CELLS[address].kind is fmt.CellKind.DECIMAL:
        if isinstance(value, str) and value.strip().startswith(("-", "－")):
            return f"{name}：金额“{shown(value)}”是负数，金额不能为负数"
        return f"{name}：“{shown(value)}”不是有效的金额，请填数字，单位为万元，例如 0 或 12.5"
    if type(value) is int:
        if value < 0:
            return f"{name}：{value} 是负数，件数只能是 0 或正整数"
        return f"{name}：{value} 太大，请检查是否多打了位数"
    if isinstance(value, float):
        return f"{name}：“{shown(value)}”不是整数，件数只能是 0 或正整数"
    return f"{name}：“{shown(value)}”不是数字，件数只能是 0 或正整数"


def _terms(labelled: list[tuple[str, int]], *, skip_zero: bool = False) -> str:
    shown = [(label, v) for label, v in labelled if v or not skip_zero]
    if not shown:
        return "各项均为 0，合计 0"
    return " + ".join(f"{label} {v}" for label, v in shown) + f" = {sum(v for _, v in labelled)}"


# --------------------------------------------------------------------------------------------
# The check


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """All findings of docs/format.md §5 for a report, with last year's report for the X- rules."""
    findings: list[Finding] = []
    cells = report.cells
    bad = _value_findings(cells, findings)
    _table_findings(cells, bad, findings)
    _meta_findings(report, findings)
    _text_findings(report, previous, findings)
    findings.extend(reviewcheck.findings(report, bad))
    if previous is not None:
        _cross_year_findings(report, previous, bad, findings)
        findings.extend(reviewcheck.cross_year_findings(report, previous, bad))
    findings.sort(key=_sort_key)
    return findings


def one_per_cause(findings: list[Finding]) -> list[Finding]:
    """The findings as the clerk is shown them: one problem per cause.

    Table 3's 总计 column adds up the other six, so a wrong number in one column also puts
    the 总计 column out of balance. That second finding is folded into the column that caused
    it: its cells are added to the column's finding (they stay marked) and its message says
    so. ``check`` keeps reporting every rule instance; this only shapes what is shown.
    """
    balance = [f for f in findings if f.rule == BALANCE_RULE]
    total = next((f for f in balance if fmt.col_of(f.cells[0]) == _T3_TOTAL), None)
    causes = [f for f in balance if f is not total]
    if total is None or not causes:
        return list(findings)
    note = f"（{fmt.T3_COLUMN_BY_KEY[_T3_TOTAL].label}列因此也不相符）"
    folded = {
        id(f): Finding(
            f.rule,
            f.severity,
            f.cells + tuple(c for c in total.cells if c not in f.cells),
            f.message + note,
        )
        for f in causes
    }
    return [folded.get(id(f), f) for f in findings if f is not total]


def _value_findings(cells: dict[str, CellValue], out: list[Finding]) -> set[str]:
    bad: set[str] = set()
    for address in _COUNT_CELLS:
        value = cells.get(address)
        if type(value) is not int or not 0 <= value <= MAX_COUNT:
            bad.add(address)
    for address in _OTHER_CELLS:
        if not is_valid(address, cells.get(address)):
            bad.add(address)
    if bad:
        for address in fmt.ADDRESSES:  # format order
            if address in bad:
                msg = _invalid_message(address, cells.get(address))
                out.append(_finding("VALUE-INVALID", (address,), msg))
    return bad


def _table_findings(cells: dict[str, CellValue], bad: set[str], out: list[Finding]) -> None:
    # Only valid ints reach the sums: ``bad`` holds every invalid cell.
    v: dict[str, int] = cells  # type: ignore[assignment]
    short = {k: _ROW[k].short for k in (_NEW, _CARRIED_IN, _RESULTS, _CARRIED_OUT)}

    for col, addrs in _BALANCE:
        if bad and not bad.isdisjoint(addrs):
            continue
        new, cin, res, cout = (v[a] for a in addrs)
        if new + cin != res + cout:
            out.append(
                _finding(
                    BALANCE_RULE,
                    (addrs[3], addrs[0], addrs[1], addrs[2]),
                    f"{col.label}列：{short[_NEW]} {new} + {short[_CARRIED_IN]} {cin} = "
                    f"{new + cin}，{short[_RESULTS]} {res} + {short[_CARRIED_OUT]} {cout} = "
                    f"{res + cout}，相差 {abs(new + cin - res - cout)}",
                )
            )

    for t in _TOTALS:
        if bad and (t.total in bad or not bad.isdisjoint(t.parts)):
            continue
        values = [v[p] for p in t.parts]
        s = sum(values)
        if v[t.total] != s:
            listing = _terms(list(zip(t.labels, values, strict=True)), skip_zero=t.skip_zero)
            out.append(
                _finding(
                    t.rule,
                    (t.total, *t.parts),
                    f"{t.named} {v[t.total]}，{t.sum_named}{listing}，相差 {abs(v[t.total] - s)}",
                )
            )


def _meta_findings(report: Report, out: list[Finding]) -> None:
    if not report.meta.agency.strip():
        out.append(
            _finding(
                "META-MISSING",
                (fmt.AGENCY.address,),
                f"{fmt.AGENCY.label}没有填写，例如“大寨镇人民政府”",
            )
        )
    if report.meta.year is None:
        out.append(
            _finding(
                "META-MISSING",
                (fmt.YEAR.address,),
                f"{fmt.YEAR.label}没有填写，报告哪一年的工作就填哪一年，例如 2025",
            )
        )


def _text_findings(report: Report, previous: Report | None, out: list[Finding]) -> None:
    for part in _REQUIRED_PARTS:
        text = report.text.get(part.key, "")
        if not text.strip():
            out.append(
                _finding(
                    "TEXT-EMPTY", (part.address,), f"{fmt.cell_name(part.address)}：还没有填写"
                )
            )
        elif part is not _FEE_PART and is_placeholder(text):
            out.append(
                _finding(
                    "TEXT-EMPTY",
                    (part.address,),
                    f"{fmt.cell_name(part.address)}：只写了“{text.strip()}”，"
                    "这一部分须如实写明本年度的情况",
                )
            )

    counts = tuple(_topic_count(report, topic) for topic in textcheck.TOPICS)
    year = report.meta.year
    for part in fmt.TEXT_PARTS:
        text = report.text.get(part.key, "")
        if not text.strip():
            continue
        last = ""
        if previous is not None and part is not fmt.PREFACE:
            last = previous.text.get(part.key, "")
        out.extend(_read_part(part.key, text, year, counts, last))

    fee_text = report.text.get(_FEE_PART.key, "")
    if fee_text.strip() and fmt.FEE_TEXT_KEYWORD not in fee_text:
        out.append(_fee_finding(report))


def _fee_finding(report: Report) -> Finding:
    """S6-FEE, or the reviewer's S6-FEE-UNPAID when table 3 shows that fee notices were sent."""
    unpaid = reviewcheck.unpaid_fee(report)
    if unpaid is not None:
        return unpaid
    return _finding(
        "S6-FEE",
        (_FEE_PART.address,),
        f"{fmt.cell_name(_FEE_PART.address)}：没有说明{fmt.FEE_TEXT_KEYWORD}的收取情况"
        f"（未收取的，写明“{fmt.NO_FEE_SENTENCE}”）",
    )


def _topic_count(report: Report, topic: str) -> int | None:
    values = [report.count(a) for a in _TOPIC_CELLS[topic]]
    if any(x is None for x in values):
        return None
    return sum(x for x in values if x is not None)


@lru_cache(maxsize=512)
def _read_part(
    key: str, text: str, year: int | None, counts: tuple[int | None, ...], last: str
) -> tuple[Finding, ...]:
    """TEXT-NUMBER, TEXT-YEAR and X-SIMILAR for one narrative part, cached on its inputs."""
    address = fmt.TEXT_PART_BY_KEY[key].address
    name = fmt.cell_name(address)
    found: list[Finding] = []

    table = dict(zip(textcheck.TOPICS, counts, strict=True))
    seen: set[tuple[str, int]] = set()
    for st in textcheck.statements(text):
        actual = table[st.topic]
        if actual is None or actual == st.value or (st.topic, st.value) in seen:
            continue
        seen.add((st.topic, st.value))
        found.append(
            _finding(
                "TEXT-NUMBER",
                (address, *_TOPIC_CELLS[st.topic]),
                f"{name}：正文“{st.quote}”对应{_compared_with(st.topic)}，表中为 {actual}，"
                f"相差 {abs(st.value - actual)}",
            )
        )

    if year is not None:
        quotes = textcheck.wrong_years(text, year)
        if quotes:
            more = f"等 {len(quotes)} 处" if len(quotes) > 1 else ""
            found.append(
                _finding(
                    "TEXT-YEAR",
                    (address,),
                    f"{name}：正文写“{quotes[0]}”{more}，而本报告是 {year} 年度的报告，"
                    "可能沿用了往年报告的文字",
                )
            )

    if last and sametext.comparable(text) and sametext.comparable(last):
        share = similarity(text, last)
        if share > SIMILARITY_LIMIT:
            found.append(
                _finding(
                    "X-SIMILAR",
                    (address,),
                    f"{name}：与上年报告的同一部分有 {round(share * 100)}% 相同"
                    f"（超过 {round(SIMILARITY_LIMIT * 100)}% 可能被认定为内容雷同），"
                    "请按本年度的实际情况改写",
                )
            )
    return tuple(found)


def _cross_year_findings(
    report: Report, previous: Report, bad: set[str], out: list[Finding]
) -> None:
    column_flagged = False
    for col in fmt.T3_COLUMNS:
        here = _t3(_CARRIED_IN, col.key)
        now, before = report.count(here), previous.count(_t3(_CARRIED_OUT, col.key))
        if now is None or before is None or now == before:
            continue
        # The 总计 column only repeats the difference of the applicant columns already named.
        if col.key == fmt.T3_TOTAL_COLUMN and column_flagged:
            continue
        column_flagged = True
        out.append(
            _finding(
                "X-CARRY",
                (here,),
                f"{col.label}列：{_ROW[_CARRIED_IN].short} {now}，而上年报告的"
                f"{_ROW[_CARRIED_OUT].short} {before}，相差 {abs(now - before)}",
            )
        )
    for item in _IN_FORCE_BLOCK.items:
        addrs = tuple(fmt.cell(fmt.T2, item.key, k) for k in (_IN_FORCE, _ISSUED, _REPEALED))
        last = previous.count(addrs[0])
        if last is None or not bad.isdisjoint(addrs):
            continue
        in_force, issued, repealed = (report.count(a) or 0 for a in addrs)
        expected = last + issued - repealed
        if in_force == expected:
            continue
        out.append(
            _finding(
                "X-IN-FORCE",
                addrs,
                f"{item.label}：{_FIELD[_IN_FORCE]} {in_force}，而上年{_FIELD[_IN_FORCE]} {last}"
                f" + {_FIELD[_ISSUED]} {issued} − {_FIELD[_REPEALED]} {repealed} = {expected}，"
                f"相差 {abs(in_force - expected)}（本年清理、失效的文件请在正文中说明）",
            )
        )
