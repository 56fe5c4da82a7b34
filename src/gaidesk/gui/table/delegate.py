"""Painting and editing one cell of the grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk.gui.table.labels import CELL_PADDING, label_lines
from gaidesk.gui.table.model import (
    KindRole,
    ModelIndex,
    PreviousRole,
)
from gaidesk.gui.theme import (
    CURRENT_BORDER,
    PREVIOUS_FG,
    SELECTION,
    TEXT_FG,
    VALUE_BG,
    cell_editor_style,
)

if TYPE_CHECKING:
    from gaidesk.gui.table.view import TableView


def set_up_grid(grid: QTableView, view: TableView) -> None:
    """Show view's model in grid, drawn and edited by the cell delegate, without Qt's row and
    column headers (the official header is part of the grid)."""
    grid.setModel(view.table_model)
    grid.setItemDelegate(CellDelegate(view))
    grid.horizontalHeader().hide()
    grid.verticalHeader().hide()
    # The view plans the widths; the header's font-based minimum would overflow the grid.
    grid.horizontalHeader().setMinimumSectionSize(4)
    grid.verticalHeader().setMinimumSectionSize(4)


class CellDelegate(QStyledItemDelegate):
    """Paints cells with their own colours (selection as a tint) and edits them in place."""

    def __init__(self, view: TableView) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        # The model is called directly: index.data() would round-trip None through a QVariant.
        model = self._view.table_model
        kind = model.data(index, KindRole)
        if not kind:
            return
        painter.save()
        rect = QRect(option.rect)
        background = model.data(index, Qt.ItemDataRole.BackgroundRole)
        painter.fillRect(rect, background if isinstance(background, QColor) else VALUE_BG)
        state = option.state
        if state & QStyle.StateFlag.State_Selected and kind in ("value", "total"):
            painter.fillRect(rect, SELECTION)
        font = QFont(option.font)
        inner = rect.adjusted(CELL_PADDING, 2, -CELL_PADDING, -2)
        previous = model.data(index, PreviousRole)
        if previous is not None:
            small = QFont(font)
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.78))
            painter.setFont(small)
            painter.setPen(PREVIOUS_FG)
            painter.drawText(
                inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"上年 {previous}"
            )
            inner = inner.adjusted(0, QFontMetrics(small).height() // 2, 0, 0)
        if model.data(index, Qt.ItemDataRole.FontRole) is not None:
            font.setBold(True)
        painter.setFont(font)
        foreground = model.data(index, Qt.ItemDataRole.ForegroundRole)
        painter.setPen(foreground if isinstance(foreground, QColor) else TEXT_FG)
        alignment = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
        text = model.data(index, Qt.ItemDataRole.DisplayRole)
        if not isinstance(alignment, Qt.AlignmentFlag):
            alignment = Qt.AlignmentFlag.AlignCenter
        flags = int(alignment)
        if kind in ("header", "label"):
            # Wrapped as the row heights were computed, without a lone last character.
            painter.drawText(inner, flags, "\n".join(label_lines(font, str(text), inner.width())))
        else:
            painter.drawText(inner, flags | int(Qt.TextFlag.TextWordWrap), str(text or ""))
        if (
            index == self._view.currentIndex()
            and self._view.hasFocus()
            and kind in ("value", "total")
        ):
            pen = QPen(CURRENT_BORDER)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        address = self._view.table_model.address_at(index)
        editor.setAccessibleName(fmt.cell_name(address) if address else "")
        editor.setStyleSheet(cell_editor_style(valid=True))
        editor.textEdited.connect(lambda text: self._view.check_typing(editor, str(address), text))
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(self._view.table_model.data(index, Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        self._view.last_commit_ok = model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> None:
        editor.setGeometry(option.rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and is_ctrl(event, Qt.Key.Key_E)
        ):
            # On Linux a line edit takes Ctrl+E as 「end of line」; here it exports.
            event.ignore()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            assert isinstance(event, QKeyEvent)
            step = _commit_step(event)
            if step is not None:
                self._view.finish_editing(editor, *step)
                return True
        return super().eventFilter(editor, event)


def _commit_step(event: QKeyEvent) -> tuple[int, int] | None:
    """The move (rows, columns) a key that ends an edit asks for, or None."""
    key = event.key()
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return (-1, 0) if shift else (1, 0)
    if key == Qt.Key.Key_Tab:
        return (0, -1) if shift else (0, 1)
    if key == Qt.Key.Key_Backtab:
        return (0, -1)
    return None


def is_ctrl(event: QKeyEvent, key: Qt.Key) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == key and mods == Qt.KeyboardModifier.ControlModifier


def is_ctrl_shift(event: QKeyEvent, key: Qt.Key) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    return event.key() == key and mods == wanted
