"""The county office's view: every unit's report checked at once (「审核汇总」).

The office opens a folder (or drops files and folders on the window) of drafts, workbooks and
saved web pages; the summary of :mod:`gaidesk.summary` runs off the window's thread with
progress and 「取消」, and the window shows one row per report (sortable; errors red, reminders
yellow, the first problems in words), the findings across units (missing, doubled, wrong year,
alike, last year) and the roll-up's verdict. Any unit's report opens read-only in the wizard at
its first problem; the summary exports to a workbook and a printable PDF.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk.gui import dialogs, theme
from gaidesk.gui.common import (
    Mark,
    heading_label,
    hint_label,
    severity_icon,
)
from gaidesk.gui.county_model import (
    COLUMNS,
    ERRORS_COLUMN,
    PROBLEMS_COLUMN,
    SORT_ROLE,
    UNIT_ROLE,
    UnitsModel,
    first_problem,
)
from gaidesk.gui.screen import place_window, remember_window
from gaidesk.summary import FORMS, Summary, Unit, summarize

if TYPE_CHECKING:
    from gaidesk.gui.settings import Settings
    from gaidesk.summary import Roster

READ_ONLY_REASON = "这是“审核汇总”中打开的单位报告，只供查看，不会改动原文件。"
_AUTO_YEAR = "按多数报告"


class CountyWindow(QMainWindow):
    """「审核汇总」: the reports of a county's units, checked, compared and rolled up. A unit's
    report is shown by whoever connects ``unitOpenRequested`` (the controller, in the wizard)."""

    # The unit's path, a copy of its report, why it is read-only, the address to show ("": start).
    unitOpenRequested = Signal(object, object, str, str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.paths: list[Path] = []
        self.roster_path: Path | None = None
        self.summary: Summary | None = None
        self.setWindowTitle("审核汇总 — gaidesk")
        self.setAcceptDrops(True)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading_label("审核汇总", "x-large"))
        top.addSpacing(12)
        top.addWidget(
            hint_label(
                "选择放有各单位报告（草稿、Excel、网页）的文件夹，或把文件拖到这里；"
                "双击一行，只读查看这份报告的第一个问题。"
            ),
            1,
        )
        layout.addLayout(top)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText("还没有选择")
        self.folder_button = QPushButton("选择文件夹…(&F)")
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        form.addRow("报告所在：", folder_row)
        roster_row = QHBoxLayout()
        self.roster_edit = QLineEdit()
        self.roster_edit.setReadOnly(True)
        self.roster_edit.setPlaceholderText("可不选；选了就核对缺报、重报和名单外的单位")
        self.roster_button = QPushButton("选择名单…(&M)")
        self.roster_button.clicked.connect(self.choose_roster)
        self.roster_clear = QPushButton("不用名单")
        self.roster_clear.clicked.connect(self.clear_roster)
        roster_row.addWidget(self.roster_edit, 1)
        roster_row.addWidget(self.roster_button)
        roster_row.addWidget(self.roster_clear)
        roster_row.addSpacing(16)
        year_label = QLabel("报告年度：")
        self.year = QSpinBox()
        self.year.setRange(fmt.MIN_YEAR - 1, fmt.MAX_YEAR)
        self.year.setSpecialValueText(_AUTO_YEAR)
        self.year.setValue(self.year.minimum())
        self.year.setSuffix(" 年")
        self.year.setToolTip("本次汇总的年度；“按多数报告”取多数报告所写的年度")
        year_label.setBuddy(self.year)
        self.run_button = QPushButton("开始审核(&S)")
        self.run_button.setStyleSheet(theme.primary_button_style("4px 14px"))
        self.run_button.clicked.connect(self.rerun)
        roster_row.addWidget(year_label)
        roster_row.addWidget(self.year)
        roster_row.addWidget(self.run_button)
        form.addRow("单位名单：", roster_row)
        layout.addLayout(form)

        self.overview = QLabel()
        self.overview.setWordWrap(True)
        layout.addWidget(self.overview)

        self.model = UnitsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setObjectName("units")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PROBLEMS_COLUMN, QHeaderView.ResizeMode.Stretch)
        for name in ("报告单位", "文件"):
            header.setSectionResizeMode(COLUMNS.index(name), QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        self.view.doubleClicked.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.findings = QTreeWidget()
        self.findings.setObjectName("county-findings")
        self.findings.setColumnCount(2)
        self.findings.setHeaderLabels(["类别", "名单、年度、雷同和汇总表的核对"])
        self.findings.setRootIsDecorated(False)
        self.findings.setWordWrap(True)
        self.findings.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.findings.header().setStretchLastSection(True)
        self.findings.itemActivated.connect(self._open_finding)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.findings)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("查看报告（只读）(&V)")
        self.open_button.setToolTip("在填报窗口中以只读方式打开，定位到第一个问题")
        self.open_button.clicked.connect(self.open_selected)
        self.xlsx_button = QPushButton("导出Excel…(&X)")
        self.xlsx_button.setToolTip("总览、汇总后的三张统计表和全部问题清单")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button = QPushButton("导出PDF…(&P)")
        self.pdf_button.setToolTip("可打印的审核清单")
        self.pdf_button.clicked.connect(self.export_pdf)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        layout.addLayout(buttons)
        self.setCentralWidget(central)

        place_window(self, "county", settings, QSize(1180, 720))
        self._show_summary(None)

    # -- choosing --------------------------------------------------------------------------

    def choose_folder(self) -> bool:
        folder = dialogs.open_folder(self, "选择放有各单位报告的文件夹")
        if folder is None:
            return False
        self.run([folder])
        return True

    def choose_roster(self) -> None:
        from gaidesk.summary import RosterError, read_roster

        path = dialogs.open_file(self, "选择单位名单", dialogs.ROSTER_FILTER)
        if path is None:
            return
        try:
            read_roster(path)
        except RosterError as exc:
            dialogs.warn(self, "单位名单", str(exc))
            return
        self.roster_path = path
        self.roster_edit.setText(str(path))
        if self.paths:
            self.rerun()

    def clear_roster(self) -> None:
        self.roster_path = None
        self.roster_edit.clear()
        if self.paths:
            self.rerun()

    def chosen_year(self) -> int | None:
        value = self.year.value()
        return None if value == self.year.minimum() else value

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.run(paths)

    # -- running ---------------------------------------------------------------------------

    def rerun(self) -> None:
        if not self.paths:
            self.choose_folder()
            return
        self.run(self.paths)

    def run(self, paths: Sequence[Path]) -> Summary | None:
        """Summarize the reports under ``paths``; None when she cancelled or nothing was read
        (she has been told why)."""
        from gaidesk.gui import background
        from gaidesk.summary import Cancelled, RosterError, read_roster

        self.paths = list(paths)
        self.folder_edit.setText("；".join(str(p) for p in self.paths))
        roster: Roster | None = None
        if self.roster_path is not None:
            try:
                roster = read_roster(self.roster_path)
            except RosterError as exc:
                dialogs.warn(self, "单位名单", str(exc))
                return None
        year = self.chosen_year()
        chosen = list(self.paths)
        try:
            summary = background.run_with_steps(
                self,
                "审核汇总",
                "正在读取和检查各单位的报告…",
                lambda progress, cancelled: summarize(
                    chosen, roster=roster, year=year, progress=progress, cancelled=cancelled
                ),
            )
        except (background.Cancelled, Cancelled):
            self.statusBar().showMessage("已取消审核汇总。", 8000)
            return None
        if not summary.units:
            dialogs.inform(
                self,
                "审核汇总",
                "所选位置没有找到报告文件（" + "、".join(FORMS) + "）。",
            )
            return None
        self._show_summary(summary)
        return summary

    def _show_summary(self, summary: Summary | None) -> None:
        self.summary = summary
        self.model.set_summary(summary)
        self.findings.clear()
        if summary is None:
            self.overview.setText("")
            self.findings.hide()
            self._update_buttons()
            return
        self.view.sortByColumn(ERRORS_COLUMN, Qt.SortOrder.DescendingOrder)
        for name, widest in (("报告单位", 240), ("文件", 180)):
            column = COLUMNS.index(name)
            self.view.resizeColumnToContents(column)
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))
        units = summary.units
        with_errors = sum(1 for u in units if u.errors or u.unreadable)
        with_warnings = sum(1 for u in units if u.warnings and not u.errors)
        parts = [f"共 {len(units)} 份报告"]
        if summary.year is not None:
            parts.append(f"{summary.year} 年度")
        parts.append(f"{with_errors} 份有错误，{with_warnings} 份只有提醒")
        if summary.roster is not None:
            parts.append(f"名单 {len(summary.roster.names)} 个单位，缺 {len(summary.missing)} 个")
        rollup_errors = fmt.count(summary.rollup.findings, fmt.Severity.ERROR)
        parts.append(
            f"汇总表：{summary.rollup.counted} 个单位，"
            + (f"{rollup_errors} 处错误" if rollup_errors else "核对无误")
        )
        self.overview.setText("；".join(parts) + "。")
        for finding in summary.findings:
            self._add_finding(Mark(finding.severity), finding.message, finding.paths)
        for unit, cross in summary.cross_year:
            self._add_finding(Mark(cross.severity), f"{unit.body}：{cross.message}", (unit.path,))
        for total in summary.rollup.findings:
            self._add_finding(Mark(total.severity), f"汇总表：{total.message}", ())
        self.findings.setVisible(self.findings.topLevelItemCount() > 0)
        room = sum(self.splitter.sizes())
        self.splitter.setSizes([room * 3 // 5, room - room * 3 // 5])
        first = self.proxy.index(0, 0)
        if first.isValid():
            self.view.setCurrentIndex(first)
        self._update_buttons()
        self.statusBar().showMessage(f"已检查 {len(units)} 份报告。", 8000)

    def _add_finding(self, mark: Mark, message: str, paths: Sequence[Path]) -> None:
        word = fmt.Severity(mark.value).word
        item = QTreeWidgetItem([word, message])
        item.setIcon(0, severity_icon(mark))
        item.setToolTip(1, message)
        item.setData(0, Qt.ItemDataRole.UserRole, [str(p) for p in paths])
        self.findings.addTopLevelItem(item)

    def _update_buttons(self) -> None:
        has = self.summary is not None
        self.open_button.setEnabled(has and self.selected_unit() is not None)
        self.xlsx_button.setEnabled(has)
        self.pdf_button.setEnabled(has)

    # -- opening a unit --------------------------------------------------------------------

    def selected_unit(self) -> Unit | None:
        index = self.view.currentIndex()
        if self.summary is None or not index.isValid():
            return None
        return self.model.unit(int(self.proxy.data(index, UNIT_ROLE)))

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_unit(self.model.unit(int(self.proxy.data(index, UNIT_ROLE))))

    def open_selected(self) -> bool:
        unit = self.selected_unit()
        return self.open_unit(unit) if unit is not None else False

    def _open_finding(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        paths = item.data(0, Qt.ItemDataRole.UserRole) or []
        if self.summary is None or not paths:
            return
        for unit in self.summary.units:
            if str(unit.path) == paths[0]:
                self.open_unit(unit)
                return

    def open_unit(self, unit: Unit) -> bool:
        """Ask for the unit's report read-only, at its first problem; False when it cannot be
        read (she has been told why)."""
        if unit.report is None:
            dialogs.warn(self, "无法查看", f"“{unit.path.name}”无法读取：{unit.unreadable}")
            return False
        self.unitOpenRequested.emit(
            unit.path, copy.deepcopy(unit.report), READ_ONLY_REASON, first_problem(unit)
        )
        return True

    # -- export ----------------------------------------------------------------------------

    def _suggested(self, suffix: str) -> str:
        assert self.summary is not None
        name = f"审核汇总{self.summary.year or ''}{suffix}"
        folder = self.paths[0] if self.paths and self.paths[0].is_dir() else None
        return str(folder / name) if folder is not None else name

    def export_xlsx(self) -> Path | None:
        from gaidesk.summary.workbook import export_summary_xlsx

        return self._export("导出Excel", dialogs.EXCEL_FILTER, ".xlsx", export_summary_xlsx)

    def export_pdf(self) -> Path | None:
        from gaidesk.summary.pdf import export_summary_pdf

        return self._export("导出PDF", dialogs.PDF_FILTER, ".pdf", export_summary_pdf)

    def _export(self, title: str, filter: str, suffix: str, write: object) -> Path | None:
        from gaidesk.errors import GaideskError
        from gaidesk.gui import background

        summary = self.summary
        if summary is None or not callable(write):
            return None
        path = dialogs.save_file(self, title, filter, self._suggested(suffix))
        if path is None:
            return None
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        try:
            background.run_with_progress(
                self, title, f"正在写入“{path.name}”…", lambda: write(summary, path)
            )
        except background.Cancelled:
            return None
        except GaideskError as exc:
            dialogs.warn(self, title, str(exc))
            return None
        self.statusBar().showMessage(f"已导出：{path}", 10000)
        dialogs.inform(self, title, f"已导出到“{path}”。")
        return path

    def closeEvent(self, event: object) -> None:
        remember_window(self, "county", self._settings)
        super().closeEvent(event)  # type: ignore[arg-type]
