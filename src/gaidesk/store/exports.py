"""Where an export may be written."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gaidesk.errors import StoreError
from gaidesk.fsutil import describe_os_error
from gaidesk.store.names import SUFFIX


def check_export_target(target: str | os.PathLike[str], source: Path | None = None) -> Path:
    """The absolute path of an export's target, or StoreError saying why it may not be written.

    Refused: the source draft itself (however it is named), any ``.gaidesk`` file, a folder, and
    an existing file that is read-only (replacing it would ignore its read-only mark).
    """
    path = Path(target).absolute()
    shown = str(path)
    if source is not None:
        same = path == Path(source).absolute()
        with contextlib.suppress(OSError):
            same = same or os.path.samefile(path, source)
        if same:
            raise StoreError(
                f"不能导出到“{shown}”：这就是草稿本身，导出会把草稿覆盖掉。请换一个文件名。"
            )
    if path.name.lower().endswith(SUFFIX):
        raise StoreError(
            f"不能导出到“{shown}”：以 {SUFFIX} 结尾的是报告草稿文件，导出的 PDF 或 Excel "
            "不能用这个名字。请换一个文件名。"
        )
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise StoreError(describe_os_error(exc, "导出", path)) from exc
    if os.path.isdir(path):
        raise StoreError(f"“{shown}”是一个文件夹，请在后面给出文件名，例如 {path / '报告.pdf'}。")
    if not st.st_mode & 0o222:
        raise StoreError(f"文件“{shown}”是只读的，没有覆盖。请换一个文件名，或先取消它的只读属性。")
    return path
