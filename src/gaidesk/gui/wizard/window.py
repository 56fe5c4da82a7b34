"""The wizard window: a side list of steps, the step pages, the problems panel, navigation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import store
from gaidesk.gui import theme
from gaidesk.gui.common import Banner, BannerKind, set_text_size
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.problems import FindingsTree
from gaidesk.gui.screen import is_compact_height, place_window, remember_window
from gaidesk.gui.settings import MAX_TEXT_SIZE, MIN_TEXT_SIZE, Settings
from gaidesk.gui.steps import BASIC_STEP, CHECK_STEP, STEPS, StepKind, part_of_step, step_of_address
from gaidesk.gui.theme import MUTED_COLOR
from gaidesk.gui.wizard.compact import CompactLayout
from gaidesk.gui.wizard.focus import FocusMover
from gaidesk.gui.wizard.menus import add_export_buttons, build_menus
from gaidesk.gui.wizard.pagestack import PageStack, StepPages
from gaidesk.gui.wizard.saving import DraftSaving
from gaidesk.gui.wizard.status import StatusPresenter

if TYPE_CHECKING:
    from gaidesk.gui.export import Exporter
    from gaidesk.gui.narrative import NarrativePage
    from gaidesk.gui.pages import StepPage
    from gaidesk.gui.pages.basic import BasicInfoPage
    from gaidesk.gui.pages.check import CheckPage
    from gaidesk.gui.table.page import TablePage

DOCK_STATE = "wizard-docks"  # the settings key of the problems panel's size and place


class WizardWindow(QMainWindow):
    """One open draft."""

    closed = Signal(object)  # the draft's path
    homeRequested = Signal()
    copyToLibraryRequested = Signal(object)  # the window
    versionRestored = Signal(object, object)  # the window, the session.OpenedDraft

    def __init__(
        self,
        document: ReportDocument,
        settings: Settings,
        lock: store.DraftLock | None = None,
        in_library: bool = True,
        library: store.Library | None = None,
        parent: QWidget | None = None,
        read_only: str = "",
    ) -> None:
        """``read_only``: why the draft cannot be edited here (the banner says it), or "".
        A read-only window shows, prints, exports and saves a copy elsewhere, nothing more."""
        super().__init__(parent)
        self.document = document
        self._library = library
        self._exporter: Exporter | None = None
        self.settings = settings
        self.in_library = in_library
        self.closing = False  # closed: its panels no longer remember how she left them
        self.ending = False  # the program is ending (session end, a signal): never ask
        self.saving = DraftSaving(self, lock)
        self.setWindowTitle(self._title())
        self.setMinimumSize(QSize(900, 560))

        # -- side list ---------------------------------------------------------------------
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setWordWrap(True)
        self.steps.setSpacing(2)
        self.steps.setIconSize(QSize(16, 16))
        self.steps.setMinimumWidth(180)
        self.steps.setMaximumWidth(220)
        self.steps.setAccessibleName("步骤")
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.setStyleSheet(
            f"QListWidget#steps {{ background: {theme.STEPS_BG}; border: none; padding: 6px; }}"
            "QListWidget#steps::item { padding: 6px 4px; border-radius: 4px; }"
            f"QListWidget#steps::item:selected {{ background: {theme.STEP_SELECTED_BG};"
            " color: black; }"
        )
        for step in STEPS:
            self.steps.addItem(QListWidgetItem(step.title))
        self.steps.currentRowChanged.connect(self._on_step_row)
        self.steps.installEventFilter(self)  # its items follow its width

        # -- pages: each step's page is built when it is first shown ----------------------
        self.pages = PageStack(document, self._prepare_page)
        self.pages.addressActivated.connect(self.go_to_address)
        self.pages.stepActivated.connect(self.go_to_step)
        # Section number -> NarrativePage, table key -> TablePage.
        self.narrative_pages: StepPages[NarrativePage] = StepPages(self.pages, StepKind.NARRATIVE)
        self.table_pages: StepPages[TablePage] = StepPages(self.pages, StepKind.TABLE)
        self._export_buttons: dict[str, QPushButton] = {}

        self.banner = Banner()

        self.nav_bar = QWidget()
        nav = QHBoxLayout(self.nav_bar)
        nav.setContentsMargins(16, 4, 16, 6)
        self.nav_layout = nav
        self.back_button = QPushButton("← 上一步(&B)")
        self.back_button.setToolTip("上一步（Alt+← 或 Ctrl+PgUp）")
        self.back_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton("下一步(&N) →")
        self.next_button.setToolTip("下一步（Alt+→ 或 Ctrl+PgDown）")
        self.next_button.clicked.connect(self.next_step)
        self.next_button.setDefault(False)
        self.step_label = QLabel()
        self.step_label.setStyleSheet(f"color: {MUTED_COLOR};")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.step_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        self.banner.outer_margin = "8px 12px 0px 12px"
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.pages, 1)
        self.nav_line = QFrame()
        self.nav_line.setFrameShape(QFrame.Shape.HLine)
        self.nav_line.setStyleSheet(theme.text_style(theme.SEPARATOR))
        right_layout.addWidget(self.nav_line)
        right_layout.addWidget(self.nav_bar)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.steps)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

        # -- problems panel ----------------------------------------------------------------
        self.problems = FindingsTree(document)
        self.problems.setObjectName("problems")
        self.problems.addressActivated.connect(self.go_to_address)
        self.problems.stepActivated.connect(self.go_to_step)
        self.problems_dock = QDockWidget("问题列表", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.problems_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        # Headerless (the dock's title says what the columns are) and six findings high; she can
        # drag it taller or close it, and its size is remembered with the window. On a screen
        # under 800 pixels the panel folds into a one-line summary in the status bar.
        self.problems.setHeaderHidden(True)
        height = self.problems.fontMetrics().height() * 7
        self.resizeDocks([self.problems_dock], [height], Qt.Orientation.Vertical)
        self.problems_dock.setVisible(settings.show_problems())

        self.status = StatusPresenter(self)
        self.compact_layout = CompactLayout(self)
        self.focus = FocusMover(self)
        self.menu_actions = build_menus(self)
        document.findingsChanged.connect(self.status.update)
        document.metaChanged.connect(lambda: self.setWindowTitle(self._title()))
        document.previousChanged.connect(self._on_previous_changed)
        document.undoRedone.connect(self._show_undone)
        document.reviewChanged.connect(self.status.review_changed)
        self.status.update()
        self._on_previous_changed()

        place_window(self, "wizard", settings, QSize(1280, 860))
        state = settings.geometry(DOCK_STATE)
        if state is not None:
            self.restoreState(state)
        start = settings.last_step(document.path) if document.path is not None else 0
        self.go_to_step(start if 0 <= start < len(STEPS) else 0, save=False)
        if read_only:
            self.set_read_only(read_only)
        elif document.path is not None and not os.access(document.path, os.W_OK):
            self.banner.show_message(
                f"这个文件是只读的（例如写保护的U盘或光盘），修改无法保存到原文件：{document.path}。"
                "请先复制到“我的报告”再编辑。",
                BannerKind.WARNING,
                "复制到我的报告",
                lambda: self.copyToLibraryRequested.emit(self),
            )
        elif not in_library and document.path is not None:
            self.banner.show_message(
                f"这份草稿不在“我的报告”中，修改会自动保存到原文件：{document.path}",
                BannerKind.INFO,
                "复制到我的报告",
                lambda: self.copyToLibraryRequested.emit(self),
            )

    # -- the pages -----------------------------------------------------------------------------

    @property
    def exporter(self) -> Exporter:
        """Export and print (its module is loaded when first asked for)."""
        if self._exporter is None:
            from gaidesk.gui.export import Exporter

            self._exporter = Exporter(self.document, self._library or store.Library(), self)
        return self._exporter

    @property
    def basic_page(self) -> BasicInfoPage:
        return cast("BasicInfoPage", self.page(BASIC_STEP))

    @property
    def check_page(self) -> CheckPage:
        return cast("CheckPage", self.page(CHECK_STEP))

    @property
    def export_buttons(self) -> dict[str, QPushButton]:
        """The export and print buttons of 「检查与导出」, by kind."""
        self.page(CHECK_STEP)
        return self._export_buttons

    def is_built(self, index: int) -> bool:
        return self.pages.is_built(index)

    def page(self, index: int) -> StepPage:
        """The page of a step, built the first time it is needed."""
        return self.pages.page(index)

    def build_pages(self) -> None:
        """Build every step's page now (screenshots, tests that look at all pages)."""
        for index in range(len(STEPS)):
            self.page(index)

    def _prepare_page(self, index: int, page: StepPage) -> None:
        """A page just built takes the window's state: its buttons, layout, zoom, read-only."""
        if index == CHECK_STEP:
            self._export_buttons = add_export_buttons(self, self.check_page)
        page.set_compact(self.compact)
        if self.settings.grid_zoom != 100:
            page.set_zoom(self.settings.grid_zoom)
        if self.read_only:
            page.set_read_only()

    def commit_open_editors(self, keep_refused: bool = True) -> bool:
        """Take the value of a table cell still being typed in into the report: every action
        that reads the report calls this first (narrative and basic fields write through as
        she types). A value that is not a number stays in its open editor, with its message,
        and False tells the action to wait; ``keep_refused=False`` (the session is ending)
        goes on without it."""
        for index, page in self.pages.built():
            refused = page.commit_open_editor(keep_refused)
            if refused is None:
                continue
            if self.pages.currentIndex() != index:
                self.go_to_step(index, save=False)
            refused.setFocus()
            return False
        return True

    @property
    def compact(self) -> bool:
        """Whether the window has the layout of a low screen (``compact.CompactLayout``)."""
        return self.compact_layout.compact

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.compact_layout.set_compact(is_compact_height(self.height()))
        self.status.fit_step_items()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.steps and event.type() == QEvent.Type.Resize and hasattr(self, "status"):
            self.status.fit_step_items()
        return super().eventFilter(watched, event)

    def _title(self) -> str:
        meta = self.document.report.meta
        read_only = "（只读）" if self.read_only else ""
        return f"{meta.effective_title}{read_only} — gaidesk"

    def _on_previous_changed(self) -> None:
        self.menu_actions.drop_previous.setEnabled(self.document.previous is not None)
        self.status.update_previous()

    # -- steps ---------------------------------------------------------------------------

    @property
    def current_step(self) -> int:
        return self.pages.currentIndex()

    def go_to_step(self, index: int, save: bool = True) -> None:
        index = max(0, min(len(STEPS) - 1, index))
        if save and not self.commit_open_editors():
            self._show_step_row(self.pages.currentIndex())
            return
        if save and index != self.pages.currentIndex():
            self.saving.autosaver.save_if_dirty()
        self.page(index)
        self.pages.setCurrentIndex(index)
        part = part_of_step(index)
        if part is None:
            self.document.show_all_parts()  # she asks for the check: every problem shows
        else:
            self.document.show_part(part)
        self.compact_layout.show_dock()
        self.status.update_summary()
        self.problems.show_step(index)
        self._show_step_row(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(STEPS) - 1)
        nxt = STEPS[index + 1].title if index < len(STEPS) - 1 else ""
        self.next_button.setToolTip(f"下一步：{nxt}（Alt+→）" if nxt else "")
        self.step_label.setText(f"第 {index + 1} 步，共 {len(STEPS)} 步")
        if self.document.path is not None:
            self.settings.set_last_step(self.document.path, index)

    def _show_step_row(self, index: int) -> None:
        if self.steps.currentRow() != index:
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(index)
            self.steps.blockSignals(False)

    def _on_step_row(self, row: int) -> None:
        if row >= 0:
            self.go_to_step(row)

    def next_step(self) -> None:
        self.go_to_step(self.current_step + 1)
        self.focus_first()

    def previous_step(self) -> None:
        self.go_to_step(self.current_step - 1)
        self.focus_first()

    def focus_first(self) -> None:
        """The keyboard to where she starts on the current step."""
        self.page(self.current_step).focus_first()

    def go_to_address(self, address: str) -> None:
        """Show the step where an address is edited and put the cursor there."""
        if not self.commit_open_editors():
            return
        step = step_of_address(address)
        self.go_to_step(step)
        self.page(step).focus_address(address)

    def cursor_address(self) -> str:
        """The cell, text part or field the keyboard is in on the current step ("" if none)."""
        if not self.is_built(self.current_step):
            return ""
        return self.page(self.current_step).cursor_address()

    def show_guide(self) -> QWidget:
        """F1: the user guide, at the section for this step."""
        from gaidesk.gui.guide import open_guide

        self.guide = open_guide(self, STEPS[self.current_step].kind)
        return self.guide

    def _show_undone(self, addresses: list[str]) -> None:
        """Undo and redo show the cells they changed, on their step."""
        first = next((a for a in addresses if step_of_address(a) != BASIC_STEP), "")
        if not first:
            return
        table = self.table_pages.get(fmt.table_of(first))
        if table is None:
            return
        self.go_to_step(step_of_address(first))
        table.select_cells(addresses)

    # -- saving (the controller calls these) ---------------------------------------------------

    @property
    def lock(self) -> store.DraftLock | None:
        return self.saving.lock

    @lock.setter
    def lock(self, lock: store.DraftLock | None) -> None:
        self.saving.lock = lock

    @property
    def read_only(self) -> str:
        """Why this window may not change the draft, or ""."""
        return self.saving.read_only

    def save_now(self) -> bool:
        return self.saving.save_now()

    def save_for_exit(self) -> bool:
        return self.saving.save_for_exit()

    def save_as(self) -> Path | None:
        return self.saving.save_as()

    def restore_version(self) -> None:
        self.saving.restore_version()

    def go_home(self) -> None:
        self.homeRequested.emit()
        self.close()

    def set_read_only(self, reason: str) -> None:
        """Stop editing and saving: she can still read, print, export and save a copy."""
        self.saving.stop(reason)
        for _index, page in self.pages.built():
            page.set_read_only()
        for action in (self.menu_actions.save, self.menu_actions.restore):
            action.setEnabled(False)
        self.status.show_read_only()
        self.setWindowTitle(self._title())
        self.banner.show_message(
            f"{reason}\n已以只读方式打开：可以查看、打印、导出，或“另存为”到其他位置后再编辑。",
            BannerKind.WARNING,
            "另存为…",
            self.save_as,
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "status"):
            self.status.fit_step_items()
        elif (
            event.type() == QEvent.Type.ActivationChange
            and hasattr(self, "saving")
            and not self.isActiveWindow()
            and not self.closing
        ):
            # She switched to another program: what she typed is on the disk.
            self.commit_open_editors()
            self.saving.autosaver.save_if_dirty()

    # -- comfort -------------------------------------------------------------------------

    def change_text_size(self, step: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0: on a table step they zoom the grid (as in Excel), on
        the other steps they change the text size of the whole program."""
        from gaidesk.gui.settings import DEFAULT_TEXT_SIZE

        if STEPS[self.current_step].kind is StepKind.TABLE:
            self.zoom_grid(step)
            return
        size = DEFAULT_TEXT_SIZE if step == 0 else self.settings.text_size + step
        size = max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, size))
        self.settings.text_size = size
        set_text_size(size)
        self._apply_grid_zoom()
        self.statusBar().showMessage(f"文字大小：{size} 磅", 3000)

    def zoom_grid(self, step: int) -> None:
        """Zoom the tables by 10 % a step (0: back to 100 %); remembered."""
        zoom = 100 if step == 0 else self.settings.grid_zoom + 10 * step
        self.settings.grid_zoom = zoom
        self._apply_grid_zoom()
        self.statusBar().showMessage(f"表格缩放：{self.settings.grid_zoom}%", 3000)

    def _apply_grid_zoom(self) -> None:
        for _index, page in self.pages.built():
            page.set_zoom(self.settings.grid_zoom)

    # -- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.commit_open_editors(keep_refused=not self.ending):
            event.ignore()
            return
        if not self.saving.may_close(self.ending):
            event.ignore()
            return
        if self._exporter is not None:
            self._exporter.finish_printing()  # a print job must not outlive its window
        self.closing = True
        remember_window(self, "wizard", self.settings)
        self.settings.set_geometry(DOCK_STATE, self.saveState())
        self.settings.sync()
        self.saving.release()
        event.accept()
        self.closed.emit(self.document.path)
        QTimer.singleShot(0, self.deleteLater)
