"""Characters no file can hold, taken out at every door: load, import, typing, paste, arguments.

A lone surrogate (half of a UTF-16 pair, e.g. U+DC80: what Python makes of bytes that are not
UTF-8, or a JSON ``\\udc80`` escape) cannot be written as UTF-8, so a draft holding one could
never be saved. C0 and C1 control characters and U+FFFE/U+FFFF are not allowed in XML, so a
workbook cannot hold them (openpyxl refuses them) and nothing prints them. Narrative text keeps
its tabs and line breaks (a carriage return becomes a line break); a single-line field such as
报告单位 keeps none: a tab or line break there becomes a space.

Everything gaidesk writes comes from a report whose text went through :func:`clean`, so the
draft, the PDF and the workbook never meet such a character.
"""

from __future__ import annotations

import re
from typing import Any

# Removed everywhere (after line breaks and tabs have been dealt with as the field allows); the
# carriage return (U+000D) is among them, so one search tells whether a text needs any work.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNWRITABLE_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?")
_SINGLE_LINE_SPACES = re.compile("[\t\n]")


def clean(text: str, *, multiline: bool = False) -> tuple[str, int]:
    """The text without characters no file can hold, and how many were removed.

    Line breaks (``\\r\\n``, ``\\r``) become ``\\n`` in multi-line text and a space in a
    single-line field, where a tab becomes a space too; neither counts as removed.
    """
    if (_UNWRITABLE if multiline else _UNWRITABLE_IN_A_LINE).search(text) is None:
        return text, 0  # the common case, in one pass
    text = _LINE_BREAKS.sub("\n", text)
    if not multiline:
        text = _SINGLE_LINE_SPACES.sub(" ", text)
    cleaned, removed = _UNWRITABLE.subn("", text)
    return cleaned, removed


def removed_message(where: str, count: int) -> str:
    """What the clerk is told when characters were taken out of a field."""
    return (
        f"“{where}”中有 {count} 个无法保存的字符（控制字符或残缺的字符），已删除，"
        "其余内容没有改动。"
    )


class Cleaner:
    """Cleans the fields of one report as it comes in, collecting a message per field changed."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def __call__(self, text: str, where: str, *, multiline: bool = False) -> str:
        """Clean ``text`` and note in Chinese what was removed from ``where``."""
        cleaned, removed = clean(text, multiline=multiline)
        if removed:
            self.notes.append(removed_message(where, removed))
        return cleaned


def without_surrogates(value: Any) -> tuple[Any, int]:
    """A JSON value (keys included) without lone surrogates, and how many were removed.

    For the parts of a draft gaidesk does not know: kept as they are, except for what UTF-8
    cannot hold at all.
    """
    if isinstance(value, str):
        return _SURROGATES.subn("", value)
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        total = 0
        for key, item in value.items():
            new_key, n = _SURROGATES.subn("", key)
            new_item, m = without_surrogates(item)
            result[new_key] = new_item
            total += n + m
        return result, total
    if isinstance(value, list):
        items = [without_surrogates(item) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    return value, 0
