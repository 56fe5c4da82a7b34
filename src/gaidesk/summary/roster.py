"""The roster: the units that owe a report, from a text file or one column of a workbook."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from gaidesk.errors import GaideskError
from gaidesk.fsutil import describe_os_error

# A column headed with one of these holds the units; otherwise the first column does.
HEADINGS = ("单位名称", "单位", "报告单位", "单位全称")
MAX_ROSTER_BYTES = 4 * 1024 * 1024  # a roster is a list of names, not a database


class RosterError(GaideskError):
    """The roster cannot be read; the message is Chinese."""


@dataclass(frozen=True)
class Roster:
    """The units the county expects a report from."""

    path: Path
    names: tuple[str, ...]  # as written, in order, blank lines and the heading left out


def _clean(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip() if text is not None else ""


def read_roster(path: str | os.PathLike[str]) -> Roster:
    """Read a roster: one unit per line of a text file (UTF-8 or GB18030), or the column
    headed 单位/单位名称 (or the first column) of a workbook's first sheet."""
    source = Path(path)
    try:
        if source.stat().st_size > MAX_ROSTER_BYTES:
            raise RosterError(f"名单“{source.name}”太大，不像是单位名单。")
        if source.suffix.lower() in (".xls", ".et"):
            raise RosterError(
                f"名单“{source.name}”是旧式工作簿，请用 Excel 或 WPS 另存为 .xlsx 后再用。"
            )
        if source.suffix.lower() in (".xlsx", ".xlsm"):
            names = _workbook_names(source)
        else:
            names = _text_names(source.read_bytes())
    except FileNotFoundError as exc:
        raise RosterError(f"找不到名单文件“{source}”。") from exc
    except OSError as exc:
        raise RosterError(describe_os_error(exc, "读取名单", source)) from exc
    if not names:
        raise RosterError(f"名单“{source.name}”里没有单位名称。")
    return Roster(source, tuple(names))


def _text_names(data: bytes) -> list[str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence but a cut-off one
        raise RosterError("名单文件的编码无法识别，请另存为 UTF-8 文本。")
    names = [_clean(line) for line in text.splitlines()]
    names = [n for n in names if n and not n.startswith("#")]
    if names and names[0] in HEADINGS:
        names = names[1:]
    return names


def _workbook_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything from a damaged file
        raise RosterError(f"名单“{path.name}”不是可以读取的 Excel 工作簿。") from exc
    try:
        rows = [
            [_clean(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    column = 0
    header = rows[0]
    for heading in HEADINGS:
        if heading in header:
            column = header.index(heading)
            rows = rows[1:]
            break
    return [r[column] for r in rows if column < len(r) and r[column]]
