"""The sections of the report and the narrative parts the clerk writes."""

from __future__ import annotations

from typing import NamedTuple

from gaidesk.format.address import T2, T3, T4, text_address


class TextPart(NamedTuple):
    """A narrative part the clerk writes."""

    key: str  # "overview.active"; the address is "text." + key
    title: str  # the official sub-heading without its number, "主动公开"; "" for untitled
    number: str  # "（一）", or "" for an untitled part
    hint: str  # one line: what belongs here
    required: bool = True
    retitlable: bool = False

    @property
    def address(self) -> str:
        """The part's address, ``text.`` + key."""
        return text_address(self.key)

    @property
    def heading(self) -> str:
        """The sub-heading with its number, 「（一）主动公开」."""
        return self.number + self.title


class Section(NamedTuple):
    """A section of the report: its number, heading and text parts or table."""

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
                "overview.lead",
                "",
                "",
                "总体情况的导语（可不填）：本年度政府信息公开工作的总体思路和主要成效，"
                "写在（一）之前。",
                required=False,
            ),
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
    Section("二", "二、主动公开政府信息情况", table=T2),
    Section("三", "三、收到和处理政府信息公开申请情况", table=T3),
    Section("四", "四、政府信息公开行政复议、行政诉讼情况", table=T4),
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

# The part that must state the information processing fee (S6-FEE).
FEE_PART = next(p for s in SECTIONS if s.number == "六" for p in s.parts)

# Section 五, 存在的主要问题及改进情况: each part is at least a sentence (S5-BRIEF).
PROBLEMS_PARTS: tuple[TextPart, ...] = next(s.parts for s in SECTIONS if s.number == "五")
# 一's 监督保障, where a government reports its assessment, evaluation and accountability
# (S1-OVERSIGHT).
OVERSIGHT_PART = TEXT_PART_BY_KEY["overview.oversight"]


class ReportedResult(NamedTuple):
    """One of the results 《政府信息公开条例》第五十条 asks a government's report to give."""

    name: str  # the regulation's word, 「社会评议」
    words: tuple[str, ...]  # any of these in the narrative mentions it


# 条例第五十条: 「各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和
# 责任追究结果情况」. The words are those reports use for each (「纳入年度绩效考核」「群众评议」
# 「未发生追责问责」).
ASSESSMENT_RESULTS: tuple[ReportedResult, ...] = (
    ReportedResult("工作考核", ("考核", "考评")),
    ReportedResult("社会评议", ("评议", "社会评价", "群众评价", "满意度")),
    ReportedResult("责任追究", ("责任追究", "追究", "追责", "问责")),
)
ASSESSMENT_RESULTS_WORDING = "工作考核、社会评议和责任追究结果情况"  # 条例第五十条's own words
NO_ACCOUNTABILITY_SENTENCE = "本年度未发生政府信息公开工作责任追究情况。"

REPORT_TITLE_SUFFIX = "年政府信息公开工作年度报告"
NO_FEE_SENTENCE = "本年度未收取信息处理费。"
FEE_TEXT_KEYWORD = "信息处理费"


def default_title(agency: str, year: int | None) -> str:
    """「{单位}{年度}年政府信息公开工作年度报告」 with the body's full name, as the official format
    writes it (「淮安市人民政府2024年政府信息公开工作年度报告」)."""
    return f"{agency}{year if year is not None else ''}{REPORT_TITLE_SUFFIX}"


def period_sentence(year: int) -> str:
    """The preface's sentence on the statistical period of a year."""
    return f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
