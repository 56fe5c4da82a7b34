"""Starting the window: the Qt application set up for Chinese, and the controller of windows.

The controller owns the library, the settings, the home screen and one wizard window per open
draft; it is where drafts are created, opened (with their editing lock), recovered after an
abnormal close, renamed, deleted and restored.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from gaidesk.gui import dialogs
from gaidesk.gui.common import BannerKind, after_first_paint, set_text_size
from gaidesk.gui.questions import DialogQuestions
from gaidesk.gui.settings import Settings
from gaidesk.paths import data_dir as resolve_data_dir

# Only what the first window needs is imported here: the home screen and the wizard load their
# own modules when first shown, and the store (with the format, the model and the draft file)
# is loaded on first use: the home screen appears before it (see docs/benchmarks.md).
if TYPE_CHECKING:
    from gaidesk import session, store
    from gaidesk.gui.county import CountyWindow
    from gaidesk.gui.home import HomeWindow
    from gaidesk.gui.mainwindow import WizardWindow
    from gaidesk.model import Report

# Fonts that draw Chinese well on screen, in order of preference (Windows, 信创 Linux, others).
UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "SimSun",
    "AR PL UMing CN",
)


_READY: QApplication | None = None  # the application already set up
BIG_DRAFT_BYTES = 512 * 1024  # drafts are tens of KB; a bigger one is read off the window thread


def setup_app(app: QApplication) -> None:
    """Names, Chinese for Qt's own dialogs and buttons, and a font that draws Chinese."""
    global _READY
    if _READY is app:
        return
    app.setApplicationName("gaidesk")
    app.setOrganizationName("gaidesk")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    # Qt takes the first of these it has, and the next ones for characters it lacks; no need
    # to list every installed font first (that alone took longer than drawing the window).
    font = app.font()
    font.setFamilies([*UI_FONTS, *font.families()])
    app.setFont(font)
    _READY = app


def ensure_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    setup_app(app)
    return app


class Controller(QObject):
    """The windows of one running gaidesk."""

    def __init__(self, data_dir: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = resolve_data_dir(data_dir)
        self._library: store.Library | None = None
        self.setup_error = ""
        self.settings = Settings(self.data_dir)
        set_text_size(self.settings.text_size)
        self.windows: dict[Path, WizardWindow] = {}
        self._home: HomeWindow | None = None
        self._county: CountyWindow | None = None
        self._home_after_close = True

    @property
    def library(self) -> store.Library:
        """The drafts library, set up on first use (after the home screen's first paint)."""
        if self._library is None:
            from gaidesk import store

            self._library = store.Library(self.data_dir)
            try:
                self._library.ensure()
            except store.StoreError as exc:
                self.setup_error = str(exc)
                if self._home is not None:
                    self._home.set_banner(BannerKind.ERROR, self.setup_error)
        return self._library

    # -- windows -------------------------------------------------------------------------

    @property
    def home(self) -> HomeWindow:
        if self._home is None:
            from gaidesk.gui.home import HomeWindow

            home = HomeWindow(self.settings, lambda: self.library)
            home.newRequested.connect(self.new_report)
            home.newFromPreviousRequested.connect(self.new_from_previous)
            home.openFileRequested.connect(self.open_file)
            home.importRequested.connect(self.import_excel)
            home.countyRequested.connect(self.open_county)
            home.binRequested.connect(self.restore_from_bin)
            home.openRequested.connect(self.open_draft)
            home.renameRequested.connect(self.rename_draft)
            home.deleteRequested.connect(self.delete_draft)
            if self.setup_error:
                home.set_banner(BannerKind.ERROR, self.setup_error)
            self._home = home
        return self._home

    def show_home(self, list_later: bool = False) -> HomeWindow:
        """Show the home screen with the drafts list filled; at start-up (list_later) the
        window appears first and the list, which checks every draft, right after."""
        home = self.home
        if list_later:
            after_first_paint(home, home.refresh)
        else:
            home.refresh()
        home.show()
        _bring_to_front(home)
        return home

    def _parent(self) -> QWidget | None:
        active = QApplication.activeWindow()
        if active is not None:
            return active
        return self._home if self._home is not None and self._home.isVisible() else None

    def in_library(self, path: Path) -> bool:
        return path.absolute().parent == self.library.drafts_dir.absolute()

    def open_draft(
        self,
        path: Path,
        previous: Report | None = None,
        lock: store.DraftLock | None = None,
    ) -> WizardWindow | None:
        """Open a draft for editing; None when it cannot be (she has been told why)."""
        from gaidesk import session

        path = Path(path).absolute()
        window = self.windows.get(path)
        if window is not None:
            if lock is not None:
                lock.release()
            window.show()
            _bring_to_front(window)
            return window
        opened = session.open_for_editing(
            path, self.library, DialogQuestions(self._parent(), self._load), lock
        )
        if opened is None:
            return None
        return self._show(opened, previous)

    def _show(
        self, opened: session.OpenedDraft, previous: Report | None, announce: bool = True
    ) -> WizardWindow:
        """The window of an opened draft; ``announce``: say in a banner how its lock was got
        (taken over from another computer, or left by an abnormal close)."""
        from gaidesk.gui.document import ReportDocument
        from gaidesk.gui.mainwindow import WizardWindow

        path, lock = opened.path, opened.lock
        document = ReportDocument(opened.report, path, previous)
        window = WizardWindow(
            document,
            self.settings,
            lock,
            in_library=self.in_library(path),
            library=self.library,
            read_only=opened.read_only,
        )
        window.closed.connect(self._on_closed)
        window.homeRequested.connect(self._on_home_requested)
        window.copyToLibraryRequested.connect(self.copy_to_library)
        window.versionRestored.connect(self._show_restored)
        self.windows[path] = window
        if announce and lock is not None and lock.taken_over is not None:
            window.banner.show_message(
                f"已从另一台电脑（{lock.taken_over.host}）接管这份草稿，显示的是最近一次保存的内容"
                f"（{_mtime_text(path)}）。如需要，也可以恢复较早的版本。",
                BannerKind.WARNING,
                "恢复较早的版本…",
                window.restore_version,
            )
        elif announce and lock is not None and lock.was_closed_abnormally:
            saved = _mtime_text(path)
            window.banner.show_message(
                f"上次 gaidesk 没有正常关闭（例如断电或程序出错）。已打开最近一次自动保存的内容"
                f"（{saved}）。如需要，也可以恢复较早的版本。",
                BannerKind.WARNING,
                "恢复较早的版本…",
                window.restore_version,
            )
        if previous is None:
            # Last year's report for comparison: looked for once the window is on screen.
            after_first_paint(window, lambda: self._find_previous(window))
        window.show()
        if self._home is not None and self._home.isVisible():
            self._home.hide()
        return window

    def open_read_only(
        self, path: Path, report: Report, reason: str, address: str = ""
    ) -> WizardWindow:
        """Show a report someone else wrote (a unit's, for the county) read-only in the wizard,
        at ``address`` when given; no lock is taken and nothing is ever written to ``path``."""
        from gaidesk import session

        path = Path(path).absolute()
        window = self.windows.get(path)
        if window is None:
            window = self._show(session.OpenedDraft(path, report, None, reason), None, False)
        else:
            window.show()
            _bring_to_front(window)
        if address:
            window.go_to_address(address)
        return window

    def _show_restored(self, window: WizardWindow, opened: session.OpenedDraft) -> WizardWindow:
        """A version was restored in ``window``: show it in a fresh window, which takes the lock
        over (it is never let go in between) and the report as restored (not read again)."""
        window.lock = None
        previous = window.document.previous
        window.close()
        return self._show(opened, previous, announce=False)

    def _load(self, path: Path) -> Report | None:
        """Read a draft; a big one (seconds to read) off the window's thread, with progress.
        None when she cancelled."""
        from gaidesk import store

        try:
            big = path.stat().st_size > BIG_DRAFT_BYTES
        except OSError:
            big = False
        if not big:
            return store.load_report(path)
        from gaidesk.gui import background  # its progress dialog costs ~15 ms to load

        try:
            return background.run_with_progress(
                self._parent(),
                "打开草稿",
                f"正在读取“{path.name}”…",
                lambda: store.load_report(path),
            )
        except background.Cancelled:
            return None

    def save_all(self) -> None:
        """Save every open draft now, without a question (the session ends, an error shows)."""
        for window in list(self.windows.values()):
            window.save_for_exit()

    def end_session(self, _signal: int = 0) -> None:
        """Logout, shutdown or a signal: save everything, give the locks back and quit."""
        self.save_all()
        self.shutdown()
        QApplication.quit()

    def _find_previous(self, window: WizardWindow) -> None:
        document = window.document
        if document.path is None or self.windows.get(document.path) is not window:
            return  # closed in the meantime
        if document.previous is not None:
            return  # she chose one already
        from gaidesk.previous import find_previous

        found = find_previous(self.library, document.report, exclude=document.path)
        if found is not None:
            document.set_previous(found.report)

    def _on_closed(self, path: object) -> None:
        if isinstance(path, Path):
            self.windows.pop(path.absolute(), None)
        if not self.windows and self._home_after_close:
            QTimer.singleShot(0, self.show_home)

    def _on_home_requested(self) -> None:
        self._home_after_close = True

    def copy_to_library(self, window: WizardWindow) -> WizardWindow | None:
        """Put a draft from elsewhere (a USB stick) into the library and go on editing the copy."""
        from gaidesk import store

        report = window.document.report
        try:
            target = self.library.new_draft_path(report)
            store.save_report(report, target, keep_version=False)
        except store.StoreError as exc:
            dialogs.warn(window, "复制到我的报告", str(exc))
            return None
        previous = window.document.previous
        window.close()
        new = self.open_draft(target, previous=previous)
        if new is not None:
            new.statusBar().showMessage(f"已复制到“我的报告”：{target.name}", 8000)
        return new

    # -- creating ------------------------------------------------------------------------

    def _create(self, report: Report, previous: Report | None = None) -> WizardWindow | None:
        from gaidesk import store

        try:
            path = self.library.new_draft_path(report)
            store.save_report(report, path, keep_version=False)
        except store.StoreError as exc:
            dialogs.warn(self._parent(), "无法新建报告", str(exc))
            return None
        if self._home is not None:
            self._home.refresh()
        return self.open_draft(path, previous=previous)

    def new_report(self) -> WizardWindow | None:
        from gaidesk import carry
        from gaidesk.gui.home import NewReportDialog, default_year
        from gaidesk.model import Report
        from gaidesk.previous import find_previous, same_body

        dialog = NewReportDialog(self.settings.last_body, default_year(), self._parent())
        if not dialog.exec():
            return None
        agency, year = dialog.values()
        self.settings.last_body = agency
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
                    return self.open_draft(info.path)
                if choice != 1:
                    return None
                break
        found = find_previous(self.library, report)
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
            return [i for i in self.library.list_drafts() if not i.damaged]
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
        self.settings.last_body = report.meta.agency
        return self._create(report, previous)

    def open_file(self) -> WizardWindow | None:
        path = dialogs.open_file(self._parent(), "打开报告草稿", dialogs.DRAFT_FILTER)
        return self.open_draft(path) if path is not None else None

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

    # -- the county's summary ------------------------------------------------------------

    def open_county(self, paths: list[Path] | None = None) -> CountyWindow | None:
        """「审核汇总」: the folder (or the files and folders given) of the units' reports,
        checked and rolled up in a window of its own; None when she chose no folder."""
        from gaidesk.gui.county import CountyWindow

        if paths is None:
            folder = dialogs.open_folder(self._parent(), "审核汇总：选择放有各单位报告的文件夹")
            if folder is None:
                return None
            paths = [folder]
        if self._county is None:
            self._county = CountyWindow(self.settings)
            self._county.unitOpenRequested.connect(self.open_read_only)
        county = self._county
        county.show()
        _bring_to_front(county)
        county.run(paths)
        return county

    # -- the library ---------------------------------------------------------------------

    def _refuse_if_open(self, path: Path, what: str) -> bool:
        from gaidesk import store

        if path.absolute() in self.windows:
            dialogs.inform(self._parent(), what, "这份报告正在另一个窗口中编辑，请先关闭那个窗口。")
            return True
        try:
            lock = self.library.lock(path)
        except store.StoreError as exc:
            dialogs.inform(self._parent(), what, str(exc))
            return True
        lock.release()
        return False

    def rename_draft(self, path: Path) -> Path | None:
        from gaidesk import store

        if self._refuse_if_open(path, "重命名"):
            return None
        name = dialogs.ask_text(self._parent(), "重命名", "新的文件名：", path.stem)
        if name is None:
            return None
        try:
            new = self.library.rename(path, name)
        except store.StoreError as exc:
            dialogs.warn(self._parent(), "重命名", str(exc))
            return None
        if self._home is not None:
            self._home.refresh()
            self._home.select_path(new)
        return new

    def delete_draft(self, path: Path) -> Path | None:
        from gaidesk import store

        if self._refuse_if_open(path, "删除"):
            return None
        if not dialogs.confirm(
            self._parent(), "删除报告", f"把“{path.stem}”移到回收站？以后可以从回收站恢复。"
        ):
            return None
        try:
            binned = self.library.delete(path)
        except store.StoreError as exc:
            dialogs.warn(self._parent(), "删除报告", str(exc))
            return None
        if self._home is not None:
            self._home.refresh()
            self._home.set_banner(
                BannerKind.INFO,
                f"已将“{path.stem}”移到回收站。",
                "撤销",
                lambda: self._restore(binned),
            )
        return binned

    def _restore(self, binned: Path) -> Path | None:
        from gaidesk import store

        try:
            restored = self.library.restore(binned)
        except store.StoreError as exc:
            dialogs.warn(self._parent(), "恢复", str(exc))
            return None
        if self._home is not None:
            self._home.hide_banner()
            self._home.refresh()
            self._home.select_path(restored)
        return restored

    def restore_from_bin(self) -> Path | None:
        from gaidesk import store

        try:
            entries = self.library.list_bin()
        except store.StoreError as exc:
            dialogs.warn(self._parent(), "回收站", str(exc))
            return None
        if not entries:
            dialogs.inform(self._parent(), "回收站", "回收站是空的。")
            return None
        items = [f"{Path(e.name).stem}（删除于 {e.deleted_at:%Y-%m-%d %H:%M}）" for e in entries]
        index = dialogs.pick_item(self._parent(), "回收站", "选择要恢复的报告：", items)
        if index < 0:
            return None
        return self._restore(entries[index].path)

    def shutdown(self) -> None:
        """Close every window (saving) and free the Qt objects before the interpreter exits."""
        self._home_after_close = False
        for window in list(self.windows.values()):
            window.ending = True  # no question about a save that failed: it is in the log
            window.close()
        # The home and county windows are deleted with their connections to this controller,
        # here on the window thread (a garbage collection on a worker thread must not do it).
        for own in (self._county, self._home):
            if own is not None:
                own.close()
                own.deleteLater()
        self._county = self._home = None
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # Free the wrappers while Qt still runs rather than in the interpreter's shutdown.
        gc.collect()

    # -- recovery ------------------------------------------------------------------------

    def check_recovery(self) -> list[Path]:
        """Offer back drafts whose window was not closed normally last time."""
        from gaidesk import store

        offered: list[Path] = []
        folder = self.library.drafts_dir
        try:
            locks = sorted(folder.glob(f".*{store.SUFFIX}.lock"))
        except OSError:
            return offered
        for lock_file in locks:
            draft = folder / lock_file.name[1 : -len(".lock")]
            if not draft.is_file() or draft.absolute() in self.windows:
                continue
            lock = store.DraftLock(draft, self.library.locks_dir)
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
                f"报告“{draft.stem}”最近一次自动保存于 {_mtime_text(draft)}，内容都在。",
                ["打开并继续编辑", "恢复较早的版本…", "以后再说"],
                0,
            )
            if choice == 0:
                self.open_draft(draft, lock=lock)
            elif choice == 1:
                window = self.open_draft(draft, lock=lock)
                if window is not None:
                    window.restore_version()
            else:
                lock.release()
        return offered


def _bring_to_front(window: QWidget) -> None:
    if QApplication.platformName() != "offscreen":  # offscreen cannot raise windows
        window.raise_()
        window.activateWindow()


def _mtime_text(path: Path) -> str:
    from datetime import datetime

    try:
        return f"{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m-%d %H:%M:%S}"
    except OSError:
        return "时间未知"


def start(path: str | Path | None = None, data_dir: str | Path | None = None) -> Controller:
    """Set up the application and show the given draft, or the home screen."""
    ensure_app()
    controller = Controller(data_dir)
    window = None
    if path is not None:
        controller._home_after_close = False
        window = controller.open_draft(Path(path))
    if window is None:
        controller._home_after_close = True
        home = controller.show_home(list_later=True)
        # Drafts left open by a crash are offered back once the home screen is on screen.
        after_first_paint(home, controller.check_recovery)
    return controller


# The Windows installer looks for this mutex and asks the clerk to close gaidesk before it
# replaces the program files (a running copy holds them open).
RUNNING_MUTEX = "gaidesk-running"


def announce_running() -> object | None:
    """On Windows, hold the named mutex the installer checks for; elsewhere nothing."""
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = wintypes.HANDLE
    kernel32.CreateMutexW.argtypes = (wintypes.LPVOID, wintypes.BOOL, wintypes.LPCWSTR)
    return kernel32.CreateMutexW(None, False, RUNNING_MUTEX)


def launch(
    path: str | Path | None = None, data_dir: str | Path | None = None
) -> tuple[Controller, Callable[[], None]]:
    """Everything run() does before the event loop: the crash log and dialog, the session's
    end (signals, logout), the window. Returns the controller and what undoes the hooks."""
    from gaidesk.gui import crash
    from gaidesk.gui.session import SessionGuard

    app = ensure_app()
    guard = crash.install(resolve_data_dir(data_dir))
    controller = start(path, data_dir)
    guard.before_dialog = controller.save_all
    session = SessionGuard(app, controller.save_all, controller.end_session)

    def undo() -> None:
        session.uninstall()
        guard.uninstall()

    return controller, undo


def run(path: str | Path | None = None, data_dir: str | Path | None = None) -> int:
    """Open the window (the given draft, or the home screen) and run until it is closed."""
    running = announce_running()  # released by Windows when the process ends
    controller, undo = launch(path, data_dir)
    code = ensure_app().exec()
    controller.shutdown()
    undo()
    del running
    return int(code)
