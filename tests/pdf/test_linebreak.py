"""The Chinese line breaker of the PDF (gaidesk.pdf.linebreak, pure text logic): no closing mark
starts a line, no opening mark ends one, numbers stay whole, nothing is lost."""

from __future__ import annotations

import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gaidesk.pdf.linebreak import NO_LINE_END, NO_LINE_START, Glyph, break_lines


def glyphs(text: str) -> list[Glyph]:
    return [Glyph(ch, "f", 0.5 if ch.isascii() else 1.0, False) for ch in text]


def lines_of(text: str, chars_per_line: int, indent: int = 0) -> list[str]:
    lines = break_lines(glyphs(text), 10.0, chars_per_line * 10.0, indent * 10.0)
    return ["".join(g.char for g in line.glyphs) for line in lines]


def test_closing_mark_is_kept_on_the_line_before() -> None:
    lines = lines_of("一二三四五，六七八九十。", 5)
    assert lines[0] == "一二三四五，"
    assert all(line[0] not in "，。" for line in lines)


def test_two_closing_marks_move_the_break_back() -> None:
    lines = lines_of("一二三四五。”六七八", 5)
    assert lines[0] == "一二三四"
    assert lines[1].startswith("五。”")


def test_opening_mark_never_ends_a_line() -> None:
    lines = lines_of("一二三四“五六七八”", 5)
    assert not any(line.endswith("“") for line in lines)


def test_numbers_are_kept_whole() -> None:
    lines = lines_of("共计收到申请12345件", 7)
    assert any("12345" in line for line in lines)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet="政府信息公开年度报告一二三四五六七八九十，。、；：“”（）《》0123456789ab ",
        min_size=1,
        max_size=120,
    ),
    st.integers(min_value=4, max_value=20),
)
@example("00““一 ）", 4)  # a space before a closing mark is no place to break
@example("“““一 ）", 4)
@example(" “““《", 4)  # a leading space gave an empty first line
def test_line_breaking_properties(text: str, width: int) -> None:
    lines = lines_of(text, width, indent=2 if width > 6 else 0)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or repeated
    for before, line in itertools.pairwise(lines):
        # A violation is only allowed where no break at all was possible in the line before.
        ok = line[0] not in NO_LINE_START and before[-1] not in NO_LINE_END
        forced = all(ch in NO_LINE_START or ch in NO_LINE_END or ch.isascii() for ch in before[1:])
        assert ok or forced, (before, line)
