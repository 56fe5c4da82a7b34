"""The grid view: moves, types, copies and pastes like a spreadsheet."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk.gui.table.delegate import is_ctrl, is_ctrl_shift, set_up_grid
from gaidesk.gui.table.header import freeze_header
from gaidesk.gui.table.labels import CELL_PADDING, label_lines
from gaidesk.gui.table.model import (
    ModelIndex,
    ReportTableModel,
    split_clipboard,
)
from gaidesk.gui.table.sizes import ColumnWidths, row_heights
from gaidesk.gui.theme import (
    GRID_COLOUR,
    VALUE_BG,
    cell_editor_style,
)
from gaidesk.model import InputError, parse_cell_input


class TableView(QTableView):
    """A QTableView that moves, types, copies and pastes like a spreadsheet."""

    # The size the grid wants changed (text size, column widths, last year's figures shown).
    sizesChanged = Signal()
    typing = Signal()  # she is typing a new value into a cell
    # Planned by update_layout; Qt lays out the view once before that, in the constructor.
    _widths: ColumnWidths

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.table_model = model
        self.last_commit_ok = True
        self.dense = False
        self._tab_column: int | None = None  # where a run of Tabs began (Enter returns there)
        self._tab_move = False
        set_up_grid(self, self)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, VALUE_BG)
        self.setPalette(palette)
        self.setStyleSheet(f"QTableView {{ gridline-color: {GRID_COLOUR.name()}; }}")
        for cell in model.spans():
            self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        self._widths_for = -1  # the viewport width the columns were last fitted to
        self._row_heights: list[int] = []
        self._needed: tuple[list[int], bool] = ([], False)
        self._frozen: QTableView | None = None
        if model.table.header_rows and model.table.rows > 8:
            self._frozen = freeze_header(self)
        self.update_layout()
        first = self.first_editable()
        if first.isValid():
            self.setCurrentIndex(first)

    # -- the frozen header (gui/table/header.py) --------------------------------------------

    def _place_frozen(self) -> None:
        if self._frozen is None:
            return
        height = sum(self._row_heights[: self._model.table.header_rows]) + 1
        self.setViewportMargins(0, height, 0, 0)
        frame = self.frameWidth()
        self._frozen.setGeometry(frame, frame, self.viewport().width(), height)
        self._frozen.horizontalScrollBar().setValue(self.horizontalScrollBar().value())

    # -- sizes ------------------------------------------------------------------------------

    def _em(self) -> int:
        return max(8, QFontMetrics(self.font()).horizontalAdvance("中"))

    def update_layout(self) -> None:
        """Column widths that show the labels, row heights that fit the wrapped labels."""
        self._widths = ColumnWidths.of_table(self._model.table, self._em(), dense=self.dense)
        self._apply_widths()
        self._apply_heights()
        self._place_frozen()
        self.sizesChanged.emit()

    def natural_width(self) -> int:
        return self._widths.roomy_total() + 2 * self.frameWidth() + 2

    def widest(self) -> int:
        """The widest the view is worth making: columns grow to 1.5 times their natural width."""
        return self._widths.widest_total() + 2 * self.frameWidth() + 2

    def overflows(self) -> bool:
        """Whether the columns are wider than the view (only at very large text sizes)."""
        width = sum(self.columnWidth(c) for c in range(self._model.table.cols))
        return width > self.viewport().width()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # A vertical scroll bar appearing narrows the viewport without resizing the view.
        if hasattr(self, "_widths") and self.viewport().width() != self._widths_for:
            self._apply_widths()

    def _apply_widths(self) -> None:
        self._widths_for = self.viewport().width()
        widths = self._widths.fit(self.viewport().width())
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
            if self._frozen is not None:
                self._frozen.setColumnWidth(c, w)

    def _apply_heights(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        text_heights: list[tuple[fmt.GridCell, int]] = []
        for cell in self._model.table.grid:
            if cell.is_value:
                continue
            width = sum(self.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan))
            font = bold if cell.header else self.font()
            lines = label_lines(font, cell.text, width - 2 * CELL_PADDING)
            text_heights.append((cell, len(lines) * QFontMetrics(font).lineSpacing()))
        heights = row_heights(
            self._model.table,
            QFontMetrics(self.font()).height(),
            text_heights,
            dense=self.dense,
            previous=self._model.show_previous,
        )
        needed = (heights, self.overflows())
        changed = needed != self._needed
        self._needed = needed
        self._row_heights = heights
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)
            if self._frozen is not None:
                self._frozen.setRowHeight(r, h)
        if changed:
            self.sizesChanged.emit()

    def set_dense(self, dense: bool) -> None:
        if dense != self.dense:
            self.dense = dense
            self.update_layout()

    def content_height(self) -> int:
        return sum(self._row_heights) + 2 * self.frameWidth() + 2

    def needed_height(self) -> int:
        """The height that shows every row (and the sideways scroll bar when the grid needs it)."""
        bar = self.horizontalScrollBar().sizeHint().height() if self.overflows() else 0
        return self.content_height() + bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._apply_widths()
            self._apply_heights()
        self._place_frozen()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            if self._frozen is not None:
                self._frozen.setFont(self.font())
            self.update_layout()

    def sizeHint(self) -> QSize:
        return QSize(min(self.natural_width(), 1200), min(self.content_height(), 700))

    # -- moving --------------------------------------------------------------------------------

    def first_editable(self) -> QModelIndex:
        m = self._model
        for r in range(m.table.rows):
            for c in range(m.table.cols):
                if m.is_editable_at(r, c) and m.anchor_at(r, c) == (r, c):
                    return m.index(r, c)
        return QModelIndex()

    def step(self, index: ModelIndex, rows: int, cols: int, wrap: bool = False) -> QModelIndex:
        """The next editable cell from index in a direction, skipping labels and totals."""
        m = self._model
        if not index.isValid():
            return self.first_editable()
        start = m.anchor_at(index.row(), index.column()) or (index.row(), index.column())
        r, c = index.row(), index.column()
        while True:
            r += rows
            c += cols
            if not (0 <= r < m.table.rows and 0 <= c < m.table.cols):
                if not wrap or cols == 0:
                    return QModelIndex()
                r += 1 if cols > 0 else -1
                c = 0 if cols > 0 else m.table.cols - 1
                if not 0 <= r < m.table.rows:
                    return QModelIndex()
            anchor = m.anchor_at(r, c)
            if anchor is None or anchor == start or not m.is_editable_at(r, c):
                continue
            return m.index(*anchor)

    def moveCursor(
        self,
        cursorAction: QAbstractItemView.CursorAction,
        modifiers: Qt.KeyboardModifier,
    ) -> QModelIndex:
        current = self.currentIndex()
        action = QAbstractItemView.CursorAction
        moves = {
            action.MoveUp: (-1, 0, False),
            action.MoveDown: (1, 0, False),
            action.MoveLeft: (0, -1, False),
            action.MoveRight: (0, 1, False),
            action.MoveNext: (0, 1, True),
            action.MovePrevious: (0, -1, True),
        }
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if cursorAction in moves:
            rows, cols, wrap = moves[cursorAction]
            if cursorAction in (action.MoveNext, action.MovePrevious):
                self._start_tab_run(current)
            elif ctrl and current.isValid():
                return self._edge(current, rows, cols)
            target = self.step(current, rows, cols, wrap)
            return target if target.isValid() else current
        if cursorAction in (action.MoveHome, action.MoveEnd) and ctrl:
            edge = self.first_editable() if cursorAction == action.MoveHome else None
            target = edge if edge is not None else self._last_editable()
            return target if target.isValid() else current
        if cursorAction in (action.MoveHome, action.MoveEnd) and current.isValid():
            row = current.row()
            columns = list(range(self._model.table.cols))
            order = columns if cursorAction == action.MoveHome else columns[::-1]
            for c in order:
                if self._model.is_editable_at(row, c):
                    anchor = self._model.anchor_at(row, c)
                    assert anchor is not None
                    return self._model.index(*anchor)
            return current
        target = super().moveCursor(cursorAction, modifiers)
        if target.isValid() and not self._model.is_editable_at(target.row(), target.column()):
            down = self.step(target, 1, 0)
            return down if down.isValid() else current
        return target

    def move_to(self, index: ModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def move_by(self, rows: int, cols: int) -> None:
        current = self.currentIndex()
        if cols and not rows:  # Tab or Shift+Tab
            self._start_tab_run(current)
        elif rows and not cols and self._tab_column is not None and current.isValid():
            # Enter after a run of Tabs: the next row, in the column where the run began.
            start = self._model.index(current.row(), self._tab_column)
            self._tab_column = None
            target = self.step(start, rows, 0)
            if target.isValid():
                self.move_to(target)
                return
        target = self.step(current, rows, cols, wrap=cols != 0)
        self.move_to(target)

    def _start_tab_run(self, current: ModelIndex) -> None:
        if self._tab_column is None and current.isValid():
            anchor = self._model.anchor_at(current.row(), current.column())
            self._tab_column = anchor[1] if anchor else current.column()
        self._tab_move = True

    def currentChanged(self, current: ModelIndex, previous: ModelIndex) -> None:
        super().currentChanged(current, previous)
        if self._tab_move:
            self._tab_move = False
        else:
            self._tab_column = None  # any other move ends the run of Tabs

    def _edge(self, index: ModelIndex, rows: int, cols: int) -> QModelIndex:
        """Ctrl+arrow: the last editable cell in a direction (the table is one filled block)."""
        last = self._model.index(index.row(), index.column())
        while True:
            nxt = self.step(last, rows, cols)
            if not nxt.isValid():
                return last
            last = nxt

    def _last_editable(self) -> QModelIndex:
        m = self._model
        for r in range(m.table.rows - 1, -1, -1):
            for c in range(m.table.cols - 1, -1, -1):
                if m.is_editable_at(r, c) and m.anchor_at(r, c) == (r, c):
                    return m.index(r, c)
        return QModelIndex()

    # -- editing -------------------------------------------------------------------------------

    def finish_editing(self, editor: QLineEdit, rows: int, cols: int) -> None:
        """Commit the editor; move on when the value was taken, stay when it was refused."""
        self.last_commit_ok = True
        self.commitData(editor)
        self.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
        if self.last_commit_ok:
            self.move_by(rows, cols)

    def check_typing(self, editor: QLineEdit, address: str, text: str) -> None:
        """Mark the editor the moment its text cannot be a value of the cell."""
        self.typing.emit()  # what was said about the previous value no longer applies
        if not address:
            return
        try:
            parse_cell_input(address, text)
        except InputError:
            editor.setStyleSheet(cell_editor_style(valid=False))
        else:
            editor.setStyleSheet(cell_editor_style(valid=True))

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Chinese input methods (full-width digits included) start an edit like a key press."""
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        if (
            not editing
            and not event.preeditString()
            and self._typed_into_total(event.commitString())
        ):
            event.accept()
            return
        if (
            not editing
            and event.commitString()
            and not event.preeditString()
            and index.isValid()
            and self._model.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            self.edit(index)
            editor = self.indexWidget(index) or self.focusWidget()
            if isinstance(editor, QLineEdit):
                editor.setText(event.commitString())
                self.check_typing(editor, self._model.address_at(index), editor.text())
                event.accept()
                return
        super().inputMethodEvent(event)

    def _is_shortcut(self, event: QKeyEvent) -> bool:
        return (
            event.matches(QKeySequence.StandardKey.Copy)
            or event.matches(QKeySequence.StandardKey.Paste)
            or event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or is_ctrl(event, Qt.Key.Key_Y)
            or is_ctrl_shift(event, Qt.Key.Key_Z)
            or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            assert isinstance(event, QKeyEvent)
            if self._is_shortcut(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = event.key()
        stack = self._model.document.undo_stack
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
        elif is_ctrl_shift(event, Qt.Key.Key_Z) or is_ctrl(event, Qt.Key.Key_Y):
            stack.redo()
        elif event.matches(QKeySequence.StandardKey.Undo):
            stack.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            stack.redo()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._model.clear_cells(self.selectedIndexes() or [self.currentIndex()])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.move_by(-1 if shift else 1, 0)
        elif self._typed_into_total(event.text()):
            return
        else:
            super().keyPressEvent(event)

    def _typed_into_total(self, text: str) -> bool:
        """Typing into a total is refused with the reason (it is added up by the program)."""
        index = self.currentIndex()
        if not text or not text.strip() or not text.isprintable() or not index.isValid():
            return False
        if self._model.kind_at(index.row(), index.column()) != "total":
            return False
        address = self._model.address_at(index)
        parts = fmt.VALUE_CELLS[address].parts
        names = "、".join(fmt.cell_name(a) for a in parts[:3]) + ("等" if len(parts) > 3 else "")
        self._model.inputRefused.emit(
            address,
            f"「{fmt.cell_name(address)}」由程序自动相加（{names}），不用填写；请改各项的数字。",
        )
        return True

    # -- clipboard ----------------------------------------------------------------------------

    def selected_rect(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes()
        if not indexes:
            current = self.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> None:
        rect = self.selected_rect()
        if rect is not None:
            QGuiApplication.clipboard().setText(self._model.copy_text(*rect))

    def paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        current = self.currentIndex()
        if not text or not current.isValid():
            return
        anchor = self._model.anchor_at(current.row(), current.column())
        assert anchor is not None
        block = split_clipboard(text)
        selected = [i for i in self.selectedIndexes() if self._model.address_at(i)]
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
            self._model.fill(block[0][0], selected)
            return
        taken = self._model.paste(text, *anchor)
        if taken > 0:
            rows = len(block)
            cols = max(len(b) for b in block)
            bottom_right = self._model.index(
                min(anchor[0] + rows - 1, self._model.table.rows - 1),
                min(anchor[1] + cols - 1, self._model.table.cols - 1),
            )
            self.selectionModel().select(
                _selection(self._model.index(*anchor), bottom_right),
                self.selectionModel().SelectionFlag.ClearAndSelect,
            )


def _selection(top_left: QModelIndex, bottom_right: QModelIndex) -> QItemSelection:
    return QItemSelection(top_left, bottom_right)
