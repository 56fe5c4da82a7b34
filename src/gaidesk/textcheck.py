"""Reading the narrative: counts stated in words and the year written (sameness is in
gaidesk.sametext).

Pure functions on strings, cached on their arguments, so that the rules engine can run on every
keystroke without re-reading a narrative that did not change. Nothing here knows table addresses:
the rules module maps the topics found here onto the cells of the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from gaidesk import format as fmt

# --------------------------------------------------------------------------------------------
# Numbers written in Chinese

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")


def _ascii_digits(text: str) -> str:
    # translate() looks up every character; most texts have no full-width digit at all
    return text.translate(_FULLWIDTH) if _FULLWIDTH_DIGIT.search(text) else text


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
#
# A sentence is read as totals and their parts, the way reports write them:
# 「共收到申请20件，办结19件，其中予以公开10件、无法提供9件，结转下年度1件」.
# A count is compared only when the words right before it name what it counts: applications
# received, carried over or answered, one result of table 3 (予以公开, 不予公开 …), reviews,
# lawsuits. A count after 其中/含/包括/分别/即 is a part of the count before it: it is compared
# with its own row when it names one (「其中公开答复1件」 is 予以公开), never with the total it
# belongs to. Words the table splits by but this check does not compare (applicant types, ways
# of applying, the numbered sub-rows) silence a count, and so does anything uncertain: a warning
# on a correct sentence teaches the clerk to ignore warnings.

# The topics a count can be about; those that are one row of a table are named by its key.
NEW = fmt.T3_NEW_ROW  # applications received this year
CARRIED_IN = fmt.T3_CARRIED_IN_ROW
CARRIED_OUT = fmt.T3_CARRIED_OUT_ROW
ANSWERED = "answered"  # applications dealt with (办理结果总计)
REVIEW = fmt.T4_REVIEW_GROUP  # administrative reviews
LITIGATION = "litigation"  # lawsuits, both kinds


class ResultGroup(NamedTuple):
    """A result of table 3 as a narrative names it: one result row or a category of rows."""

    name: str  # the format's own words, 「不予公开」; also the topic of statements about it
    rows: tuple[str, ...]  # the result rows it adds up


def _official_words(label: str) -> str:
    """「（三）不予公开」「1.重复申请」「（二）部分公开（区分处理的…）」 → the words alone."""
    return re.sub(r"^（.）|^\d+\.", "", label).split("（")[0]


def _result_groups() -> tuple[ResultGroup, ...]:
    rows: dict[str, list[str]] = {}
    for row in fmt.T3_ROWS:
        if row.is_result:
            rows.setdefault(_official_words(row.category or row.label), []).append(row.key)
    return tuple(ResultGroup(name, tuple(keys)) for name, keys in rows.items())


RESULT_GROUPS = _result_groups()
RESULT_GROUP_BY_NAME = {g.name: g for g in RESULT_GROUPS}

TOPICS = (
    NEW,
    CARRIED_IN,
    ANSWERED,
    CARRIED_OUT,
    *(g.name for g in RESULT_GROUPS),
    REVIEW,
    LITIGATION,
)

# How published reports name a result besides the format's own words (the values).
RESULT_SYNONYMS: dict[str, str] = {
    "公开答复": "予以公开",
    "同意公开": "予以公开",
    "全部公开": "予以公开",
    "信息不存在": "无法提供",
}
# Ways of applying: a count next to them is a part of the applications, never compared.
APPLICATION_CHANNELS = (
    "网上",
    "网络",
    "在线",
    "信函",
    "当面",
    "现场",
    "快递",
    "邮寄",
    "传真",
    "电子邮件",
    "信件",
)


class Statement(NamedTuple):
    """A count the narrative states: its topic, the number and the words it was said in."""

    topic: str
    value: int
    quote: str


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _result_pattern() -> str:
    pieces = []
    for word in sorted({*RESULT_GROUP_BY_NAME, *RESULT_SYNONYMS}, key=len, reverse=True):
        # 依申请公开答复 is every answer, 不予以公开 not 予以公开
        guard = "(?<!申请)(?<!主动)" if word.startswith("公开") else "(?<!不)"
        pieces.append(guard + re.escape(word))
    return "(?:" + "|".join(pieces) + ")"


def _silent_words() -> tuple[str, ...]:
    """Applicant columns, numbered sub-rows and ways of applying: parts this check skips."""
    words = {c.label for c in fmt.T3_COLUMNS if c.key != fmt.T3_TOTAL_COLUMN and len(c.label) > 2}
    words.add(fmt.T3_ORGANISATIONS)
    words.update(_official_words(r.label) for r in fmt.T3_ROWS if r.category)
    words.update(APPLICATION_CHANNELS)
    words.add("主动公开")
    return tuple(words)


_RESULT_WORDS = _result_pattern()
_RESULT = re.compile(_RESULT_WORDS + r"(?:的?(?:答复|决定))?")
_RESULT_NAME = {**{name: name for name in RESULT_GROUP_BY_NAME}, **RESULT_SYNONYMS}
_SILENT = re.compile(_alternation(_silent_words()))
_ALL_APPLICANTS = re.compile(r"公民、?法人[和或及、]其他组织")  # everyone, not a column

_NUM = r"\d+|[零〇一二两三四五六七八九十百千万]+"
_COUNT = re.compile(rf"(?<![\d.第])({_NUM})\s*(?:件次|件|起|宗)(?!次|以上|左右|之多)")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")
_CLAUSE_BREAK = re.compile(r"[，,：:（()）]")
_APPROX = re.compile(r"(?:约|近|超过|逾|不足|不到|以上)\s*$")
_MARKER = re.compile(r"其中|包括|包含|含|分别为|分别是|(?<![立随])即(?![时将可])")
_LIST_EACH = re.compile(r"(分别为|分别是|分别|各为|各)\s*$")
_LIST_GAP = re.compile(r"[、，,和及与\s]*")

_LEGAL_WORDS = r"行政复议|复议|行政诉讼|诉讼|起诉"
_REVIEW_WORD = re.compile(r"行政复议|复议")
_LITIGATION_WORD = re.compile(r"行政诉讼|诉讼|起诉")
# Two results or two legal remedies joined into one count: whose count is it?
_JOINED = re.compile(
    rf"(?:{_RESULT_WORDS}|{_LEGAL_WORDS})的?[、和及与或](?:{_RESULT_WORDS}|{_LEGAL_WORDS})"
)
# Outcomes of reviews and lawsuits, not their number.
_T4_BREAKDOWN = re.compile(r"败诉|胜诉|纠正|维持|撤销|审结|驳回")
_CARRIED_IN_WORD = re.compile(
    r"上一?年度?(?:的)?(?:申请)?结转|上一?年度?转入|结转自上一?年|往年结转"
    r"|(?:\d{4}年|上一?年度?)转至(?:今|本)年度?(?:办理)?(?:的)?"
)
_CARRIED_OUT_WORD = re.compile(
    r"(?:结转(?:至|到|入)?(?:下一?年|\d{4}年|次年)|转入(?:下一?年|次年))度?(?:继续)?(?:办理|处理)?"
    r"|尚未办结|未办结|尚在办理|正在办理|仍在办理|继续办理"
)
_ANSWERED_WORD = re.compile(r"办结|答复|回复|办理完毕|处理完毕|完成办理|已办理")
_HANDLED_WORD = re.compile(r"办理")  # 办理 N 件 may include what is still open
_NEW_WORD = re.compile(r"新收到?")
_RECEIVED_WORD = re.compile(r"收到|受理|接收|接到|提出|共有")
_RECEIVED_AND_HANDLED = re.compile(r"(收到|受理|接收)[和及与、并](?:办理|处理)")  # counts received
_NOT_APPLICATIONS = re.compile(
    r"建议|提案|(?<!复)议案|信访|咨询|投诉|举报|来信|来电|留言|意见|热线|行政许可|协办"
)
_APPLICATIONS_COUNT = re.compile(
    r"(?:申请|依申请公开)(?:数量|数|总数|总量|受理量)?(?:为|共|共计|合计)?$"
)
# 「2023年结转2024年…申请4件」: carried in or out depends on the report's year; not compared,
# but as a part of a total (含/包括) it is last year's applications in this year's count.
_YEAR_CARRIED = re.compile(r"\d{4}年度?结转(?:至|到|入)?(?:\d{4}年度?)?")
_NEGATION = re.compile(
    r"(?:未|没有|无)(?:发生|收到|出现|产生|接到|接收|受理|涉及|新收)|(?:^|[^无])无(?=行政复议|行政诉讼|政府信息公开申请|依申请公开申请)"
)

# What the words before a count name (besides the topics): nothing to compare, a total named by
# a general verb (received / answered / handled).
_SILENCED = "silenced"
_BETWEEN_YEARS = "between years"
_RECEIVED = "received"
_HANDLED = "handled"
_GENERIC_TOTAL = {_RECEIVED: NEW, ANSWERED: ANSWERED, _HANDLED: _HANDLED}
# On a tie (two words ending at the same place) the more specific one wins.
_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (_SILENCED, _SILENT),
    (_BETWEEN_YEARS, _YEAR_CARRIED),
    (CARRIED_OUT, _CARRIED_OUT_WORD),
    (CARRIED_IN, _CARRIED_IN_WORD),
    (REVIEW, _REVIEW_WORD),
    (LITIGATION, _LITIGATION_WORD),
    (ANSWERED, _ANSWERED_WORD),
    (_HANDLED, _HANDLED_WORD),
    (NEW, _NEW_WORD),
    (_RECEIVED, _RECEIVED_WORD),
)


def _subject(words: str) -> str | None:
    """What the words just before a count name: a topic, a kind of total, _SILENCED or None."""
    words = _RECEIVED_AND_HANDLED.sub(r"\1", _ALL_APPLICANTS.sub("", words))
    if _T4_BREAKDOWN.search(words) or _NOT_APPLICATIONS.search(words) or _JOINED.search(words):
        return _SILENCED
    best, best_end = None, -1
    for m in _RESULT.finditer(words):
        if m.end() > best_end:
            best, best_end = _result_name(m.group()), m.end()
    for kind, pattern in _WORDS:
        for m in pattern.finditer(words):
            if m.end() > best_end or (m.end() == best_end and kind == _SILENCED):
                best, best_end = kind, m.end()
    if best is None and _APPLICATIONS_COUNT.search(words):
        return _RECEIVED
    return best


def _result_name(phrase: str) -> str:
    """The result group a phrase matched by _RESULT names: 「予以公开答复」 → 予以公开."""
    word = re.match(_RESULT_WORDS, phrase)
    assert word is not None
    return _RESULT_NAME[word.group()]


@lru_cache(maxsize=256)
def statements(text: str) -> tuple[Statement, ...]:
    """Every count of applications, results, reviews and lawsuits the text states."""
    text = _ascii_digits(text)
    found: list[Statement] = []
    after_applications = False  # 「共收到申请132件。目前依法办结122件，…」: still applications
    received: Statement | None = None  # the last sentence's 「共受理N件」, if it ended on it
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group()
        reader = _SentenceReader(sentence, after_applications)
        read = reader.read()
        if reader.total_before_includes_carried_in and received is not None:
            found = [s for s in found if s is not received]  # 「共受理45件。…。包括上年结转4件」
        found.extend(read)
        if reader.parent is not None:  # a new total: the breakdown that follows is its own
            received = reader.received
        after_applications = "申请" in sentence
    return tuple(found)


class _SentenceReader:
    """One sentence read left to right, keeping track of the total its parts belong to."""

    def __init__(self, sentence: str, after_applications: bool) -> None:
        self.sentence = sentence
        self.counts = list(_COUNT.finditer(sentence))
        self.about_applications = after_applications or "申请" in sentence
        # 「共受理59件，…新收到47件」「共办理69件，…办结68件」: the general verb's count
        # includes what the specific one leaves out, so only the specific one is compared.
        self.answer_named = bool(_ANSWERED_WORD.search(sentence))
        self.new_named = bool(_NEW_WORD.search(sentence))
        # 「其中，予以公开…」 continues the total of the sentence before.
        self.in_parts = bool(_MARKER.match(sentence.lstrip()))
        self.parts_end_at_paren = False
        self.nested = False  # 「…4件，其中…」 inside a breakdown: parts of a part
        self.read_since_marker = 0
        self.parent: str | None = None  # the kind of the last total read
        # 「共受理45件，含上年结转4件」: the general count of what was received includes last
        # year's applications, so it is not this year's new ones.
        self.received: Statement | None = None
        self.total_before_includes_carried_in = False

    def read(self) -> list[Statement]:
        found: list[tuple[int, Statement]] = []
        if _NEGATION.search(self.sentence):
            for cm in _CLAUSE.finditer(self.sentence):
                if not _COUNT.search(cm.group()):
                    found.extend((cm.start(), s) for s in _zero_statements(cm.group().strip()))
        prev_end, i = 0, 0
        while i < len(self.counts):
            m = self.counts[i]
            between = self.sentence[prev_end : m.start()]
            fresh_marker = self._follow_structure(between)
            words = _CLAUSE_BREAK.split(between)[-1]
            start = m.start() - len(words)
            if words.rstrip().endswith("、"):  # 「5件因…而不予公开、2件…」: those words were 5's
                words, start = "", m.start()
            each = _LIST_EACH.search(words)
            run = self._run(i) if each else [m]
            prev_end, i = run[-1].end(), i + len(run)
            if _APPROX.search(words):
                continue
            if each:
                subjects = re.split(r"[、和及与]", words[: each.start()])
                if each.group(1).startswith("各"):
                    values = [m.group(1)] * len(subjects) if len(run) == 1 else []
                else:
                    values = [r.group(1) for r in run] if len(run) == len(subjects) else []
                pairs = list(zip(subjects, values, strict=False))
            else:
                pairs = [(words, m.group(1))]
            end = run[-1].end()
            for subject_words, number in pairs:
                value = parse_number(number)
                kind = _subject(subject_words)
                if kind is None and (after := self._carried_out_after(end)):
                    kind, end = CARRIED_OUT, after
                quote = self.sentence[start:end].strip()
                topic = self._topic(kind, fresh_marker)
                self.read_since_marker += 1
                if value is None or topic is None:
                    if kind == _BETWEEN_YEARS and self.in_parts:
                        self._withdraw_received(found)
                    continue
                statement = Statement(topic, value, quote)
                found.append((start, statement))
                if kind == _RECEIVED and not self.in_parts:
                    self.received = statement
                elif topic == CARRIED_IN and self.in_parts:
                    self._withdraw_received(found)
        found.sort(key=lambda pair: pair[0])
        return [s for _, s in found]

    def _withdraw_received(self, found: list[tuple[int, Statement]]) -> None:
        if self.parent is None:
            self.total_before_includes_carried_in = True
        elif self.parent == NEW and self.received is not None:
            found[:] = [pair for pair in found if pair[1] is not self.received]
            self.received = None

    def _follow_structure(self, between: str) -> bool:
        """Note where a breakdown begins or ends; True when one begins right here."""
        close = max(between.rfind("）"), between.rfind(")"))
        if self.parts_end_at_paren and close >= 0:
            self.in_parts = self.parts_end_at_paren = self.nested = False
        markers = list(_MARKER.finditer(between))
        if not markers:
            return False
        marker = markers[-1]
        opened = max(between.rfind("（", 0, marker.start()), between.rfind("(", 0, marker.start()))
        self.nested = self.in_parts and self.read_since_marker > 0
        self.read_since_marker = 0
        self.in_parts = True
        self.parts_end_at_paren = opened > close
        return True

    def _run(self, i: int) -> list[re.Match[str]]:
        """The counts of a list 「分别为1件、2件和3件」 starting at counts[i]."""
        run = [self.counts[i]]
        for m in self.counts[i + 1 :]:
            if not _LIST_GAP.fullmatch(self.sentence[run[-1].end() : m.start()]):
                break
            run.append(m)
        return run

    def _carried_out_after(self, end: int) -> int:
        """「31件结转到2025年度继续办理」「7件正在办理中」: where the words after a count end
        when they say it is carried over to next year, else 0."""
        after = _CLAUSE_BREAK.split(self.sentence[end:])[0]
        m = _CARRIED_OUT_WORD.search(after)
        return end + m.end() if m is not None and m.start() <= 2 else 0

    def _topic(self, kind: str | None, fresh_marker: bool) -> str | None:
        if kind in (None, _SILENCED, _BETWEEN_YEARS) or self.nested:
            return None
        if kind in (REVIEW, LITIGATION) or kind in RESULT_GROUP_BY_NAME:
            return kind
        if not self.about_applications:
            return None
        total = _GENERIC_TOTAL.get(kind)
        if total is None:  # named outright: 新收, 上年结转, 结转下年度
            return kind
        if self.in_parts:
            if fresh_marker or self.parent is None or total == self.parent:
                return None  # 「收到20件，其中已办结18件」: a part of the total before it
            # 「…，其中网上15件，办结20件」: a new total
            self.in_parts = self.parts_end_at_paren = self.nested = False
        self.parent = total
        if total == _HANDLED:  # 办理 N 件 is the total answered unless 办结/答复 says otherwise
            return None if self.answer_named else ANSWERED
        if kind == _RECEIVED and self.new_named:
            return None
        return total


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
    received = re.search(r"收到|接到|接收|受理|新收|无", m.group())
    parts_named = _SILENT.search(_ALL_APPLICANTS.sub("", rest)) or _RESULT.search(rest)
    if not out and received and "申请" in rest and not parts_named:
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
    text = _ascii_digits(text)
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
