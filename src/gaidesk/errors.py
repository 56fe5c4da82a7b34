"""Shared exception bases; ``str()`` of each is a Chinese message the user can read as it is."""

from __future__ import annotations

import errno
import os
from pathlib import Path


class GaideskError(Exception):
    """Any failure gaidesk reports to the user; the message is Simplified Chinese."""


class ExportError(GaideskError):
    """A PDF or workbook could not be produced (e.g. a character no font can draw)."""


class ImportFailed(GaideskError):
    """A workbook could not be read as a report (missing official tables, unreadable cells)."""


# What a failed file operation means, by errno, in the clerk's words: what happened and what to
# do. The system's own text (strerror) is English or in the system's language: never shown.
_MOVE = "请换一个位置后再试"
_CLOSE = "请关闭占用它的程序后再试"
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("磁盘空间已满", "请腾出空间或换一个位置后再试"),
    errno.EROFS: ("这个位置是只读的（例如写保护的U盘或光盘）", "请换一个位置"),
    errno.EACCES: ("没有权限读写这个位置", "请换一个位置，或请管理员开放权限"),
    errno.EPERM: ("没有权限读写这个位置", "请换一个位置，或请管理员开放权限"),
    errno.ENOENT: ("找不到文件夹或文件", "U盘是否已拔出？请检查位置后再试"),
    errno.ENOTDIR: ("路径中的某一部分不是文件夹", "请检查位置后再试"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "请在文件夹后面给出文件名"),
    errno.ENAMETOOLONG: ("文件名太长", "请用短一些的名字，或放在层级少一些的文件夹里"),
    errno.ELOOP: ("路径中的快捷方式（符号链接）互相指向，无法到达", _MOVE),
    errno.EEXIST: ("已经有同名的文件", "请换一个名字"),
    errno.ENOTEMPTY: ("文件夹不是空的", _MOVE),
    errno.EBUSY: ("文件正被其他程序占用", _CLOSE),
    errno.ETXTBSY: ("文件正被其他程序占用", _CLOSE),
    errno.EMFILE: ("同时打开的文件太多", "请关闭一些程序后再试"),
    errno.ENFILE: ("同时打开的文件太多", "请关闭一些程序后再试"),
    errno.EFBIG: ("文件超过了这个磁盘允许的大小", _MOVE),
    errno.EIO: ("读写磁盘时出错（磁盘或U盘可能有故障，或已被拔出）", _MOVE),
    errno.ENXIO: ("设备已不存在", "U盘是否已拔出？请检查后再试"),
    errno.ENODEV: ("设备已不存在", "U盘是否已拔出？请检查后再试"),
    errno.EXDEV: ("不能跨磁盘移动", _MOVE),
    errno.EINVAL: ("文件名中有这个系统不允许的字符", "请换一个名字"),
    errno.ETIMEDOUT: ("网络文件夹没有响应", "请检查网络后再试"),
    errno.ESTALE: ("网络文件夹已断开", "请重新连接后再试"),
}
if hasattr(errno, "EDQUOT"):  # not defined on every system
    _OS_REASONS[errno.EDQUOT] = ("磁盘配额已满", "请删除一些文件或换一个位置后再试")
_WINDOWS_NAME_TOO_LONG = 206  # ERROR_FILENAME_EXCED_RANGE


def os_reason(exc: OSError) -> tuple[str, str]:
    """(what happened, what to do) for a failed file operation, in Chinese, no full stops."""
    code = exc.errno
    if code is None and isinstance(exc, PermissionError):
        code = errno.EACCES
    if getattr(exc, "winerror", None) == _WINDOWS_NAME_TOO_LONG:
        code = errno.ENAMETOOLONG
    found = _OS_REASONS.get(code) if code is not None else None
    if found is not None:
        return found
    name = errno.errorcode.get(code, "") if code is not None else ""
    return f"系统报告了错误{f'（{name}）' if name else ''}", _MOVE


def describe_os_error(exc: OSError, action: str, where: object) -> str:
    """One Chinese sentence for a failed file operation, e.g.
    「保存草稿失败：磁盘空间已满（D:\\草稿）。请腾出空间或换一个位置后再试。」

    ``action`` is what was being done (「保存草稿」), ``where`` the file or folder concerned.
    """
    if isinstance(where, os.PathLike):
        where = Path(where).absolute()  # 「.」 says nothing to a clerk
    what, advice = os_reason(exc)
    return f"{action}失败：{what}（{where}）。{advice}。"
