"""Processes on Windows, through kernel32 (ctypes): whether one runs and when it started.

Only imported on Windows, or by the tests that play Windows with a fake kernel32.
"""

from __future__ import annotations

from typing import Any

_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5
_FILETIME_UNIX_EPOCH = 116444736000000000  # 1970-01-01 in 100 ns units since 1601-01-01


def load_kernel32() -> Any:
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


def process(pid: int) -> tuple[bool, float | None]:
    """(whether the process runs, when it started) on Windows. A process that exists but may
    not be queried (another user's, elevated) counts as running, with no start time."""
    import ctypes
    from ctypes import wintypes

    kernel32 = load_kernel32()
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
