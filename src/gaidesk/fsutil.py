"""File-system helpers every part of gaidesk shares: atomic writing, OS errors in Chinese,
names that fit every file system, path digests and temporary folders beside a target.

Nothing here knows drafts: the store, the exporters, the fonts and the window's settings all
write through ``write_atomic`` and word a failed file operation with ``describe_os_error``.
"""

from __future__ import annotations

import _thread
import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from gaidesk.errors import StoreError

MAX_NAME_BYTES = 255  # one file or folder name, on every file system gaidesk meets
STALE_TEMPORARY_AGE = 60.0  # seconds after which a temporary file is an interrupted save's


def is_windows() -> bool:
    """A function, not a constant, so that tests can play Windows on any system."""
    return os.name == "nt"


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


# ---------------------------------------------------------------------------------------------
# Folders and names


def ensure_dir(folder: Path, action: str = "创建文件夹") -> Path:
    """Create a folder with its parents; StoreError in Chinese when that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(describe_os_error(exc, action, folder)) from exc
    if not folder.is_dir():
        raise StoreError(f"{action}失败：“{folder}”不是文件夹。")
    return folder


def hide(path: Path) -> None:
    """Give a helper file or folder the hidden attribute on Windows (a leading dot hides it
    elsewhere), so that a clerk looking at her USB stick sees only her drafts."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x02)  # type: ignore[attr-defined]


def name_bytes(name: str) -> int:
    """How many bytes a name takes in the file system (UTF-8; a Linux name that is not UTF-8
    keeps its own bytes)."""
    return len(os.fsencode(name))


def cut_to_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` (whole characters) of at most ``limit`` bytes."""
    if name_bytes(text) <= limit:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += name_bytes(ch)
        if used > limit:
            return text[:i]
    return text  # pragma: no cover - the whole text fits, handled above


def fitting_name(name: str, prefix: str = "", suffix: str = "", *, reserve: int = 0) -> str:
    """``prefix + name + suffix`` as a name the file system takes (MAX_NAME_BYTES, less
    ``reserve`` bytes that the caller adds itself, e.g. the random part of a temporary name).

    A name that does not fit is shortened by whole characters and marked with a digest of the
    full name, so two long names that start alike still give two names. For every name derived
    from a draft's: its temporary files, its versions folder, its lock.
    """
    limit = MAX_NAME_BYTES - reserve
    whole = prefix + name + suffix
    if name_bytes(whole) <= limit:
        return whole
    tag = "~" + path_digest(name)[:8]
    room = limit - name_bytes(prefix + tag + suffix)
    return prefix + cut_to_bytes(name, room) + tag + suffix


def path_digest(text: str) -> str:
    """A stable 16-hex-digit name for a path (lock files in the data folder, settings keys).

    Not cryptographic, and not meant to be: it only has to keep a user's few drafts apart.
    CRC-32 and Adler-32 of the same bytes make 64 bits; both come from zlib, which Python needs
    anyway, whereas hashlib loads OpenSSL (megabytes of memory at start) in most builds.
    """
    import zlib

    data = text.encode("utf-8", "surrogatepass")  # a Linux name that is not UTF-8 has surrogates
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


# ---------------------------------------------------------------------------------------------
# Atomic writing


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable; not every system can open a folder (Windows cannot)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace(src: str, dst: Path) -> None:
    # On Windows a virus scanner or indexer may hold the target for a moment.
    for attempt in range(5):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if not is_windows() or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def write_atomic(
    path: Path, data: bytes, *, action: str = "保存草稿", sync_folder: bool = True
) -> None:
    """Write bytes to ``path`` so that it holds either the old or the new content, never a mix.

    The data is on disk before the rename, so a power cut leaves the old or the new file whole;
    ``sync_folder`` also makes the rename itself durable (costly on some disks: autosaves skip it,
    at worst losing the last second of typing, never the file).

    Raises StoreError with a Chinese message (disk full, read-only, no permission); the old file
    is left as it was and no temporary file is left behind.
    """
    import tempfile  # not at import: the command line's start needs only the OS wording

    path = Path(path)
    folder = path.parent
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        mode = 0o644
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".tmp", dir=folder)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        try:
            _replace(tmp, path)
        except PermissionError as exc:
            if is_windows() and path.exists():
                # Access denied or a sharing violation on a file that exists: almost always
                # the earlier export still open in WPS, Excel or a PDF reader.
                raise StoreError(
                    f"{action}失败：文件“{path.name}”正被其他程序（如 WPS、Excel 或 PDF 阅读器）"
                    "打开或设为只读。请关闭它后再试，或换一个文件名。原来的文件没有改动。"
                ) from exc
            raise
        tmp = None
    except OSError as exc:
        raise StoreError(describe_os_error(exc, action, folder) + "原来的文件没有改动。") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    if sync_folder:
        _fsync_dir(folder)
    if path not in _SWEPT:
        _SWEPT.add(path)
        _sweep_temporaries(path)


_SWEPT: set[Path] = set()


def _sweep_temporaries(path: Path) -> None:
    """Remove temporary files an interrupted save (power cut, kill) left beside a draft."""
    prefix = _temporary_prefix(path)
    now = time.time()
    try:
        with os.scandir(path.parent) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        if now - entry.stat().st_mtime > STALE_TEMPORARY_AGE:
                            os.unlink(entry.path)
    except OSError:
        pass


_TEMPORARY_RANDOM = 8 + len(".tmp")  # what tempfile.mkstemp adds after the prefix


def _temporary_prefix(path: Path) -> str:
    return fitting_name(path.name, ".", ".", reserve=_TEMPORARY_RANDOM)


# ---------------------------------------------------------------------------------------------
# Temporary folders beside a target


_TEMPORARY_FOLDER_PREFIX = ".gaidesk-export-"
_temporary_lock = _thread.allocate_lock()  # threading itself costs milliseconds at start


@contextlib.contextmanager
def temporaries_beside(target: Path, action: str = "导出") -> Iterator[Path]:
    """Let libraries that write temporary files (openpyxl writes each sheet to one) write them
    into a hidden folder beside ``target`` instead of the system's temporary folder, and remove
    it afterwards, on failure too. A folder left by a killed export is removed by the next one.

    Python's temporary folder is one setting for the whole process: exports take turns.
    """
    import shutil
    import tempfile

    folder = Path(target).absolute().parent
    _sweep_export_folders(folder)
    try:
        own = Path(tempfile.mkdtemp(prefix=_TEMPORARY_FOLDER_PREFIX, dir=folder))
    except OSError as exc:
        raise StoreError(describe_os_error(exc, action, folder)) from exc
    hide(own)
    with _temporary_lock:
        previous = tempfile.tempdir
        tempfile.tempdir = str(own)
        try:
            yield own
        finally:
            tempfile.tempdir = previous
            shutil.rmtree(own, ignore_errors=True)


def _sweep_export_folders(folder: Path) -> None:
    import shutil

    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(_TEMPORARY_FOLDER_PREFIX) and entry.is_dir():
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > STALE_TEMPORARY_AGE:
                        shutil.rmtree(entry.path, ignore_errors=True)
