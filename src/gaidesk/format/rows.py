"""The rows and columns of the three tables, with their official labels and keys."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from gaidesk.format.address import T2, cell


class CellKind(Enum):
    """What a table value cell holds."""

    COUNT = "count"  # a non-negative integer
    DECIMAL = "decimal"  # a non-negative decimal kept as its exact string (万元)


# --------------------------------------------------------------------------------------------
# Table 2 — 主动公开政府信息情况


class T2Item(NamedTuple):
    """One row of table 2: its key, label and the other wordings found in published reports."""

    key: str
    label: str
    # Other wordings of the label found in published reports (read on import, never written).
    aliases: tuple[str, ...] = ()


class T2Block(NamedTuple):
    """One block of table 2 (an article's item): heading, fields and rows."""

    heading: str  # 「第二十条第（一）项」
    fields: tuple[tuple[str, str], ...]  # (field key, column header)
    items: tuple[T2Item, ...]
    kind: CellKind = CellKind.COUNT


T2_BLOCKS: tuple[T2Block, ...] = (
    T2Block(
        "第二十条第（一）项",
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (
            T2Item("rules", "规章"),
            T2Item("normative_docs", "行政规范性文件", aliases=("规范性文件",)),
        ),
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
T2_IN_FORCE_FIELD = "in_force"  # 现行有效件数, carried to next year (X-IN-FORCE)
FEE_ADDRESS = cell(T2, "fees", "amount")  # 行政事业性收费 本年收费金额 (万元)
T2_RULES_ITEM = "rules"  # 规章: made by provinces, cities and State Council departments only


# --------------------------------------------------------------------------------------------
# Table 3 — 收到和处理政府信息公开申请情况


class T3Column(NamedTuple):
    """A column of table 3 (an applicant kind, or the total)."""

    key: str
    label: str


class T3Row(NamedTuple):
    """A row of table 3 with its label, its category and what it counts for."""

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
T3_NEW_ROW = "new"
T3_CARRIED_IN_ROW = "carried_in"
T3_CARRIED_OUT_ROW = "carried_out"
# （六）2: the applicant did not pay the fee asked for (a fee notice was sent: S6-FEE-UNPAID)
T3_UNPAID_FEE_ROW = "other_no_fee"
T3_RESULT_ROWS = tuple(r.key for r in T3_ROWS if r.is_result)
T3_ROW_BY_KEY = {r.key: r for r in T3_ROWS}
T3_COLUMN_BY_KEY = {c.key: c for c in T3_COLUMNS}

# Helpful definitions shown beside the table (docs/format.md), in the order they are shown.
T3_HELP = {
    "carried_in": "上年结转：1月1日前收到、当日仍在办理中的申请。",
    "carried_out": "结转下年度继续办理：12月31日仍在办理中的申请，下一年度计为“上年结转”。",
    "partial": "部分公开的申请只计在“部分公开”一处，不再计入其他情形。",
}


# A row label -> its definition, for the editor's tooltip on the label.
LABEL_HELP = {T3_ROW_BY_KEY[key].label: text for key, text in T3_HELP.items()}


# --------------------------------------------------------------------------------------------
# Table 4 — 政府信息公开行政复议、行政诉讼情况


class T4Group(NamedTuple):
    """A column group of table 4 (行政复议, 未经复议直接起诉, 复议后起诉)."""

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
T4_REVIEW_GROUP = T4_GROUPS[0].key  # 行政复议; the others are 行政诉讼


# --------------------------------------------------------------------------------------------
# Table 2 as the 2019 form had it (reports on 2019, published early 2020)
#
# The first reports under the revised 条例 used another table 2: 「本年新制作数量」「本年新公开
# 数量」「对外公开总数量」 for 规章 and 规范性文件; 「上一年项目数量」「本年增/减」「处理决定数量」
# for 行政许可 and the others; 「上一年项目数量」「本年增/减」 for 行政事业性收费 (no amount);
# 政府集中采购. Only what means the same is read from such a table.


class T2LegacyItem(NamedTuple):
    """A row of the 2019 table 2 that maps onto today's table 2 on import."""

    item: str  # the key of the row in today's table 2
    label: str  # the row's label in the 2019 table
    field: str  # the field of today's table 2 the value goes to
    header: str  # the 2019 column header above the value


T2_2019_LAYOUT = "2019年版"
T2_2019_ITEMS: tuple[T2LegacyItem, ...] = (
    T2LegacyItem("rules", "规章", "issued", "本年新制作数量"),
    T2LegacyItem("normative_docs", "规范性文件", "issued", "本年新制作数量"),
    T2LegacyItem("licensing", "行政许可", "decisions", "处理决定数量"),
    T2LegacyItem("penalty", "行政处罚", "decisions", "处理决定数量"),
    T2LegacyItem("coercion", "行政强制", "decisions", "处理决定数量"),
)
# Columns of the 2019 table 2 that have no place in today's.
T2_2019_UNMAPPED = ("本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减")

# Table 3 of the 2019 form had one row 「（六）其他处理」 where today's has three; its numbers
# are read into 「3.其他」 (the results still add up), the other two rows stay 0.
T3_2019_OTHER_LABEL = "（六）其他处理"
T3_2019_OTHER_ROW = "other_other"
T3_2019_SPLIT_ROWS = ("other_no_correction", "other_no_fee", "other_other")
