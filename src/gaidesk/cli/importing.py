"""``gaidesk import``: a new draft from a workbook or a saved web page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gaidesk.errors import GaideskError
from gaidesk.fsutil import describe_os_error

if TYPE_CHECKING:
    pass
from gaidesk.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    err,
    say,
)


def import_report(file: str, output: str) -> int:
    """``gaidesk import``: a new draft from a workbook or a saved web page; never overwrites."""
    from gaidesk.errors import ImportFailed
    from gaidesk.store import StoreError, save_report

    out = Path(output)
    if out.is_dir():
        shown = out.absolute()
        err(f"“{shown}”是一个文件夹，请给出文件名，例如 {shown / '报告.gaidesk'}。")
        return EXIT_ERRORS
    if out.exists():
        err(f"文件“{out}”已经存在，导入不会覆盖已有文件。请换一个输出文件名。")
        return EXIT_ERRORS
    source = Path(file)
    if not source.is_file():
        err(f"找不到文件“{file}”。")
        return EXIT_UNREADABLE
    try:
        from gaidesk.importer import import_file

        result = import_file(source)
    except ImportFailed as exc:
        err(f"“{file}”无法导入：{exc}")
        return EXIT_UNREADABLE
    except GaideskError as exc:
        err(f"“{file}”无法导入：{exc}")
        return EXIT_ERRORS
    except OSError as exc:
        err(describe_os_error(exc, "读取文件", source))
        return EXIT_UNREADABLE
    if out.exists():  # created meanwhile
        err(f"文件“{out}”已经存在，导入不会覆盖已有文件。")
        return EXIT_ERRORS
    try:
        save_report(result.report, out, keep_version=False)
    except StoreError as exc:
        err(str(exc))
        return EXIT_ERRORS
    say(f"已导入：{file} → {out}")
    for note in result.notes:
        say(f"  · {note}")
    return EXIT_OK
