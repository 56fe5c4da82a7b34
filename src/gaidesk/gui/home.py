"""The start screen: the clerk's drafts, newest first, and the ways to start a report."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gaidesk.gui import theme
from gaidesk.gui.common import (
    Banner,
    BannerKind,
    Mark,
    heading_label,
    hint_label,
    severity_icon,
    workbook_available,
)
from gaidesk.gui.screen import place_window, remember_window

if TYPE_CHECKING:
    from datetime import date, datetime

    from gaidesk.gui.settings import Settings
    from gaidesk.store import Library

_PATH_ROLE = Qt.ItemDataRole.UserRole + 1
# After a change in the drafts folder, wait this long for more (a copy, an autosave's rename).
_FOLDER_SETTLE_MS = 400


def default_year(today: date | None = None) -> int:
    """The year a new report is most likely for: last year in January–March, else this year."""
    from datetime import date

    today = today or date.today()
    return today.year - 1 if today.month <= 3 else today.year


def when_text(when: datetime, now: datetime | None = None) -> str:
    from datetime import datetime

    now = now or datetime.now()
    if when.date() == now.date():
        return f"今天 {when:%H:%M}"
    if (now.date() - when.date()).days == 1:
        return f"昨天 {when:%H:%M}"
    return f"{when:%Y-%m-%d %H:%M}"


MIN_FREE_BYTES = 1024 * 1024  # less than this left: saves will fail soon


def folder_problem(folder: Path) -> str:
    """Why drafts in a folder cannot be saved (read-only, no permission, a full disk), in
    Chinese, or "". A probe file is created and removed: a read-only mount or a folder
    guarded by the system can say yes to a permission check and still refuse the file."""
    import contextlib
    import errno
    import os
    import shutil
    import tempfile

    where = f"数据文件夹“{folder}”"
    can_read = (
        "已有的报告只能以只读方式打开（可以查看、打印、导出和另存为），修改和新建的报告无法保存。"
    )
    try:
        fd, probe = tempfile.mkstemp(prefix=".gaidesk-probe-", dir=folder)
    except FileNotFoundError:
        return ""  # created when the first draft is saved
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return f"{where}所在的磁盘已满。{can_read}请腾出磁盘空间。"
        return f"{where}是只读的或没有写入权限。{can_read}请联系管理员开放写入权限。"
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    if free < MIN_FREE_BYTES:
        return f"{where}所在的磁盘几乎已满，修改可能无法保存。请腾出磁盘空间。"
    return ""


class NewReportDialog(QDialog):
    """Asks the body and the year of a new report."""

    def __init__(self, body: str, year: int, parent: QWidget | None = None) -> None:
        from gaidesk import format as fmt  # the dialog opens after the home screen shows

        super().__init__(parent)
        self.setWindowTitle("新建报告")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.agency = QLineEdit(body)
        self.agency.setPlaceholderText("例如：大寨镇人民政府")
        self.agency.setMinimumWidth(320)
        form.addRow(f"{fmt.AGENCY.label}：", self.agency)
        self.year = QSpinBox()
        self.year.setRange(fmt.MIN_YEAR, fmt.MAX_YEAR)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        form.addRow(f"{fmt.YEAR.label}：", self.year)
        layout.addLayout(form)
        self.preview = hint_label("")
        layout.addWidget(self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.agency.textChanged.connect(self._update)
        self.year.valueChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        from gaidesk import format as fmt

        agency = self.agency.text().strip()
        self._ok.setEnabled(bool(agency))
        self.preview.setText(
            f"{fmt.TITLE.label}：{fmt.default_title(agency, self.year.value())}"
            if agency
            else f"请填写{fmt.AGENCY.label}的全称。"
        )

    def values(self) -> tuple[str, int]:
        return self.agency.text().strip(), self.year.value()


class HomeWindow(QMainWindow):
    """The drafts list and the buttons. It asks for what the clerk chose with signals (the
    controller connects them) and shows what the controller tells it: the list, a banner."""

    newRequested = Signal()
    newFromPreviousRequested = Signal()
    openFileRequested = Signal()
    importRequested = Signal()
    countyRequested = Signal()
    binRequested = Signal()
    openRequested = Signal(object)  # the draft's Path
    renameRequested = Signal(object)
    deleteRequested = Signal(object)

    def __init__(
        self,
        settings: Settings,
        library: Callable[[], Library],
        parent: QWidget | None = None,
    ) -> None:
        """``library`` gives the drafts library when the list is first filled (it is set up
        after the window's first paint)."""
        super().__init__(parent)
        self._settings = settings
        self._library = library
        self.setWindowTitle("gaidesk — 政府信息公开工作年度报告")
        self.setMinimumSize(720, 480)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(10)
        layout.addWidget(heading_label("政府信息公开工作年度报告", "xx-large"))
        layout.addWidget(hint_label("边填边检查，自动保存，直接打印。双击一份报告继续填写。"))
        self.banner = Banner()
        layout.addWidget(self.banner)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.new_button = QPushButton("新建报告(&N)")
        self.new_button.setDefault(True)
        self.new_button.setStyleSheet(theme.primary_button_style("6px 16px"))
        self.new_button.clicked.connect(self.newRequested)
        self.from_previous_button = QPushButton("从上年报告新建(&L)")
        self.from_previous_button.setToolTip(
            "带入上年结转、现行有效件数和小标题；上年文字显示在旁边供参考"
        )
        self.from_previous_button.clicked.connect(self.newFromPreviousRequested)
        self.open_button = QPushButton("打开文件…(&O)")
        self.open_button.setToolTip("打开其他位置（例如U盘）上的 .gaidesk 草稿")
        self.open_button.clicked.connect(self.openFileRequested)
        for b in (self.new_button, self.from_previous_button, self.open_button):
            b.setMinimumHeight(34)
            actions.addWidget(b)
        self.import_button: QPushButton | None = None
        if workbook_available():
            self.import_button = QPushButton("从Excel或网页导入…(&I)")
            self.import_button.setToolTip(
                "从含有官方表格的 Excel/WPS 工作簿，或保存的年度报告网页（.html）新建报告"
            )
            self.import_button.setMinimumHeight(34)
            self.import_button.clicked.connect(self.importRequested)
            actions.addWidget(self.import_button)
        actions.addStretch(1)
        self.county_button = QPushButton("审核汇总…(&S)")
        self.county_button.setToolTip(
            "县（区）政务公开办：打开放有各单位报告的文件夹，逐份检查、核对名单并汇总"
        )
        self.county_button.setMinimumHeight(34)
        self.county_button.clicked.connect(self.countyRequested)
        actions.addWidget(self.county_button)
        layout.addLayout(actions)

        layout.addSpacing(6)
        layout.addWidget(heading_label("我的报告", "large"))
        self.drafts = QTreeWidget()
        self.drafts.setObjectName("drafts")
        self.drafts.setColumnCount(4)
        self.drafts.setHeaderLabels(["报告单位", "年度", "最后保存", "检查结果"])
        self.drafts.setRootIsDecorated(False)
        self.drafts.setAlternatingRowColors(True)
        self.drafts.setUniformRowHeights(True)
        self.drafts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.drafts.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.drafts.itemActivated.connect(self._open_item)
        self.drafts.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.drafts, 1)
        self.empty_label = QLabel("还没有报告。点击“新建报告”开始，或“从上年报告新建”。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(theme.text_style(theme.MUTED_COLOR) + " padding: 24px;")
        layout.addWidget(self.empty_label, 1)

        row = QHBoxLayout()
        self.open_selected = QPushButton("打开(&E)")
        self.open_selected.clicked.connect(self._open_selected)
        self.rename_button = QPushButton("重命名…(&R)")
        self.rename_button.clicked.connect(self._rename_selected)
        self.delete_button = QPushButton("删除(&D)")
        self.delete_button.setToolTip("移到回收站，可以恢复")
        self.delete_button.clicked.connect(self._delete_selected)
        self.bin_button = QPushButton("回收站…(&B)")
        self.bin_button.setToolTip("恢复删除的报告")
        self.bin_button.clicked.connect(self.binRequested)
        for b in (self.open_selected, self.rename_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        # Filled with the list: the library (and the store) is loaded after the first paint.
        self.folder_label = QLabel()
        self.folder_label.setStyleSheet(theme.text_style(theme.MUTED_COLOR))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.folder_label)
        row.addWidget(self.bin_button)
        layout.addLayout(row)
        self.setCentralWidget(central)

        delete_action = QAction(self)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self._delete_selected)
        self.drafts.addAction(delete_action)
        rename_action = QAction(self)
        rename_action.setShortcut(QKeySequence("F2"))
        rename_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        rename_action.triggered.connect(self._rename_selected)
        self.drafts.addAction(rename_action)
        refresh_action = QAction(self)
        refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))  # F5
        refresh_action.triggered.connect(self.refresh)
        self.addAction(refresh_action)

        # The list follows the folder: a draft copied in from a USB stick or an e-mail shows up
        # by itself (and on returning to this window, should the watcher miss it).
        self._listed: tuple[tuple[str, int, int], ...] | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(_FOLDER_SETTLE_MS)
        self._settle.timeout.connect(self._refresh_if_changed)

        place_window(self, "home", settings, QSize(960, 620))
        # The list is filled by refresh(): the controller calls it when it shows this window.
        self.empty_label.hide()
        self._update_buttons()

    # -- what the controller shows --------------------------------------------------------

    def set_banner(
        self,
        kind: BannerKind,
        text: str,
        action: str = "",
        callback: Callable[[], object] | None = None,
    ) -> None:
        """A message over the list, with a button (``action``) that runs ``callback``."""
        self.banner.show_message(text, kind, action, callback)

    def hide_banner(self) -> None:
        self.banner.hide()

    # -- list --------------------------------------------------------------------------

    def refresh(self) -> None:
        from gaidesk import draftcheck, store

        selected = self.selected_path()
        self.drafts.clear()
        library = self._library()
        self.folder_label.setText(f"保存位置：{library.drafts_dir}")
        folder = str(library.drafts_dir)
        if folder not in self._watcher.directories() and os.path.isdir(folder):
            self._watcher.addPath(folder)
        self._listed = self._folder_state()
        try:
            infos = library.list_drafts()
        except store.StoreError as exc:
            self.banner.show_message(str(exc), BannerKind.ERROR)
            infos = []
        else:
            problem = folder_problem(library.drafts_dir)
            if problem:
                self.banner.show_message(problem, BannerKind.WARNING)
            elif self.banner.kind is BannerKind.WARNING and self.banner.isVisible():
                self.banner.hide()  # the folder takes files again
        verdicts = draftcheck.verdicts(infos)  # the store lists, the rules judge
        for info in infos:
            verdict = verdicts.get(info.path)
            if info.damaged:
                item = QTreeWidgetItem(
                    [info.display_name, "", when_text(info.saved_at), "文件已损坏"]
                )
                item.setIcon(3, severity_icon(Mark.ERROR))
                item.setToolTip(3, info.problem)
            else:
                item = QTreeWidgetItem(
                    [
                        info.agency or info.display_name,
                        f"{info.year}年" if info.year else "",
                        when_text(info.saved_at),
                        verdict.text() if verdict is not None else "",
                    ]
                )
                mark = (
                    Mark.PENDING
                    if verdict is None
                    else Mark.ERROR
                    if verdict.errors
                    else Mark.WARNING
                    if verdict.open_warnings
                    else Mark.OK
                    if verdict.ready
                    else Mark.PENDING
                )
                item.setIcon(3, severity_icon(mark))
            item.setToolTip(0, str(info.path))
            item.setData(0, _PATH_ROLE, str(info.path))
            self.drafts.addTopLevelItem(item)
            if selected is not None and Path(str(info.path)) == selected:
                item.setSelected(True)
                self.drafts.setCurrentItem(item)
        first = self.drafts.topLevelItem(0)
        if first is not None and not self.drafts.selectedItems():
            self.drafts.setCurrentItem(first)
        empty = self.drafts.topLevelItemCount() == 0
        self.drafts.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self._update_buttons()

    def _folder_state(self) -> tuple[tuple[str, int, int], ...]:
        """The drafts in the folder as (name, modified, size): what the list was made from."""
        from gaidesk.store import SUFFIX

        try:
            with os.scandir(self._library().drafts_dir) as entries:
                return tuple(
                    sorted(
                        (e.name, e.stat().st_mtime_ns, e.stat().st_size)
                        for e in entries
                        if e.name.endswith(SUFFIX) and e.is_file()
                    )
                )
        except OSError:
            return ()

    def _folder_changed(self) -> None:
        if self.isVisible():
            self._settle.start()

    def _refresh_if_changed(self) -> None:
        if self._listed is not None and self._folder_state() != self._listed:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._refresh_if_changed()
        super().changeEvent(event)

    def selected_path(self) -> Path | None:
        items = self.drafts.selectedItems()
        if not items:
            return None
        return Path(str(items[0].data(0, _PATH_ROLE)))

    def select_path(self, path: Path) -> bool:
        for i in range(self.drafts.topLevelItemCount()):
            item = self.drafts.topLevelItem(i)
            if item is not None and Path(str(item.data(0, _PATH_ROLE))) == path:
                self.drafts.setCurrentItem(item)
                item.setSelected(True)
                return True
        return False

    def _update_buttons(self) -> None:
        has = self.selected_path() is not None
        for b in (self.open_selected, self.rename_button, self.delete_button):
            b.setEnabled(has)

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.openRequested.emit(Path(str(item.data(0, _PATH_ROLE))))

    def _open_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.openRequested.emit(path)

    def _rename_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.renameRequested.emit(path)

    def _delete_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.deleteRequested.emit(path)

    def closeEvent(self, event: object) -> None:
        remember_window(self, "home", self._settings)
        self._settings.sync()
        super().closeEvent(event)  # type: ignore[arg-type]
