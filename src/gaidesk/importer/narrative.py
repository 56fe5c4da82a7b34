"""The narrative of a published report, read from a page's blocks of text.

A saved page gives its text as blocks (paragraphs, headings, lines) outside the data tables. The
report starts after its title; the section headings 「一、」…「六、」 and the sub-items 「（一）」…
place the text into the format's parts (:data:`gaidesk.format.TEXT_PARTS`), the 落款 or the page's
footer ends it, and the title gives the body and the year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from gaidesk import format as fmt
from gaidesk.importer.grid import normalise
from gaidesk.importer.tables import title_meta
from gaidesk.model import Report, derive_short_name

_SECTION = re.compile(r"^([一二三四五六])[、.．]\s*(.*)$")
_SUB_ITEM = re.compile(r"^[（(]([一二三四五六七八九十])[)）]\s*(.*)$")
_NUMERALS = "一二三四五六七八九十"
_DATE_LINE = re.compile(
    r"^(发布日期|发布时间|来源|信息来源|作者|浏览次数|点击数|字号|索引号|文号)[:：]"
)
_PAGE_FURNITURE = re.compile(
    r"^[【\[]?(打印|关闭|返回顶部|分享到|上一篇|下一篇|相关链接|相关文件|扫一扫|版权所有|主办单位|"
    r"网站标识码|Copyright|©|联系我们|我要纠错|字体|附件)"
)
_SIGNATURE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SHORT_HEADING = 30  # a block of at most this many characters can be a heading by itself
_TITLE_LINE = 80  # a title is at most this long (with a suffix such as 「-沭阳县发改局」)
# Words of each section heading, for telling a heading from a sentence that starts 「二、」.
_SECTION_WORDS = {
    "一": ("总体",),
    "二": ("主动公开",),
    "三": ("申请",),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他", "事项"),
}


@dataclass
class Narrative:
    """The narrative read from a page: paragraphs and own sub-headings by part key."""

    text: dict[str, list[str]] = field(default_factory=dict)  # part key -> paragraphs
    titles: dict[str, str] = field(default_factory=dict)


def _section_of(text: str, current: str) -> str | None:
    """The number of the section this block is the heading of, or None."""
    match = _SECTION.match(text)
    if match is None or len(text) > 40:
        return None
    number = match.group(1)
    after = "一二三四五六".index(number) > ("一二三四五六".index(current) if current else -1)
    words = _SECTION_WORDS[number]
    return number if after and any(w in match.group(2) for w in words) else None


def _split_heading(rest: str) -> tuple[str, str]:
    """(sub-heading, text) of a sub-item block: a heading alone, one that runs into the text
    (「（一）主动公开。本年度…」), or a sentence right after the number
    (「（二）本年度，我镇…。」)."""
    heading = rest.rstrip("。：:；; ")
    sentence = rest.endswith("。") and re.search(r"[，,]", heading) is not None
    if len(rest) <= _SHORT_HEADING and not re.search(r"[。；;：:].", rest) and not sentence:
        return heading, ""
    first = re.match(r"^([^，,；;]{2,25}?)[。：:]", rest)  # a heading has no comma
    if first is not None:
        return first.group(1), rest[first.end() :].strip()
    return "", rest


def read_narrative(blocks: Sequence[str], signer: str) -> Narrative:
    """Place the page's text blocks (outside the data tables, after the title) into parts;
    the 落款 (the body's name, or a date, alone after 六) ends the report."""
    result = Narrative()
    sections = {s.number: s for s in fmt.SECTIONS}
    current = ""  # the section being read; "" before 一
    part_key = fmt.PREFACE.key
    for text in blocks:
        if current and _PAGE_FURNITURE.match(text):
            break  # the page's footer: the report has ended
        if current == "六" and (_SIGNATURE_DATE.match(text) or (signer and text == signer)):
            break  # 落款: the body's name and the date under the report
        number = _section_of(text, current)
        if number is not None:
            current = number
            parts = sections[number].parts
            # Text right under the heading: the section's only part, or its untitled lead
            # paragraph (一's, before （一）).
            untitled = [p for p in parts if not p.number]
            part_key = untitled[0].key if len(parts) == 1 or untitled else ""
            continue
        if current in ("二", "三", "四"):
            continue  # the tables' sections: notes under a table are not narrative
        numbered = [p for p in sections[current].parts if p.number] if current else []
        sub = _SUB_ITEM.match(text) if len(numbered) > 1 else None
        if sub is not None and _NUMERALS.index(sub.group(1)) < len(numbered):
            part = numbered[_NUMERALS.index(sub.group(1))]
            part_key = part.key
            title, body = _split_heading(sub.group(2))
            if title and part.retitlable and normalise(title) != normalise(part.title):
                result.titles[part.key] = title
            if body:
                result.text.setdefault(part_key, []).append(body)
            continue
        if _DATE_LINE.match(text) and not current:
            continue
        if not part_key:  # text of a section with sub-items before the first of them
            part_key = numbered[0].key
        result.text.setdefault(part_key, []).append(text)
    return result


def part_name(part: fmt.TextPart) -> str:
    """「（一）主动公开」; for an untitled part its section 「六、其他需要报告的事项」, or
    「一、总体情况的导语」 where the section has other parts; the report's lead 「导语」."""
    if part.heading:
        return part.heading
    section = next((s for s in fmt.SECTIONS if part in s.parts), None)
    if section is None:
        return "导语"
    return section.heading if len(section.parts) == 1 else f"{section.heading}的导语"


def read_meta(report: Report, blocks: Sequence[str], page_title: str) -> str:
    """Body and year from the report's title on the page (or the page's <title>)."""
    for text in (*(b for b in blocks if is_title_line(b)), page_title):
        found = title_meta(text, whole=False)
        if found is None:
            continue
        name, year = found
        report.meta.agency = name[:200]
        report.meta.short_name = derive_short_name(name)[:200]
        report.meta.year = year
        published = _title_text(text)
        if published and published != report.meta.default_title:
            report.meta.title = published[:200]
        return f"报告单位“{name}”和年度 {year} 取自网页的标题“{published}”，请核对报告单位的全称。"
    return "网页中没有找到报告的标题（单位和年度），请在“基本信息”中填写。"


def is_title_line(text: str) -> bool:
    """A block that can be the report's title: short, not a sentence (the lead paragraph may
    name the report: 「现将……年度报告公布如下。」)."""
    return len(text) <= _TITLE_LINE and not text.rstrip().endswith(("。", "：", ":"))


def _title_text(text: str) -> str:
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    match = re.match(r".*?年度?政府信息公开(?:工作)?年度?报告", flat)
    return match.group(0) if match else flat


def narrative_start(blocks: Sequence[str]) -> int:
    """Index of the first block after the report's title (its last appearance before 「一、」)."""
    first_section = next(
        (i for i, text in enumerate(blocks) if _section_of(text, "") == "一"), len(blocks)
    )
    titles = [
        i
        for i in range(first_section)
        if is_title_line(blocks[i]) and title_meta(blocks[i], whole=False) is not None
    ]
    return titles[-1] + 1 if titles else first_section
