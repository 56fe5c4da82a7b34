"""Windows-only paths, exercised on any system by playing Windows (no Windows machine in CI's
Linux job): kernel32 through a fake with the real ctypes prototypes, os.name through the store's
``_is_windows``, file names Windows refuses."""

from __future__ import annotations

import ctypes
import io
import json
import os
import socket
import struct
import sys
import time
import types
from ctypes import wintypes
from pathlib import Path
from typing import Any

import pytest

from gaidesk import fonts, fsutil, store
from gaidesk.fonts import folders as font_folders
from gaidesk.store import DraftLock
from gaidesk.store import processes as store_processes
from gaidesk.store import windows as windows_api
from tests.support.fonts import name_table
from tests.support.paths import ROOT

# -------------------------------------------------------------------------------------------
# kernel32: whether the process holding a draft lock still runs, and since when


class _Function:
    """A kernel32 function: ctypes prototypes can be set, calls go to ``impl``."""

    def __init__(self, impl: Any) -> None:
        self.impl = impl
        self.argtypes: Any = None
        self.restype: Any = ctypes.c_int  # ctypes' default, the bug when left alone

    def __call__(self, *args: Any) -> Any:
        return self.impl(*args)


class _FakeKernel32:
    """Processes by pid: (exit code, creation FILETIME), or "denied" for one not to be queried.
    Handles are 64-bit values above 2**32, as Windows may hand out on a 64-bit system."""

    def __init__(self, processes: dict[int, Any]) -> None:
        self.processes = processes
        self.open: dict[int, int] = {}
        self.last_error = 0
        self.closed: list[int] = []
        self.OpenProcess = _Function(self._open)
        self.GetExitCodeProcess = _Function(self._exit_code)
        self.GetProcessTimes = _Function(self._times)
        self.CloseHandle = _Function(self._close)

    def _open(self, access: int, inherit: bool, pid: int) -> int | None:
        assert access == 0x1000 and not inherit
        state = self.processes.get(pid)
        if state is None:
            self.last_error = 87  # ERROR_INVALID_PARAMETER: no such process
            return None
        if state == "denied":
            self.last_error = 5  # ERROR_ACCESS_DENIED
            return None
        handle = (1 << 40) + 4 * (len(self.open) + 1)
        self.open[handle] = pid
        return handle

    def _exit_code(self, handle: int, code: Any) -> int:
        assert handle in self.open, "a truncated HANDLE reached GetExitCodeProcess"
        code._obj.value = self.processes[self.open[handle]][0]
        return 1

    def _times(self, handle: int, *times: Any) -> int:
        assert handle in self.open and len(times) == 4
        created = self.processes[self.open[handle]][1]
        times[0]._obj.dwLowDateTime = created & 0xFFFFFFFF
        times[0]._obj.dwHighDateTime = created >> 32
        return 1

    def _close(self, handle: int) -> int:
        assert handle in self.open
        self.closed.append(handle)
        return 1


def _filetime(unix_seconds: float) -> int:
    return int(unix_seconds * 10_000_000) + 116444736000000000


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> dict[int, Any]:
    """Play Windows for the store; returns the fake process table to fill."""
    processes: dict[int, Any] = {}
    made: list[_FakeKernel32] = []

    def win_dll(name: str, use_last_error: bool = False) -> _FakeKernel32:
        assert name == "kernel32" and use_last_error
        fake = _FakeKernel32(processes)
        made.append(fake)
        return fake

    monkeypatch.setattr(ctypes, "WinDLL", win_dll, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: made[-1].last_error, raising=False)
    monkeypatch.setattr(fsutil, "is_windows", lambda: True)
    monkeypatch.setattr(store_processes, "host_name", lambda: "BGS-PC")
    return processes


def test_kernel32_prototypes_keep_64_bit_handles(windows: dict[int, Any]) -> None:
    k = windows_api.load_kernel32()
    pointer_size = ctypes.sizeof(ctypes.c_void_p)
    assert k.OpenProcess.restype is wintypes.HANDLE
    assert ctypes.sizeof(k.OpenProcess.restype) == pointer_size
    assert k.CloseHandle.argtypes == (wintypes.HANDLE,)
    assert k.GetExitCodeProcess.argtypes[0] is wintypes.HANDLE
    assert k.GetProcessTimes.argtypes[0] is wintypes.HANDLE
    assert len(k.GetProcessTimes.argtypes) == 5


def test_windows_process_states(windows: dict[int, Any]) -> None:
    windows[4242] = (259, _filetime(1_700_000_000.5))  # STILL_ACTIVE
    windows[4243] = (0, _filetime(1_600_000_000))  # exited, a handle still open somewhere
    windows[4244] = "denied"  # an elevated or another user's process: it exists
    assert store_processes.pid_alive(4242)
    assert store_processes.process_start(4242) == pytest.approx(1_700_000_000.5)
    assert not store_processes.pid_alive(4243)
    assert store_processes.pid_alive(4244)
    assert store_processes.process_start(4244) is None
    assert not store_processes.pid_alive(4245)  # no such process
    assert not store_processes.pid_alive(0)


def test_windows_stale_lock_of_a_reused_pid(windows: dict[int, Any], tmp_path: Path) -> None:
    """After a power cut the lock's pid may belong to another program by now: the start time
    tells them apart, so the clerk is not locked out of her own draft."""
    windows[os.getpid()] = (259, _filetime(1_800_000_000))
    windows[777] = (259, _filetime(1_800_000_100))  # runs, but started after the lock was taken
    lock_file = tmp_path / ".a.gaidesk.lock"
    body = {"pid": 777, "host": "BGS-PC", "started": 1_700_000_000, "proc_start": 1_700_000_000}
    lock_file.write_text(json.dumps(body))
    lock = DraftLock(tmp_path / "a.gaidesk", tmp_path / "locks").acquire()
    try:
        assert lock.was_closed_abnormally
        written = json.loads(lock_file.read_text())
        assert written["proc_start"] == pytest.approx(1_800_000_000)
    finally:
        lock.release()
    # the same process still running keeps its lock
    body["proc_start"] = 1_800_000_100
    lock_file.write_text(json.dumps(body))
    with pytest.raises(store.DraftLockedError):
        DraftLock(tmp_path / "a.gaidesk", tmp_path / "locks").acquire()


def test_real_host_name_still_used_off_windows() -> None:
    assert store_processes.host_name() == socket.gethostname()


# -------------------------------------------------------------------------------------------
# File names Windows refuses


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CON", "CON_"),
        ("con", "con_"),
        ("Nul.报告", "Nul.报告_"),
        ("COM1", "COM1_"),
        ("lpt9 ", "lpt9_"),
        ("AUX.", "AUX_"),
        ("CONSOLE", "CONSOLE"),
        ("COM10", "COM10"),
        ("大寨镇:2025年?报告|", "大寨镇2025年报告"),
        ("大寨镇：2025年", "大寨镇：2025年"),  # the full-width colon is allowed
        ("...", "未命名报告"),
    ],
)
def test_safe_file_name_avoids_windows_device_names(name: str, expected: str) -> None:
    assert store.safe_file_name(name) == expected


def test_safe_file_name_cut_to_length_ends_in_no_dot_or_space() -> None:
    name = "甲" * 66 + " .乙丙"  # the cut at 200 bytes falls after the space and the dot
    cleaned = store.safe_file_name(name)
    assert cleaned == "甲" * 66
    assert not cleaned.endswith((".", " "))


def test_rename_to_a_device_name(tmp_path: Path) -> None:
    library = store.Library(tmp_path)
    library.ensure()
    src = library.drafts_dir / "a.gaidesk"
    src.write_bytes(b"{}")
    assert library.rename(src, "PRN.gaidesk").name == "PRN_.gaidesk"


# -------------------------------------------------------------------------------------------
# Replacing a file another program holds open


def test_replace_retries_then_names_the_program_holding_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "报告.xlsx"
    target.write_bytes(b"old")
    attempts: list[str] = []

    def held_open(src: str, dst: Any) -> None:
        attempts.append(src)
        raise PermissionError(13, "拒绝访问。")  # WinError 32/5, as Python reports it

    monkeypatch.setattr(fsutil, "is_windows", lambda: True)
    monkeypatch.setattr(os, "replace", held_open)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    with pytest.raises(store.StoreError) as info:
        fsutil.write_atomic(target, b"new", action="导出Excel")
    assert len(attempts) == 5  # retried: a virus scanner lets go after a moment
    message = str(info.value)
    assert "导出Excel失败" in message and "报告.xlsx" in message and "WPS" in message
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.xlsx"]  # no temporary left


def test_replace_succeeds_after_a_short_hold(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "a.gaidesk"
    target.write_bytes(b"old")
    real_replace = os.replace
    held = [2]

    def briefly_held(src: str, dst: Any) -> None:
        if held[0]:
            held[0] -= 1
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
        real_replace(src, dst)

    monkeypatch.setattr(fsutil, "is_windows", lambda: True)
    monkeypatch.setattr(os, "replace", briefly_held)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    fsutil.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_permission_error_elsewhere_keeps_the_folder_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def denied(src: str, dst: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fsutil, "is_windows", lambda: False)
    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(store.StoreError, match="没有权限"):
        fsutil.write_atomic(tmp_path / "a.gaidesk", b"new")


# -------------------------------------------------------------------------------------------
# Fonts: the Windows font folders and the official faces' name tables


def _sfnt(names: list[tuple[int, int, int, int, bytes]], base: int = 0) -> bytes:
    """A minimal TrueType face (name, empty glyf and loca) whose tables start at ``base``."""
    tables = {b"glyf": b"", b"loca": b"", b"name": name_table(names)}
    offset = base + 12 + 16 * len(tables)
    directory = b""
    body = b""
    for tag, data in tables.items():
        directory += tag + struct.pack(">3I", 0, offset + len(body), len(data))
        body += data + b"\x00" * (-len(data) % 4)
    return struct.pack(">IHHHH", 0x00010000, len(tables), 0, 0, 0) + directory + body


def _ttc(faces: list[list[tuple[int, int, int, int, bytes]]]) -> bytes:
    header_size = 12 + 4 * len(faces)
    blobs: list[bytes] = []
    offsets: list[int] = []
    at = header_size
    for names in faces:
        offsets.append(at)
        blob = _sfnt(names, base=at)
        blobs.append(blob)
        at += len(blob)
    header = b"ttcf" + struct.pack(">HHI", 1, 0, len(faces))
    return header + b"".join(struct.pack(">I", o) for o in offsets) + b"".join(blobs)


def _utf16(name: str, language: int = 0x0804, name_id: int = 1) -> tuple[int, int, int, int, bytes]:
    return (3, 1, language, name_id, name.encode("utf-16-be"))


def _gbk_prc(name: str, name_id: int = 1) -> tuple[int, int, int, int, bytes]:
    """Platform 3, encoding 3 (PRC): GBK bytes in 16-bit units, as in old 中易 fonts."""
    raw = b""
    for ch in name:
        encoded = ch.encode("gbk")
        raw += encoded if len(encoded) == 2 else b"\x00" + encoded
    return (3, 3, 0x0804, name_id, raw)


@pytest.fixture
def windows_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """%WINDIR%\\Fonts and the per-user font folder, filled like a Chinese Windows 10."""
    windir = tmp_path / "Windows"
    local = tmp_path / "AppData" / "Local"
    system = windir / "Fonts"
    per_user = local / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    per_user.mkdir(parents=True)
    (system / "simsun.ttc").write_bytes(
        _ttc(
            [
                [_utf16("SimSun", 0x0409), _utf16("宋体"), _utf16("SimSun", 0x0409, 6)],
                [_utf16("NSimSun", 0x0409), _utf16("新宋体"), _utf16("NSimSun", 0x0409, 6)],
            ]
        )
    )
    (system / "simhei.ttf").write_bytes(_sfnt([_utf16("SimHei", 0x0409), _utf16("黑体")]))
    # Old GB2312 fonts: the Chinese family only in a GBK-encoded record.
    (system / "SIMFANG.TTF").write_bytes(_sfnt([_gbk_prc("仿宋_GB2312")]))
    (system / "simkai.ttf").write_bytes(_sfnt([_gbk_prc("楷体_GB2312")]))
    # Installed "for this user only" (no admin rights): the per-user folder.
    (per_user / "方正小标宋简体.TTF").write_bytes(
        _sfnt([_utf16("FZXiaoBiaoSong-B05S", 0x0409), _utf16("方正小标宋简体")])
    )
    monkeypatch.setattr(font_folders.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    return system, per_user


def test_windows_font_folders(monkeypatch: pytest.MonkeyPatch, windows_fonts: Any) -> None:
    system, per_user = windows_fonts
    assert fonts.system_font_dirs() == [system, per_user]
    monkeypatch.delenv("WINDIR")
    monkeypatch.setenv("SYSTEMROOT", str(system.parent))
    monkeypatch.delenv("LOCALAPPDATA")
    assert fonts.system_font_dirs() == [system]
    monkeypatch.delenv("SYSTEMROOT")
    assert [str(d) for d in fonts.system_font_dirs()] == [str(Path(r"C:\Windows") / "Fonts")]


def test_official_windows_faces_are_chosen(windows_fonts: Any) -> None:
    system, per_user = windows_fonts
    chosen = fonts.choose()
    got = {role: rf.face for role, rf in chosen.roles.items()}
    assert all(rf.official for rf in chosen.roles.values())
    assert got[fonts.TABLE].path == os.path.realpath(system / "simsun.ttc")
    assert got[fonts.TABLE].index == 0 and got[fonts.TABLE].display_name == "宋体"
    assert got[fonts.HEADING].display_name == "黑体"
    assert got[fonts.BODY].display_name == "仿宋_GB2312"
    assert got[fonts.SUBHEADING].display_name == "楷体_GB2312"
    assert got[fonts.TITLE].path == os.path.realpath(per_user / "方正小标宋简体.TTF")
    nsimsun = [f for f in fonts.scan() if f.matches("新宋体")]
    assert [f.index for f in nsimsun] == [1] and nsimsun[0].matches("nsimsun")


# -------------------------------------------------------------------------------------------
# A Chinese Windows console (code page 936) and the windowed build without one


def _gbk_console(monkeypatch: pytest.MonkeyPatch) -> tuple[io.BytesIO, io.BytesIO]:
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="cp936"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="cp936"))
    return out, err


def test_check_prints_characters_outside_gbk_on_a_cp936_console(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dazhai_path: Path
) -> None:
    from gaidesk import draft
    from gaidesk.__main__ import main

    report = draft.parse(dazhai_path.read_bytes())
    report.meta.agency = "㵘𠀾镇人民政府"  # CJK extension A and B: not in GBK
    path = tmp_path / "㵘𠀾镇.gaidesk"
    path.write_bytes(draft.dumps(report))
    out, err = _gbk_console(monkeypatch)
    main(["check", str(path)])
    sys.stdout.flush()
    sys.stderr.flush()
    text = out.getvalue().decode("cp936")
    assert "?" in text and "镇" in text  # the missing characters replaced, the rest printed
    assert main(["check", str(tmp_path / "没有㵘.gaidesk")]) != 0  # a message naming the file
    sys.stdout.flush()
    sys.stderr.flush()
    printed = out.getvalue().decode("cp936") + err.getvalue().decode("cp936")
    assert "没有?.gaidesk" in printed


def test_check_without_any_console(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dazhai_path: Path
) -> None:
    """pythonw / the windowed build: sys.stdout and sys.stderr are None."""
    from gaidesk.__main__ import main

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["check", str(dazhai_path)]) in (0, 1)
    assert main(["check", str(tmp_path / "没有.gaidesk")]) != 0


def test_frozen_windowed_build_without_a_parent_console(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "frozen_entry", ROOT / "packaging" / "frozen_entry.py"
    )
    assert spec is not None and spec.loader is not None
    frozen_entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(frozen_entry)
    attached: list[int] = []

    class Kernel32:
        def AttachConsole(self, pid: int) -> int:
            attached.append(pid)
            return 0  # started from Explorer: no console to attach to

    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=Kernel32()), raising=False)
    monkeypatch.setattr(frozen_entry.sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    frozen_entry._attach_windows_console()
    assert attached == [-1]
    print("㵘 goes nowhere")
    print("neither does this", file=sys.stderr)
    assert sys.stdout is not None and sys.stderr is not None
    sys.stdout.close()
    sys.stderr.close()


def test_installer_waits_for_the_mutex_a_running_gaidesk_holds() -> None:
    """The installer asks the clerk to close gaidesk first; both must use the same name."""
    from gaidesk.gui.app import RUNNING_MUTEX, announce_running

    script = (ROOT / "packaging/windows/gaidesk.nsi").read_text(encoding="utf-8-sig")
    assert f'OpenMutexW(i 0x00100000, i 0, w "{RUNNING_MUTEX}")' in script
    assert script.count("!insertmacro CloseGaideskFirst") == 2  # install and uninstall
    assert announce_running() is None  # nothing to hold outside Windows
