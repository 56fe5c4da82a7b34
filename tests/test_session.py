"""Opening a draft for editing without Qt: every way out releases the lock it took."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest

from gaidesk import store
from gaidesk.model import Report
from gaidesk.session import LockedChoice, OpenedDraft, open_for_editing, restore_version
from gaidesk.store import drafts as store_drafts


class Answers:
    """session.Questions with answers given in advance; records what was asked."""

    def __init__(
        self,
        locked: LockedChoice = LockedChoice.CANCEL,
        read_only: bool = False,
        restore: bool = False,
    ) -> None:
        self.locked, self.read_only, self.restore = locked, read_only, restore
        self.asked: list[str] = []
        self.loads = 0

    def when_locked(self, error: store.DraftLockedError) -> LockedChoice:
        self.asked.append("locked")
        return self.locked

    def read_only_instead(self, error: store.StoreError) -> bool:
        self.asked.append("read only")
        return self.read_only

    def restore_damaged(self, error: store.DamagedDraftError) -> bool:
        self.asked.append("damaged")
        return self.restore

    def failed(self, title: str, message: str) -> None:
        self.asked.append(f"failed: {title}: {message}")

    def load(self, path: Path) -> Report | None:
        self.loads += 1
        return store.load_report(path)


@pytest.fixture
def library(data_dir: Path) -> store.Library:
    lib = store.Library()
    lib.ensure()
    return lib


@pytest.fixture
def draft_path(library: store.Library, dazhai_path: Path) -> Path:
    path = library.drafts_dir / "大寨镇.gaidesk"
    path.write_bytes(dazhai_path.read_bytes())
    return path


def _is_free(path: Path, library: store.Library) -> bool:
    try:
        library.lock(path).release()
    except store.DraftLockedError:
        return False
    return True


def test_opening_locks_reads_and_keeps_the_opened_state(
    library: store.Library, draft_path: Path
) -> None:
    ask = Answers()
    opened = open_for_editing(draft_path, library, ask)
    assert opened is not None and opened.lock is not None and opened.lock.held
    assert not opened.read_only and ask.asked == [] and ask.loads == 1
    assert opened.report.meta.agency == "大寨镇人民政府"
    assert len(store.versions(draft_path)) == 1  # the opened state is kept as a version
    assert not _is_free(draft_path, library)
    opened.lock.release()


def test_a_draft_open_elsewhere_opens_read_only_or_not_at_all(
    library: store.Library, draft_path: Path
) -> None:
    holder = library.lock(draft_path)
    try:
        assert open_for_editing(draft_path, library, Answers(LockedChoice.CANCEL)) is None
        ask = Answers(LockedChoice.READ_ONLY)
        viewer = open_for_editing(draft_path, library, ask)
        assert viewer is not None and viewer.lock is None and "另一个窗口" in viewer.read_only
        assert store.versions(draft_path) == []  # read-only: nothing written
        # A take-over is only for an abandoned lock of another computer: here it opens nothing.
        assert open_for_editing(draft_path, library, Answers(LockedChoice.TAKE_OVER)) is None
    finally:
        holder.release()


def test_an_abandoned_lock_of_another_computer_can_be_taken_over(
    library: store.Library, draft_path: Path
) -> None:
    lock_file = draft_path.parent / f".{draft_path.name}.lock"
    old = time.time() - 3 * 3600
    body = {"pid": 4242, "host": "county-pc-07", "started": old, "heartbeat": 60}
    lock_file.write_text(json.dumps(body), encoding="utf-8")
    os.utime(lock_file, (old, old))
    assert socket.gethostname() != "county-pc-07"
    ask = Answers(LockedChoice.TAKE_OVER)
    opened = open_for_editing(draft_path, library, ask)
    assert opened is not None and opened.lock is not None
    assert opened.lock.taken_over is not None and opened.lock.taken_over.host == "county-pc-07"
    assert ask.asked == ["locked"]
    opened.lock.release()


def test_an_unreadable_draft_releases_the_lock(library: store.Library, tmp_path: Path) -> None:
    path = library.drafts_dir / "坏.gaidesk"
    path.write_bytes(b"not a draft at all")
    ask = Answers()
    assert open_for_editing(path, library, ask) is None
    assert ask.asked and ask.asked[0].startswith("failed: 无法打开草稿")
    assert _is_free(path, library)


def test_a_cancelled_reading_releases_the_lock(library: store.Library, draft_path: Path) -> None:
    class Cancelling(Answers):
        def load(self, path: Path) -> Report | None:
            return None

    assert open_for_editing(draft_path, library, Cancelling()) is None
    assert _is_free(draft_path, library)


def test_a_failing_reading_releases_the_lock(library: store.Library, draft_path: Path) -> None:
    class Failing(Answers):
        def load(self, path: Path) -> Report | None:
            raise MemoryError

    with pytest.raises(MemoryError):
        open_for_editing(draft_path, library, Failing())
    assert _is_free(draft_path, library)


def _damage(path: Path) -> store.VersionInfo:
    report = store.load_report(path)
    report.meta.title = "较新的标题"
    store.save_report(report, path, keep_version=True)  # the sample becomes a version
    path.write_bytes(path.read_bytes()[:200])
    good = store.last_good_version(path)
    assert good is not None
    return good


def test_a_damaged_draft_offers_its_last_good_version(
    library: store.Library, draft_path: Path
) -> None:
    _damage(draft_path)
    assert open_for_editing(draft_path, library, Answers(restore=False)) is None
    assert _is_free(draft_path, library)
    ask = Answers(restore=True)
    opened = open_for_editing(draft_path, library, ask)
    assert opened is not None and opened.lock is not None and ask.asked == ["damaged"]
    assert opened.report.meta.title == "大寨镇2025年政府信息公开工作年度报告"
    assert store.load_report(draft_path).meta.title == opened.report.meta.title
    opened.lock.release()


def test_a_damaged_draft_read_only_is_refused_not_restored(
    library: store.Library, draft_path: Path
) -> None:
    _damage(draft_path)
    damaged = draft_path.read_bytes()
    holder = library.lock(draft_path)
    try:
        ask = Answers(LockedChoice.READ_ONLY, restore=True)
        assert open_for_editing(draft_path, library, ask) is None
        assert ask.asked[0] == "locked" and ask.asked[1].startswith("failed: 无法打开草稿")
        assert draft_path.read_bytes() == damaged
    finally:
        holder.release()


def test_a_data_folder_without_locks_opens_read_only(
    library: store.Library, draft_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: store.Library, path: Path) -> store.DraftLock:
        raise store.StoreError("标记草稿为正在编辑失败：这个位置是只读的。")

    monkeypatch.setattr(store.Library, "lock", refuse)
    assert open_for_editing(draft_path, library, Answers(read_only=False)) is None
    opened = open_for_editing(draft_path, library, Answers(read_only=True))
    assert opened is not None and opened.lock is None and "只读" in opened.read_only


def test_restoring_a_version_hands_on_the_report_and_the_lock(
    library: store.Library, draft_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_for_editing(draft_path, library, Answers())
    assert opened is not None and opened.lock is not None
    report = opened.report
    report.meta.title = "较新的标题"
    store.save_report(report, draft_path, keep_version=True)
    (version,) = [v for v in store.versions(draft_path) if "较新" not in v.path.read_text("utf-8")]
    loads: list[Path] = []
    real = store.load_report

    def counting(path: Path, **kwargs: bool) -> Report:
        loads.append(Path(path))
        return real(path, **kwargs)

    monkeypatch.setattr(store_drafts, "load_report", counting)
    restored = restore_version(draft_path, version, opened.lock)
    assert isinstance(restored, OpenedDraft)
    assert restored.lock is opened.lock and opened.lock.held  # never let go
    assert restored.report.meta.title == "大寨镇2025年政府信息公开工作年度报告"
    assert loads == [version.path]  # the version is read once; the draft is not read again
    opened.lock.release()
