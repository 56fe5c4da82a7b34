"""Keeping one open draft on the disk: autosave, the lock and its heartbeat, switching to
read-only when the draft is taken over, save as, restoring a version, last year's report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from gaidesk import store
from gaidesk.draft import DraftError
from gaidesk.gui.autosave import AutoSaver
from gaidesk.gui.common import BannerKind

if TYPE_CHECKING:
    from gaidesk.gui.wizard.window import WizardWindow


class DraftSaving:
    """The window's draft on the disk. ``lock`` is the draft's lock while this window may write
    it; ``read_only`` says why it may not (or is "")."""

    def __init__(self, window: WizardWindow, lock: store.DraftLock | None) -> None:
        self._window = window
        self.document = window.document
        self.lock = lock
        self.read_only = ""
        self.autosaver = AutoSaver(self.document, parent=window)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_save_failed)
        # The lock's heartbeat: another computer sees that this draft is still being edited.
        self._heartbeat = QTimer(window)
        self._heartbeat.setInterval(int(store.LOCK_HEARTBEAT * 1000))
        self._heartbeat.timeout.connect(self._lock_still_ours)
        if lock is not None:
            self._heartbeat.start()
            self.autosaver.may_write = self._lock_still_ours

    # -- saving ------------------------------------------------------------------------------

    def before_reading(self) -> bool:
        """Before any menu action, export or print: the cell being typed in is taken and the
        draft saved. False when the cell holds no number (the action then waits)."""
        if not self._window.commit_open_editors():
            return False
        self.autosaver.save_if_dirty()
        return True

    def save_now(self) -> bool:
        if not self._window.commit_open_editors():
            return False
        return self.autosaver.save_now()

    def save_for_exit(self) -> bool:
        """The session ends (logout, shutdown, a signal) or an error is shown: save what she
        typed without asking anything; True when nothing is left unsaved."""
        self._window.commit_open_editors(keep_refused=False)
        return self.autosaver.save_if_dirty()

    def may_close(self, ending: bool) -> bool:
        """Closing the window: True once what she typed is saved, or she chose to lose it
        (asked unless the program is ``ending``)."""
        if self.autosaver.save_if_dirty() or ending:
            return True
        from gaidesk.gui import dialogs  # the dialogs load when a question is asked

        choice = dialogs.choose(
            self._window,
            "无法保存",
            f"{self.autosaver.last_error}\n\n关闭窗口会丢失最近的修改。请先另存到其他位置。",
            ["另存为…", "不保存，直接关闭", "返回继续编辑"],
            0,
        )
        if choice == 0:
            return self.save_as() is not None
        return choice == 1

    def release(self) -> None:
        """The window is closed: no more heartbeats, and the lock is let go."""
        self._heartbeat.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _on_saved(self, when: datetime) -> None:
        self._window.status.show_saved(when)
        banner = self._window.banner
        if banner.isVisible() and banner.kind is BannerKind.ERROR:
            banner.hide()

    def _on_save_failed(self, message: str) -> None:
        self._window.status.show_save_failed()
        self._window.banner.show_message(
            f"{message}\n您填写的内容仍在程序中，修改后会再次尝试保存；也可以“另存为”到其他位置。",
            BannerKind.ERROR,
            "另存为…",
            self.save_as,
        )

    # -- the lock ----------------------------------------------------------------------------

    def _lock_still_ours(self) -> bool:
        """Refresh the lock (every save and every heartbeat); when another computer or window
        has taken the draft over meanwhile, stop writing it: her edits would overwrite theirs."""
        if self.lock is None or self.read_only or self.lock.refresh():
            return not self.read_only
        self.lock = None
        self._window.set_read_only(
            "这份草稿已被另一台电脑或另一个 gaidesk 接管编辑，这个窗口不再保存修改，以免互相覆盖。"
            "本窗口的内容仍可以查看、打印、导出，或“另存为”到其他位置。"
        )
        return False

    def stop(self, reason: str) -> None:
        """Write no more: the draft is read-only here for ``reason``."""
        self.read_only = reason
        self.autosaver.enabled = False
        self._heartbeat.stop()

    # -- other files -------------------------------------------------------------------------

    def save_as(self) -> Path | None:
        """Save a copy of the draft to a file of her choice (e.g. a USB stick)."""
        from gaidesk.gui import dialogs

        window = self._window
        meta = self.document.report.meta
        suggested = str(Path.home() / f"{store.safe_file_name(meta.effective_title)}{store.SUFFIX}")
        target = dialogs.save_file(window, "另存为", dialogs.DRAFT_FILTER, suggested)
        if target is None:
            return None
        if target.suffix != store.SUFFIX:
            target = target.with_name(target.name + store.SUFFIX)
        try:
            store.save_report(self.document.report, target, keep_version=False)
        except store.StoreError as exc:
            dialogs.warn(window, "另存为", str(exc))
            return None
        window.statusBar().showMessage(f"已另存为 {target}（您仍在编辑原草稿）", 8000)
        return target

    def restore_version(self) -> None:
        from gaidesk.gui import dialogs

        window = self._window
        path = self.document.path
        if path is None:
            return
        self.autosaver.save_if_dirty()
        # A version identical to the draft as it is now (kept when it was opened) is no choice.
        kept = [v for v in store.versions(path) if not store.is_current_state(v, path)]
        if not kept:
            dialogs.inform(window, "恢复较早的版本", "这份草稿还没有保存过较早的版本。")
            return
        items = [f"{v.saved_at:%Y-%m-%d %H:%M:%S} 保存的版本" for v in kept]
        index = dialogs.pick_item(
            window, "恢复较早的版本", "选择要恢复的版本（当前内容也会保留为一个版本）：", items
        )
        if index < 0:
            return
        from gaidesk import session

        try:
            restored = session.restore_version(path, kept[index], self.lock)
        except (store.StoreError, DraftError) as exc:
            dialogs.warn(window, "恢复较早的版本", str(exc))
            return
        # The controller shows the restored report in a fresh window, which takes the lock.
        self.autosaver.dirty = False
        window.versionRestored.emit(window, restored)

    def choose_previous_file(self) -> None:
        from gaidesk.gui import dialogs

        path = dialogs.open_file(self._window, "选择上年报告", dialogs.DRAFT_FILTER)
        if path is None:
            return
        try:
            previous = store.load_report(path, offer_versions=False)
        except DraftError as exc:
            dialogs.warn(self._window, "选择上年报告", str(exc))
            return
        self.document.set_previous(previous)

    def drop_previous(self) -> None:
        self.document.set_previous(None)
