"""Reading the narrative: sameness with last year, counts stated in words, the year written.

Pure functions on strings, cached on their arguments, so that the rules engine can run on every
keystroke without re-reading a narrative that did not change. Nothing here knows table addresses:
the rules module maps the topics found here onto the cells of the format.

Sameness (X-SIMILAR) is measured as the share of this year's characters that lie in a run of at
least ``RUN`` consecutive characters also found in last year's text (punctuation and spaces
ignored, every number treated as the same number). This is how plagiarism checkers for Chinese
text work: a copied sentence is covered entirely, a copied sentence with new figures or a new
year is still covered, while two texts written independently on the same subject share only
short stock phrases (政府信息, 公开工作) and stay low.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from gaidesk import format as fmt

# --------------------------------------------------------------------------------------------
# Sameness

RUN = 6  # characters; shorter common runs are stock phrases (政府信息), not copying
# Parts shorter than this are not compared: 「无」 or the format's own one-line answers. A stock
# slogan of a sentence (22 characters) copied from last year is compared, and warned about.
MIN_CHARS = 12
# The format's own wording, the same every year by design: not counted as copying.
STOCK_SENTENCES = (fmt.NO_FEE_SENTENCE,)

Spans = tuple[tuple[int, int], ...]  # (start, end) character ranges of a text


@lru_cache(maxsize=256)
def _mapped(text: str) -> tuple[str, Spans]:
    """The text as compared (NFKC, punctuation and spaces dropped, every number as 「0」) and,
    for each of its characters, the range of the original text it comes from."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isalnum():  # punctuation, spaces, symbols (and 「_」, as regex \W does)
                continue
            if c.isdecimal():
                if out and out[-1] == "0":  # one number, however many digits: 「1,234」 is 「0」
                    spans[-1] = (spans[-1][0], i + 1)
                    continue
                c = "0"
            out.append(c)
            spans.append((i, i + 1))
    return "".join(out), tuple(spans)


def _normalise(text: str) -> str:
    return _mapped(text)[0]


@lru_cache(maxsize=64)
def _runs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + RUN] for i in range(len(text) - RUN + 1))


def _covered(na: str, nb: str) -> list[bool]:
    """For each character of na, whether it lies in a run of RUN characters also in nb."""
    if na == nb:
        return [True] * len(na)
    covered = [False] * len(na)
    if len(na) < RUN or len(nb) < RUN:
        return covered
    grams = _runs(nb)
    for i in range(len(na) - RUN + 1):
        if na[i : i + RUN] in grams:
            covered[i : i + RUN] = [True] * RUN
    return covered


def similarity(a: str, b: str) -> float:
    """How much of ``a`` (this year's text) is found in ``b`` (last year's), from 0 to 1.

    The share of a's characters covered by runs of at least RUN characters that also occur in b,
    after dropping punctuation and spaces and treating every number alike.
    """
    return _similarity(a, b)


@lru_cache(maxsize=256)
def _similarity(a: str, b: str) -> float:
    na, nb = _normalise(a), _normalise(b)
    if not na or not nb:
        return 0.0
    return sum(_covered(na, nb)) / len(na)


@lru_cache(maxsize=64)
def matching_spans(a: str, b: str) -> tuple[Spans, Spans]:
    """Where this year's text ``a`` and last year's ``b`` say the same: the (start, end) ranges
    of each (in its own characters) that make up the sameness of similarity(a, b)."""
    (na, map_a), (nb, map_b) = _mapped(a), _mapped(b)
    if not na or not nb:
        return (), ()
    return _ranges(_covered(na, nb), map_a), _ranges(_covered(nb, na), map_b)


def _ranges(covered: list[bool], spans: Spans) -> Spans:
    """Covered characters as ranges of the original text, joined across the punctuation and
    spaces between two covered characters."""
    out: list[tuple[int, int]] = []
    previous = False
    for flag, (start, end) in zip(covered, spans, strict=True):
        if flag and previous and out:
            out[-1] = (out[-1][0], end)
        elif flag:
            out.append((start, end))
        previous = flag
    return tuple(out)


def comparable(text: str) -> bool:
    """Whether a part is long enough for a sameness verdict, the format's stock sentences aside."""
    normal = _normalise(text)
    for stock in STOCK_SENTENCES:
        normal = normal.replace(_normalise(stock), "")
    return len(normal) >= MIN_CHARS


# --------------------------------------------------------------------------------------------
# Numbers written in Chinese

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_number(text: str) -> int | None:
    """「17」「十七」「一百零五」「两千三百」「一〇五」 → int; None when it is not a number."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit: 一〇五
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇":
            continue  # a placeholder: 一百零五
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row inside a positional number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


# --------------------------------------------------------------------------------------------
# Counts stated in the narrative (TEXT-NUMBER)

NEW = "new"  # applications received this year
CARRIED_IN = "carried_in"
CARRIED_OUT = "carried_out"
ANSWERED = "answered"  # applications dealt with (办理结果总计)
REVIEW = "review"  # administrative reviews
LITIGATION = "litigation"  # lawsuits, both kinds

TOPICS = (NEW, CARRIED_IN, CARRIED_OUT, ANSWERED, REVIEW, LITIGATION)


@dataclass(frozen=True)
class Statement:
    """A count the narrative states: its topic, the number and the words it was said in."""

    topic: str
    value: int
    quote: str


_NUM = r"\d+|[零〇一二两三四五六七八九十百千万]+"
_COUNT = re.compile(rf"(?<![\d.第])({_NUM})\s*(?:件|起|宗)(?!次|以上|左右|之多)")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")
_APPROX = re.compile(r"(?:约|近|超过|逾|不足|不到|以上)\s*$")

_REVIEW_WORD = re.compile(r"行政复议|复议")
_LITIGATION_WORD = re.compile(r"行政诉讼|诉讼|起诉")
# Outcomes of reviews and lawsuits, not their number.
_T4_BREAKDOWN = re.compile(r"败诉|胜诉|纠正|维持|撤销|审结|驳回")
_CARRIED_IN_WORD = re.compile(
    r"上一?年度?(?:的)?(?:申请)?结转|上一?年度?转入|结转自上一?年|往年结转"
)
_CARRIED_OUT_WORD = re.compile(
    r"结转(?:至|到|入)?(?:下一?年|\d{4}年|次年)|转入(?:下一?年|次年)"
    r"|尚未办结|未办结|尚在办理|正在办理|仍在办理|继续办理"
)
_ANSWERED_WORD = re.compile(r"办结|答复|办理完毕|处理完毕|完成办理|已办理")
_RECEIVED_WORD = re.compile(r"新收|收到|受理|接收|接到|提出|共有")
_NOT_APPLICATIONS = re.compile(r"建议|提案|(?<!复)议案|信访|咨询|投诉|举报|来信|来电|留言|意见")
_NEGATION = re.compile(
    r"(?:未|没有|无)(?:发生|收到|出现|产生|接到|受理|涉及|新收)|(?:^|[^无])无(?=行政复议|行政诉讼|政府信息公开申请|依申请公开申请)"
)


def _breakdown_words() -> tuple[str, ...]:
    """Column and result labels of table 3: a count next to them is a part, not a total."""
    words = {c.label for c in fmt.T3_COLUMNS if c.key not in (fmt.T3_TOTAL_COLUMN, "other")}
    words.add(fmt.T3_ORGANISATIONS)
    for row in fmt.T3_ROWS:
        if not row.is_result:
            continue
        for label in (row.category, row.label):
            label = re.sub(r"^（.）|^\d\.", "", label).split("（")[0]
            if label and label != "其他":
                words.add(label)
    return tuple(sorted(words, key=len, reverse=True))


_BREAKDOWN = re.compile("|".join(re.escape(w) for w in _breakdown_words()))


def _closest(segment: str, *patterns: tuple[str, re.Pattern[str]]) -> str | None:
    """The topic whose word ends nearest to the end of the segment."""
    best, best_end = None, -1
    for topic, pattern in patterns:
        for m in pattern.finditer(segment):
            if m.end() > best_end:
                best, best_end = topic, m.end()
    return best


def _topic(segment: str, sentence: str) -> str | None:
    """What a count preceded by ``segment`` (in ``sentence``) is the number of."""
    if _T4_BREAKDOWN.search(segment) or _NOT_APPLICATIONS.search(segment):
        return None
    legal = _closest(segment, (REVIEW, _REVIEW_WORD), (LITIGATION, _LITIGATION_WORD))
    if legal is not None:
        return legal
    if "申请" not in sentence or _BREAKDOWN.search(segment):
        return None
    if _CARRIED_IN_WORD.search(segment):
        return CARRIED_IN
    if _CARRIED_OUT_WORD.search(segment):
        return CARRIED_OUT
    topic = _closest(segment, (ANSWERED, _ANSWERED_WORD), (NEW, _RECEIVED_WORD))
    if topic is None and re.search(r"申请(?:数量|数|总数|总量)?(?:为|共|共计|合计)?$", segment):
        return NEW
    return topic


@lru_cache(maxsize=256)
def statements(text: str) -> tuple[Statement, ...]:
    """Every count of applications, reviews and lawsuits the text states."""
    text = text.translate(_FULLWIDTH)
    found: list[Statement] = []
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group()
        for cm in _CLAUSE.finditer(sentence):
            clause = cm.group()
            counts = list(_COUNT.finditer(clause))
            if not counts:
                found.extend(_zero_statements(clause.strip()))
                continue
            pos = 0
            for m in counts:
                segment = clause[pos : m.start()]
                pos = m.end()
                value = parse_number(m.group(1))
                if value is None or _APPROX.search(segment):
                    continue
                quote = (segment + m.group()).strip()
                if _both_legal(segment):  # 行政复议和行政诉讼各1件
                    found.append(Statement(REVIEW, value, quote))
                    found.append(Statement(LITIGATION, value, quote))
                    continue
                topic = _topic(segment, sentence)
                if topic is not None:
                    found.append(Statement(topic, value, quote))
    return tuple(found)


def _both_legal(segment: str) -> bool:
    return bool(
        segment.endswith("各")
        and _REVIEW_WORD.search(segment)
        and _LITIGATION_WORD.search(segment)
        and not _T4_BREAKDOWN.search(segment)
    )


def _zero_statements(clause: str) -> list[Statement]:
    """「未发生行政复议、行政诉讼」「本年度未收到政府信息公开申请」: counts of zero."""
    m = _NEGATION.search(clause)
    if m is None or _T4_BREAKDOWN.search(clause) or _NOT_APPLICATIONS.search(clause):
        return []
    rest = clause[m.start() :]
    out = []
    if _REVIEW_WORD.search(rest):
        out.append(Statement(REVIEW, 0, clause))
    if _LITIGATION_WORD.search(rest):
        out.append(Statement(LITIGATION, 0, clause))
    received = re.search(r"收到|接到|受理|新收|无", m.group())
    if not out and received and "申请" in rest and not _BREAKDOWN.search(rest):
        out.append(Statement(NEW, 0, clause))
    return out


# --------------------------------------------------------------------------------------------
# The reporting period written as another year (TEXT-YEAR)

_YEAR = r"((?:19|20)\d{2})"
_PERIOD_PATTERNS = (  # the first two name a period outright; the others may be comparisons
    # 2024年1月1日至2024年12月31日, 自2024年1月1日起至2024年12月31日止
    re.compile(rf"{_YEAR}年1月1日(?:起)?(?:至|到|—|-|－|~|～){_YEAR}年12月31日"),
    # 统计期限为2024年…, 统计时限自2024年…
    re.compile(rf"统计(?:期限|时限|期间|区间)[^。；]{{0,8}}?{_YEAR}年"),
    # 2024年度，我镇… / 2024年，全县… / 2024年我局共… at the start of a sentence or clause
    re.compile(
        rf"(?:^|[。！？；\n，])\s*(?:在|于)?{_YEAR}年度?(?:[，,]?\s*)"
        r"(?=我|本|全|共|累计|主动|新收|收到|受理|各|镇|县|区|市|乡|街道)"
    ),
    # …2024年共收到 / 2024年度累计…
    re.compile(rf"{_YEAR}年度?(?:全年)?(?:共|累计|共计|合计)"),
    # 现将2024年政府信息公开工作年度报告公布如下 (not a title quoted in 《》)
    re.compile(rf"{_YEAR}年度?(?:政府信息公开|政务公开)工作年度报告"),
)
_COMPARISON_BEFORE = re.compile(r"(?:较|比|与|同|和|相比|对比|自|从|截至|截止|相较于?)\s*$")
_FUTURE = re.compile(r"将|计划|拟|力争|下一步|继续|进一步|预计")


@lru_cache(maxsize=256)
def wrong_years(text: str, year: int) -> tuple[str, ...]:
    """Phrases of the text that give the reporting period as a year other than ``year``."""
    text = text.translate(_FULLWIDTH)
    quotes: list[str] = []
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group()
        seen: set[int] = set()  # positions of years already reported
        for n, pattern in enumerate(_PERIOD_PATTERNS):
            for m in pattern.finditer(sentence):
                years = [int(g) for g in m.groups() if g is not None]
                bad = [y for y in years if y != year]
                if not bad:
                    continue
                first = m.start(1)
                if first in seen:
                    continue
                seen.add(first)
                if n >= 2 and _COMPARISON_BEFORE.search(sentence[max(0, first - 4) : first]):
                    continue
                head = sentence[:first]
                if head.rfind("《") > head.rfind("》"):
                    continue  # inside a quoted title: 《…2024年政府信息公开工作年度报告》
                if all(y > year for y in bad) and _FUTURE.search(sentence):
                    continue  # plans for next year
                quote = _quote_around(sentence, first, m.end())
                if quote not in quotes:
                    quotes.append(quote)
    return tuple(quotes)


def _quote_around(sentence: str, start: int, end: int) -> str:
    # extend to the end of the clause, at most 20 characters, so the quote reads as words
    rest = re.match(r"[^，,。；]{0,20}", sentence[end:])
    tail = rest.group() if rest else ""
    return (sentence[start:end] + tail).strip("，, \n")
