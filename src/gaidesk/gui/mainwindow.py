"""The wizard window: a side list of steps, the step pages, the problems panel and autosave."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import store
from gaidesk.draft import DraftError
from gaidesk.gui import dialogs
from gaidesk.gui.autosave import AutoSaver
from gaidesk.gui.common import (
    ERROR_COLOR,
    MUTED_COLOR,
    Banner,
    BannerKind,
    Mark,
    count_text,
    pdf_available,
    set_text_size,
    severity_icon,
    word_available,
    workbook_available,
)
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.problems import FindingsTree
from gaidesk.gui.readonly import make_read_only
from gaidesk.gui.screen import is_compact_height, place_window, remember_window
from gaidesk.gui.settings import MAX_TEXT_SIZE, MIN_TEXT_SIZE, Settings
from gaidesk.gui.steps import (
    BASIC_STEP,
    CHECK_STEP,
    STEPS,
    Step,
    StepKind,
    finding_order,
    part_of_step,
    report_order,
    step_of_address,
    step_of_finding,
)
from gaidesk.model import PARTS

if TYPE_CHECKING:
    from gaidesk.gui.export import Exporter
    from gaidesk.gui.narrative import NarrativePage
    from gaidesk.gui.pages.basic import BasicInfoPage
    from gaidesk.gui.pages.check import CheckPage
    from gaidesk.gui.table.page import TablePage

__all__ = ["Banner", "WizardWindow", "set_text_size"]

_P = TypeVar("_P", bound=QWidget)

_FULL_TEXT = Qt.ItemDataRole.UserRole + 1  # a step item's whole text (elided when compact)
DOCK_STATE = "wizard-docks"  # the settings key of the problems panel's size and place


class StepPages(Mapping[str, _P]):
    """The pages of one kind of step ("narrative" by section number, "table" by table key);
    looking one up builds it if it has not been shown yet."""

    def __init__(self, window: WizardWindow, kind: StepKind) -> None:
        self._window = window
        self._steps: dict[str, int] = {}
        for i, step in enumerate(STEPS):
            if step.kind is kind and step.section is not None:
                key = step.section.table if kind is StepKind.TABLE else step.section.number
                self._steps[str(key)] = i

    def __getitem__(self, key: str) -> _P:
        return cast(_P, self._window.page(self._steps[key]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)


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
        self.lock = lock
        self.in_library = in_library
        self._closing = False
        self.ending = False  # the program is ending (session end, a signal): never ask
        self.read_only = ""  # why this window may not change the draft (set_read_only)
        self._auto_dock = False
        self._compact = False
        self._summary_open = False  # the folded problems panel, opened on demand
        self._shown_status: object = None  # what the step list was last drawn for
        self.setWindowTitle(self._title())
        self.setMinimumSize(QSize(900, 560))

        self.autosaver = AutoSaver(document, parent=self)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_save_failed)
        # The lock's heartbeat: another computer sees that this draft is still being edited.
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(int(store.LOCK_HEARTBEAT * 1000))
        self._heartbeat.timeout.connect(self._beat)
        if lock is not None:
            self._heartbeat.start()
            self.autosaver.may_write = self._lock_still_ours

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
            "QListWidget#steps { background: #f3f5f8; border: none; padding: 6px; }"
            "QListWidget#steps::item { padding: 6px 4px; border-radius: 4px; }"
            "QListWidget#steps::item:selected { background: #d6e4f5; color: black; }"
        )
        for step in STEPS:
            item = QListWidgetItem(step.title)
            self.steps.addItem(item)
        self.steps.currentRowChanged.connect(self._on_step_row)
        self.steps.installEventFilter(self)  # its items follow its width

        # -- pages: each step's page is built when it is first shown ----------------------
        self.pages = QStackedWidget()
        self._built: dict[int, QWidget] = {}  # step index -> its page (not its scroll area)
        for _step in STEPS:
            self.pages.addWidget(QWidget())  # stands in until the step is first shown
        # Section number -> NarrativePage, table key -> TablePage.
        self.narrative_pages: StepPages[NarrativePage] = StepPages(self, StepKind.NARRATIVE)
        self.table_pages: StepPages[TablePage] = StepPages(self, StepKind.TABLE)
        self._export_buttons: dict[str, QPushButton] = {}

        self.banner = Banner()

        self.nav_bar = QWidget()
        nav = QHBoxLayout(self.nav_bar)
        nav.setContentsMargins(16, 4, 16, 6)
        self._nav = nav
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
        self.nav_line.setStyleSheet("color: #dddddd;")
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
        self.problems_dock.visibilityChanged.connect(self._on_dock_visibility)

        # -- status bar ----------------------------------------------------------------------
        self.counts_label = QLabel()
        self.save_label = QLabel("修改会自动保存")
        self.save_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.previous_label = QLabel()
        self.previous_label.setStyleSheet(f"color: {MUTED_COLOR};")
        # All permanent: a passing message (「已另存为…」) takes the free space on the left and
        # never hides or overlaps the counts.
        self.problems_summary = QToolButton()
        self.problems_summary.setObjectName("problemsSummary")
        self.problems_summary.setAutoRaise(True)
        self.problems_summary.setCheckable(True)
        self.problems_summary.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.problems_summary.toggled.connect(self._on_summary_toggled)
        self.problems_summary.hide()
        self.statusBar().addPermanentWidget(self.problems_summary)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.previous_label)
        self.statusBar().addPermanentWidget(self.save_label)

        self._build_menus()
        document.findingsChanged.connect(self._update_status)
        document.metaChanged.connect(lambda: self.setWindowTitle(self._title()))
        document.previousChanged.connect(self._update_previous_label)
        document.undoRedone.connect(self._show_undone)
        document.reviewChanged.connect(self._on_review_changed)
        self._update_status()
        self._update_previous_label()

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

    # -- construction helpers -------------------------------------------------------------

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
        return index in self._built

    def page(self, index: int) -> QWidget:
        """The page of a step, built (in place of its stand-in) the first time it is needed."""
        page = self._built.get(index)
        if page is not None:
            return page
        page, shown = self._build_page(STEPS[index])
        self._built[index] = page
        self._compact_page(page)
        zoom = getattr(page, "set_zoom", None)
        if callable(zoom) and self.settings.grid_zoom != 100:
            zoom(self.settings.grid_zoom)
        if self.read_only and index != CHECK_STEP:
            make_read_only(page, all_toggles=index == BASIC_STEP)
        stand_in = self.pages.widget(index)
        assert stand_in is not None
        current = self.pages.currentIndex()
        self.pages.insertWidget(index, shown)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self.pages.setCurrentIndex(current)
        # Resolve fonts and style sheets now, as for pages present when the window was shown
        # (a page built to be addressed, e.g. to put the cursor in a cell, may still be hidden).
        shown.ensurePolished()
        return page

    def build_pages(self) -> None:
        """Build every step's page now (screenshots, tests that look at all pages)."""
        for index in range(len(STEPS)):
            self.page(index)

    def _build_page(self, step: Step) -> tuple[QWidget, QWidget]:
        """A step's page, and what goes in the stack for it (the page or a scroll area)."""
        if step.kind is StepKind.BASIC:
            from gaidesk.gui.pages.basic import BasicInfoPage

            basic = BasicInfoPage(self.document)
            return basic, basic
        if step.kind is StepKind.CHECK:
            from gaidesk.gui.pages.check import CheckPage

            check = CheckPage(self.document)
            check.addressActivated.connect(self.go_to_address)
            check.stepActivated.connect(self.go_to_step)
            self._add_export_buttons(check)
            return check, check
        assert step.section is not None
        if step.kind is StepKind.NARRATIVE:
            from gaidesk.gui.narrative import NarrativePage

            narrative = NarrativePage(self.document, step.section)
            return narrative, narrative
        from gaidesk.gui.table.page import TablePage

        table = TablePage(self.document, step.section.table)
        # A grid of fixed height (tables 2 and 4) may be taller than the screen: scroll the
        # page. Table 3 scrolls inside its own grid, under a frozen header.
        fixed = table.view.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Fixed
        return table, self._scrolling(table) if fixed else table

    def _scrolling(self, page: QWidget) -> QScrollArea:
        """A table page in a scroll area (table 2 is taller than a 768-pixel screen allows),
        following the current cell as she moves with Enter and Tab."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        view = getattr(page, "view", None)
        if isinstance(view, QAbstractItemView) and view.selectionModel() is not None:

            def follow(current: QModelIndex, _previous: QModelIndex) -> None:
                if current.isValid():
                    rect = view.visualRect(current)
                    point = view.viewport().mapTo(page, rect.center())
                    scroll.ensureVisible(point.x(), point.y(), rect.width(), rect.height())

            view.selectionModel().currentChanged.connect(follow)
        return scroll

    def _fit_step_items(self) -> None:
        """Give each side-list item the height its wrapped text needs."""
        metrics = self.steps.fontMetrics()
        char = metrics.horizontalAdvance("国")
        # About 12 characters a line, whatever the text size.
        if self._compact:
            self.steps.setMinimumWidth(min(240, max(120, char * 9)))
            self.steps.setMaximumWidth(min(260, max(140, char * 9 + 30)))
        else:
            self.steps.setMinimumWidth(min(340, max(180, char * 11)))
            self.steps.setMaximumWidth(min(380, max(220, char * 13 + 40)))
        # The list may not have taken its new width yet: at least its minimum counts.
        shown = max(self.steps.viewport().width(), self.steps.minimumWidth() - 12)
        width = max(80, shown - self.steps.iconSize().width() - 34)
        for i in range(self.steps.count()):
            item = self.steps.item(i)
            full = str(item.data(_FULL_TEXT) or item.text())
            if self._compact:  # one line per title, the whole of it in the tooltip
                room = width - 2
                lines = full.split("\n")
                item.setText(
                    "\n".join(
                        metrics.elidedText(t, Qt.TextElideMode.ElideRight, room) for t in lines
                    )
                )
            else:
                item.setText(full)
            wrap = int(Qt.TextFlag.TextWordWrap)
            bound = metrics.boundingRect(QRect(0, 0, width, 10_000), wrap, item.text())
            item.setSizeHint(QSize(width, bound.height() + 14))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.set_compact(is_compact_height(self.height()))
        self._fit_step_items()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.steps and event.type() == QEvent.Type.Resize:
            self._fit_step_items()
        return super().eventFilter(watched, event)

    # -- the compact layout of a low screen ----------------------------------------------------

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Below 800 pixels of height: the problems panel folds into a line of the status bar,
        上一步/下一步 move into the status bar, the step list narrows and the grids tighten."""
        if compact == self._compact:
            return
        self._compact = compact
        bar = self.statusBar()
        widgets = (self.back_button, self.step_label, self.next_button)
        if compact:
            for w in widgets:
                self._nav.removeWidget(w)
                bar.addPermanentWidget(w)
                w.show()
            for b in (self.back_button, self.next_button):
                b.setStyleSheet("QPushButton { padding: 0px 10px; }")
                b.setMaximumHeight(self.fontMetrics().height() + 4)
        else:
            for w in widgets:
                bar.removeWidget(w)
            for b in (self.back_button, self.next_button):
                b.setStyleSheet("")
                b.setMaximumHeight(16777215)
            self._nav.insertWidget(0, self.back_button)
            self._nav.insertWidget(2, self.step_label)
            self._nav.insertWidget(4, self.next_button)
            for w in widgets:
                w.show()
        self.nav_bar.setVisible(not compact)
        self.nav_line.setVisible(not compact)
        self.problems_summary.setVisible(compact)
        self.problems_summary.setMaximumHeight(self.fontMetrics().height() + 4)
        self.counts_label.setVisible(not compact)
        self._summary_open = False
        self.problems_summary.setChecked(False)
        for page in self._built.values():
            self._compact_page(page)
        self._show_dock()
        self._fit_step_items()

    def _compact_page(self, page: QWidget) -> None:
        set_compact = getattr(page, "set_compact", None)
        if callable(set_compact):
            set_compact(self._compact)

    def _show_dock(self) -> None:
        """The problems panel where it belongs: hidden on the check step (which lists every
        finding itself), folded on a low screen unless opened, else as she left it."""
        shown = self._summary_open if self._compact else self.settings.show_problems()
        self._auto_dock = True
        self.problems_dock.setVisible(self.current_step != CHECK_STEP and shown)
        self._auto_dock = False

    def _on_summary_toggled(self, opened: bool) -> None:
        if opened and self.current_step == CHECK_STEP:
            # The check step lists every problem itself: the summary points there.
            self.problems_summary.setChecked(False)
            self.check_page.findings.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._summary_open = opened
        self._show_dock()
        if opened:
            self.problems.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_export_buttons(self, page: CheckPage) -> None:
        actions: list[tuple[str, str, str, Callable[[], object]]] = []
        if pdf_available():
            actions += [
                ("preview", "打印预览(&Y)", "查看打印出来的样子", lambda: self.exporter.preview()),
                ("print", "打印…(&P)", "直接打印报告", lambda: self.exporter.print_report()),
                (
                    "pdf",
                    "导出PDF…(&D)",
                    "导出为PDF文件，用于公开发布和报送",
                    lambda: self.exporter.export_pdf(),
                ),
            ]
        if workbook_available():
            actions.append(
                (
                    "xlsx",
                    "导出Excel…(&X)",
                    "把三张表格导出为Excel工作簿",
                    lambda: self.exporter.export_xlsx(),
                )
            )
        if word_available():
            actions.append(
                (
                    "docx",
                    "导出Word…(&O)",
                    "导出为Word文档，供在WPS或Word中修改",
                    lambda: self.exporter.export_docx(),
                )
            )
        actions.append(
            (
                "html",
                "网站发布版…(&W)",
                "导出可粘贴到网站编辑器的网页，并复制到剪贴板",
                lambda: self.exporter.export_html(),
            )
        )
        for key, text, tip, slot in actions:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, f=slot: self._before_reading() and f())
            page.add_action_button(button)
            self._export_buttons[key] = button

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.save_action = self._action(
            file_menu, "立即保存", self.save_now, QKeySequence("Ctrl+S")
        )
        self._action(file_menu, "另存为…", self.save_as, QKeySequence("Ctrl+Shift+S"))
        if pdf_available():
            file_menu.addSeparator()
            self._action(file_menu, "打印预览", lambda: self.exporter.preview())
            self._action(
                file_menu, "打印…", lambda: self.exporter.print_report(), QKeySequence("Ctrl+P")
            )
            self._action(
                file_menu, "导出PDF…", lambda: self.exporter.export_pdf(), QKeySequence("Ctrl+E")
            )
        if workbook_available():
            self._action(file_menu, "导出Excel…", lambda: self.exporter.export_xlsx())
        if word_available():
            self._action(file_menu, "导出Word…", lambda: self.exporter.export_docx())
        self._action(file_menu, "导出网站发布版…", lambda: self.exporter.export_html())
        file_menu.addSeparator()
        self.restore_action = self._action(file_menu, "恢复较早的版本…", self.restore_version)
        file_menu.addSeparator()
        self._action(file_menu, "选择上年报告文件…", self.choose_previous_file)
        self.drop_previous_action = self._action(file_menu, "不对照上年报告", self.drop_previous)
        file_menu.addSeparator()
        self._action(file_menu, "返回首页", self._go_home)
        self._action(file_menu, "关闭", self.close, QKeySequence("Ctrl+W"))

        go_menu = bar.addMenu("转到(&G)")
        self._action(
            go_menu,
            "上一步",
            self.previous_step,
            QKeySequence("Alt+Left"),
            QKeySequence("Ctrl+PgUp"),
        )
        self._action(
            go_menu,
            "下一步",
            self.next_step,
            QKeySequence("Alt+Right"),
            QKeySequence("Ctrl+PgDown"),
        )
        self._action(go_menu, "检查与导出", lambda: self.go_to_step(CHECK_STEP))
        go_menu.addSeparator()
        self._action(
            go_menu,
            "下一个区域（表格、问题列表、步骤）",
            lambda: self.cycle_focus(1),
            QKeySequence("F6"),
            QKeySequence("Ctrl+Tab"),
        )
        self._action(
            go_menu,
            "上一个区域",
            lambda: self.cycle_focus(-1),
            QKeySequence("Shift+F6"),
            QKeySequence("Ctrl+Shift+Tab"),
        )
        self._action(go_menu, "下一个问题", self.next_problem, QKeySequence("F8"))
        self._action(go_menu, "上一个问题", self.previous_problem, QKeySequence("Shift+F8"))

        view_menu = bar.addMenu("查看(&V)")
        self._action(
            view_menu,
            "放大文字",
            lambda: self.change_text_size(1),
            QKeySequence("Ctrl+="),
            QKeySequence("Ctrl++"),
        )
        self._action(
            view_menu, "缩小文字", lambda: self.change_text_size(-1), QKeySequence("Ctrl+-")
        )
        self._action(
            view_menu, "默认文字大小", lambda: self.change_text_size(0), QKeySequence("Ctrl+0")
        )
        view_menu.addSeparator()
        toggle = self.problems_dock.toggleViewAction()
        toggle.setText("问题列表")
        view_menu.addAction(toggle)

        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "用户指南", self.show_guide, QKeySequence("F1"))

    def _action(
        self,
        menu: object,
        text: str,
        slot: Callable[[], object],
        *shortcuts: QKeySequence,
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts(list(shortcuts))
        action.triggered.connect(lambda _checked=False: self._before_reading() and slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        self.addAction(action)
        return action

    def _title(self) -> str:
        meta = self.document.report.meta
        read_only = "（只读）" if self.read_only else ""
        return f"{meta.effective_title}{read_only} — gaidesk"

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
            self.autosaver.save_if_dirty()
        self.page(index)
        self.pages.setCurrentIndex(index)
        part = part_of_step(index)
        if part is None:
            self.document.show_all_parts()  # she asks for the check: every problem shows
        else:
            self.document.show_part(part)
        self._show_dock()
        self._update_summary()
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
        self._focus_first()

    def previous_step(self) -> None:
        self.go_to_step(self.current_step - 1)
        self._focus_first()

    def _focus_first(self) -> None:
        step = STEPS[self.current_step]
        self.page(self.current_step)
        if step.kind is StepKind.NARRATIVE and step.section is not None:
            self.narrative_pages[step.section.number].first_editor().focus_editor()
        elif step.kind is StepKind.BASIC:
            self.basic_page.agency.setFocus()
        elif step.kind is StepKind.TABLE and step.section is not None:
            self.table_pages[step.section.table].view.setFocus()  # typing goes into the grid
        else:
            shown = self.pages.currentWidget()  # the page, or the scroll area holding it
            if shown is not None:
                shown.setFocus()

    def go_to_address(self, address: str) -> None:
        """Show the step where an address is edited and put the cursor there."""
        if not self.commit_open_editors():
            return
        step = step_of_address(address)
        self.go_to_step(step)
        kind = STEPS[step].kind
        if kind is StepKind.BASIC:
            self.basic_page.focus_address(address)
        elif kind is StepKind.NARRATIVE:
            section = STEPS[step].section
            assert section is not None
            self.narrative_pages[section.number].focus_address(address)
        elif kind is StepKind.TABLE:
            table = self.table_pages.get(fmt.table_of(address))
            if table is not None:
                table.focus_address(address)

    def cursor_address(self) -> str:
        """The cell, text part or field the keyboard is in on the current step ("" if none)."""
        step = STEPS[self.current_step]
        if not self.is_built(self.current_step):
            return ""
        focus = QApplication.focusWidget()
        if step.kind is StepKind.TABLE and step.section is not None:
            view = self.table_pages[step.section.table].view
            index = view.currentIndex()
            if index.isValid():
                anchor = view.table_model.anchor_at(index.row(), index.column())
                if anchor is not None:
                    return str(view.table_model.address_at(view.table_model.index(*anchor)))
            return ""
        if focus is None:
            return ""
        if step.kind is StepKind.NARRATIVE and step.section is not None:
            for key, editor in self.narrative_pages[step.section.number].editors.items():
                if editor.isAncestorOf(focus):
                    return fmt.text_address(key)
        elif step.kind is StepKind.BASIC:
            basic = self.basic_page
            if basic.preface.isAncestorOf(focus):
                return fmt.PREFACE.address
            for address, widget in basic.fields().items():
                if widget is focus or widget.isAncestorOf(focus):
                    return address
        return ""

    def _focus_areas(self) -> list[QWidget]:
        """What F6 and Ctrl+Tab go round: the page (the grid), the problems, the steps."""
        problems: QWidget = (
            self.check_page.findings if self.current_step == CHECK_STEP else self.problems
        )
        return [self.pages.currentWidget() or self.pages, problems, self.steps]

    def _area_with_focus(self, areas: list[QWidget]) -> int:
        focus = QApplication.focusWidget()
        for i, area in enumerate(areas):
            if focus is not None and (focus is area or area.isAncestorOf(focus)):
                return i
        return -1

    def cycle_focus(self, direction: int) -> None:
        """Move the keyboard to the next (or previous) area of the window."""
        if self._composing():
            return
        areas = self._focus_areas()
        here = self._area_with_focus(areas)
        target = (here + direction) % len(areas) if here >= 0 else 0
        if target == 1 and self.current_step != CHECK_STEP and not self.problems.isVisible():
            if self._compact:
                self.problems_summary.setChecked(True)  # unfold the panel to work in it
            else:
                self.problems_dock.show()
        if target == 0:
            self._focus_first()
        else:
            areas[target].setFocus(Qt.FocusReason.ShortcutFocusReason)
            if target == 1 and isinstance(areas[1], FindingsTree):
                tree = areas[1]
                first = tree.topLevelItem(0)
                if tree.currentItem() is None and first is not None:
                    tree.setCurrentItem(first)

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

    def next_problem(self) -> None:
        """F8: the first problem after the cursor in the report's order, round to the first."""
        self._jump_to_problem(forward=True)

    def previous_problem(self) -> None:
        """Shift+F8: the last problem before the cursor, round to the last."""
        self._jump_to_problem(forward=False)

    def _jump_to_problem(self, forward: bool) -> None:
        if self._composing():
            self.statusBar().showMessage("请先完成正在输入的文字，再转到下一个问题。", 5000)
            return
        located = sorted((finding_order(f), f.cells[0]) for f in self.document.findings if f.cells)
        if not located:
            self.statusBar().showMessage("没有发现问题。", 3000)
            return
        address = self.cursor_address()
        # Without a cursor on this step: just before (F8) or after (Shift+F8) the step.
        here = (
            report_order(address)
            if address
            else (self.current_step, -1, -1)
            if forward
            else (self.current_step, 10**6, 10**6)
        )
        if forward:
            target = next((a for key, a in located if key > here), located[0][1])
        else:
            target = next((a for key, a in reversed(located) if key < here), located[-1][1])
        self.go_to_address(target)

    def _composing(self) -> bool:
        """Whether an input method is still composing in the text she is typing (moving
        the focus now would drop the unfinished characters into another field)."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QPlainTextEdit):
            layout = focus.textCursor().block().layout()
            return layout is not None and bool(layout.preeditAreaText())
        return False

    # -- status --------------------------------------------------------------------------

    def step_status(self, index: int) -> tuple[int, int]:
        """(errors, unconfirmed warnings) found on a step; the check step counts everything."""
        errors = warnings = 0
        for f in self.document.findings:
            if index != CHECK_STEP and step_of_finding(f) != index:
                continue
            if f.severity == fmt.Severity.ERROR:
                errors += 1
            elif not self.document.is_confirmed(f):
                warnings += 1
        return errors, warnings

    def step_status_text(self, index: int) -> str:
        """「✓」, 「未填」, 「2 处错误」, 「未填 · 1 处错误」…: what the step list says."""
        part = part_of_step(index)
        counts = count_text(*self.step_status(index))
        if part is None or self.document.is_filled(part):
            return counts
        if self.document.is_pending(part) or counts == "✓":
            return "未填"
        return f"未填 · {counts}"

    def _shown_counts(self) -> tuple[int, int, int]:
        """(errors, unconfirmed warnings, parts waiting) as the clerk is shown them: the
        problems of a part she has not reached or filled in wait as 「待填写」."""
        errors = warnings = 0
        for f in self.document.findings:
            step = step_of_finding(f)
            part = part_of_step(step) if step is not None else None
            if part is not None and self.document.is_pending(part):
                continue
            if f.severity == fmt.Severity.ERROR:
                errors += 1
            elif not self.document.is_confirmed(f):
                warnings += 1
        waiting = sum(1 for p in PARTS if not self.document.is_filled(p))
        return errors, warnings, waiting

    def _on_review_changed(self) -> None:
        self._shown_status = None
        self._update_status()

    def _update_status(self) -> None:
        state = (tuple(self.document.findings), repr(self.document.review), self.current_step)
        if state == self._shown_status:
            return
        self._shown_status = state
        for i, step in enumerate(STEPS):
            errors, warnings = self.step_status(i)
            item = self.steps.item(i)
            status = self.step_status_text(i)
            if i == CHECK_STEP:
                # As the clerk is shown them: errors of parts she has not reached wait.
                verdict = self.document.verdict()
                shown_errors, shown_warnings, waiting = self._shown_counts()
                if shown_errors:
                    what, mark = f"还有 {fmt.counts_text(shown_errors, 0)}", Mark.ERROR
                elif shown_warnings:
                    what = fmt.counts_text(0, shown_warnings, warning_suffix="待确认")
                    mark = Mark.WARNING
                elif waiting:
                    what, mark = f"{waiting} 部分未填", Mark.PENDING
                else:
                    what, mark = verdict.text(), Mark.OK if verdict.ready else Mark.ERROR
                text = step.title if verdict.ready else f"{step.title}\n{what}"
                status = "可以定稿" if verdict.ready else what
            else:
                text = step.title if status == "✓" else f"{step.title}\n{status}"
                mark = Mark.ERROR if errors else (Mark.WARNING if warnings else Mark.OK)
                if status == "未填" or (status.startswith("未填") and not errors):
                    mark = Mark.PENDING
            item.setData(_FULL_TEXT, text)
            item.setText(text)
            item.setIcon(severity_icon(mark))
            item.setToolTip(f"{step.title}：{'没有问题' if status == '✓' else status}")
        self._fit_step_items()
        self.counts_label.setText(self._counts_text())
        errors, warnings, _waiting = self._shown_counts()
        self.problems_dock.setWindowTitle(
            f"问题列表（{count_text(errors, warnings)}）"
            if errors or warnings
            else "问题列表（无）"
        )
        self._update_summary()

    def _counts_text(self) -> str:
        errors, warnings, waiting = self._shown_counts()
        parts = [count_text(errors, warnings)] if errors or warnings else []
        if waiting:
            parts.append(f"{waiting} 部分未填")
        if not parts:
            return "可以定稿" if self.document.verdict().ready else "检查通过"
        return "共 " + " / ".join(parts)

    def _update_summary(self) -> None:
        """The folded problems panel's line: how many, and the first problem of this step."""
        errors, warnings, waiting = self._shown_counts()
        if not (errors or warnings or waiting):
            self.problems_summary.setText(self._counts_text())
            self.problems_summary.setIcon(severity_icon(Mark.OK))
            self.problems_summary.setToolTip("没有问题")
            return
        shown = [
            f
            for f in self.document.findings
            if not self.document.is_confirmed(f)
            and (step := step_of_finding(f)) is not None
            and not self.document.is_pending(part_of_step(step) or "")
        ]
        here = [f for f in shown if step_of_finding(f) == self.current_step]
        first = next(iter(here or shown), None)
        text = self._counts_text() + (f"：{first.message}" if first is not None else "")
        metrics = self.problems_summary.fontMetrics()
        room = max(160, self.width() // 2)
        self.problems_summary.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) + "  ▲"
        )
        mark = Mark.ERROR if errors else (Mark.WARNING if warnings else Mark.PENDING)
        self.problems_summary.setIcon(severity_icon(mark))
        self.problems_summary.setToolTip(f"{text}\n点击展开问题列表")

    def _update_previous_label(self) -> None:
        previous = self.document.previous
        self.drop_previous_action.setEnabled(previous is not None)
        if previous is None:
            self.previous_label.setText("")
        else:
            self.previous_label.setText(f"对照上年：{previous.meta.effective_title}")

    def _on_dock_visibility(self, visible: bool) -> None:
        if self._closing or self._auto_dock or not self.isVisible():
            return
        if self._compact:
            self._summary_open = visible  # closed with its own button: fold it again
            self.problems_summary.blockSignals(True)
            self.problems_summary.setChecked(visible)
            self.problems_summary.blockSignals(False)
        else:
            self.settings.set_show_problems(visible)

    # -- open editors and saving ---------------------------------------------------------

    def commit_open_editors(self, keep_refused: bool = True) -> bool:
        """Take the value of a table cell still being typed in into the report: every action
        that reads the report calls this first (narrative and basic fields write through as
        she types). A value that is not a number stays in its open editor, with its message,
        and False tells the action to wait; ``keep_refused=False`` (the session is ending)
        goes on without it."""
        for index, page in list(self._built.items()):
            view = getattr(page, "view", None)
            if (
                not isinstance(view, QAbstractItemView)
                or view.state() != QAbstractItemView.State.EditingState
            ):
                continue
            editor = view.indexWidget(view.currentIndex())
            if editor is None:
                continue
            view.last_commit_ok = True  # type: ignore[attr-defined]  # set by the delegate
            view.commitData(editor)
            if getattr(view, "last_commit_ok", True) or not keep_refused:
                view.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
                continue
            if self.pages.currentIndex() != index:
                self.go_to_step(index, save=False)
            editor.setFocus()
            return False
        return True

    def _before_reading(self) -> bool:
        """Before any menu action, export or print: the cell being typed in is taken and the
        draft saved. False when the cell holds no number (the action then waits)."""
        if not self.commit_open_editors():
            return False
        self.autosaver.save_if_dirty()
        return True

    def save_now(self) -> bool:
        if not self.commit_open_editors():
            return False
        return self.autosaver.save_now()

    def save_for_exit(self) -> bool:
        """The session ends (logout, shutdown, a signal) or an error is shown: save what she
        typed without asking anything; True when nothing is left unsaved."""
        self.commit_open_editors(keep_refused=False)
        return self.autosaver.save_if_dirty()

    def _beat(self) -> None:
        self._lock_still_ours()

    def _lock_still_ours(self) -> bool:
        """Refresh the lock (every save and every heartbeat); when another computer or window
        has taken the draft over meanwhile, stop writing it: her edits would overwrite theirs."""
        if self.lock is None or self.read_only or self.lock.refresh():
            return not self.read_only
        self.lock = None
        self.set_read_only(
            "这份草稿已被另一台电脑或另一个 gaidesk 接管编辑，这个窗口不再保存修改，以免互相覆盖。"
            "本窗口的内容仍可以查看、打印、导出，或“另存为”到其他位置。"
        )
        return False

    def set_read_only(self, reason: str) -> None:
        """Stop editing and saving: she can still read, print, export and save a copy."""
        self.read_only = reason
        self.autosaver.enabled = False
        self._heartbeat.stop()
        for index, page in self._built.items():
            if index != CHECK_STEP:
                make_read_only(page, all_toggles=index == BASIC_STEP)
        for action in (self.save_action, self.restore_action):
            action.setEnabled(False)
        self.save_label.setText("只读")
        self.setWindowTitle(self._title())
        self.banner.show_message(
            f"{reason}\n已以只读方式打开：可以查看、打印、导出，或“另存为”到其他位置后再编辑。",
            BannerKind.WARNING,
            "另存为…",
            self.save_as,
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "steps"):
            self._fit_step_items()
        elif (
            event.type() == QEvent.Type.ActivationChange
            and hasattr(self, "autosaver")
            and not self.isActiveWindow()
            and not self._closing
        ):
            # She switched to another program: what she typed is on the disk.
            self.commit_open_editors()
            self.autosaver.save_if_dirty()

    def _on_saved(self, when: datetime) -> None:
        self.save_label.setText(f"已自动保存 {when:%H:%M:%S}")
        self.save_label.setStyleSheet(f"color: {MUTED_COLOR};")
        if self.banner.isVisible() and self.banner.kind is BannerKind.ERROR:
            self.banner.hide()

    def _on_save_failed(self, message: str) -> None:
        self.save_label.setText("未能保存")
        self.save_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.banner.show_message(
            f"{message}\n您填写的内容仍在程序中，修改后会再次尝试保存；也可以“另存为”到其他位置。",
            BannerKind.ERROR,
            "另存为…",
            self.save_as,
        )

    def save_as(self) -> Path | None:
        """Save a copy of the draft to a file of her choice (e.g. a USB stick)."""
        meta = self.document.report.meta
        suggested = str(Path.home() / f"{store.safe_file_name(meta.effective_title)}{store.SUFFIX}")
        target = dialogs.save_file(self, "另存为", dialogs.DRAFT_FILTER, suggested)
        if target is None:
            return None
        if target.suffix != store.SUFFIX:
            target = target.with_name(target.name + store.SUFFIX)
        try:
            store.save_report(self.document.report, target, keep_version=False)
        except store.StoreError as exc:
            dialogs.warn(self, "另存为", str(exc))
            return None
        self.statusBar().showMessage(f"已另存为 {target}（您仍在编辑原草稿）", 8000)
        return target

    def restore_version(self) -> None:
        path = self.document.path
        if path is None:
            return
        self.autosaver.save_if_dirty()
        # A version identical to the draft as it is now (kept when it was opened) is no choice.
        kept = [v for v in store.versions(path) if not store.is_current_state(v, path)]
        if not kept:
            dialogs.inform(self, "恢复较早的版本", "这份草稿还没有保存过较早的版本。")
            return
        items = [f"{v.saved_at:%Y-%m-%d %H:%M:%S} 保存的版本" for v in kept]
        index = dialogs.pick_item(
            self, "恢复较早的版本", "选择要恢复的版本（当前内容也会保留为一个版本）：", items
        )
        if index < 0:
            return
        from gaidesk import session

        try:
            restored = session.restore_version(path, kept[index], self.lock)
        except (store.StoreError, DraftError) as exc:
            dialogs.warn(self, "恢复较早的版本", str(exc))
            return
        # The controller shows the restored report in a fresh window, which takes the lock.
        self.autosaver.dirty = False
        self.versionRestored.emit(self, restored)

    def choose_previous_file(self) -> None:
        path = dialogs.open_file(self, "选择上年报告", dialogs.DRAFT_FILTER)
        if path is None:
            return
        try:
            previous = store.load_report(path, offer_versions=False)
        except DraftError as exc:
            dialogs.warn(self, "选择上年报告", str(exc))
            return
        self.document.set_previous(previous)

    def drop_previous(self) -> None:
        self.document.set_previous(None)

    def _go_home(self) -> None:
        self.homeRequested.emit()
        self.close()

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
        for page in self._built.values():
            zoom = getattr(page, "set_zoom", None)
            if callable(zoom):
                zoom(self.settings.grid_zoom)

    # -- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.commit_open_editors(keep_refused=not self.ending):
            event.ignore()
            return
        if not self.autosaver.save_if_dirty() and not self.ending:
            choice = dialogs.choose(
                self,
                "无法保存",
                f"{self.autosaver.last_error}\n\n关闭窗口会丢失最近的修改。请先另存到其他位置。",
                ["另存为…", "不保存，直接关闭", "返回继续编辑"],
                0,
            )
            if choice == 0:
                if self.save_as() is None:
                    event.ignore()
                    return
            elif choice != 1:
                event.ignore()
                return
        if self._exporter is not None:
            self._exporter.finish_printing()  # a print job must not outlive its window
        self._closing = True
        self._heartbeat.stop()
        remember_window(self, "wizard", self.settings)
        self.settings.set_geometry(DOCK_STATE, self.saveState())
        self.settings.sync()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        event.accept()
        self.closed.emit(self.document.path)
        QTimer.singleShot(0, self.deleteLater)
