"""Chinese line breaking for the printed report (docs/format.md §8), without reportlab.

Greedy breaking with kinsoku in the GB/T 15834 / JIS X 4051 way: no line starts with closing
punctuation, none ends with opening punctuation, numbers and Latin words and runs of 破折号/省略号
stay whole; the body's character pitch enters as a tracking added to every character's advance.
Table headers break between two-character words (break_in_pairs) and labels leave no single
character on their last line (avoid_orphan). gaidesk.pdf.flowables draws the lines.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

# Line breaking (GB/T 15834 / JIS X 4051 style): characters that may not begin a line and
# characters that may not end one.
NO_LINE_START = frozenset(
    "，。、；：？！）」』】〕〉》”’…·%‰℃°,.;:?!)]}>"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々〻"
    "\uff09\uff3d\uff5d\uff0e\uff61\uff64"
)
NO_LINE_END = frozenset("（「『【〔〈《“‘([{<\uff08\uff3b\uff5b")
# Runs of these are one unit and never split across lines (破折号、省略号).
UNBREAKABLE_REPEATS = frozenset("—…")


@dataclass(frozen=True)
class Glyph:
    """One character as set: its face, width and whether it is emboldened."""

    char: str
    font: str  # reportlab font name
    width: float  # at the paragraph's base size
    bold: bool  # drawn emboldened (fill + stroke)


@dataclass(frozen=True)
class Run:
    """Glyphs of one face and weight in a row, as drawn together: their text, their count and
    the sum of their widths at size 1."""

    font: str
    bold: bool
    text: str
    count: int
    width: float


def runs(glyphs: Sequence[Glyph]) -> list[Run]:
    """The glyphs as runs of one face and weight each, in order."""
    found: list[Run] = []
    k = 0
    while k < len(glyphs):
        j = k + 1
        while j < len(glyphs) and (glyphs[j].font, glyphs[j].bold) == (
            glyphs[k].font,
            glyphs[k].bold,
        ):
            j += 1
        run = glyphs[k:j]
        text = "".join(g.char for g in run)
        found.append(Run(run[0].font, run[0].bold, text, len(run), sum(g.width for g in run)))
        k = j
    return found


@dataclass(frozen=True)
class Line:
    """One line of a paragraph: its glyphs, indent, room and whether it is justified."""

    glyphs: tuple[Glyph, ...]
    indent: float
    available: float
    justify: bool

    @functools.cached_property
    def runs(self) -> list[Run]:
        """The line's glyphs as runs of one face each (kept with the line, which the exporter
        keeps between exports)."""
        return runs(self.glyphs)


def advance(glyphs: Sequence[Glyph], size: float, tracking: float = 0.0) -> float:
    """How far a run of glyphs reaches: each glyph's width at ``size`` plus ``tracking``."""
    return sum(g.width for g in glyphs) * size + len(glyphs) * tracking


def _units(glyphs: Sequence[Glyph]) -> list[tuple[int, int]]:
    """Indivisible units as (start, end) glyph ranges: an ASCII word or number, a run of
    破折号/省略号, a space, or one character."""
    units: list[tuple[int, int]] = []
    i, n = 0, len(glyphs)
    while i < n:
        ch = glyphs[i].char
        j = i + 1
        if ch.isascii() and not ch.isspace():
            while j < n and glyphs[j].char.isascii() and not glyphs[j].char.isspace():
                j += 1
        elif ch in UNBREAKABLE_REPEATS:
            while j < n and glyphs[j].char == ch:
                j += 1
        units.append((i, j))
        i = j
    return units


def break_lines(
    glyphs: Sequence[Glyph],
    size: float,
    width: float,
    first_indent: float = 0.0,
    kinsoku: bool = True,
    tracking: float = 0.0,
) -> list[Line]:
    """Greedy Chinese line breaking with kinsoku: a closing mark that would start a line is
    squeezed onto the line before (one at most), otherwise the break moves back to a place
    where neither the next line starts with a closing mark nor this one ends with an opening
    mark; Latin words and numbers are never split unless longer than a line. Each character
    advances by its width at ``size`` plus ``tracking`` (the character pitch of the body)."""
    if advance(glyphs, size, tracking) <= width - first_indent + 0.01 - 1e-6:
        # Everything fits on the first line (most table cells and headings): the greedy loop
        # below would take every unit, as each running sum is at most this total.
        line = _trim(glyphs)
        return [Line(tuple(line), first_indent, width - first_indent, False)] if line else []
    units: list[tuple[int, int]] = []
    for start, end in _units(glyphs):
        w = advance(glyphs[start:end], size, tracking)
        if w > width and end - start > 1:  # a word longer than the line: split into characters
            units += [(k, k + 1) for k in range(start, end)]
        else:
            units.append((start, end))
    widths = [advance(glyphs[s:e], size, tracking) for s, e in units]

    def first(u: int) -> str:
        return glyphs[units[u][0]].char

    def last(u: int) -> str:
        return glyphs[units[u][1] - 1].char

    def can_break(b: int) -> bool:
        """Whether a line may end before unit b."""
        if not kinsoku or b <= 0 or b >= len(units):
            return True
        # Spaces at a break vanish, so look at what is left on either side of them.
        after, before = b, b - 1
        while after < len(units) and first(after).isspace():
            after += 1
        while before >= 0 and last(before).isspace():
            before -= 1
        if after >= len(units) or before < 0:
            return True
        return first(after) not in NO_LINE_START and last(before) not in NO_LINE_END

    lines: list[Line] = []
    n = len(units)
    start = 0
    while start < n and first(start).isspace():  # a line never starts with a space
        start += 1
    while start < n:
        indent = first_indent if not lines else 0.0
        available = width - indent
        x = 0.0
        i = start
        while i < n and (i == start or x + widths[i] <= available + 0.01):
            x += widths[i]
            i += 1
        mark = i  # the first unit after any spaces at the break
        while mark < n and first(mark).isspace():
            mark += 1
        if i >= n:
            end = n
        elif (
            kinsoku
            and mark < n
            and first(mark) in NO_LINE_START
            and i - start >= 2
            and can_break(mark + 1)
        ):
            end = mark + 1  # squeeze the closing mark onto this line
        else:
            b = i
            while b > start + 1 and not can_break(b):
                b -= 1
            end = b if can_break(b) else i
        line_glyphs = _trim(glyphs[units[start][0] : units[end - 1][1]])
        lines.append(Line(tuple(line_glyphs), indent, available, justify=end < n))
        start = end
        while start < n and first(start).isspace():
            start += 1
    return lines


def break_in_pairs(
    lines: list[Line], size: float, width: float, first_indent: float = 0.0
) -> list[Line]:
    """The lines of a column header made of two-character words (社会公益组织, 结果维持) broken
    between the words: 「社会/公益/组织」 rather than 「社会公/益组织」, even if that takes another
    line, and as evenly as may be in that many lines: 「本年处理/决定数量」. Only for an even
    number of ideographs; other texts are left as they are."""
    glyphs = [g for line in lines for g in line.glyphs]
    if len(lines) < 2 or len(glyphs) % 2 or not all(_is_ideograph(g.char) for g in glyphs):
        return lines

    def layout(keep: int) -> list[Line]:
        # Wide enough for any run of `keep` characters, but not for one more.
        runs = (sum(g.width for g in glyphs[i : i + keep]) for i in range(len(glyphs) - keep + 1))
        return break_lines(glyphs, size, first_indent + size * max(runs), first_indent)

    longest = max(len(line.glyphs) for line in lines)
    keep = longest - longest % 2
    if keep < 2:
        return lines
    found = layout(keep)
    while keep > 2:
        narrower = layout(keep - 2)
        if len(narrower) > len(found):
            break
        found, keep = narrower, keep - 2
    if any(len(line.glyphs) % 2 for line in found):
        return lines
    return [Line(line.glyphs, line.indent, width - line.indent, line.justify) for line in found]


def _is_ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003ffff"


def avoid_orphan(
    lines: list[Line], size: float, width: float, first_indent: float = 0.0, kinsoku: bool = True
) -> list[Line]:
    """The lines of a label without a single character alone on its last line: the last two
    lines are broken again as if narrower, at the widest width that leaves at least two
    characters for the last one (「法人或/其他组/织」 becomes 「法人或/其他/组织」), each line still
    aligned within the full width. Unchanged when no such width exists (「总/计」)."""
    if len(lines) < 2 or len(lines[-1].glyphs) != 1:
        return lines
    tail = [*lines[-2].glyphs, *lines[-1].glyphs]
    indent = lines[-2].indent

    def layout(w: float) -> list[Line]:
        return break_lines(tail, size, w, indent, kinsoku)

    def settled(found: list[Line]) -> bool:  # no orphan any more, or a line too many
        return len(found) > 2 or len(found[-1].glyphs) >= 2

    # Narrowing the width only moves characters down; look for the widest width that does.
    low = indent + max(g.width for g in tail) * size
    high = width
    if not settled(layout(low)):
        return lines
    while high - low > 0.05:
        middle = (low + high) / 2
        if settled(layout(middle)):
            low = middle
        else:
            high = middle
    found = layout(low)
    if len(found) != 2 or len(found[-1].glyphs) < 2:
        return lines
    return [
        *lines[:-2],
        Line(found[0].glyphs, indent, width - indent, True),
        Line(found[1].glyphs, 0.0, width, lines[-1].justify),
    ]


def _trim(glyphs: Sequence[Glyph]) -> list[Glyph]:
    out = list(glyphs)
    while out and out[-1].char.isspace():
        out.pop()
    while out and out[0].char.isspace():
        out.pop(0)
    return out
