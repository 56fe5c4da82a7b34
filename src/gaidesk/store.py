"""Where drafts live: loading and atomic saving, older versions, the drafts library and locks.

A save writes a temporary file in the draft's own folder, flushes it to the disk and then
replaces the draft in one step, so a power cut leaves either the old or the new draft, never a
mix. Before a draft is replaced, its previous state is kept as a version in a hidden
``.versions/<file name>/`` folder beside it (at most one a minute while autosaving, always on
request), so an earlier state can be restored and a damaged draft can fall back to the last good
one. Versions are thinned by age (every one of the last ten minutes, the last of each hour for a
day, of each day for a month, of each month before), so yesterday's state is always there.

The library is the per-user data folder (platformdirs), or the folder given with ``--data-dir``
or the ``GAIDESK_DATA_DIR`` environment variable: ``drafts/`` (the clerk's drafts), ``bin/``
(deleted drafts, recoverable), ``fonts/`` (extra fonts for the PDF), ``settings.json`` and
``locks/`` (locks of drafts whose own folder cannot take one).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gaidesk import draft
from gaidesk.cleantext import clean
from gaidesk.draft import DraftError
from gaidesk.errors import GaideskError, describe_os_error, os_reason
from gaidesk.model import Report
from gaidesk.paths import ENV_DATA_DIR, data_dir

SUFFIX = ".gaidesk"
VERSIONS_DIR = ".versions"
VERSION_INTERVAL = 60.0  # seconds between automatic versions while autosaving
RECENT_VERSIONS_SPAN = 10 * 60  # seconds in which every version is kept ...
MAX_RECENT_VERSIONS = 30  # ... up to this many (explicit saves may come faster than one a minute)
MAX_VERSIONS = 120  # 30 recent + 24 hours + 31 days + the months before
MAX_NAME_BYTES = 255  # one file or folder name, on every file system gaidesk meets
MAX_STEM_BYTES = 200  # a draft's own name, leaving room for every name derived from it
_VERSION_RE = re.compile(r"^(\d{8}T\d{6}\.\d{6})(?:-\d+)?\.gaidesk$")
_BIN_RE = re.compile(r"^(\d{8}T\d{6})-(.+)$")
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


class StoreError(GaideskError):
    """A draft or folder that cannot be written or read; nothing already saved was lost."""


class DraftLockedError(StoreError):
    """The draft is being edited in another window or on another computer."""

    def __init__(self, message: str, holder: LockInfo) -> None:
        super().__init__(message)
        self.holder = holder


class DamagedDraftError(DraftError):
    """A draft that cannot be read, with the last version of it that can (if any)."""

    def __init__(self, message: str, last_good: VersionInfo | None) -> None:
        super().__init__(message)
        self.last_good = last_good


# ---------------------------------------------------------------------------------------------
# Folders


def _describe_os_error(exc: OSError, action: str, where: Path) -> str:
    """A Chinese sentence for an OSError; ``action`` is e.g. 「保存草稿」."""
    return describe_os_error(exc, action, where)


def _ensure_dir(folder: Path, action: str = "创建文件夹") -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(_describe_os_error(exc, action, folder)) from exc
    if not folder.is_dir():
        raise StoreError(f"{action}失败：“{folder}”不是文件夹。")
    return folder


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
            if not _is_windows() or attempt == 4:
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
            if _is_windows() and path.exists():
                # Access denied or a sharing violation on a file that exists: almost always
                # the earlier export still open in WPS, Excel or a PDF reader.
                raise StoreError(
                    f"{action}失败：文件“{path.name}”正被其他程序（如 WPS、Excel 或 PDF 阅读器）"
                    "打开或设为只读。请关闭它后再试，或换一个文件名。原来的文件没有改动。"
                ) from exc
            raise
        tmp = None
    except OSError as exc:
        raise StoreError(_describe_os_error(exc, action, folder) + "原来的文件没有改动。") from exc
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
STALE_TEMPORARY_AGE = 60.0


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


# ---------------------------------------------------------------------------------------------
# Versions


@dataclass(frozen=True)
class VersionInfo:
    path: Path
    saved_at: datetime  # when this state had been saved


def versions_dir(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    return p.parent / VERSIONS_DIR / p.name


def _hide(path: Path) -> None:
    """Give a helper file or folder the hidden attribute on Windows (a leading dot hides it
    elsewhere), so that a clerk looking at her USB stick sees only her drafts."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x02)  # type: ignore[attr-defined]


def versions(path: str | os.PathLike[str]) -> list[VersionInfo]:
    """The kept versions of a draft, newest first."""
    folder = versions_dir(path)
    found: list[tuple[str, Path]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                m = _VERSION_RE.match(entry.name)
                if m:
                    found.append((entry.name, Path(entry.path)))
    except OSError:
        return []
    found.sort(reverse=True)
    result = []
    for name, p in found:
        stamp = _VERSION_RE.match(name)
        assert stamp is not None
        saved = _stamp_time(stamp.group(1))
        result.append(VersionInfo(p, saved))
    return result


def _stamp_time(stamp: str) -> datetime:
    """``20251127T143005.123456`` (or without the fraction) as a datetime; ValueError for an
    impossible date. Read by hand: datetime.strptime costs milliseconds the first time (it
    loads the locale's calendar), and a draft's versions are listed every time it is opened."""
    fraction = stamp[16:22]
    return datetime(
        int(stamp[0:4]),
        int(stamp[4:6]),
        int(stamp[6:8]),
        int(stamp[9:11]),
        int(stamp[11:13]),
        int(stamp[13:15]),
        int(fraction.ljust(6, "0")) if fraction else 0,
    )


def _version_name(mtime: float, folder: Path) -> Path:
    stamp = datetime.fromtimestamp(mtime).strftime("%Y%m%dT%H%M%S.%f")
    candidate = folder / f"{stamp}{SUFFIX}"
    n = 1
    while candidate.exists():
        candidate = folder / f"{stamp}-{n}{SUFFIX}"
        n += 1
    return candidate


def snapshot(path: str | os.PathLike[str]) -> VersionInfo | None:
    """Keep the draft's current state on disk as a version (e.g. when it is opened).

    Best effort: a folder that takes no versions never stops the draft itself from saving.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError:
        return None
    kept = versions(p)
    if kept and abs(kept[0].saved_at.timestamp() - st.st_mtime) < 1e-3:
        return kept[0]  # this state is kept already
    folder = versions_dir(p)
    try:
        new_folder = not folder.parent.exists()
        folder.mkdir(parents=True, exist_ok=True)
        if new_folder:
            _hide(folder.parent)
        target = _version_name(st.st_mtime, folder)
        try:
            os.link(p, target)  # the draft is replaced, never rewritten: a link is a copy
        except OSError:
            shutil.copy2(p, target)
        os.utime(target, (st.st_atime, st.st_mtime))
    except OSError:
        return None
    _prune(p)
    return VersionInfo(target, datetime.fromtimestamp(st.st_mtime))


def _clock() -> float:
    """Now, as time.time(); a function of its own so that tests can move time."""
    return time.time()


def versions_to_keep(saved: list[datetime], now: datetime) -> list[bool]:
    """Which versions (saved at these times, newest first) to keep.

    Every version of the last RECENT_VERSIONS_SPAN (at most MAX_RECENT_VERSIONS), then the
    newest of each clock hour for the last day, of each day for the last 31 days and of each
    month before that; MAX_VERSIONS at most in all.
    """
    keep: list[bool] = []
    buckets: set[tuple[int, ...]] = set()
    recent = kept = 0
    for when in saved:
        age = (now - when).total_seconds()
        if age < RECENT_VERSIONS_SPAN:
            wanted = recent < MAX_RECENT_VERSIONS
            recent += wanted
        else:
            if age < 86_400:
                bucket: tuple[int, ...] = (0, when.year, when.month, when.day, when.hour)
            elif age < 31 * 86_400:
                bucket = (1, when.year, when.month, when.day)
            else:
                bucket = (2, when.year, when.month)
            wanted = bucket not in buckets
            buckets.add(bucket)
        wanted = wanted and kept < MAX_VERSIONS
        kept += wanted
        keep.append(wanted)
    return keep


def _prune(path: Path) -> None:
    kept = versions(path)
    now = datetime.fromtimestamp(_clock())
    for version, wanted in zip(
        kept, versions_to_keep([v.saved_at for v in kept], now), strict=True
    ):
        if not wanted:
            with contextlib.suppress(OSError):
                version.path.unlink()


def last_good_version(path: str | os.PathLike[str]) -> VersionInfo | None:
    """The newest kept version that loads, or None."""
    for v in versions(path):
        try:
            draft.parse(_read_limited(v.path))
        except (DraftError, OSError):
            continue
        return v
    return None


def restore_version(path: str | os.PathLike[str], version: VersionInfo | Path) -> Report:
    """Make a kept version the current draft again; the state it replaces is kept as a version."""
    vpath = version.path if isinstance(version, VersionInfo) else Path(version)
    report = load_report(vpath, offer_versions=False)
    data = _read_limited(vpath)
    p = Path(path)
    if p.exists():
        snapshot(p)
    write_atomic(p, data, action="恢复版本")
    return report


# ---------------------------------------------------------------------------------------------
# Loading and saving


def _read_limited(path: Path) -> bytes:
    """At most MAX_DRAFT_BYTES + 1 bytes: a huge file is refused without reading it all."""
    with open(path, "rb") as f:
        return f.read(draft.MAX_DRAFT_BYTES + 1)


def _is_newer_format(data: bytes) -> bool:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return False
    return (
        isinstance(doc, dict)
        and doc.get("format") == draft.FORMAT_NAME
        and type(doc.get("version")) is int
        and doc["version"] > draft.VERSION
    )


def load_report(path: str | os.PathLike[str], *, offer_versions: bool = True) -> Report:
    """Read a draft. Raises DraftError (Chinese message) on anything unusable; never writes.

    A damaged draft raises DamagedDraftError whose message offers the last good version.
    """
    p = Path(path)
    try:
        st = os.stat(p)
        if not os.path.isfile(p):
            raise DraftError(f"“{p.name}”不是文件，无法作为报告草稿打开。")
        if st.st_size > draft.MAX_DRAFT_BYTES:
            raise DraftError(
                f"“{p.name}”太大（{st.st_size // (1024 * 1024)} MB），不像是 gaidesk 报告草稿"
                "（草稿通常只有几十 KB），没有打开。"
            )
        data = _read_limited(p)
    except FileNotFoundError as exc:
        raise DraftError(f"找不到文件“{p}”。") from exc
    except PermissionError as exc:
        raise DraftError(f"没有权限读取文件“{p}”。") from exc
    except OSError as exc:
        what, advice = os_reason(exc)
        raise DraftError(f"无法读取文件“{p.absolute()}”：{what}。{advice}。") from exc
    try:
        return draft.parse(data)
    except DraftError as exc:
        if not offer_versions or _is_newer_format(data):
            raise
        good = last_good_version(p)
        if good is None:
            raise
        when = good.saved_at.strftime("%Y-%m-%d %H:%M")
        raise DamagedDraftError(
            f"{exc}可以恢复到最近一次完好的版本（保存于 {when}）。", good
        ) from exc
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:  # pragma: no cover
        raise DraftError(f"“{p.name}”无法读取，文件可能已损坏。") from exc


def save_report(
    report: Report, path: str | os.PathLike[str], *, keep_version: bool | None = None
) -> None:
    """Save atomically, keeping the replaced state as a version.

    ``keep_version`` None (autosave) keeps one at most every VERSION_INTERVAL seconds and skips
    the folder sync to stay within the autosave budget; True always keeps one (an explicit save),
    False never.
    """
    p = Path(path)
    try:
        data = draft.dumps(report)
    except (UnicodeError, ValueError, TypeError, RecursionError) as exc:
        # Only a report built past every door (they clean what no file can hold) gets here.
        raise StoreError(
            "保存草稿失败：报告中有无法保存的内容（例如残缺的字符）。原来的文件没有改动。"
        ) from exc
    if keep_version is not False and os.path.lexists(p):  # False, not OSError, for any fault
        kept = versions(p)
        due = not kept or _clock() - kept[0].saved_at.timestamp() >= VERSION_INTERVAL
        if keep_version or due:
            snapshot(p)
    write_atomic(p, data, sync_folder=keep_version is not None)


# ---------------------------------------------------------------------------------------------
# Exports


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


_TEMPORARY_FOLDER_PREFIX = ".gaidesk-export-"
_temporary_lock = threading.Lock()


@contextlib.contextmanager
def temporaries_beside(target: Path, action: str = "导出") -> Iterator[Path]:
    """Let libraries that write temporary files (openpyxl writes each sheet to one) write them
    into a hidden folder beside ``target`` instead of the system's temporary folder, and remove
    it afterwards, on failure too. A folder left by a killed export is removed by the next one.

    Python's temporary folder is one setting for the whole process: exports take turns.
    """
    folder = Path(target).absolute().parent
    _sweep_export_folders(folder)
    try:
        own = Path(tempfile.mkdtemp(prefix=_TEMPORARY_FOLDER_PREFIX, dir=folder))
    except OSError as exc:
        raise StoreError(describe_os_error(exc, action, folder)) from exc
    _hide(own)
    with _temporary_lock:
        previous = tempfile.tempdir
        tempfile.tempdir = str(own)
        try:
            yield own
        finally:
            tempfile.tempdir = previous
            shutil.rmtree(own, ignore_errors=True)


def _sweep_export_folders(folder: Path) -> None:
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(_TEMPORARY_FOLDER_PREFIX) and entry.is_dir():
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > STALE_TEMPORARY_AGE:
                        shutil.rmtree(entry.path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Locks


LOCK_HEARTBEAT = 60.0  # seconds between refreshes of the lock of an open draft
# A lock from another computer not refreshed for this many of its heartbeats is abandoned (that
# computer crashed or lost the shared folder): it may be taken over after a clear question.
LOCK_MISSED_BEATS = 3


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    started: float  # when the lock was taken
    proc_start: float | None = None  # when the holding process started (to spot reused pids)
    refreshed: float | None = None  # the lock file's last heartbeat (its modification time)
    heartbeat: float = LOCK_HEARTBEAT  # how often its holder promised to refresh it

    @property
    def started_text(self) -> str:
        return datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")

    @property
    def age(self) -> float:
        """Seconds since the holder last showed it was alive (refreshed or took the lock)."""
        return max(0.0, time.time() - (self.refreshed or self.started))

    @property
    def age_text(self) -> str:
        minutes = int(self.age // 60)
        if minutes < 1:
            return "不到 1 分钟"
        if minutes < 120:
            return f"{minutes} 分钟"
        if minutes < 48 * 60:
            return f"{minutes // 60} 小时"
        return f"{minutes // (24 * 60)} 天"

    @property
    def from_elsewhere(self) -> bool:
        return self.host != _host_name()

    @property
    def abandoned(self) -> bool:
        """A lock of another computer that has missed its heartbeats: it may be taken over."""
        return self.from_elsewhere and self.age > LOCK_MISSED_BEATS * self.heartbeat


def _boot_time() -> float | None:
    try:
        with open("/proc/stat", encoding="ascii") as f:
            for line in f:
                if line.startswith("btime "):
                    return float(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        return None
    return None  # pragma: no cover


def _process_start(pid: int) -> float | None:
    """When a process started (Linux, Windows), or None where this cannot be told."""
    if _is_windows():
        return _windows_process(pid)[1]
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            stat = f.read()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = _boot_time()
        if boot is None:  # pragma: no cover
            return None
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _is_windows() -> bool:
    """A function, not a constant, so that tests can play Windows on any system."""
    return os.name == "nt"


_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5
_FILETIME_UNIX_EPOCH = 116444736000000000  # 1970-01-01 in 100 ns units since 1601-01-01


def _kernel32() -> Any:
    """kernel32 with the prototypes declared: without restype ctypes returns a C int, which
    truncates a 64-bit HANDLE; its own WinDLL so no other user of windll is affected."""
    import ctypes
    from ctypes import wintypes

    k = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    k.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    k.OpenProcess.restype = wintypes.HANDLE
    k.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    k.GetExitCodeProcess.restype = wintypes.BOOL
    filetime_p = ctypes.POINTER(wintypes.FILETIME)
    k.GetProcessTimes.argtypes = (wintypes.HANDLE, filetime_p, filetime_p, filetime_p, filetime_p)
    k.GetProcessTimes.restype = wintypes.BOOL
    k.CloseHandle.argtypes = (wintypes.HANDLE,)
    k.CloseHandle.restype = wintypes.BOOL
    return k


def _windows_process(pid: int) -> tuple[bool, float | None]:
    """(whether the process runs, when it started) on Windows. A process that exists but may
    not be queried (another user's, elevated) counts as running, with no start time."""
    import ctypes
    from ctypes import wintypes

    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return ctypes.get_last_error() == _ERROR_ACCESS_DENIED, None  # type: ignore[attr-defined]
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True, None
        if code.value != _STILL_ACTIVE:
            return False, None
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return True, None
        created = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
        return True, (created - _FILETIME_UNIX_EPOCH) / 1e7
    finally:
        kernel32.CloseHandle(handle)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if _is_windows():
        return _windows_process(pid)[0]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover
        return False
    return True


def _host_name() -> str:
    """This computer's name, as socket.gethostname() gives it (without loading the socket
    module where the system tells it directly: gaidesk never uses the network)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _holder_alive(info: LockInfo) -> bool:
    if info.host != _host_name():
        return True  # another computer: cannot tell, assume it is still editing
    if not _pid_alive(info.pid):
        return False
    if info.proc_start is not None:
        now_start = _process_start(info.pid)
        if now_start is not None and abs(now_start - info.proc_start) > 2.0:
            return False  # the pid now belongs to another process
    return True


def _read_lock(path: Path) -> LockInfo | None:
    try:
        with open(path, "rb") as f:
            refreshed = os.fstat(f.fileno()).st_mtime
            doc = json.loads(f.read(4096))
        proc_start = doc.get("proc_start")
        heartbeat = doc.get("heartbeat")
        return LockInfo(
            pid=int(doc["pid"]),
            host=str(doc["host"]),
            started=float(doc["started"]),
            proc_start=float(proc_start) if proc_start is not None else None,
            refreshed=refreshed,
            heartbeat=float(heartbeat) if heartbeat else LOCK_HEARTBEAT,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _is_empty(path: Path) -> bool:
    try:
        return os.stat(path).st_size == 0
    except OSError:
        return False


def path_digest(text: str) -> str:
    """A stable 16-hex-digit name for a path (lock files in the data folder, settings keys).

    Not cryptographic, and not meant to be: it only has to keep a user's few drafts apart.
    CRC-32 and Adler-32 of the same bytes make 64 bits; both come from zlib, which Python needs
    anyway, whereas hashlib loads OpenSSL (megabytes of memory at start) in most builds.
    """
    import zlib

    data = text.encode("utf-8", "surrogatepass")  # a Linux name that is not UTF-8 has surrogates
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


class DraftLock:
    """Marks a draft as open for editing so a second window or process does not edit it too.

    ``acquire()`` raises DraftLockedError when a live process holds the lock. A lock left by a
    process that is gone means the program was closed abnormally (``was_closed_abnormally``,
    with ``stale`` describing it) — the window may then offer the last autosaved state. An
    empty lock file is no such sign: a full disk leaves one when the lock could not be written.

    The file records the process, the computer and the time; ``refresh()`` (the window calls it
    every LOCK_HEARTBEAT seconds) touches it, so that a lock another computer left behind shows
    its age and, once abandoned, can be taken over (``take_over``).
    """

    def __init__(self, path: str | os.PathLike[str], fallback_dir: Path | None = None) -> None:
        self.draft_path = Path(path).absolute()
        self.fallback_dir = fallback_dir if fallback_dir is not None else data_dir() / "locks"
        self.lock_path: Path | None = None
        self.stale: LockInfo | None = None
        self.taken_over: LockInfo | None = None  # the abandoned lock this one replaced
        self._token = os.urandom(8).hex()

    @property
    def was_closed_abnormally(self) -> bool:
        return self.stale is not None

    @property
    def held(self) -> bool:
        return self.lock_path is not None

    def _candidates(self) -> list[Path]:
        beside = self.draft_path.parent / fitting_name(self.draft_path.name, ".", ".lock")
        return [beside, self.fallback_dir / f"{path_digest(str(self.draft_path))}.lock"]

    def acquire(self) -> DraftLock:
        if self.held:
            return self
        # A lock may exist in either place (the draft's folder may have become read-only).
        for candidate in self._candidates():
            info = _read_lock(candidate) if candidate.exists() else None
            if info is not None and _holder_alive(info):
                raise DraftLockedError(_locked_message(self.draft_path, info), info)
        last_error: OSError | None = None
        for n, candidate in enumerate(self._candidates()):
            try:
                if n == 1:
                    candidate.parent.mkdir(parents=True, exist_ok=True)
                self._create(candidate)
                return self
            except DraftLockedError:
                raise
            except OSError as exc:
                last_error = exc
        assert last_error is not None
        raise StoreError(_describe_os_error(last_error, "标记草稿为正在编辑", self.draft_path))

    def _create(self, candidate: Path) -> None:
        for _ in range(3):
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                info = _read_lock(candidate)
                if info is not None and _holder_alive(info):
                    raise DraftLockedError(_locked_message(self.draft_path, info), info) from None
                if info is not None and self.stale is None:
                    self.stale = info
                elif info is None and self.stale is None and not _is_empty(candidate):
                    # Left half-written by a crash: the owner is gone.
                    self.stale = LockInfo(0, _host_name(), _mtime(candidate))
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(candidate)
                continue
            try:
                body = {
                    "pid": os.getpid(),
                    "host": _host_name(),
                    "started": time.time(),
                    "heartbeat": LOCK_HEARTBEAT,
                    "proc_start": _process_start(os.getpid()),
                    "token": self._token,
                    "draft": str(self.draft_path),
                }
                # ASCII escapes: a draft path that is not UTF-8 (surrogates) still writes.
                data = json.dumps(body).encode("ascii")
                if os.write(fd, data) != len(data):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            except OSError:
                # A full disk: leave no empty or partial lock behind.
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(candidate)
                raise
            else:
                os.close(fd)
            _hide(candidate)
            self.lock_path = candidate
            return
        raise StoreError(f"无法标记草稿“{self.draft_path.name}”为正在编辑，请稍后再试。")

    def _is_ours(self) -> bool:
        if self.lock_path is None:
            return False
        try:
            with open(self.lock_path, "rb") as f:
                return bool(json.loads(f.read(4096)).get("token") == self._token)
        except (OSError, ValueError, AttributeError):
            return False

    def refresh(self) -> bool:
        """The heartbeat: mark the lock as alive now. False when it is no longer ours (taken
        over from another computer, or removed); a write that fails for now is no such sign."""
        if self.lock_path is None:
            return False
        if not self._is_ours():
            return not os.path.exists(self.lock_path) and self._recreate()
        with contextlib.suppress(OSError):
            os.utime(self.lock_path)
        return True

    def _recreate(self) -> bool:
        """The lock file vanished (a USB stick pulled and put back): take it again."""
        self.lock_path = None
        try:
            self.acquire()
        except StoreError:
            return False
        return True

    def take_over(self, holder: LockInfo) -> DraftLock:
        """Take the lock an abandoned holder (``holder.abandoned``) left, after she agreed.

        Raises DraftLockedError when the lock changed meanwhile (the other computer came back).
        """
        for candidate in self._candidates():
            info = _read_lock(candidate) if candidate.exists() else None
            if info is None:
                continue
            if (info.pid, info.host, info.started) != (holder.pid, holder.host, holder.started):
                raise DraftLockedError(_locked_message(self.draft_path, info), info)
            if not info.abandoned:
                raise DraftLockedError(_locked_message(self.draft_path, info), info)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(candidate)
        self.acquire()
        self.taken_over = holder
        return self

    def release(self) -> None:
        if self.lock_path is None:
            return
        if self._is_ours():
            with contextlib.suppress(OSError):
                os.unlink(self.lock_path)
        self.lock_path = None

    def __enter__(self) -> DraftLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return time.time()


def _locked_message(path: Path, info: LockInfo) -> str:
    if info.host != _host_name():
        if info.abandoned:
            return (
                f"草稿“{path.name}”在另一台电脑（{info.host}）上打开过（{info.started_text} 起），"
                f"那台电脑已经 {info.age_text} 没有动静，可能已死机、断电或拔出了U盘。"
            )
        return (
            f"草稿“{path.name}”正在另一台电脑（{info.host}）上编辑（{info.started_text} 起，"
            f"{info.age_text}前还在使用）。请先在那台电脑上关闭它，以免两边的修改互相覆盖。"
        )
    if info.pid == os.getpid():
        return f"草稿“{path.name}”已经在另一个窗口中打开，请切换到那个窗口继续编辑。"
    return (
        f"草稿“{path.name}”已经在另一个 gaidesk 窗口中打开（{info.started_text} 起）。"
        "请切换到那个窗口继续编辑，以免两边的修改互相覆盖。"
    )


# ---------------------------------------------------------------------------------------------
# The drafts library


@dataclass(frozen=True)
class DraftInfo:
    path: Path
    agency: str
    short_name: str
    year: int | None
    saved_at: datetime
    errors: int
    warnings: int
    damaged: bool = False
    problem: str = ""  # why a damaged draft cannot be read
    verdict: str = ""  # 「可以定稿」 or what stands in the way (review.Verdict.text)
    ready: bool = False  # no error, every warning confirmed, every part filled in

    @property
    def display_name(self) -> str:
        if self.damaged:
            return self.path.stem
        return self.short_name or self.agency or self.path.stem


@dataclass(frozen=True)
class BinEntry:
    path: Path  # the file in the bin
    name: str  # its file name before it was deleted
    deleted_at: datetime


_INFO_CACHE: dict[tuple[object, ...], DraftInfo] = {}


def draft_info(path: Path, previous: Path | None = None) -> DraftInfo:
    """Body, year, last saved and problem counts of a draft; a damaged one is marked so.
    With last year's draft, the verdict includes the checks against it (as in the wizard).

    Cached per (path, mtime, size) of both, so the drafts list stays fast.
    """
    st = os.stat(path)
    key: tuple[object, ...] = (str(path), st.st_mtime_ns, st.st_size)
    if previous is not None:
        pst = os.stat(previous)
        key += (str(previous), pst.st_mtime_ns, pst.st_size)
    cached = _INFO_CACHE.get(key)
    if cached is not None:
        return cached
    saved = datetime.fromtimestamp(st.st_mtime)
    try:
        report = load_report(path, offer_versions=False)
    except DraftError as exc:
        info = DraftInfo(path, "", "", None, saved, 0, 0, damaged=True, problem=str(exc))
    else:
        from gaidesk import review, rules

        last_year = None
        if previous is not None:
            try:
                last_year = load_report(previous, offer_versions=False)
            except DraftError:
                last_year = None
        findings = rules.one_per_cause(rules.check(report, last_year))
        verdict = review.verdict(report.review, findings, report.meta.agency)
        info = DraftInfo(
            path,
            report.meta.agency,
            report.meta.short_name,
            report.meta.year,
            saved,
            verdict.errors,
            verdict.open_warnings,
            verdict=verdict.text(),
            ready=verdict.ready,
        )
    if len(_INFO_CACHE) > 1000:
        _INFO_CACHE.clear()
    _INFO_CACHE[key] = info
    return info


# Names Windows keeps for devices, with any extension ("CON.gaidesk" opens the console).
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)


def name_bytes(name: str) -> int:
    """How many bytes a name takes in the file system (UTF-8; a Linux name that is not UTF-8
    keeps its own bytes)."""
    return len(os.fsencode(name))


def _cut_to_bytes(text: str, limit: int) -> str:
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
    return prefix + _cut_to_bytes(name, room) + tag + suffix


_TEMPORARY_RANDOM = 8 + len(".tmp")  # what tempfile.mkstemp adds after the prefix


def _temporary_prefix(path: Path) -> str:
    return fitting_name(path.name, ".", ".", reserve=_TEMPORARY_RANDOM)


def safe_file_name(name: str) -> str:
    """A name every system accepts as a file name (no \\ / : * ? " < > |, no trailing dot or
    space, not a Windows device name such as CON or COM1), of at most MAX_STEM_BYTES bytes so
    that every name derived from it fits too."""
    cleaned, _ = clean(name)
    cleaned = _UNSAFE_NAME.sub("", cleaned).strip()
    cleaned = _cut_to_bytes(cleaned, MAX_STEM_BYTES).rstrip(". ")
    if cleaned.split(".")[0].rstrip(" ").upper() in _RESERVED_NAMES:
        cleaned = f"{cleaned}_"
    return cleaned or "未命名报告"


def _unique(folder: Path, stem: str, suffix: str = SUFFIX) -> Path:
    candidate = folder / fitting_name(stem, suffix=suffix)
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / fitting_name(stem, suffix=f"（{n}）{suffix}")
        n += 1
    return candidate


def _move(src: Path, dst: Path) -> None:
    """Move a draft together with its kept versions."""
    shutil.move(str(src), str(dst))
    old_versions = versions_dir(src)
    if old_versions.is_dir():
        new_versions = versions_dir(dst)
        with contextlib.suppress(OSError):
            new_versions.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(old_versions), str(new_versions))


class Library:
    """The clerk's drafts folder, the bin of deleted drafts, extra fonts and settings."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = data_dir(root)

    @property
    def drafts_dir(self) -> Path:
        return self.root / "drafts"

    @property
    def bin_dir(self) -> Path:
        return self.root / "bin"

    @property
    def fonts_dir(self) -> Path:
        return self.root / "fonts"

    @property
    def locks_dir(self) -> Path:
        return self.root / "locks"

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.json"

    def ensure(self) -> None:
        """Create the folders; StoreError with a clear message when the data folder is unusable."""
        for folder in (self.drafts_dir, self.bin_dir, self.fonts_dir):
            _ensure_dir(folder, "创建数据文件夹")

    def _scan(self, folder: Path) -> list[Path]:
        try:
            with os.scandir(folder) as entries:
                return [
                    Path(e.path)
                    for e in entries
                    if e.name.endswith(SUFFIX) and not e.name.startswith(".") and e.is_file()
                ]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, "读取草稿文件夹", folder)) from exc

    def list_drafts(self) -> list[DraftInfo]:
        """Every draft of the library, newest first; unreadable ones are listed as damaged."""
        infos = []
        for p in self._scan(self.drafts_dir):
            try:
                infos.append(draft_info(p))
            except OSError:
                continue  # deleted meanwhile
        infos = [self._with_previous(info, infos) for info in infos]
        infos.sort(key=lambda i: i.saved_at, reverse=True)
        return infos

    @staticmethod
    def _with_previous(info: DraftInfo, infos: list[DraftInfo]) -> DraftInfo:
        """A draft's verdict counting the checks against last year's draft of the same body
        in the library, as the wizard shows them (e.g. a part copied from last year)."""
        from gaidesk.previous import same_names

        if info.damaged or info.year is None:
            return info
        for other in infos:
            if (
                not other.damaged
                and other.year == info.year - 1
                and same_names(other.agency, other.short_name, info.agency, info.short_name)
            ):
                try:
                    return draft_info(info.path, other.path)
                except OSError:
                    return info
        return info

    def new_draft_path(self, report: Report) -> Path:
        """A free, readable file name for a report, e.g. 「大寨镇2025年报告.gaidesk」."""
        name = report.meta.short_name or report.meta.agency or "未命名"
        year = f"{report.meta.year}年" if report.meta.year else ""
        _ensure_dir(self.drafts_dir, "创建草稿文件夹")
        return _unique(self.drafts_dir, safe_file_name(f"{name}{year}报告"))

    def rename(self, path: str | os.PathLike[str], new_name: str) -> Path:
        """Give a draft a new file name (in the same folder); returns the new path."""
        src = Path(path)
        stem = new_name[: -len(SUFFIX)] if new_name.endswith(SUFFIX) else new_name
        stem = safe_file_name(stem)
        dst = src.parent / f"{stem}{SUFFIX}"
        if dst == src:
            return src
        if dst.exists():
            raise StoreError(f"已经有名为“{dst.name}”的草稿，请换一个名字。")
        try:
            _move(src, dst)
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, "重命名草稿", src.parent)) from exc
        return dst

    def delete(self, path: str | os.PathLike[str]) -> Path:
        """Move a draft (with its versions) to the bin; returns where it went."""
        src = Path(path)
        _ensure_dir(self.bin_dir, "创建回收站文件夹")
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        dst = _unique(self.bin_dir, f"{stamp}-{src.stem}")
        try:
            _move(src, dst)
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, "删除草稿", src.parent)) from exc
        return dst

    def list_bin(self) -> list[BinEntry]:
        """Deleted drafts, most recently deleted first."""
        entries = []
        for p in self._scan(self.bin_dir):
            m = _BIN_RE.match(p.stem)
            if m:
                when = _stamp_time(m.group(1))
                entries.append(BinEntry(p, m.group(2) + SUFFIX, when))
            else:
                entries.append(BinEntry(p, p.name, datetime.fromtimestamp(_mtime(p))))
        entries.sort(key=lambda e: (e.deleted_at, e.path.name), reverse=True)
        return entries

    def restore(self, entry: BinEntry | str | os.PathLike[str]) -> Path:
        """Move a deleted draft back to the drafts folder (under a free name)."""
        src = entry.path if isinstance(entry, BinEntry) else Path(entry)
        m = _BIN_RE.match(src.stem)
        stem = re.sub(r"（\d+）$", "", m.group(2)) if m else src.stem
        _ensure_dir(self.drafts_dir, "创建草稿文件夹")
        dst = _unique(self.drafts_dir, stem)
        try:
            _move(src, dst)
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, "恢复草稿", self.drafts_dir)) from exc
        return dst

    def versions(self, path: str | os.PathLike[str]) -> list[VersionInfo]:
        return versions(path)

    def restore_version(self, path: str | os.PathLike[str], version: VersionInfo | Path) -> Report:
        return restore_version(path, version)

    def lock(self, path: str | os.PathLike[str]) -> DraftLock:
        """Take the editing lock of a draft (DraftLockedError when another window has it)."""
        return DraftLock(path, self.locks_dir).acquire()

    def load_settings(self) -> dict[str, Any]:
        try:
            with open(self.settings_path, "rb") as f:
                value = json.loads(f.read(1024 * 1024))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def save_settings(self, settings: dict[str, Any]) -> None:
        _ensure_dir(self.root, "创建数据文件夹")
        data = json.dumps(settings, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(self.settings_path, data, action="保存设置")


__all__ = [
    "ENV_DATA_DIR",
    "BinEntry",
    "DamagedDraftError",
    "DraftError",
    "DraftInfo",
    "DraftLock",
    "DraftLockedError",
    "Library",
    "LockInfo",
    "StoreError",
    "VersionInfo",
    "check_export_target",
    "data_dir",
    "draft_info",
    "last_good_version",
    "load_report",
    "restore_version",
    "save_report",
    "snapshot",
    "temporaries_beside",
    "versions",
    "write_atomic",
]
