"""Where drafts live: loading and atomic saving, older versions, the drafts library and locks.

A save writes a temporary file in the draft's own folder, flushes it to the disk and then
replaces the draft in one step (``fsutil.write_atomic``), so a power cut leaves either the old or
the new draft, never a mix. The package's modules, each of one concern:

- ``names``: the draft suffix and file names every system accepts;
- ``history``: the versions kept beside a draft, thinned by age;
- ``drafts``: loading (with every refusal, and the last good version of a damaged draft),
  saving and restoring a version;
- ``locks``: the editing lock, with ``processes`` (is its holder alive?) and ``windows`` (the
  same on Windows, through kernel32);
- ``library``: the data folder's drafts, bin and fonts folder, and what the drafts list shows;
- ``exports``: where an export may be written.

Callers import the names below from ``gaidesk.store``.
"""

from __future__ import annotations

from gaidesk.draft import DraftError
from gaidesk.errors import StoreError
from gaidesk.paths import ENV_DATA_DIR, data_dir
from gaidesk.store.drafts import (
    DamagedDraftError,
    last_good_version,
    load_report,
    restore_version,
    save_report,
)
from gaidesk.store.exports import check_export_target
from gaidesk.store.history import (
    VersionInfo,
    is_current_state,
    snapshot,
    versions,
    versions_dir,
)
from gaidesk.store.library import BinEntry, DraftInfo, Library, draft_info
from gaidesk.store.locks import LOCK_HEARTBEAT, DraftLock, DraftLockedError, LockInfo
from gaidesk.store.names import SUFFIX, safe_file_name

__all__ = [
    "ENV_DATA_DIR",
    "LOCK_HEARTBEAT",
    "SUFFIX",
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
    "is_current_state",
    "last_good_version",
    "load_report",
    "restore_version",
    "safe_file_name",
    "save_report",
    "snapshot",
    "versions",
    "versions_dir",
]
