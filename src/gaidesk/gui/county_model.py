"""The overview table of the county's summary: one row per unit's report, sortable, errors
red and reminders yellow, with what the checks across units say of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QWidget,
)

from gaidesk import format as fmt
from gaidesk.gui.theme import (
    ERROR_COLOR,
    ERROR_FILL,
    MUTED_COLOR,
    WARNING_FILL,
)
from gaidesk.summary import Summary, Unit

if TYPE_CHECKING:
    pass

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's index in Summary.units
COLUMNS = ("报告单位", "年度", "形式", "错误", "提醒", "汇总核对", "主要问题", "文件")
ERRORS_COLUMN = COLUMNS.index("错误")
WARNINGS_COLUMN = COLUMNS.index("提醒")
PROBLEMS_COLUMN = COLUMNS.index("主要问题")


def first_problem(unit: Unit) -> str:
    """The address of a unit's first problem, errors first ("" when it has none)."""
    for finding in sorted(unit.findings, key=lambda f: f.severity != fmt.Severity.ERROR):
        if finding.cells:
            return finding.cells[0]
    return ""


def county_tags(summary: Summary) -> dict[int, list[str]]:
    """For each unit (by id), what the checks across units say of it, in a word or two."""
    tags: dict[int, list[str]] = {}

    def tag(unit: Unit, word: str) -> None:
        words = tags.setdefault(id(unit), [])
        if word not in words:
            words.append(word)

    for group in summary.doubled:
        for unit in group:
            tag(unit, "重复报送")
    for unit in summary.wrong_year:
        tag(unit, "年度不符")
    for unit in summary.unknown:
        tag(unit, "不在名单上")
    for same in summary.same:
        tag(same.first, "内容雷同")
        tag(same.second, "内容雷同")
    for unit, _finding in summary.cross_year:
        tag(unit, "与上年不符")
    for unit in summary.unreadable:
        tag(unit, "无法读取")
    return tags


class UnitsModel(QAbstractTableModel):
    """One row per report of a summary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: Summary | None = None
        self._tags: dict[int, list[str]] = {}

    def set_summary(self, summary: Summary | None) -> None:
        self.beginResetModel()
        self.summary = summary
        self._tags = county_tags(summary) if summary is not None else {}
        self.endResetModel()

    def unit(self, row: int) -> Unit:
        assert self.summary is not None
        return self.summary.units[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.summary is None:
            return 0
        return len(self.summary.units)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _texts(self, unit: Unit) -> tuple[str, ...]:
        return (
            unit.body,
            f"{unit.year}" if unit.year is not None else "",
            unit.form,
            f"{unit.errors}" if not unit.unreadable else "—",
            f"{unit.warnings}" if not unit.unreadable else "—",
            "、".join(self._tags.get(id(unit), [])),
            "；".join(unit.problems) if unit.problems else "✓ 没有发现问题",
            unit.path.name,
        )

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or self.summary is None:
            return None
        unit = self.summary.units[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(unit)[col]
        if role == SORT_ROLE:
            if col == ERRORS_COLUMN:
                return unit.errors + (1_000_000 if unit.unreadable else 0)
            if col == WARNINGS_COLUMN:
                return unit.warnings
            if col == COLUMNS.index("年度"):
                return unit.year if unit.year is not None else 0
            return self._texts(unit)[col]
        if role == UNIT_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == PROBLEMS_COLUMN:
                return "\n".join(unit.problems + unit.notes) or None
            if col == COLUMNS.index("文件"):
                return str(unit.path)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == ERRORS_COLUMN and (unit.errors or unit.unreadable):
                return QBrush(QColor(ERROR_FILL))
            if col == WARNINGS_COLUMN and unit.warnings:
                return QBrush(QColor(WARNING_FILL))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == ERRORS_COLUMN and (unit.errors or unit.unreadable):
                return QBrush(QColor(ERROR_COLOR))
            if col == PROBLEMS_COLUMN and not unit.problems:
                return QBrush(QColor(MUTED_COLOR))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            ERRORS_COLUMN,
            WARNINGS_COLUMN,
            COLUMNS.index("年度"),
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
