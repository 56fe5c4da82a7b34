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

from gaidesk.gui.common import (
    BannerKind,
    after_first_paint,
    collect_garbage_after_first_paint,
    set_text_size,
)
from gaidesk.gui.questions import DialogQuestions
from gaidesk.gui.settings import Settings
from gaidesk.paths import data_dir as resolve_data_dir

# Only what the first window needs is imported here: the home screen and the wizard load their
# own modules when first shown, and the store (with the format, the model and the draft file)
# is loaded on first use: the home screen appears before it (see docs/benchmarks.md).
if TYPE_CHECKING:
    from gaidesk import session, store
    from gaidesk.gui.county import CountyWindow
    from gaidesk.gui.drafts import Drafts
    from gaidesk.gui.home import HomeWindow
    from gaidesk.gui.wizard.window import WizardWindow
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
        self._drafts: Drafts | None = None

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

    @property
    def drafts(self) -> Drafts:
        """New, rename, delete, the bin, the recovery offer (loaded when first asked for)."""
        if self._drafts is None:
            from gaidesk.gui.drafts import Drafts

            self._drafts = Drafts(self)
        return self._drafts

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

    def home_if_made(self) -> HomeWindow | None:
        """The home window if it has been made (it may be hidden)."""
        return self._home

    def dialog_parent(self) -> QWidget | None:
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
            path, self.library, DialogQuestions(self.dialog_parent(), self._load), lock
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
        from gaidesk.gui.wizard.window import WizardWindow

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
            from gaidesk.gui.drafts import saved_time_text  # only for these two banners

            window.banner.show_message(
                f"已从另一台电脑（{lock.taken_over.host}）接管这份草稿，显示的是最近一次保存的内容"
                f"（{saved_time_text(path)}）。如需要，也可以恢复较早的版本。",
                BannerKind.WARNING,
                "恢复较早的版本…",
                window.restore_version,
            )
        elif announce and lock is not None and lock.was_closed_abnormally:
            from gaidesk.gui.drafts import saved_time_text

            saved = saved_time_text(path)
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
                self.dialog_parent(),
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
        from gaidesk.gui import dialogs

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

    # -- the drafts (gui/drafts.py): what the home screen asks for --------------------------

    def new_report(self) -> WizardWindow | None:
        return self.drafts.new_report()

    def new_from_previous(self) -> WizardWindow | None:
        return self.drafts.new_from_previous()

    def open_file(self) -> WizardWindow | None:
        return self.drafts.open_file()

    def import_excel(self) -> WizardWindow | None:
        return self.drafts.import_excel()

    def rename_draft(self, path: Path) -> Path | None:
        return self.drafts.rename_draft(path)

    def delete_draft(self, path: Path) -> Path | None:
        return self.drafts.delete_draft(path)

    def restore_from_bin(self) -> Path | None:
        return self.drafts.restore_from_bin()

    def check_recovery(self) -> list[Path]:
        """Offer back drafts whose window was not closed normally last time."""
        return self.drafts.check_recovery()

    # -- the county's summary ------------------------------------------------------------

    def open_county(self, paths: list[Path] | None = None) -> CountyWindow | None:
        """「审核汇总」: the folder (or the files and folders given) of the units' reports,
        checked and rolled up in a window of its own; None when she chose no folder."""
        from gaidesk.gui import dialogs
        from gaidesk.gui.county import CountyWindow

        if paths is None:
            folder = dialogs.open_folder(
                self.dialog_parent(), "审核汇总：选择放有各单位报告的文件夹"
            )
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


def _bring_to_front(window: QWidget) -> None:
    if QApplication.platformName() != "offscreen":  # offscreen cannot raise windows
        window.raise_()
        window.activateWindow()


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
    # No garbage collection before the first window is painted: start-up makes a few hundred
    # thousand objects and almost no garbage; the collector's passes over them took ~8 ms.
    gc.disable()
    from gaidesk.gui import crash
    from gaidesk.gui.session import SessionGuard

    app = ensure_app()
    guard = crash.install(resolve_data_dir(data_dir))
    controller = start(path, data_dir)
    guard.before_dialog = controller.save_all
    session = SessionGuard(app, controller.save_all, controller.end_session)
    collect_garbage_after_first_paint(
        next(iter(controller.windows.values()), None) or controller.home_if_made()
    )

    def undo() -> None:
        gc.enable()  # should no window have been painted
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
