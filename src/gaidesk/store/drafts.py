"""Reading and writing one draft: load with every refusal, atomic save with a version of the
state it replaces, the last good version of a damaged draft and restoring a version."""

from __future__ import annotations

import json
import os
from pathlib import Path

from gaidesk import draft
from gaidesk.draft import DraftError
from gaidesk.errors import StoreError
from gaidesk.fsutil import os_reason, write_atomic
from gaidesk.model import Report
from gaidesk.store import history
from gaidesk.store.history import VersionInfo, snapshot, versions

VERSION_INTERVAL = 60.0  # seconds between automatic versions while autosaving


class DamagedDraftError(DraftError):
    """A draft that cannot be read, with the last version of it that can (if any)."""

    def __init__(self, message: str, last_good: VersionInfo | None) -> None:
        super().__init__(message)
        self.last_good = last_good


def read_limited(path: Path) -> bytes:
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
        data = read_limited(p)
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
        due = not kept or history.clock() - kept[0].saved_at.timestamp() >= VERSION_INTERVAL
        if keep_version or due:
            snapshot(p)
    write_atomic(p, data, sync_folder=keep_version is not None)


def last_good_version(path: str | os.PathLike[str]) -> VersionInfo | None:
    """The newest kept version that loads, or None."""
    for v in versions(path):
        try:
            draft.parse(read_limited(v.path))
        except (DraftError, OSError):
            continue
        return v
    return None


def restore_version(path: str | os.PathLike[str], version: VersionInfo | Path) -> Report:
    """Make a kept version the current draft again; the state it replaces is kept as a version."""
    vpath = version.path if isinstance(version, VersionInfo) else Path(version)
    report = load_report(vpath, offer_versions=False)
    data = read_limited(vpath)
    p = Path(path)
    if p.exists():
        snapshot(p)
    write_atomic(p, data, action="恢复版本")
    return report
