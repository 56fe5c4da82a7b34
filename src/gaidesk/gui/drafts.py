"""What the clerk does with the drafts of her library, for the controller: new ones (blank, from
last year's, imported from a workbook or a saved web page), renaming, deleting to the bin (with
「撤销」) and restoring from it, and the offer of drafts an abnormal close left open.

The dialogs are asked here; opening a draft and the windows stay the controller's (``Host``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from gaidesk.gui import dialogs
from gaidesk.gui.common import BannerKind

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from gaidesk import store
    from gaidesk.gui.home import HomeWindow
    from gaidesk.gui.settings import Settings
    from gaidesk.gui.wizard.window import WizardWindow
    from gaidesk.model import Report

_T = TypeVar("_T")


class Host(Protocol):
    """What the drafts' operations need of the controller."""

    settings: Settings
    windows: dict[Path, WizardWindow]

    @property
    def library(self) -> store.Library: ...

    def dialog_parent(self) -> QWidget | None: ...

    def home_if_made(self) -> HomeWindow | None: ...

    def open_draft(
        self, path: Path, previous: Report | None = None, lock: store.DraftLock | None = None
    ) -> WizardWindow | None: ...


class Drafts:
    """The operations on the library's drafts that the home screen asks for."""

    def __init__(self, host: Host) -> None:
        self._host = host

    def _parent(self) -> QWidget | None:
        return self._host.dialog_parent()

    def _or_warn(self, title: str, act: Callable[[], _T]) -> _T | None:
        """What act returns, or None once the clerk is shown why the library refused."""
        from gaidesk import store

        try:
            return act()
        except store.StoreError as exc:
            dialogs.warn(self._parent(), title, str(exc))
            return None

    # -- creating ------------------------------------------------------------------------

    def _create(self, report: Report, previous: Report | None = None) -> WizardWindow | None:
        from gaidesk import store

        try:
            path = self._host.library.new_draft_path(report)
            store.save_report(report, path, keep_version=False)
        except store.StoreError as exc:
            dialogs.warn(self._parent(), "无法新建报告", str(exc))
            return None
        home = self._host.home_if_made()
        if home is not None:
            home.refresh()
        return self._host.open_draft(path, previous=previous)

    def new_report(self) -> WizardWindow | None:
        from gaidesk import carry
        from gaidesk.gui.home import NewReportDialog, default_year
        from gaidesk.model import Report
        from gaidesk.previous import find_previous, same_body

        dialog = NewReportDialog(self._host.settings.last_body, default_year(), self._parent())
        if not dialog.exec():
            return None
        agency, year = dialog.values()
        self._host.settings.last_body = agency
        report = Report.blank(agency, year)
        for info in self._library_drafts():
            if info.year == year and same_body(info.agency, info.short_name, report):
                choice = dialogs.choose(
                    self._parent(),
                    "已有这份报告",
                    f"“我的报告”里已有{info.display_name}{year}年的报告（{info.path.name}）。",
                    ["打开已有的报告", "仍然新建", "取消"],
                    0,
                )
                if choice == 0:
                    return self._host.open_draft(info.path)
                if choice != 1:
                    return None
                break
        found = find_previous(self._host.library, report)
        if found is not None:
            choice = dialogs.choose(
                self._parent(),
                "新建报告",
                f"找到了{found.report.meta.display_name}上一年度的报告。"
                "从上年报告新建会带入上年结转、现行有效件数和小标题，上年文字显示在旁边供参考。",
                ["从上年报告新建（推荐）", "新建空白报告"],
                0,
            )
            if choice == 0:
                return self._create(
                    carry.new_from_previous(found.report, agency, year), found.report
                )
            if choice < 0:
                return None
        return self._create(report)

    def _library_drafts(self) -> list[store.DraftInfo]:
        from gaidesk import store

        try:
            return [i for i in self._host.library.list_drafts() if not i.damaged]
        except store.StoreError:
            return []

    def new_from_previous(self) -> WizardWindow | None:
        from gaidesk import carry, store
        from gaidesk.draft import DraftError
        from gaidesk.gui.home import default_year

        drafts = self._library_drafts()
        items = [f"{i.display_name} {i.year or ''}年（{i.path.name}）" for i in drafts]
        items.append("从其他位置选择文件…")
        index = dialogs.pick_item(self._parent(), "从上年报告新建", "选择上一年度的报告：", items)
        if index < 0:
            return None
        if index < len(drafts):
            source: Path | None = drafts[index].path
        else:
            source = dialogs.open_file(self._parent(), "选择上年报告", dialogs.DRAFT_FILTER)
        if source is None:
            return None
        try:
            previous = store.load_report(source, offer_versions=False)
        except DraftError as exc:
            dialogs.warn(self._parent(), "无法读取上年报告", str(exc))
            return None
        year = previous.meta.year + 1 if previous.meta.year is not None else default_year()
        report = carry.new_from_previous(previous, year=year)
        self._host.settings.last_body = report.meta.agency
        return self._create(report, previous)

    def open_file(self) -> WizardWindow | None:
        path = dialogs.open_file(self._parent(), "打开报告草稿", dialogs.DRAFT_FILTER)
        return self._host.open_draft(path) if path is not None else None

    def import_excel(self) -> WizardWindow | None:
        """A new draft from a workbook or a saved web page of a published report."""
        from gaidesk import importer
        from gaidesk.errors import ImportFailed
        from gaidesk.gui import background

        path = dialogs.open_file(self._parent(), "从Excel或网页导入", dialogs.IMPORT_FILTER)
        if path is None:
            return None
        try:
            result = background.run_with_progress(
                self._parent(),
                "从Excel或网页导入",
                f"正在读取“{path.name}”…",
                lambda: importer.import_file(path),
            )
        except background.Cancelled:
            return None
        except ImportFailed as exc:
            dialogs.warn(self._parent(), "无法导入", str(exc))
            return None
        window = self._create(result.report)
        if window is not None and result.notes:
            dialogs.inform(
                window,
                "导入完成",
                f"已从“{path.name}”导入：\n" + "\n".join("· " + n for n in result.notes),
            )
        return window

    # -- the library ---------------------------------------------------------------------

    def _refuse_if_open(self, path: Path, what: str) -> bool:
        from gaidesk import store

        if path.absolute() in self._host.windows:
            dialogs.inform(self._parent(), what, "这份报告正在另一个窗口中编辑，请先关闭那个窗口。")
            return True
        try:
            lock = self._host.library.lock(path)
        except store.StoreError as exc:
            dialogs.inform(self._parent(), what, str(exc))
            return True
        lock.release()
        return False

    def rename_draft(self, path: Path) -> Path | None:
        if self._refuse_if_open(path, "重命名"):
            return None
        name = dialogs.ask_text(self._parent(), "重命名", "新的文件名：", path.stem)
        if name is None:
            return None
        new = self._or_warn("重命名", lambda: self._host.library.rename(path, name))
        if new is None:
            return None
        home = self._host.home_if_made()
        if home is not None:
            home.refresh()
            home.select_path(new)
        return new

    def delete_draft(self, path: Path) -> Path | None:
        if self._refuse_if_open(path, "删除"):
            return None
        if not dialogs.confirm(
            self._parent(),
            "删除报告",
            f"把“{path.stem}”移到回收站？以后可以从回收站恢复。",
        ):
            return None
        binned = self._or_warn("删除报告", lambda: self._host.library.delete(path))
        if binned is None:
            return None
        home = self._host.home_if_made()
        if home is not None:
            home.refresh()
            home.set_banner(
                BannerKind.INFO,
                f"已将“{path.stem}”移到回收站。",
                "撤销",
                lambda: self._restore(binned),
            )
        return binned

    def _restore(self, binned: Path) -> Path | None:
        restored = self._or_warn("恢复", lambda: self._host.library.restore(binned))
        if restored is None:
            return None
        home = self._host.home_if_made()
        if home is not None:
            home.hide_banner()
            home.refresh()
            home.select_path(restored)
        return restored

    def restore_from_bin(self) -> Path | None:
        entries = self._or_warn("回收站", lambda: self._host.library.list_bin())
        if entries is None:
            return None
        if not entries:
            dialogs.inform(self._parent(), "回收站", "回收站是空的。")
            return None
        items = [f"{Path(e.name).stem}（删除于 {e.deleted_at:%Y-%m-%d %H:%M}）" for e in entries]
        index = dialogs.pick_item(self._parent(), "回收站", "选择要恢复的报告：", items)
        if index < 0:
            return None
        return self._restore(entries[index].path)

    # -- recovery ------------------------------------------------------------------------

    def check_recovery(self) -> list[Path]:
        """Offer back drafts whose window was not closed normally last time."""
        from gaidesk import store

        offered: list[Path] = []
        folder = self._host.library.drafts_dir
        try:
            locks = sorted(folder.glob(f".*{store.SUFFIX}.lock"))
        except OSError:
            return offered
        for lock_file in locks:
            draft = folder / lock_file.name[1 : -len(".lock")]
            if not draft.is_file() or draft.absolute() in self._host.windows:
                continue
            lock = store.DraftLock(draft, self._host.library.locks_dir)
            try:
                lock.acquire()
            except store.StoreError:
                continue
            if not lock.was_closed_abnormally:
                lock.release()
                continue
            offered.append(draft)
            choice = dialogs.choose(
                self._parent(),
                "恢复未正常关闭的报告",
                f"上次 gaidesk 没有正常关闭（例如断电或程序出错）。\n"
                f"报告“{draft.stem}”最近一次自动保存于 {saved_time_text(draft)}，内容都在。",
                ["打开并继续编辑", "恢复较早的版本…", "以后再说"],
                0,
            )
            if choice == 0:
                self._host.open_draft(draft, lock=lock)
            elif choice == 1:
                window = self._host.open_draft(draft, lock=lock)
                if window is not None:
                    window.restore_version()
            else:
                lock.release()
        return offered


def saved_time_text(path: Path) -> str:
    """When a draft was last written, for a message; 「时间未知」 when that cannot be read."""
    from datetime import datetime

    try:
        return f"{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m-%d %H:%M:%S}"
    except OSError:
        return "时间未知"
