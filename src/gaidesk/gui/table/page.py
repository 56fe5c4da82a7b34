"""One table step of the wizard: heading, help, the grid and the notices."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QMargins,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QHideEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk.gui.common import heading_html, heading_label, hint_label
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.readonly import make_read_only
from gaidesk.gui.table.balance import BalanceStrip
from gaidesk.gui.table.model import (
    ReportTableModel,
)
from gaidesk.gui.table.view import TableView
from gaidesk.gui.theme import (
    HELP_STYLE,
    NOTE_BORDER,
    NOTE_FILL,
    NOTE_TEXT,
    OK_FG,
    REFUSAL_BORDER,
    REFUSAL_FILL,
    REFUSAL_TEXT,
    notice_style,
    text_style,
)

# What the terms of each table mean (the wording of the program, not the format's), shown under
# 「说明」; and the one line of help on typing that every table shows.
_T3_TOTALS = (
    f"「{fmt.T3_COLUMN_BY_KEY[fmt.T3_TOTAL_COLUMN].label}」列和"
    f"「{fmt.T3_ROW_BY_KEY[fmt.T3_RESULT_TOTAL_ROW].label}」行由程序自动相加，不用填写。"
)
_NOTES: dict[str, tuple[str, ...]] = {
    fmt.T2: ("填写件数（整数）；「本年收费金额」以万元为单位，可带小数，按原样保存。",),
    fmt.T3: (*fmt.T3_HELP.values(), _T3_TOTALS),
    fmt.T4: ("各「总计」由程序自动相加，不用填写。",),
}
_KEYS_HELP = (
    "直接输入数字即可替换，回车下移、Tab 右移；可从 Excel/WPS 复制一整块后 Ctrl+V 粘贴；"
    "Delete 清为 0；Ctrl+Z 撤销。"
)


def _notes(table_key: str) -> list[str]:
    return list(_NOTES.get(table_key, ()))


def _section_heading(table_key: str) -> str:
    return fmt.table_section(table_key).heading


_REFUSAL_STYLE = notice_style(REFUSAL_FILL, REFUSAL_TEXT, REFUSAL_BORDER)
_NOTE_STYLE = notice_style(NOTE_FILL, NOTE_TEXT, NOTE_BORDER)


class _NotesPopover(QLabel):
    """What a table's terms mean, in a small window under 「说明」 that closes on a click
    elsewhere or Esc."""

    closed = Signal()

    def __init__(self, text: str, anchor: QWidget) -> None:
        super().__init__(text, anchor, Qt.WindowType.Popup)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(HELP_STYLE)

    def show_under(self, anchor: QWidget) -> None:
        em = self.fontMetrics().horizontalAdvance("中")
        self.setFixedWidth(em * 34)
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(anchor.width() - self.width(), anchor.height()))
        area = anchor.screen().availableGeometry() if anchor.screen() else None
        if area is not None:
            below.setX(max(area.left(), min(below.x(), area.right() - self.width())))
            below.setY(max(area.top(), min(below.y(), area.bottom() - self.height())))
        self.move(below)
        self.show()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()


class TablePage(QWidget):
    """One table step of the wizard: heading, help, the grid and the notices."""

    message = Signal(str)  # a transient Chinese notice (refused input, a paste taken …)

    def __init__(
        self, document: ReportDocument, table_key: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.table_key = table_key
        self.model = ReportTableModel(document, table_key, self)
        self.view = TableView(self.model, self)
        self.view.setAccessibleName(_section_heading(table_key))

        self.heading = heading_label(_section_heading(table_key), parent=self)
        self.previous_toggle = QCheckBox("显示上年数据", self)
        self.previous_toggle.setToolTip(
            "在每个格子的右上角用灰色小字显示上年报告的数字，便于对照。"
        )
        self.previous_toggle.toggled.connect(self._on_previous_toggled)
        # One line of help (folded into 「说明」 on a low screen); what the table's terms mean
        # opens from 「说明」 as a popover over the grid (and as its tooltip), so that the grid
        # keeps its height.
        notes = _notes(table_key)
        self.help_label = hint_label(_KEYS_HELP, self)
        self.notes_button = QToolButton(self)
        self.notes_button.setText("说明")
        self.notes_button.setCheckable(True)
        self.notes_button.setAutoRaise(True)
        self.notes_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.notes_button.setArrowType(Qt.ArrowType.DownArrow)
        self.notes_button.setToolTip("\n".join(notes))
        self.notes_button.setAccessibleName("表格说明")
        self.help_label.setToolTip("\n".join(notes))
        self.notes_label = _NotesPopover("\n".join([*notes, _KEYS_HELP]), self.notes_button)
        self.notes_label.closed.connect(lambda: self.notes_button.setChecked(False))
        self.notes_button.toggled.connect(self._on_notes_toggled)
        # A table she has not typed into is 「未填」 until she says it is right as it is.
        self.part = fmt.TABLES[table_key].section
        self.checked_button = QPushButton(self)
        self.checked_button.clicked.connect(lambda: document.mark_filled(self.part))
        self.checked_label = QLabel("✓ 已填写", self)
        self.checked_label.setStyleSheet(text_style(OK_FG.name()))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.checked_button)
        top.addWidget(self.checked_label)
        top.addWidget(self.notes_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.previous_toggle)

        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(10000)
        self._notice_timer.timeout.connect(self.clear_notice)
        self._tooltip_shown = False

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        self._roomy_margins = layout.contentsMargins()
        layout.addLayout(top)
        layout.addWidget(self.help_label)
        grid_box = QVBoxLayout()
        grid_box.setSpacing(0)
        grid_box.addWidget(self.view, 1)
        self.balance: BalanceStrip | None = None
        traits = fmt.TABLES[table_key].traits
        if traits.balanced:
            self.balance = BalanceStrip(self.view, self)
            grid_box.addWidget(self.balance)
        layout.addLayout(grid_box, 1 if traits.scrolls else 0)
        # The notice floats over the bottom of the grid: showing it takes no row away.
        if not traits.scrolls:
            layout.addStretch(1)
            self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()
        self.view.sizesChanged.connect(self._fit)

        self.model.inputRefused.connect(self._on_refused)
        self.model.inputNoted.connect(self._on_noted)
        self.model.inputTaken.connect(self.clear_notice)
        self.view.typing.connect(self.clear_notice)
        document.cellsChanged.connect(self._on_cells_changed)
        document.cellsChanged.connect(lambda _a: self._update_checked())
        document.reviewChanged.connect(self._update_checked)
        self._update_checked()
        document.findingsChanged.connect(self._update_previous_toggle)
        self._update_previous_toggle()

    # -- the interface for the wizard ---------------------------------------------------------

    def focus_first(self) -> None:
        self.view.setFocus()  # typing goes into the grid

    def focus_address(self, address: str) -> bool:
        """Select a cell, scroll it into view and give it the keyboard focus."""
        index = self.model.index_of(address)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def cursor_address(self) -> str:
        """The cell under the grid's cursor (the top-left cell of a merged one)."""
        index = self.view.currentIndex()
        if not index.isValid():
            return ""
        anchor = self.model.anchor_at(index.row(), index.column())
        if anchor is None:
            return ""
        return str(self.model.address_at(self.model.index(*anchor)))

    def commit_open_editor(self, keep_refused: bool) -> QWidget | None:
        """The cell being typed in goes into the report; a value that is not a number stays
        in its open editor, with its message, unless ``keep_refused`` is False."""
        view = self.view
        if view.state() != QAbstractItemView.State.EditingState:
            return None
        editor = view.indexWidget(view.currentIndex())
        if editor is None:
            return None
        view.last_commit_ok = True  # the delegate sets it False when the value is refused
        view.commitData(editor)
        if view.last_commit_ok or not keep_refused:
            view.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
            return None
        return editor

    def set_read_only(self) -> None:
        make_read_only(self, all_toggles=False)  # last year's figures and the notes stay

    def select_cells(self, addresses: list[str]) -> None:
        """Show cells changed by an undo or redo: the first is current, all are selected."""
        indexes = [self.model.index_of(a) for a in addresses]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        self.focus_address(self.model.address_at(indexes[0]))
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        self.view.selectionModel().select(
            selection, self.view.selectionModel().SelectionFlag.ClearAndSelect
        )

    def show_notice(self, text: str, at: QModelIndex | None = None, *, note: bool = False) -> None:
        """A plain message over the foot of the grid, and beside the cell it concerns: red for
        input refused, quiet for a ``note`` on input taken (「-」 read as 0)."""
        self.notice.setStyleSheet(_NOTE_STYLE if note else _REFUSAL_STYLE)
        self.notice.setText(text)
        self._place_notice()
        self.notice.show()
        self.notice.raise_()
        self._notice_timer.start()
        # (The offscreen platform used by the tests cannot raise a tooltip window.)
        offscreen = QGuiApplication.platformName() == "offscreen"
        if at is not None and at.isValid() and self.isVisible() and not offscreen:
            rect = self.view.visualRect(at)
            point = self.view.viewport().mapToGlobal(rect.bottomLeft())
            QToolTip.showText(point, text, self.view.viewport(), rect)
            self._tooltip_shown = True
        self.message.emit(text)

    # -- internals -------------------------------------------------------------------------------

    def _fit(self) -> None:
        """Follow the grid's size: as wide as it is worth, and (tables 2 and 4) all rows tall."""
        widest = self.view.widest()
        self.view.setMaximumWidth(widest)
        if self.balance is not None:
            self.balance.setMaximumWidth(widest)
        if not self.model.table.traits.scrolls:
            self.view.setFixedHeight(self.view.needed_height())

    def _place_notice(self) -> None:
        """Over the bottom of the grid, as wide as the grid's visible part."""
        view = self.view.geometry()
        width = min(view.width(), self.width() - view.left() - 8)
        self.notice.setFixedWidth(max(200, width - 16))
        self.notice.adjustSize()
        self.notice.move(view.left() + 8, max(0, view.bottom() - self.notice.height() - 8))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.notice.isVisible():
            self._place_notice()

    def _on_notes_toggled(self, shown: bool) -> None:
        if shown and not self.notes_label.isVisible():
            self.notes_label.show_under(self.notes_button)
        elif not shown and self.notes_label.isVisible():
            self.notes_label.hide()

    def set_zoom(self, percent: int) -> None:
        """The grid (and its balance strip) in the program's text size times percent."""
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(font.pointSizeF() * percent / 100)
        widgets: list[QWidget] = [self.view]
        if self.balance is not None:
            widgets.append(self.balance)
        for widget in widgets:
            if percent == 100:
                widget.setFont(QFont())  # follow the program's text size again
            else:
                widget.setFont(font)

    def set_compact(self, compact: bool) -> None:
        """The low screen's layout: no line of help (it is under 「说明」), a smaller heading,
        dense rows."""
        self.help_label.setVisible(not compact)
        self.heading.setText(
            heading_html(_section_heading(self.table_key), "medium" if compact else "x-large")
        )
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(QMargins(8, 4, 8, 2) if compact else self._roomy_margins)
        layout.setSpacing(2 if compact else 4)
        self.view.set_dense(compact)
        if self.balance is not None:
            self.balance.set_dense(compact)

    def clear_notice(self) -> None:
        """Take down the notice and its tooltip: they were about input that is now gone."""
        self._notice_timer.stop()
        self.notice.hide()
        if self._tooltip_shown:
            QToolTip.hideText()
            self._tooltip_shown = False

    def _on_refused(self, address: str, text: str) -> None:
        index = self.model.index_of(address) if address else self.view.currentIndex()
        self.show_notice(text, index)

    def _on_noted(self, address: str, text: str) -> None:
        index = self.model.index_of(address) if address else self.view.currentIndex()
        self.show_notice(text, index, note=True)

    def _on_cells_changed(self, addresses: list[str]) -> None:
        if self.notice.isVisible() and any(a in self.model.addresses() for a in addresses):
            self.clear_notice()

    def all_zero(self) -> bool:
        return all(
            not self.document.value(a) or self.document.value(a) == "0"
            for a in self.model.addresses()
        )

    def _update_checked(self) -> None:
        """「本年无此类情况」 for an all-zero table (one click), else 「本表已核对」."""
        filled = self.document.is_filled(self.part)
        self.checked_button.setVisible(not filled)
        self.checked_label.setVisible(filled)
        if self.all_zero():
            self.checked_button.setText("本年无此类情况(&K)")
            self.checked_button.setToolTip("本表全部为 0：点此确认本年确实没有此类情况")
        else:
            self.checked_button.setText("本表已核对(&K)")
            self.checked_button.setToolTip("表中的数字已核对无误（来自上年或导入的也算）")

    def _update_previous_toggle(self) -> None:
        has_previous = self.document.previous is not None
        self.previous_toggle.setVisible(has_previous)
        if not has_previous and self.previous_toggle.isChecked():
            self.previous_toggle.setChecked(False)

    def _on_previous_toggled(self, on: bool) -> None:
        self.model.set_show_previous(on)
        self.view.update_layout()
