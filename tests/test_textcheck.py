"""Reading the narrative: counts stated in words, the year written, sameness with last year."""

from __future__ import annotations

import pytest

from gaidesk import format as fmt
from gaidesk import sametext
from gaidesk import textcheck as tc

# --------------------------------------------------------------------------------------------
# Counts (TEXT-NUMBER)

STATED = [
    ("本年度共收到政府信息公开申请17件。", [(tc.NEW, 17)]),
    ("2025年，我镇共收到依申请公开申请十七件，均已按时答复。", [(tc.NEW, 17)]),
    ("本年度新收政府信息公开申请一百零五件。", [(tc.NEW, 105)]),
    ("全年共受理政府信息公开申请３件。", [(tc.NEW, 3)]),
    ("本年度政府信息公开申请数量为12件。", [(tc.NEW, 12)]),
    (
        "收到17件申请，予以公开10件，部分公开3件。",
        [(tc.NEW, 17), ("予以公开", 10), ("部分公开", 3)],
    ),
    (
        "予以公开10件，部分公开3件，不予公开1件。",
        [("予以公开", 10), ("部分公开", 3), ("不予公开", 1)],
    ),
    (
        "本年度共收到政府信息公开申请17件，上年结转2件，办结18件，结转下年度1件。",
        [(tc.NEW, 17), (tc.CARRIED_IN, 2), (tc.ANSWERED, 18), (tc.CARRIED_OUT, 1)],
    ),
    ("上年度结转申请2件，已全部办结。", [(tc.CARRIED_IN, 2)]),
    ("申请中尚未办结1件，将结转至下一年度继续办理。", [(tc.CARRIED_OUT, 1)]),
    ("对收到的申请已办结二十件。", [(tc.ANSWERED, 20)]),
    ("收到行政复议申请1件、行政诉讼2件。", [(tc.REVIEW, 1), (tc.LITIGATION, 2)]),
    ("因政府信息公开被申请行政复议两起。", [(tc.REVIEW, 2)]),
    ("行政复议和行政诉讼各1件。", [(tc.REVIEW, 1), (tc.LITIGATION, 1)]),
    ("发生行政诉讼2件，其中维持1件，尚未审结1件。", [(tc.LITIGATION, 2)]),
    ("经复议后提起行政诉讼1件。", [(tc.LITIGATION, 1)]),
    ("本年度未发生政府信息公开行政复议、行政诉讼案件。", [(tc.REVIEW, 0), (tc.LITIGATION, 0)]),
    ("本年度未收到政府信息公开申请。", [(tc.NEW, 0)]),
    ("全年无行政复议。", [(tc.REVIEW, 0)]),
    ("行政复议0件，行政诉讼0件。", [(tc.REVIEW, 0), (tc.LITIGATION, 0)]),
]


# A total and its parts: a part is compared with its own row, never with the total.
PARTS = [
    (
        "共收到政府信息公开申请2件，办结2件，其中公开答复1件，无法提供1件。",
        [(tc.NEW, 2), (tc.ANSWERED, 2), ("予以公开", 1), ("无法提供", 1)],
    ),
    ("收到申请20件，其中已办结18件，结转下年度2件。", [(tc.NEW, 20), (tc.CARRIED_OUT, 2)]),
    ("收到申请20件，其中网上申请15件，信函5件，办结19件。", [(tc.NEW, 20), (tc.ANSWERED, 19)]),
    ("其中，已办结18件。", []),
    (
        "其中予以公开、部分公开、无法提供分别为5件、2件和1件。",
        [("予以公开", 5), ("部分公开", 2), ("无法提供", 1)],
    ),
    ("予以公开、部分公开分别为5件、2件、1件。", []),  # three counts for two rows: unclear
    ("予以公开和部分公开共7件。", []),
    ("不予公开、不予处理各1件。", [("不予公开", 1), ("不予处理", 1)]),
    ("办结申请30件（含上年结转2件），办结率100%。", [(tc.ANSWERED, 30), (tc.CARRIED_IN, 2)]),
    (
        "办结30件（其中予以公开20件），收到申请28件。",
        [(tc.ANSWERED, 30), ("予以公开", 20), (tc.NEW, 28)],
    ),
    ("共完成依申请公开答复12件，不予以公开2件。", [(tc.ANSWERED, 12)]),
    ("作出不予公开答复3件、同意公开答复4件。", [("不予公开", 3), ("予以公开", 4)]),
    ("全年共办理政府信息公开申请9件。", [(tc.ANSWERED, 9)]),
    (
        "收到申请9件，上年结转1件，共办理10件，办结8件。",
        [(tc.NEW, 9), (tc.CARRIED_IN, 1), (tc.ANSWERED, 8)],
    ),
    ("立即答复申请3件。", [(tc.ANSWERED, 3)]),
    # 受理 N 件 that includes last year's applications is not this year's new ones
    ("共受理申请45件，含上年结转4件，办结43件。", [(tc.CARRIED_IN, 4), (tc.ANSWERED, 43)]),
    (
        "共受理申请45件。其中予以公开40件。包括上年结转申请5件。",
        [("予以公开", 40), (tc.CARRIED_IN, 5)],
    ),
    (
        "共受理申请45件。办结40件。包括上年结转申请5件。",
        [(tc.NEW, 45), (tc.ANSWERED, 40), (tc.CARRIED_IN, 5)],
    ),
    # parts of a part: the 4 carried in, of which 4 were granted, are not all that was granted
    ("办结申请30件，包括上年结转4件，其中予以公开4件。", [(tc.ANSWERED, 30), (tc.CARRIED_IN, 4)]),
    ("收到申请10件，2024年结转申请2件。", [(tc.NEW, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), PARTS)
def test_totals_and_their_parts(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(s.topic, s.value) for s in tc.statements(text)] == expected


def test_result_groups_come_from_the_format() -> None:
    names = [g.name for g in tc.RESULT_GROUPS]
    assert names == ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
    assert [r for g in tc.RESULT_GROUPS for r in g.rows] == list(fmt.T3_RESULT_ROWS)
    assert set(tc.RESULT_SYNONYMS.values()) <= set(names)
    assert set(tc.TOPICS) >= set(names)


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_counts_are_read(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(s.topic, s.value) for s in tc.statements(text)] == expected
    for s in tc.statements(text):
        assert s.quote and s.quote in text.replace("３", "3")


NOT_STATED = [
    "主动公开政府信息120条，开展培训3次，按时答复率100%。",
    "严格落实依申请公开工作机制，确保群众申请“件件有回音、事事有着落”。",
    "本年度收取信息处理费0万元，行政事业性收费7730.28万元。",
    "2025年1月1日至2025年12月31日期间，我镇发布信息。",
    "办结人大代表建议5件、政协提案3件。",
    "接待群众咨询200余件，答复网民留言15件。",
    "全年收到政府信息公开申请100余件。",
    "共收到申请17件以上。",
    "其中自然人申请15件、法人或其他组织2件。",
    "重复申请2件，信访举报投诉类申请1件。",
    "未发生行政诉讼败诉案件。",
    "行政复议结果纠正1件。",
    "印发规范性文件3件，废止2件。",
    "处理信访投诉件12件。",
    "全镇共有行政村15个，发放宣传手册3000份。",
    "第2件申请已经办结。",
    "比上年增加3件。",
    "尚未办结1件，将结转至2026年继续办理。",
]


@pytest.mark.parametrize("text", NOT_STATED)
def test_other_numbers_are_not_counts_of_applications(text: str) -> None:
    assert tc.statements(text) == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("17", 17),
        ("十", 10),
        ("十七", 17),
        ("二十", 20),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("一〇五", 105),
        ("三万五千", 35000),
        ("零", 0),
    ],
)
def test_numbers(text: str, value: int) -> None:
    assert tc.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十七a", "三五十"])
def test_not_numbers(text: str) -> None:
    assert tc.parse_number(text) is None


# --------------------------------------------------------------------------------------------
# Years (TEXT-YEAR)

WRONG_YEAR = [
    ("2024年度，我镇坚持以公开为常态、不公开为例外。", "2024年度，我镇坚持以公开为常态"),
    ("本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。", "2024年1月1日"),
    ("统计期限为2024年全年。", "2024年"),
    ("2024年，全镇共收到政府信息公开申请3件。", "2024年，全镇"),
    ("我镇2024年共收到申请17件。", "2024年共收到"),
    ("现将大寨镇2024年政府信息公开工作年度报告公布如下。", "2024年政府信息公开工作年度报告"),
    ("2025年1月1日至2025年12月31日，我镇按规定公开；2023年度，我镇完善制度。", "2023年度"),
    ("２０２４年度，我镇深化公开。", "2024年度"),
    ("2026年1月1日至2026年12月31日期间的数据如下。", "2026年1月1日"),
]


@pytest.mark.parametrize(("text", "quote"), WRONG_YEAR)
def test_another_year_as_the_period(text: str, quote: str) -> None:
    found = tc.wrong_years(text, 2025)
    assert len(found) == 1 and quote in found[0]


RIGHT_YEAR = [
    "2025年度，我镇坚持以公开为常态。",
    fmt_period := "本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。",
    "较2024年，申请数量增长10%。",
    "与2024年相比，申请数量有所增加。",
    "比上年增加3件。",
    "2024年以来，我镇持续推进政务公开。",
    "自2019年起，我镇每年编制年度报告。",
    "截至2024年底，现行有效规范性文件12件。",
    "2026年，我镇将继续深化政务公开工作。",
    "下一步，2026年我镇计划建设新平台。",
    "对照《大寨镇2024年政府信息公开工作年度报告》中指出的问题逐项整改。",
    "针对2024年度报告中指出的问题，我镇已整改到位。",
    "本报告于2026年1月20日发布。",
    "共收到申请17件，同比2024年增长20%。",
    "我镇于2021年获评先进单位，2025年继续保持。",
]


@pytest.mark.parametrize("text", RIGHT_YEAR)
def test_comparisons_and_other_years_are_fine(text: str) -> None:
    assert tc.wrong_years(text, 2025) == ()


def test_period_sentence_of_the_format_is_right_for_its_year() -> None:
    assert tc.wrong_years(fmt_period, 2025) == ()
    assert tc.wrong_years(fmt_period, 2026) != ()


# --------------------------------------------------------------------------------------------
# Sameness (X-SIMILAR)

LAST = (
    "本年度，我镇坚持以公开为常态、不公开为例外，精准推进主动公开工作。聚焦乡村振兴、民生保障、"
    "安全生产、财政预决算等群众关切领域，通过政务公开栏、大象新闻及村公示栏等多元渠道，主动公开"
    "政策文件、工作动态、通知公告等信息。"
)


def test_a_copy_is_the_same() -> None:
    assert sametext.similarity(LAST, LAST) == 1.0
    assert sametext.similarity(LAST + "\n", " " + LAST) == 1.0


def test_a_copy_with_new_figures_and_year_is_still_a_copy() -> None:
    edited = LAST.replace("本年度", "2025年").replace("聚焦", "围绕")
    assert sametext.similarity(edited, LAST) > 0.85


def test_half_copied_is_about_half() -> None:
    own = "今年我们把重点放在村级事务上：每月底在各村张贴财务收支明细，邀请老党员逐项核对。" * 2
    value = sametext.similarity(LAST + own, LAST)
    assert 0.35 < value < 0.65


def test_independent_text_on_the_same_subject_is_different() -> None:
    other = (
        "依申请公开方面，我镇明确专人负责对接办理，畅通信函、当面和网上三种渠道，"
        "对每一件申请登记台账、按时答复，并与申请人沟通解读，妥善化解潜在争议。"
    )
    assert sametext.similarity(other, LAST) < 0.25


def test_empty_and_short_texts() -> None:
    assert sametext.similarity("", LAST) == 0.0
    assert sametext.similarity(LAST, "") == 0.0
    assert sametext.similarity("无", "无。") == 1.0
    assert sametext.similarity("公开", "公开工作") == 0.0
    assert not sametext.comparable("无")
    assert sametext.comparable(LAST)
    assert not sametext.comparable("本年度未收取信息处理费。")  # the format's own sentence
    assert sametext.comparable("坚持以公开为常态、不公开为例外，全面推进政务公开")  # a slogan


def test_matching_spans_mark_the_same_sentences_in_both_texts() -> None:
    own = "今年我们把重点放在村级事务上，每月底在各村张贴财务收支明细。"
    last_sentence = "聚焦乡村振兴、民生保障、安全生产、财政预决算等群众关切领域"
    now = own + last_sentence.replace("聚焦", "围绕") + "。"
    mine, theirs = sametext.matching_spans(now, LAST)
    assert [now[a:b] for a, b in mine] == ["乡村振兴、民生保障、安全生产、财政预决算等群众关切领域"]
    assert [LAST[a:b] for a, b in theirs] == [
        "乡村振兴、民生保障、安全生产、财政预决算等群众关切领域"
    ]
    # The marked characters are the sameness: the same share as similarity().
    marked = sum(len(sametext._normalise(now[a:b])) for a, b in mine)
    assert marked / len(sametext._normalise(now)) == pytest.approx(sametext.similarity(now, LAST))


def test_matching_spans_follow_numbers_and_full_width_forms() -> None:
    now = "２０２５年共收到申请1,234件，全部按时答复"
    last = "2024年共收到申请17件，全部按时答复。"
    mine, theirs = sametext.matching_spans(now, last)
    assert [now[a:b] for a, b in mine] == [now]
    assert [last[a:b] for a, b in theirs] == ["2024年共收到申请17件，全部按时答复"]
    assert sametext.matching_spans("", last) == ((), ())
