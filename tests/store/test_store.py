"""Draft storage: atomic saving, versions, the library and its bin, locks, bad folders."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gaidesk import draft, draftcheck, fsutil, store
from gaidesk.draft import DraftError
from gaidesk.model import Report
from gaidesk.store import (
    DamagedDraftError,
    DraftLock,
    DraftLockedError,
    Library,
    StoreError,
    history,
    load_report,
    processes,
    save_report,
)
from gaidesk.store import drafts as store_drafts
from tests.support.paths import SRC


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def report(dazhai_path: Path) -> Report:
    return load_report(dazhai_path)


# ---------------------------------------------------------------------------------------------
# data folder


def test_data_dir_override_env_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    assert store.data_dir() == data_dir
    assert store.data_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.delenv("GAIDESK_DATA_DIR")
    import platformdirs

    assert store.data_dir() == Path(platformdirs.user_data_dir("gaidesk", appauthor=False))


def test_library_folders(data_dir: Path) -> None:
    lib = Library()
    assert lib.root == data_dir
    lib.ensure()
    for sub in ("drafts", "bin", "fonts"):
        assert (data_dir / sub).is_dir()


def test_unusable_data_folder_gives_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    lib = Library(blocker)
    with pytest.raises(StoreError) as info:
        lib.ensure()
    assert _has_cjk(str(info.value))
    assert blocker.read_text() == "x"


def test_unreadable_drafts_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    lib = Library()
    lib.ensure()

    def denied(path: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    # Tests run as root, which ignores folder permissions, so the refusal is simulated.
    monkeypatch.setattr(os, "scandir", denied)
    with pytest.raises(StoreError, match="没有权限"):
        lib.list_drafts()


# ---------------------------------------------------------------------------------------------
# saving and loading


def test_save_and_load_round_trip(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    again = load_report(path)
    assert again.cells == report.cells
    assert again.text == report.text
    assert again.meta == report.meta
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_new_file_permissions_and_existing_mode_kept(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    assert os.stat(path).st_mode & 0o777 == 0o644
    os.chmod(path, 0o600)
    save_report(report, path)
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_unknown_keys_survive_a_save(dazhai_path: Path, tmp_path: Path) -> None:
    doc = json.loads(dazhai_path.read_text(encoding="utf-8"))
    doc["plugin"] = {"x": [1, 2.5, "三"]}
    doc["meta"]["signed_by"] = "张三"
    doc["tables"]["t3"]["new"]["note"] = "手工"
    path = tmp_path / "x.gaidesk"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = load_report(path)
    report.set_cell("t3.new.natural", 7)
    save_report(report, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["plugin"] == {"x": [1, 2.5, "三"]}
    assert saved["meta"]["signed_by"] == "张三"
    assert saved["tables"]["t3"]["new"]["note"] == "手工"
    assert saved["tables"]["t3"]["new"]["natural"] == 7


def test_load_missing_folder_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="找不到"):
        load_report(tmp_path / "none.gaidesk")
    with pytest.raises(DraftError, match="不是文件"):
        load_report(tmp_path)


def test_load_unreadable_file(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store_drafts, "read_limited", denied)
    with pytest.raises(DraftError, match="没有权限"):
        load_report(path)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(store_drafts, "read_limited", broken)
    with pytest.raises(DraftError, match="无法读取"):
        load_report(path)


@pytest.mark.parametrize(
    ("where", "code", "words"),
    [
        ("write", errno.ENOSPC, "磁盘空间已满"),
        ("fsync", errno.ENOSPC, "磁盘空间已满"),
        ("replace", errno.ENOSPC, "磁盘空间已满"),
        ("mkstemp", errno.EROFS, "只读"),
        ("mkstemp", errno.EACCES, "没有权限"),
        ("mkstemp", errno.ENOENT, "找不到文件夹"),
        ("write", errno.EIO, "保存草稿失败"),
    ],
)
def test_failed_save_keeps_the_old_file(
    report: Report,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
    words: str,
) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    before = path.read_bytes()
    changed = report.copy()
    changed.set_cell("t3.new.natural", 99)

    def fail(*args: Any, **kwargs: Any) -> Any:
        cls = {errno.EACCES: PermissionError, errno.ENOENT: FileNotFoundError}.get(code, OSError)
        raise cls(code, os.strerror(code))

    with monkeypatch.context() as m:
        if where == "mkstemp":
            m.setattr(tempfile, "mkstemp", fail)
        else:
            m.setattr(os, where, fail)
        with pytest.raises(StoreError) as info:
            save_report(changed, path, keep_version=False)
    message = str(info.value)
    assert words in message
    assert "原来的文件没有改动" in message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.gaidesk"]


def test_stale_temporaries_are_swept(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    old = tmp_path / ".a.gaidesk.abc123.tmp"
    fresh = tmp_path / ".a.gaidesk.def456.tmp"
    other = tmp_path / ".b.gaidesk.abc123.tmp"
    for p in (old, fresh, other):
        p.write_bytes(b"{")
    past = time.time() - 3600
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    fsutil._SWEPT.discard(path)
    save_report(report, path)
    assert not old.exists()
    assert fresh.exists()  # may belong to a save in progress
    assert other.exists()  # another draft's


def test_write_atomic_retries_are_posix_noop(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    fsutil.write_atomic(path, b"{}", action="保存设置")
    assert path.read_bytes() == b"{}"


# ---------------------------------------------------------------------------------------------
# versions


def test_versions_kept_newest_first_and_restored(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.gaidesk"
    states = []
    for n in range(5):
        r = report.copy()
        r.set_cell("t3.new.natural", n)
        states.append(r)
        save_report(r, path, keep_version=True)
        # distinct modification times whatever the file system's resolution, all in the last
        # few minutes (older versions are thinned)
        stamp = time.time() - 500 + n * 100
        os.utime(path, (stamp, stamp))
    kept = store.versions(path)
    assert len(kept) == 4  # the states replaced by the 2nd..5th save
    assert [v.saved_at for v in kept] == sorted((v.saved_at for v in kept), reverse=True)
    assert [load_report(v.path).cells["t3.new.natural"] for v in kept] == [3, 2, 1, 0]
    restored = store.restore_version(path, kept[2])
    assert restored.cells["t3.new.natural"] == 1
    assert load_report(path).cells["t3.new.natural"] == 1
    # the state that the restore replaced is kept too
    assert load_report(store.versions(path)[0].path).cells["t3.new.natural"] == 4


def test_autosave_keeps_at_most_one_version_a_minute(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    assert store.versions(path) == []
    for n in range(5):
        report.set_cell("t3.new.natural", n)
        save_report(report, path)
    assert len(store.versions(path)) == 1
    monkeypatch.setattr(store_drafts, "VERSION_INTERVAL", 0.0)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    save_report(report, path)
    assert len(store.versions(path)) == 2
    save_report(report, path, keep_version=False)
    assert len(store.versions(path)) == 2


def _fake_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """store's clock, moved by the test: set ``clock[0]``."""
    clock = [0.0]
    monkeypatch.setattr(history, "clock", lambda: clock[0])
    return clock


def test_versions_thinned_by_age_reach_back_a_month(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """33 working days, a save a minute from 9:00 to 9:15 and from 14:00 to 14:15: yesterday's
    last state, one per day for a month, one per hour today and every save of the last ten
    minutes are kept, and never more than MAX_VERSIONS."""
    path = tmp_path / "a.gaidesk"
    clock = _fake_clock(monkeypatch)
    start = datetime(2026, 1, 1).timestamp()
    counter = 0
    saved: dict[float, int] = {}  # time of each save -> the value it saved
    days = 33
    for day in range(days):
        for hour in (9, 14):
            for step in range(0, 15 * 60, 60):
                now = start + day * 86_400 + hour * 3600 + step
                clock[0] = now
                counter += 1
                report.set_cell("t3.new.natural", counter)
                save_report(report, path)
                os.utime(path, (now, now))
                saved[now] = counter
        assert len(store.versions(path)) <= history.MAX_VERSIONS
    end = clock[0]
    kept = store.versions(path)
    stamps = [v.saved_at.timestamp() for v in kept]
    assert stamps == sorted(stamps, reverse=True)
    # Every kept version holds the state saved at its time.
    for version in kept[:5] + kept[-5:]:
        assert (
            load_report(version.path).cells["t3.new.natural"] == saved[version.saved_at.timestamp()]
        )
    # The last ten minutes: one version a minute, none thinned.
    recent = [t for t in stamps if end - t < history.RECENT_VERSIONS_SPAN]
    assert len(recent) >= 9
    # Yesterday's last state (14:14) is there, and the one of each of the 30 days before.
    last_of_day = {start + d * 86_400 + 14 * 3600 + 14 * 60 for d in range(days)}
    today = start + (days - 1) * 86_400
    for day_end in last_of_day:
        if today - 30 * 86_400 <= day_end < today:
            assert day_end in stamps, datetime.fromtimestamp(day_end)
    # Today's morning session is there by its last state of the hour.
    assert today + 9 * 3600 + 14 * 60 in stamps
    assert len(kept) <= history.MAX_VERSIONS


def test_explicit_saves_in_a_burst_are_bounded(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.gaidesk"
    clock = _fake_clock(monkeypatch)
    for n in range(50):
        clock[0] = 1_800_000_000 + n
        report.set_cell("t3.new.natural", n)
        save_report(report, path, keep_version=True)
        os.utime(path, (clock[0], clock[0]))
    kept = store.versions(path)
    assert len(kept) == history.MAX_RECENT_VERSIONS
    assert load_report(kept[0].path).cells["t3.new.natural"] == 48


def test_versions_to_keep_by_tier() -> None:
    now = datetime(2026, 3, 10, 12, 0, 0)
    saved = [
        now - timedelta(minutes=1),  # recent
        now - timedelta(minutes=9),  # recent
        now - timedelta(minutes=20),  # 11:40, the newest of hour 11
        now - timedelta(minutes=50),  # 11:10, same hour: dropped
        now - timedelta(hours=5),  # 07:00
        now - timedelta(days=1, hours=1),  # yesterday 11:00, the newest of that day
        now - timedelta(days=1, hours=3),  # yesterday 09:00: dropped
        now - timedelta(days=40),  # a month before
        now - timedelta(days=41),  # same month: dropped
    ]
    assert history.versions_to_keep(saved, now) == [
        True,
        True,
        True,
        False,
        True,
        True,
        False,
        True,
        False,
    ]


def test_snapshot_on_open_does_not_duplicate(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    first = store.snapshot(path)
    assert first is not None
    assert store.snapshot(path) == first
    assert len(store.versions(path)) == 1
    assert store.snapshot(tmp_path / "missing.gaidesk") is None


def test_two_saves_in_one_clock_tick_are_two_states(report: Report, tmp_path: Path) -> None:
    """File time stamps are coarse: a save right after another can carry the same mtime. The
    earlier state must still be kept as a version and offered, not taken for the current one."""
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    first = os.stat(path)
    report.meta.title = "较新的标题"
    save_report(report, path, keep_version=True)
    os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))  # the same tick as the first save
    (older,) = store.versions(path)
    assert not store.is_current_state(older, path)
    kept = store.snapshot(path)  # as on opening the draft
    assert kept is not None and kept != older
    assert store.is_current_state(kept, path)
    assert store.versions(path) == [kept, older]  # newest first, also within one tick
    assert [v for v in store.versions(path) if not store.is_current_state(v, path)] == [older]


def test_snapshot_copies_where_links_fail(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)

    def no_links(*args: Any) -> None:
        raise OSError(errno.EPERM, "links not supported")  # e.g. a FAT-formatted USB stick

    monkeypatch.setattr(os, "link", no_links)
    kept = store.snapshot(path)
    assert kept is not None
    assert kept.path.read_bytes() == path.read_bytes()
    assert os.stat(kept.path).st_ino != os.stat(path).st_ino


def test_versions_folder_that_cannot_be_made_does_not_stop_saving(
    report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    (tmp_path / history.VERSIONS_DIR).write_text("in the way")
    report.set_cell("t3.new.natural", 5)
    save_report(report, path, keep_version=True)
    assert load_report(path).cells["t3.new.natural"] == 5
    assert store.versions(path) == []


def test_damaged_draft_offers_last_good_version(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    report.set_cell("t3.new.natural", 3)
    save_report(report, path, keep_version=True)
    good = store.versions(path)[0]
    # a newer version that is itself damaged is skipped
    bad = good.path.with_name("29991231T235959.000000.gaidesk")
    bad.write_bytes(b'{"format": "gaidesk-report", "vers')
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedDraftError) as info:
        load_report(path)
    assert "最近一次完好的版本" in str(info.value)
    assert info.value.last_good is not None
    assert info.value.last_good.path == good.path
    assert store.last_good_version(path) == info.value.last_good
    assert path.read_bytes() == data[: len(data) // 2]  # loading touched nothing
    store.restore_version(path, info.value.last_good)
    assert load_report(path).cells["t3.new.natural"] == 0


def test_newer_format_is_not_offered_an_older_version(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    save_report(report, path, keep_version=True)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["version"] = 9
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DraftError) as info:
        load_report(path)
    assert not isinstance(info.value, DamagedDraftError)
    assert "更新版本" in str(info.value)


# ---------------------------------------------------------------------------------------------
# library


def test_new_draft_path_is_readable_and_unique(report: Report) -> None:
    lib = Library()
    first = lib.new_draft_path(report)
    assert first.name == "大寨镇2025年报告.gaidesk"
    assert first.parent == lib.drafts_dir
    save_report(report, first)
    second = lib.new_draft_path(report)
    assert second.name == "大寨镇2025年报告（2）.gaidesk"
    nameless = Report.blank()
    assert lib.new_draft_path(nameless).name == "未命名报告.gaidesk"
    odd = Report.blank('a/b:c*"镇"', 2026)
    assert lib.new_draft_path(odd).name == "abc镇2026年报告.gaidesk"


def test_list_drafts_with_counts_newest_first_and_damaged(report: Report) -> None:
    pytest.importorskip("gaidesk.rules")
    from gaidesk import rules

    lib = Library()
    older = lib.new_draft_path(report)
    save_report(report, older)
    os.utime(older, (1_700_000_000, 1_700_000_000))
    broken = report.copy()
    broken.cells["t3.new.natural"] = 5  # total no longer adds up
    newer = lib.drafts_dir / "乙.gaidesk"
    save_report(broken, newer)
    damaged = lib.drafts_dir / "坏.gaidesk"
    damaged.write_bytes(b'{"format": "gaidesk-report", "version": 1, "meta": {')
    os.utime(damaged, (1_600_000_000, 1_600_000_000))
    (lib.drafts_dir / "notes.txt").write_text("not a draft")

    infos = lib.list_drafts()
    assert [i.path for i in infos] == [newer, older, damaged]
    expected = rules.one_per_cause(rules.check(report))
    verdicts = draftcheck.verdicts(infos)
    assert verdicts[older].errors == sum(1 for f in expected if f.severity == rules.ERROR)
    assert verdicts[older].open_warnings == sum(1 for f in expected if f.severity == rules.WARNING)
    assert infos[1].agency == "大寨镇人民政府"
    assert infos[1].year == 2025
    assert infos[1].display_name == "大寨镇"
    assert verdicts[newer].errors > verdicts[older].errors
    assert infos[2].damaged and damaged not in verdicts
    assert _has_cjk(infos[2].problem)
    assert infos[2].display_name == "坏"


def test_list_drafts_is_cached_per_modification(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("gaidesk.rules")
    from gaidesk import rules

    lib = Library()
    path = lib.new_draft_path(report)
    save_report(report, path)
    calls = []
    real = rules.check

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rules, "check", counting)
    draftcheck.verdicts(lib.list_drafts())
    draftcheck.verdicts(lib.list_drafts())
    assert len(calls) == 1
    report.set_cell("t3.new.natural", 1)
    save_report(report, path)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    draftcheck.verdicts(lib.list_drafts())
    assert len(calls) == 2


def test_listing_drafts_runs_no_rules(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    from gaidesk import rules

    lib = Library()
    save_report(report, lib.new_draft_path(report))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the store ran the rules")

    monkeypatch.setattr(rules, "check", refuse)
    (info,) = lib.list_drafts()
    assert info.agency == "大寨镇人民政府" and info.year == 2025


def test_empty_library_lists_nothing() -> None:
    assert Library().list_drafts() == []
    assert Library().list_bin() == []


def test_rename_moves_versions_and_refuses_taken_names(report: Report) -> None:
    lib = Library()
    path = lib.new_draft_path(report)
    save_report(report, path)
    save_report(report, path, keep_version=True)
    assert len(store.versions(path)) == 1
    new = lib.rename(path, "大寨镇终稿")
    assert new.name == "大寨镇终稿.gaidesk"
    assert not path.exists()
    assert len(store.versions(new)) == 1
    assert lib.rename(new, "大寨镇终稿.gaidesk") == new
    other = lib.drafts_dir / "别的.gaidesk"
    save_report(report, other)
    with pytest.raises(StoreError, match="已经有名为"):
        lib.rename(other, "大寨镇终稿")
    with pytest.raises(StoreError, match="重命名草稿失败"):
        lib.rename(lib.drafts_dir / "没有.gaidesk", "新名")


def test_delete_to_bin_and_restore(report: Report) -> None:
    lib = Library()
    path = lib.new_draft_path(report)
    save_report(report, path)
    save_report(report, path, keep_version=True)
    binned = lib.delete(path)
    assert not path.exists()
    assert binned.parent == lib.bin_dir
    assert lib.list_drafts() == []
    entries = lib.list_bin()
    assert len(entries) == 1
    assert entries[0].name == "大寨镇2025年报告.gaidesk"
    # a new draft took the name meanwhile: the restored one gets a free name
    save_report(report, path)
    back = lib.restore(entries[0])
    assert back.name == "大寨镇2025年报告（2）.gaidesk"
    assert load_report(back).meta.agency == "大寨镇人民政府"
    assert len(store.versions(back)) == 1
    assert lib.list_bin() == []
    with pytest.raises(StoreError, match="删除草稿失败"):
        lib.delete(lib.drafts_dir / "没有.gaidesk")


def test_bin_entry_with_foreign_name(report: Report) -> None:
    lib = Library()
    lib.ensure()
    stray = lib.bin_dir / "手放的.gaidesk"
    save_report(report, stray)
    (entry,) = lib.list_bin()
    assert entry.name == "手放的.gaidesk"
    assert lib.restore(entry.path).name == "手放的.gaidesk"


# ---------------------------------------------------------------------------------------------
# locks

_HOLDER = """
import sys, time
sys.path.insert(0, {src!r})
from gaidesk.store import DraftLock
from pathlib import Path
lock = DraftLock(sys.argv[1], Path(sys.argv[2])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_lock_same_process_twice(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    lib = Library()
    with lib.lock(path) as lock:
        assert lock.held
        assert not lock.was_closed_abnormally
        with pytest.raises(DraftLockedError, match="另一个窗口") as info:
            lib.lock(path)
        assert info.value.holder.pid == os.getpid()
        assert lock.acquire() is lock  # taking it again through the same handle is harmless
    assert not lock.held
    assert not list(tmp_path.glob(".*.lock"))
    with lib.lock(path) as again:
        assert not again.was_closed_abnormally


def test_lock_file_is_hidden(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden: list[Path] = []
    monkeypatch.setattr(fsutil, "hide", hidden.append)
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    with Library().lock(path) as lock:
        assert lock.lock_path is not None
        assert hidden == [lock.lock_path]


def test_lock_held_by_child_then_stale_after_kill(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    save_report(report, path)
    script = _HOLDER.format(src=str(SRC))
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(path), str(tmp_path / "locks")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(DraftLockedError) as info:
            Library().lock(path)
        assert "另一个 gaidesk 窗口" in str(info.value)
        assert info.value.holder.pid == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    lock = Library().lock(path)
    try:
        assert lock.was_closed_abnormally
        assert lock.stale is not None
        assert lock.stale.pid == child.pid
    finally:
        lock.release()


def test_lock_of_reused_pid_is_stale(tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    lock_file = tmp_path / ".a.gaidesk.lock"
    # our own pid, but recorded for a process that started long before this one
    body = {"pid": os.getpid(), "host": socket.gethostname(), "started": 1.0, "proc_start": 1.0}
    lock_file.write_text(json.dumps(body))
    lock = DraftLock(path, tmp_path / "locks")
    if processes.process_start(os.getpid()) is None:
        pytest.skip("this system cannot tell when a process started")
    lock.acquire()
    assert lock.was_closed_abnormally
    lock.release()


@pytest.mark.parametrize(
    "content",
    [b"{half", b'{"pid": "x"}', b'{"pid": -1, "host": "h", "started": 1}'],
)
def test_broken_or_dead_lock_is_stale(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.gaidesk"
    (tmp_path / ".a.gaidesk.lock").write_bytes(content.replace(b'"h"', _host_json()))
    lock = DraftLock(path, tmp_path / "locks").acquire()
    assert lock.was_closed_abnormally
    lock.release()
    assert not (tmp_path / ".a.gaidesk.lock").exists()


def test_empty_lock_left_by_a_full_disk_is_no_sign_of_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    (tmp_path / ".a.gaidesk.lock").write_bytes(b"")
    lock = DraftLock(path, tmp_path / "locks").acquire()
    assert not lock.was_closed_abnormally
    assert lock.lock_path is not None and lock.lock_path.stat().st_size > 0
    lock.release()


def test_a_lock_that_cannot_be_written_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StoreError, match="磁盘空间已满"):
        DraftLock(tmp_path / "a.gaidesk", tmp_path / "locks").acquire()
    assert not list(tmp_path.glob(".*.lock"))
    assert not list((tmp_path / "locks").glob("*"))


def test_lock_records_host_time_and_heartbeat(tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    lock = DraftLock(path, tmp_path / "locks").acquire()
    assert lock.lock_path is not None
    body = json.loads(lock.lock_path.read_text(encoding="utf-8"))
    assert body["host"] == socket.gethostname()
    assert abs(body["started"] - time.time()) < 60
    assert body["heartbeat"] == store.LOCK_HEARTBEAT
    os.utime(lock.lock_path, (1_700_000_000, 1_700_000_000))
    assert lock.refresh()
    assert time.time() - lock.lock_path.stat().st_mtime < 60  # the heartbeat touched it
    lock.release()


def _foreign_lock(tmp_path: Path, idle: float) -> Path:
    lock_file = tmp_path / ".a.gaidesk.lock"
    started = time.time() - idle - 60
    body = {"pid": 1, "host": "county-pc-07", "started": started, "heartbeat": 60}
    lock_file.write_text(json.dumps(body))
    os.utime(lock_file, (time.time() - idle, time.time() - idle))
    return lock_file


def test_abandoned_lock_of_another_computer_shows_its_age_and_can_be_taken_over(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.gaidesk"
    _foreign_lock(tmp_path, idle=2 * 3600)
    with pytest.raises(DraftLockedError) as info:
        DraftLock(path, tmp_path / "locks").acquire()
    holder = info.value.holder
    assert holder.abandoned and holder.from_elsewhere
    assert "county-pc-07" in str(info.value) and "2 小时" in str(info.value)
    lock = DraftLock(path, tmp_path / "locks").take_over(holder)
    assert lock.held and lock.taken_over == holder
    body = json.loads((tmp_path / ".a.gaidesk.lock").read_text())
    assert body["host"] == socket.gethostname()
    lock.release()


def test_a_lock_refreshed_by_another_computer_cannot_be_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    lock_file = _foreign_lock(tmp_path, idle=30)
    with pytest.raises(DraftLockedError) as info:
        DraftLock(path, tmp_path / "locks").acquire()
    assert not info.value.holder.abandoned
    assert "正在另一台电脑（county-pc-07）上编辑" in str(info.value)
    with pytest.raises(DraftLockedError):
        DraftLock(path, tmp_path / "locks").take_over(info.value.holder)
    assert "county-pc-07" in lock_file.read_text()


def test_refresh_notices_a_lock_taken_over_elsewhere(tmp_path: Path) -> None:
    lock = DraftLock(tmp_path / "a.gaidesk", tmp_path / "locks").acquire()
    assert lock.lock_path is not None
    lock.lock_path.write_text(json.dumps({"pid": 1, "host": "other", "started": 1}))
    assert not lock.refresh()
    lock.lock_path.unlink()
    assert lock.refresh()  # vanished (a stick pulled and put back): taken again
    assert lock.held
    lock.release()


def _host_json() -> bytes:
    return json.dumps(socket.gethostname()).encode()


def test_lock_from_another_computer_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    body = {"pid": 1, "host": "county-pc-07", "started": 1_700_000_000}
    (tmp_path / ".a.gaidesk.lock").write_text(json.dumps(body))
    with pytest.raises(DraftLockedError, match="另一台电脑（county-pc-07）"):
        DraftLock(path, tmp_path / "locks").acquire()


def test_release_leaves_a_lock_that_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "a.gaidesk"
    lock = DraftLock(path, tmp_path / "locks").acquire()
    assert lock.lock_path is not None
    other = {"pid": 1, "host": "x", "started": 1, "token": "someone-else"}
    lock.lock_path.write_text(json.dumps(other))
    lock.release()
    assert (tmp_path / ".a.gaidesk.lock").exists()


def test_lock_falls_back_to_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "stick" / "a.gaidesk"
    path.parent.mkdir()
    real_open = os.open

    def read_only_stick(file: Any, flags: int, *args: Any) -> int:
        if Path(file).parent == path.parent and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", read_only_stick)
    lib = Library()
    lock = lib.lock(path)
    assert lock.lock_path is not None
    assert lock.lock_path.parent == lib.locks_dir
    with pytest.raises(DraftLockedError):
        lib.lock(path)
    lock.release()


def test_lock_impossible_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(file: Any, flags: int, *args: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError, match="没有权限"):
        DraftLock(tmp_path / "a.gaidesk", tmp_path / "locks").acquire()


def test_pid_alive() -> None:
    assert processes.pid_alive(os.getpid())
    assert not processes.pid_alive(0)


def test_draft_module_constant_is_what_the_store_limits() -> None:
    assert draft.MAX_DRAFT_BYTES < 100 * 1024 * 1024


def test_path_digest_is_stable_and_keeps_paths_apart() -> None:
    digest = fsutil.path_digest("/home/clerk/草稿/大寨镇2025.gaidesk")
    assert digest == fsutil.path_digest("/home/clerk/草稿/大寨镇2025.gaidesk")
    assert len(digest) == 16 and int(digest, 16) >= 0
    names = {fsutil.path_digest(f"/home/clerk/drafts/report-{n}.gaidesk") for n in range(5000)}
    names |= {fsutil.path_digest(f"D:\\报告\\{year}年报告.gaidesk") for year in range(1990, 2100)}
    assert len(names) == 5000 + 110


def test_version_and_bin_stamps_read_like_strptime() -> None:
    from datetime import datetime

    for stamp, layout in (
        ("20251127T143005.123456", "%Y%m%dT%H%M%S.%f"),
        ("20240229T000000.000001", "%Y%m%dT%H%M%S.%f"),
        ("20251231T235959", "%Y%m%dT%H%M%S"),
    ):
        assert history.stamp_time(stamp) == datetime.strptime(stamp, layout)
    with pytest.raises(ValueError):
        history.stamp_time("20251327T143005")


def test_lead_paragraph_of_section_one_and_drafts_without_it(
    dazhai_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`text.overview.lead` is saved and read; a draft written before it existed loads with an
    empty one; a gaidesk that does not know it (simulated by leaving it out of the format) keeps
    a newer draft's lead paragraph as an unknown key and writes it back unchanged."""
    from gaidesk import format as fmt

    older = json.loads(dazhai_path.read_text(encoding="utf-8"))
    assert "lead" not in older["text"]["overview"]
    path = tmp_path / "lead.gaidesk"
    path.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    report = load_report(path)
    assert report.text["overview.lead"] == ""
    report.text["overview.lead"] = "本年度，我镇坚持以公开为常态、不公开为例外。"
    save_report(report, path)
    newer = json.loads(path.read_text(encoding="utf-8"))
    assert newer["text"]["overview"]["lead"] == "本年度，我镇坚持以公开为常态、不公开为例外。"
    assert load_report(path).text["overview.lead"] == report.text["overview.lead"]

    monkeypatch.setattr(
        fmt, "TEXT_PARTS", tuple(p for p in fmt.TEXT_PARTS if p.key != "overview.lead")
    )
    monkeypatch.setattr(draft, "_KNOWN", draft._known_tree())
    old_program = load_report(path)
    assert "overview.lead" not in old_program.text
    old_program.set_cell("t3.new.natural", 7)
    save_report(old_program, path)
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept["text"]["overview"]["lead"] == "本年度，我镇坚持以公开为常态、不公开为例外。"
    assert kept["tables"]["t3"]["new"]["natural"] == 7
