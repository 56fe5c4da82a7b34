"""The processes behind a lock: whether one still runs, when it started, this computer's name."""

from __future__ import annotations

import os

from gaidesk import fsutil


def boot_time() -> float | None:
    """When this machine booted (Linux), or None where this cannot be told."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            for line in f:
                if line.startswith("btime "):
                    return float(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        return None
    return None  # pragma: no cover


def process_start(pid: int) -> float | None:
    """When a process started (Linux, Windows), or None where this cannot be told."""
    if fsutil.is_windows():
        from gaidesk.store import windows

        return windows.process(pid)[1]
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            stat = f.read()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = boot_time()
        if boot is None:  # pragma: no cover
            return None
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid is running on this machine."""
    if pid <= 0:
        return False
    if fsutil.is_windows():
        from gaidesk.store import windows

        return windows.process(pid)[0]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover
        return False
    return True


def host_name() -> str:
    """This computer's name, as socket.gethostname() gives it (without loading the socket
    module where the system tells it directly: gaidesk never uses the network)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()
