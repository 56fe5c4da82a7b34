"""The official format of the report (国办公开办函〔2021〕30号) as data.

This module is the single place where the national format is spelled out: the six sections,
the narrative parts, the three tables with every label, merged cell, key and total. The editor,
the rules, the PDF, the workbook and the importer are all generated from it; no other module
types an official label. When the national office revises the format, this file changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache


class CellKind(Enum):
    """What a table value cell holds."""

    COUNT = "count"  # a non-negative integer
    DECIMAL = "decimal"  # a non-negative decimal kept as its exact string (万元)


@dataclass(frozen=True)
class GridCell:
    """One cell of a table's printed grid; a label or a value, possibly merged."""

    row: int
    col: int
    text: str = ""  # the official label, for label cells
    address: str = ""  # the value's address (``t3.new.natural``), for value cells
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # part of the column header (repeated, printed bold)

    @property
    def is_value(self) -> bool:
        return bool(self.address)


@dataclass(frozen=True)
class ValueCell:
    """One data cell of a table with everything the rules and editors need to know."""

    address: str
    kind: CellKind
    name: str  # the cell named in official words, for messages
    parts: tuple[str, ...] = ()  # for a total: the addresses it adds up

    @property
    def is_total(self) -> bool:
        return bool(self.parts)


@dataclass(frozen=True)
class Table:
    key: str  # "t2", "t3", "t4"
    section: str  # the section number it belongs to, "二"
    rows: int
    cols: int
    grid: tuple[GridCell, ...]
    header_rows: int  # how many grid rows form the column header
    label_cols: int  # how many grid columns hold row labels

    @property
    def values(self) -> tuple[ValueCell, ...]:
        return tuple(VALUE_CELLS[c.address] for c in self.grid if c.is_value)

    def addresses(self) -> tuple[str, ...]:
        return tuple(c.address for c in self.grid if c.is_value)


@dataclass(frozen=True)
class TextPart:
    """A narrative part the clerk writes."""

    key: str  # "overview.active"; the address is "text." + key
    title: str  # the official sub-heading without its number, "主动公开"; "" for untitled
    number: str  # "（一）", or "" for an untitled part
    hint: str  # one line: what belongs here
    required: bool = True
    retitlable: bool = False

    @property
    def address(self) -> str:
        return "text." + self.key

    @property
    def heading(self) -> str:
        return self.number + self.title


@dataclass(frozen=True)
class Section:
    number: str  # "一"
    heading: str  # 「一、总体情况」
    parts: tuple[TextPart, ...] = ()
    table: str = ""  # key of the section's table, if it is a table section


# --------------------------------------------------------------------------------------------
# The narrative

PREFACE = TextPart(
    key="preface",
    title="",
    number="",
    hint="开头导语：编制依据、统计期限（自本年1月1日起至12月31日止）、电子版获取方式和咨询联系方式。",
    required=False,
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "一",
        "一、总体情况",
        parts=(
            TextPart(
                "overview.active",
                "主动公开",
                "（一）",
                "本年度主动公开了哪些信息、通过哪些渠道、规范了哪些流程。",
                retitlable=True,
            ),
            TextPart(
                "overview.on_request",
                "依申请公开",
                "（二）",
                "申请的受理、办理、答复情况和工作机制。",
                retitlable=True,
            ),
            TextPart(
                "overview.management",
                "政府信息管理",
                "（三）",
                "信息发布审核、规范性文件清理、目录和归档等管理工作。",
                retitlable=True,
            ),
            TextPart(
                "overview.platforms",
                "政府信息公开平台建设",
                "（四）",
                "网站、新媒体、公开栏等平台的建设与维护。",
                retitlable=True,
            ),
            TextPart(
                "overview.oversight",
                "监督保障",
                "（五）",
                "组织领导、培训、工作考核、社会评议和责任追究结果。",
                retitlable=True,
            ),
        ),
    ),
    Section("二", "二、主动公开政府信息情况", table="t2"),
    Section("三", "三、收到和处理政府信息公开申请情况", table="t3"),
    Section("四", "四、政府信息公开行政复议、行政诉讼情况", table="t4"),
    Section(
        "五",
        "五、存在的主要问题及改进情况",
        parts=(
            TextPart(
                "problems.problems",
                "主要问题",
                "（一）",
                "本年度工作中存在的主要问题，写实写具体。",
            ),
            TextPart(
                "problems.improvements",
                "改进情况",
                "（二）",
                "上年度问题的整改情况和下一步的改进措施。",
            ),
        ),
    ),
    Section(
        "六",
        "六、其他需要报告的事项",
        parts=(
            TextPart(
                "other_matters",
                "",
                "",
                "须说明信息处理费收取情况（未收取的写明“本年度未收取信息处理费”）；"
                "可写落实政务公开工作要点、人大代表建议和政协提案办理结果公开情况。",
            ),
        ),
    ),
)

TEXT_PARTS: tuple[TextPart, ...] = (PREFACE, *(p for s in SECTIONS for p in s.parts))
TEXT_PART_BY_KEY: dict[str, TextPart] = {p.key: p for p in TEXT_PARTS}

REPORT_TITLE_SUFFIX = "年政府信息公开工作年度报告"
NO_FEE_SENTENCE = "本年度未收取信息处理费。"
FEE_TEXT_KEYWORD = "信息处理费"


def default_title(short_name: str, year: int | None) -> str:
    """「{单位}{年度}年政府信息公开工作年度报告」."""
    return f"{short_name}{year if year is not None else ''}{REPORT_TITLE_SUFFIX}"


def period_sentence(year: int) -> str:
    return f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"


# --------------------------------------------------------------------------------------------
# Table 2 — 主动公开政府信息情况


@dataclass(frozen=True)
class T2Item:
    key: str
    label: str


@dataclass(frozen=True)
class T2Block:
    heading: str  # 「第二十条第（一）项」
    fields: tuple[tuple[str, str], ...]  # (field key, column header)
    items: tuple[T2Item, ...]
    kind: CellKind = CellKind.COUNT


T2_BLOCKS: tuple[T2Block, ...] = (
    T2Block(
        "第二十条第（一）项",
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (T2Item("rules", "规章"), T2Item("normative_docs", "行政规范性文件")),
    ),
    T2Block(
        "第二十条第（五）项",
        (("decisions", "本年处理决定数量"),),
        (T2Item("licensing", "行政许可"),),
    ),
    T2Block(
        "第二十条第（六）项",
        (("decisions", "本年处理决定数量"),),
        (T2Item("penalty", "行政处罚"), T2Item("coercion", "行政强制")),
    ),
    T2Block(
        "第二十条第（八）项",
        (("amount", "本年收费金额（单位：万元）"),),
        (T2Item("fees", "行政事业性收费"),),
        kind=CellKind.DECIMAL,
    ),
)
T2_ITEM_HEADER = "信息内容"


# --------------------------------------------------------------------------------------------
# Table 3 — 收到和处理政府信息公开申请情况


@dataclass(frozen=True)
class T3Column:
    key: str
    label: str


@dataclass(frozen=True)
class T3Row:
    key: str
    label: str  # its own label (the deepest level)
    short: str  # short name used in messages
    category: str = ""  # 「（三）不予公开」 etc. for the sub-rows of a category
    is_result: bool = False  # one of the 21 rows added up by 「（七）总计」


T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
T3_RESULTS = "三、本年度办理结果"

T3_COLUMNS: tuple[T3Column, ...] = (
    T3Column("natural", "自然人"),
    T3Column("commercial", "商业企业"),
    T3Column("research", "科研机构"),
    T3Column("social", "社会公益组织"),
    T3Column("legal", "法律服务机构"),
    T3Column("other", "其他"),
    T3Column("total", "总计"),
)
T3_TOTAL_COLUMN = "total"
T3_ORGANISATION_COLUMNS = ("commercial", "research", "social", "legal", "other")

_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

T3_ROWS: tuple[T3Row, ...] = (
    T3Row("new", "一、本年新收政府信息公开申请数量", "本年新收"),
    T3Row("carried_in", "二、上年结转政府信息公开申请数量", "上年结转"),
    T3Row("granted", "（一）予以公开", "予以公开", is_result=True),
    T3Row(
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        is_result=True,
    ),
    T3Row("denied_state_secret", "1.属于国家秘密", "不予公开-属于国家秘密", _DENIED, True),
    T3Row(
        "denied_law_prohibited",
        "2.其他法律行政法规禁止公开",
        "不予公开-其他法律行政法规禁止公开",
        _DENIED,
        True,
    ),
    T3Row(
        "denied_three_safety",
        "3.危及“三安全一稳定”",
        "不予公开-危及“三安全一稳定”",
        _DENIED,
        True,
    ),
    T3Row(
        "denied_third_party", "4.保护第三方合法权益", "不予公开-保护第三方合法权益", _DENIED, True
    ),
    T3Row(
        "denied_internal", "5.属于三类内部事务信息", "不予公开-属于三类内部事务信息", _DENIED, True
    ),
    T3Row("denied_process", "6.属于四类过程性信息", "不予公开-属于四类过程性信息", _DENIED, True),
    T3Row("denied_enforcement", "7.属于行政执法案卷", "不予公开-属于行政执法案卷", _DENIED, True),
    T3Row("denied_query", "8.属于行政查询事项", "不予公开-属于行政查询事项", _DENIED, True),
    T3Row(
        "unable_not_held",
        "1.本机关不掌握相关政府信息",
        "无法提供-本机关不掌握相关政府信息",
        _UNABLE,
        True,
    ),
    T3Row(
        "unable_need_creation",
        "2.没有现成信息需要另行制作",
        "无法提供-没有现成信息需要另行制作",
        _UNABLE,
        True,
    ),
    T3Row(
        "unable_unclear",
        "3.补正后申请内容仍不明确",
        "无法提供-补正后申请内容仍不明确",
        _UNABLE,
        True,
    ),
    T3Row(
        "rejected_petition",
        "1.信访举报投诉类申请",
        "不予处理-信访举报投诉类申请",
        _REJECTED,
        True,
    ),
    T3Row("rejected_repeat", "2.重复申请", "不予处理-重复申请", _REJECTED, True),
    T3Row(
        "rejected_publication",
        "3.要求提供公开出版物",
        "不予处理-要求提供公开出版物",
        _REJECTED,
        True,
    ),
    T3Row(
        "rejected_mass",
        "4.无正当理由大量反复申请",
        "不予处理-无正当理由大量反复申请",
        _REJECTED,
        True,
    ),
    T3Row(
        "rejected_confirm",
        "5.要求行政机关确认或重新出具已获取信息",
        "不予处理-要求行政机关确认或重新出具已获取信息",
        _REJECTED,
        True,
    ),
    T3Row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "其他处理-申请人逾期不补正",
        _OTHER,
        True,
    ),
    T3Row(
        "other_no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他处理-申请人逾期未缴费",
        _OTHER,
        True,
    ),
    T3Row("other_other", "3.其他", "其他处理-其他", _OTHER, True),
    T3Row("results_total", "（七）总计", "办理结果总计"),
    T3Row("carried_out", "四、结转下年度继续办理", "结转下年度"),
)
T3_RESULT_TOTAL_ROW = "results_total"
T3_RESULT_ROWS = tuple(r.key for r in T3_ROWS if r.is_result)
T3_ROW_BY_KEY = {r.key: r for r in T3_ROWS}
T3_COLUMN_BY_KEY = {c.key: c for c in T3_COLUMNS}

# Helpful definitions shown beside the table (FORMAT.md §3).
T3_HELP = {
    "carried_in": "上年结转：1月1日前收到、当日仍在办理中的申请。",
    "carried_out": "结转下年度继续办理：12月31日仍在办理中的申请，下一年度计为“上年结转”。",
    "partial": "部分公开的申请只计在“部分公开”一处，不再计入其他情形。",
}


# --------------------------------------------------------------------------------------------
# Table 4 — 政府信息公开行政复议、行政诉讼情况


@dataclass(frozen=True)
class T4Group:
    key: str
    label: str
    short: str


T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
T4_GROUPS: tuple[T4Group, ...] = (
    T4Group("review", "行政复议", "行政复议"),
    T4Group("litigation_direct", "未经复议直接起诉", "行政诉讼（未经复议直接起诉）"),
    T4Group("litigation_after_review", "复议后起诉", "行政诉讼（复议后起诉）"),
)
T4_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_TOTAL_COLUMN = "total"


# --------------------------------------------------------------------------------------------
# Building the grids and the value cells from the definitions above


def _t2_grid() -> tuple[GridCell, ...]:
    cells: list[GridCell] = []
    row = 0
    for block in T2_BLOCKS:
        cells.append(GridCell(row, 0, block.heading, colspan=4, header=True))
        row += 1
        cells.append(GridCell(row, 0, T2_ITEM_HEADER, header=True))
        span = 3 // len(block.fields)
        for i, (_, label) in enumerate(block.fields):
            cells.append(GridCell(row, 1 + i * span, label, colspan=span, header=True))
        row += 1
        for item in block.items:
            cells.append(GridCell(row, 0, item.label))
            for i, (field, _) in enumerate(block.fields):
                cells.append(
                    GridCell(row, 1 + i * span, address=f"t2.{item.key}.{field}", colspan=span)
                )
            row += 1
    return tuple(cells)


def _t3_grid() -> tuple[GridCell, ...]:
    cells = [
        GridCell(0, 0, T3_CORNER, rowspan=3, colspan=3, header=True),
        GridCell(0, 3, T3_APPLICANTS, colspan=7, header=True),
        GridCell(1, 3, T3_COLUMNS[0].label, rowspan=2, header=True),
        GridCell(1, 4, T3_ORGANISATIONS, colspan=5, header=True),
        GridCell(1, 9, T3_COLUMNS[-1].label, rowspan=2, header=True),
    ]
    cells += [GridCell(2, 4 + i, c.label, header=True) for i, c in enumerate(T3_COLUMNS[1:-1])]
    first = 3
    results = [i for i, r in enumerate(T3_ROWS) if r.is_result or r.key == T3_RESULT_TOTAL_ROW]
    for i, r in enumerate(T3_ROWS):
        row = first + i
        if i == results[0]:
            cells.append(GridCell(row, 0, T3_RESULTS, rowspan=len(results)))
        if not r.category:
            in_results = i in results
            cells.append(
                GridCell(row, 1 if in_results else 0, r.label, colspan=2 if in_results else 3)
            )
        else:
            siblings = [x for x in T3_ROWS if x.category == r.category]
            if siblings[0] is r:
                cells.append(GridCell(row, 1, r.category, rowspan=len(siblings)))
            cells.append(GridCell(row, 2, r.label))
        cells += [
            GridCell(row, 3 + j, address=f"t3.{r.key}.{c.key}") for j, c in enumerate(T3_COLUMNS)
        ]
    return tuple(cells)


def _t4_grid() -> tuple[GridCell, ...]:
    cells = [
        GridCell(0, 0, T4_REVIEW, colspan=5, header=True),
        GridCell(0, 5, T4_LITIGATION, colspan=10, header=True),
    ]
    n = len(T4_COLUMNS)
    for g, group in enumerate(T4_GROUPS):
        if g == 0:
            cells += [
                GridCell(1, j, label, rowspan=2, header=True)
                for j, (_, label) in enumerate(T4_COLUMNS)
            ]
        else:
            cells.append(GridCell(1, g * n, group.label, colspan=n, header=True))
            cells += [
                GridCell(2, g * n + j, label, header=True)
                for j, (_, label) in enumerate(T4_COLUMNS)
            ]
        cells += [
            GridCell(3, g * n + j, address=f"t4.{group.key}.{col}")
            for j, (col, _) in enumerate(T4_COLUMNS)
        ]
    return tuple(cells)


def _value_cells() -> dict[str, ValueCell]:
    cells: dict[str, ValueCell] = {}
    for block in T2_BLOCKS:
        for item in block.items:
            for field, label in block.fields:
                addr = f"t2.{item.key}.{field}"
                name = item.label if len(block.fields) == 1 else f"{item.label}{label}"
                cells[addr] = ValueCell(addr, block.kind, name)
    data_cols = [c.key for c in T3_COLUMNS if c.key != T3_TOTAL_COLUMN]
    for r in T3_ROWS:
        for c in T3_COLUMNS:
            addr = f"t3.{r.key}.{c.key}"
            parts: tuple[str, ...] = ()
            if c.key == T3_TOTAL_COLUMN:
                parts = tuple(f"t3.{r.key}.{k}" for k in data_cols)
            elif r.key == T3_RESULT_TOTAL_ROW:
                parts = tuple(f"t3.{k}.{c.key}" for k in T3_RESULT_ROWS)
            cells[addr] = ValueCell(addr, CellKind.COUNT, f"{r.short}（{c.label}）", parts)
    for g in T4_GROUPS:
        for col, label in T4_COLUMNS:
            addr = f"t4.{g.key}.{col}"
            parts = ()
            if col == T4_TOTAL_COLUMN:
                parts = tuple(f"t4.{g.key}.{k}" for k, _ in T4_COLUMNS if k != T4_TOTAL_COLUMN)
            cells[addr] = ValueCell(addr, CellKind.COUNT, f"{g.short}{label}", parts)
    return cells


VALUE_CELLS: dict[str, ValueCell] = _value_cells()
ADDRESSES: tuple[str, ...] = tuple(VALUE_CELLS)
# Totals in the order they must be computed: row totals of t3 use the results_total row's own
# parts, so compute the column sums (results_total row) first, then row totals.
TOTAL_ADDRESSES: tuple[str, ...] = tuple(
    sorted((a for a, c in VALUE_CELLS.items() if c.is_total), key=lambda a: a.endswith(".total"))
)

TABLES: dict[str, Table] = {
    "t2": Table("t2", "二", 14, 4, _t2_grid(), header_rows=0, label_cols=1),
    "t3": Table("t3", "三", 28, 10, _t3_grid(), header_rows=3, label_cols=3),
    "t4": Table("t4", "四", 4, 15, _t4_grid(), header_rows=3, label_cols=0),
}


def section_of(address: str) -> Section:
    """The section an address (a cell, ``text.…`` or ``meta.…``) belongs to."""
    if address.startswith("text."):
        key = address[5:]
        for s in SECTIONS:
            if any(p.key == key for p in s.parts):
                return s
        return SECTIONS[0]
    table = address.split(".", 1)[0]
    for s in SECTIONS:
        if s.table == table:
            return s
    return SECTIONS[0]


@cache
def cell_name(address: str) -> str:
    """The official words for any address, for messages."""
    if address in VALUE_CELLS:
        return VALUE_CELLS[address].name
    if address.startswith("text."):
        part = TEXT_PART_BY_KEY[address[5:]]
        section = section_of(address)
        if part is PREFACE:
            return "开头导语"
        return section.heading + (part.heading if part.heading else "")
    return {"meta.agency": "报告单位", "meta.short_name": "单位简称", "meta.year": "报告年度"}.get(
        address, address
    )
