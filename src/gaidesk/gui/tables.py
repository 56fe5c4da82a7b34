"""The table steps of the wizard (二, 三, 四): the official grid, edited like a spreadsheet.

The grid is generated from ``format.TABLES``: every label and merged cell of docs/format.md §2–§4
is a cell of the model, the value cells are edited through the ReportDocument (so every change is
one undo step and re-runs all rules), totals are computed and read-only. The widgets keep no
report state: what they show is read from the document each time it is painted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.gui.common import heading_html, heading_label, hint_label
from gaidesk.gui.document import ReportDocument
from gaidesk.model import InputError, format_value, parse_cell_input, zero_mark

ModelIndex = QModelIndex | QPersistentModelIndex

# Extra data roles, for the view, the page and tests.
AddressRole = int(Qt.ItemDataRole.UserRole) + 1  # the value cell's address, "" for labels
KindRole = AddressRole + 1  # "header", "label", "value", "total" or "" (covered by a span)
SeverityRole = AddressRole + 2  # a fmt.Severity or None
PreviousRole = AddressRole + 3  # last year's value as text, when shown, else None


# Colours: light backgrounds, dark readable text.
HEADER_BG = QColor("#e4ebf4")
LABEL_BG = QColor("#f4f6f9")
VALUE_BG = QColor("#ffffff")
TOTAL_BG = QColor("#e3e3e3")
ERROR_BG = QColor("#ffd4d4")
ERROR_TOTAL_BG = QColor("#f5bcbc")
WARNING_BG = QColor("#fff1b8")
WARNING_TOTAL_BG = QColor("#f0e0a0")
TEXT_FG = QColor("#1b1b1b")
ERROR_FG = QColor("#8c1010")
WARNING_FG = QColor("#5c4300")
PREVIOUS_FG = QColor("#7b7f86")
GRID_COLOUR = QColor("#9aa4b1")
SELECTION = QColor(38, 110, 210, 60)
CURRENT_BORDER = QColor("#1f5fbf")
OK_FG = QColor("#1d7a35")
MAX_STRETCH = 1.5  # columns grow to at most 1.5 times their roomy width on wide screens
LABEL_SHARE = 0.4  # row labels take at most 40 % of a grid narrower than its roomy width
DENSE_LABEL_SHARE = 0.47  # on a low screen a little more, so that fewer labels take two lines

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


@dataclass(frozen=True)
class _Slot:
    """What sits at one grid position: the cell itself (an anchor) or part of a merged cell."""

    cell: fmt.GridCell
    anchor: bool


def _section_heading(table_key: str) -> str:
    return fmt.table_section(table_key).heading


def _one_line(text: str) -> str:
    return " ".join(text.split())


CELL_PADDING = 5  # pixels between a cell's border and its text, left and right

_LINES_CACHE: dict[tuple[str, int, str], tuple[str, ...]] = {}


def _wrap(font: QFont, text: str, width: int) -> list[str]:
    """The lines Qt's word wrap makes of a text in a given width."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start = line.textStart()
        lines.append(text[start : start + line.textLength()])
    layout.endLayout()
    return lines


def label_lines(font: QFont, text: str, width: int) -> tuple[str, ...]:
    """A label wrapped to a width without a lone character on its last line.

    Chinese breaks between any two characters, so 「社会公益组织」 in five characters' width
    would leave 「织」 alone; a little narrower gives 「社会公益 / 组织」 on the same two lines.
    """
    width = max(10, width)
    key = (text, width, font.key())
    cached = _LINES_CACHE.get(key)
    if cached is not None:
        return cached
    lines = _wrap(font, text, width)
    step = max(2, QFontMetrics(font).horizontalAdvance("中") // 4)
    if len(lines) > 1 and len(lines[-1].strip()) <= 1:
        narrower = width - step
        while narrower > step:
            attempt = _wrap(font, text, narrower)
            if len(attempt) > len(lines):
                break
            if len(attempt[-1].strip()) > 1:
                lines = attempt
                break
            narrower -= step
    result = tuple(line.rstrip() for line in lines) or ("",)
    if len(_LINES_CACHE) > 4000:
        _LINES_CACHE.clear()
    _LINES_CACHE[key] = result
    return result


class ReportTableModel(QAbstractTableModel):
    """The official grid of one table over a ReportDocument; one model row per grid row."""

    inputRefused = Signal(str, str)  # address (or "" for a whole paste), Chinese message
    # Input taken with a remark (「-」 read as 0): address (or "" for a paste), Chinese note.
    inputNoted = Signal(str, str)
    inputTaken = Signal()  # typed or pasted input was taken (earlier refusals are stale)

    def __init__(
        self, document: ReportDocument, table_key: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.table = fmt.TABLES[table_key]
        self.table_key = table_key
        self._slots: dict[tuple[int, int], _Slot] = {}
        self._position: dict[str, tuple[int, int]] = {}
        for cell in self.table.grid:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._slots[(r, c)] = _Slot(cell, (r, c) == (cell.row, cell.col))
            if cell.is_value:
                self._position[cell.address] = (cell.row, cell.col)
        self._addresses = frozenset(self._position)
        self._show_previous = False
        # What was last shown for each cell's findings, to repaint exactly the cells that change.
        self._shown_findings: dict[str, tuple[str | None, tuple[str, ...]]] = {
            a: self._finding_key(a) for a in self._position
        }
        self._bold_font = QFont()
        self._bold_font.setBold(True)
        document.cellsChanged.connect(self._on_cells_changed)
        document.findingsChanged.connect(self._on_findings_changed)

    # -- geometry ----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.rows

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.cols

    def spans(self) -> list[fmt.GridCell]:
        return [c for c in self.table.grid if c.rowspan > 1 or c.colspan > 1]

    def cell_at(self, row: int, col: int) -> fmt.GridCell | None:
        """The grid cell covering a position (the merged cell for a covered position)."""
        slot = self._slots.get((row, col))
        return slot.cell if slot else None

    def anchor_at(self, row: int, col: int) -> tuple[int, int] | None:
        cell = self.cell_at(row, col)
        return (cell.row, cell.col) if cell else None

    def address_at(self, index: ModelIndex) -> str:
        """The value address shown at an index ("" for labels and covered positions)."""
        slot = self._slots.get((index.row(), index.column()))
        return slot.cell.address if slot and slot.anchor else ""

    def index_of(self, address: str) -> QModelIndex:
        pos = self._position.get(address)
        return self.index(*pos) if pos else QModelIndex()

    def addresses(self) -> frozenset[str]:
        return self._addresses

    def is_editable_at(self, row: int, col: int) -> bool:
        """Whether the merged cell covering a position is a value the clerk types."""
        cell = self.cell_at(row, col)
        return bool(cell and cell.is_value and not fmt.VALUE_CELLS[cell.address].is_total)

    def kind_at(self, row: int, col: int) -> str:
        slot = self._slots.get((row, col))
        if slot is None or not slot.anchor:
            return ""
        cell = slot.cell
        if cell.is_value:
            return "total" if fmt.VALUE_CELLS[cell.address].is_total else "value"
        return "header" if cell.header else "label"

    # -- showing last year's figures -------------------------------------------------------------

    @property
    def show_previous(self) -> bool:
        return self._show_previous and self.document.previous is not None

    def set_show_previous(self, on: bool) -> None:
        if on == self._show_previous:
            return
        self._show_previous = on
        self._emit_changed(self._position)

    def previous_text(self, address: str) -> str | None:
        """Last year's value as she reads it: digits grouped (12,345), as in a printed table."""
        previous = self.document.previous
        if previous is None or address not in previous.cells:
            return None
        return grouped(format_value(previous.cells[address]))

    # -- data ----------------------------------------------------------------------------------

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        slot = self._slots.get((index.row(), index.column()))
        if slot is None or not slot.anchor:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if slot.cell.is_value and not fmt.VALUE_CELLS[slot.cell.address].is_total:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        slot = self._slots.get((index.row(), index.column()))
        if slot is None or not slot.anchor:
            return None
        role = int(role)
        cell = slot.cell
        if not cell.is_value:
            return self._label_data(cell, role)
        address = cell.address
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.EditRole:
            return format_value(self.document.value(address))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(address)
        if role == Qt.ItemDataRole.ForegroundRole:
            severity = self.document.severity_at(address)
            if severity is fmt.Severity.ERROR:
                return ERROR_FG
            return WARNING_FG if severity is fmt.Severity.WARNING else TEXT_FG
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font if fmt.VALUE_CELLS[address].is_total else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(address)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{fmt.cell_name(address)}：{format_value(self.document.value(address))}"
        if role == AddressRole:
            return address
        if role == KindRole:
            return "total" if fmt.VALUE_CELLS[address].is_total else "value"
        if role == SeverityRole:
            return self.document.severity_at(address)
        if role == PreviousRole:
            return self.previous_text(address) if self.show_previous else None
        return None

    def _label_data(self, cell: fmt.GridCell, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return HEADER_BG if cell.header else LABEL_BG
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_FG
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font if cell.header else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.header or cell.rowspan > 2:
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._label_help(cell)
        if role == AddressRole:
            return ""
        if role == KindRole:
            return "header" if cell.header else "label"
        return None

    def _label_help(self, cell: fmt.GridCell) -> str | None:
        return None if cell.header else fmt.LABEL_HELP.get(cell.text)

    def _background(self, address: str) -> QColor:
        severity = self.document.severity_at(address)
        total = fmt.VALUE_CELLS[address].is_total
        if severity is fmt.Severity.ERROR:
            return ERROR_TOTAL_BG if total else ERROR_BG
        if severity is fmt.Severity.WARNING:
            return WARNING_TOTAL_BG if total else WARNING_BG
        return TOTAL_BG if total else VALUE_BG

    def _tooltip(self, address: str) -> str:
        lines = [fmt.cell_name(address)]
        value_cell = fmt.VALUE_CELLS[address]
        if value_cell.is_total:
            lines.append("由程序自动相加，不用填写。")
        for finding in self.document.findings_at(address):
            lines.append(f"{fmt.Severity(finding.severity).word}：{finding.message}")
        if self.show_previous:
            previous = self.previous_text(address)
            if previous is not None:
                lines.append(f"上年：{previous}")
        return "\n".join(lines)

    # -- editing -------------------------------------------------------------------------------

    def setData(
        self,
        index: ModelIndex,
        value: object,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if int(role) != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.is_editable_at(index.row(), index.column()):
            return False
        address = self.address_at(index)
        if not address:
            return False
        try:
            parsed = parse_cell_input(address, str(value))
        except InputError as error:
            self.inputRefused.emit(address, f"「{fmt.cell_name(address)}」{error}")
            return False
        self.document.set_cells({address: parsed}, f"填写{fmt.cell_name(address)}")
        self.inputTaken.emit()
        mark = zero_mark(address, str(value))
        if mark is not None:
            self.inputNoted.emit(address, f"「{fmt.cell_name(address)}」填的“{mark}”按 0 填入。")
        return True

    def clear_cells(self, indexes: Iterable[ModelIndex]) -> int:
        """Set the editable cells among indexes to 0 as one undo step; returns how many."""
        values: dict[str, int | str] = {}
        for index in indexes:
            if self.is_editable_at(index.row(), index.column()):
                cell = self.cell_at(index.row(), index.column())
                assert cell is not None
                kind = fmt.VALUE_CELLS[cell.address].kind
                values[cell.address] = 0 if kind is fmt.CellKind.COUNT else "0"
        if values:
            self.document.set_cells(values, f"清空 {len(values)} 格")
        return len(values)

    def copy_text(self, top: int, left: int, bottom: int, right: int) -> str:
        """A rectangle of the grid as tab-separated text, the way spreadsheets copy it."""
        rows = []
        for r in range(top, bottom + 1):
            fields = []
            for c in range(left, right + 1):
                slot = self._slots.get((r, c))
                if slot is None or not slot.anchor:
                    fields.append("")
                elif slot.cell.is_value:
                    fields.append(format_value(self.document.value(slot.cell.address)))
                else:
                    fields.append(_one_line(slot.cell.text))
            rows.append("\t".join(fields))
        return "\n".join(rows)

    def paste_values(self, text: str, row: int, col: int) -> dict[str, int | str]:
        """Read a tab-separated block placed with its top-left at (row, col).

        Returns the new values by address; raises InputError naming every cell that cannot take
        what would land on it (a letter, a label, a total that does not add up, outside the
        table). Nothing is changed here.
        """
        block = split_clipboard(text)
        values: dict[str, int | str] = {}
        problems: list[str] = []
        totals: dict[str, str] = {}
        outside = 0
        for i, fields in enumerate(block):
            for j, raw in enumerate(fields):
                r, c = row + i, col + j
                slot = self._slots.get((r, c))
                stripped = raw.strip()
                if slot is None:
                    if stripped:
                        outside += 1
                    continue
                cell = slot.cell
                if not slot.anchor:
                    if stripped:
                        name = self._position_name(cell)
                        problems.append(f"“{stripped}”会落在合并单元格「{name}」的中间")
                    continue
                if not cell.is_value:
                    if stripped and _one_line(stripped) != _one_line(cell.text):
                        problems.append(f"“{stripped}”会落在标题「{_one_line(cell.text)}」上")
                    continue
                name = fmt.cell_name(cell.address)
                if fmt.VALUE_CELLS[cell.address].is_total:
                    if stripped:
                        totals[cell.address] = stripped
                    continue
                try:
                    values[cell.address] = parse_cell_input(cell.address, raw)
                except InputError as error:
                    problems.append(f"「{name}」：{error}")
        if outside:
            problems.append(f"有 {outside} 个数字超出了表格的范围")
        if totals and problems:
            problems += [f"「{fmt.cell_name(a)}」由程序自动相加，不能粘贴" for a in totals]
        elif totals:
            problems += self._check_pasted_totals(values, totals)
        if problems:
            shown = problems[:6]
            if len(problems) > 6:
                shown.append(f"……等共 {len(problems)} 处")
            raise InputError("粘贴未进行，表格没有改动：\n" + "\n".join(shown))
        return values

    def _position_name(self, cell: fmt.GridCell) -> str:
        return fmt.cell_name(cell.address) if cell.is_value else _one_line(cell.text)

    def _check_pasted_totals(
        self, values: dict[str, int | str], totals: dict[str, str]
    ) -> list[str]:
        """A pasted total is accepted only when it equals what the program computes."""
        trial = self.document.report.copy()
        for address, value in values.items():
            trial.set_cell(address, value)
        problems = []
        for address, raw in totals.items():
            name = fmt.cell_name(address)
            try:
                pasted = parse_cell_input(address, raw)
            except InputError as error:
                problems.append(f"「{name}」：{error}")
                continue
            computed = trial.cells.get(address)
            if pasted != computed:
                problems.append(
                    f"「{name}」由程序自动相加，粘贴的 {pasted} 与相加结果 "
                    f"{format_value(computed)} 不符"
                )
        return problems

    def paste(self, text: str, row: int, col: int) -> int:
        """Paste a block as one undo step; returns how many cells were taken.

        A block with any bad cell is refused whole (inputRefused is emitted, nothing changes).
        """
        try:
            values = self.paste_values(text, row, col)
        except InputError as error:
            self.inputRefused.emit("", str(error))
            return -1
        if values:
            self.document.set_cells(values, f"粘贴 {len(values)} 格")
        self.inputTaken.emit()
        self._note_marks(self._zero_marks(text, row, col))
        return len(values)

    def _zero_marks(self, text: str, row: int, col: int) -> list[str]:
        """The 「-」「/」「无」 of a pasted block that land on value cells (read as 0)."""
        marks = []
        for i, fields in enumerate(split_clipboard(text)):
            for j, raw in enumerate(fields):
                slot = self._slots.get((row + i, col + j))
                if slot is not None and slot.anchor and slot.cell.is_value:
                    mark = zero_mark(slot.cell.address, raw)
                    if mark is not None:
                        marks.append(mark)
        return marks

    def _note_marks(self, marks: list[str]) -> None:
        if marks:
            shown = "”“".join(dict.fromkeys(marks))
            self.inputNoted.emit("", f"粘贴的 {len(marks)} 格“{shown}”按 0 填入。")

    def fill(self, text: str, indexes: Iterable[ModelIndex]) -> int:
        """Paste one value into every editable cell of a selection (one undo step)."""
        values: dict[str, int | str] = {}
        for index in indexes:
            if self.is_editable_at(index.row(), index.column()):
                address = self.address_at(index)
                if not address:
                    continue
                try:
                    values[address] = parse_cell_input(address, text)
                except InputError as error:
                    name = fmt.cell_name(address)
                    self.inputRefused.emit("", f"粘贴未进行，表格没有改动：\n「{name}」：{error}")
                    return -1
        if values:
            self.document.set_cells(values, f"粘贴 {len(values)} 格")
        self.inputTaken.emit()
        self._note_marks([m for a in values if (m := zero_mark(a, text)) is not None])
        return len(values)

    # -- following the document ----------------------------------------------------------------

    def _finding_key(self, address: str) -> tuple[str | None, tuple[str, ...]]:
        found = self.document.findings_at(address)
        if not found:
            return (None, ())
        return (self.document.severity_at(address), tuple(f.message for f in found))

    def _on_cells_changed(self, addresses: list[str]) -> None:
        self._emit_changed(a for a in addresses if a in self._addresses)

    def _on_findings_changed(self) -> None:
        changed = []
        for address in self._position:
            key = self._finding_key(address)
            if self._shown_findings[address] != key:
                self._shown_findings[address] = key
                changed.append(address)
        self._emit_changed(changed)

    def _emit_changed(self, addresses: Iterable[str]) -> None:
        for address in addresses:
            index = self.index(*self._position[address])
            self.dataChanged.emit(index, index)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def grouped(text: str) -> str:
    """A number with its whole part in groups of three digits: 「1234567.5」 → 「1,234,567.5」;
    other text as it is."""
    whole, dot, fraction = text.partition(".")
    if not whole.isascii() or not whole.isdigit():
        return text
    return f"{int(whole):,}{dot}{fraction}"


def split_clipboard(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel/WPS put them on the clipboard (one trailing newline)."""
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith(("\n", "\r")):
        text = text[:-1]
    return [line.split("\t") for line in _NEWLINE.split(text)]


# --------------------------------------------------------------------------------------------
# Painting and editing one cell


class _CellDelegate(QStyledItemDelegate):
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
        editor.setStyleSheet("QLineEdit { background: #ffffff; border: 2px solid #1f5fbf; }")
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
            and _is_ctrl(event, Qt.Key.Key_E)
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


# --------------------------------------------------------------------------------------------
# The grid view


class TableView(QTableView):
    """A QTableView that moves, types, copies and pastes like a spreadsheet."""

    # The size the grid wants changed (text size, column widths, last year's figures shown).
    sizesChanged = Signal()
    typing = Signal()  # she is typing a new value into a cell

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.table_model = model
        self.last_commit_ok = True
        self.dense = False
        self._tab_column: int | None = None  # where a run of Tabs began (Enter returns there)
        self._tab_move = False
        self.setModel(model)
        self.setItemDelegate(_CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        # The widths are planned here; the header's font-based minimum would overflow the grid.
        self.horizontalHeader().setMinimumSectionSize(4)
        self.verticalHeader().setMinimumSectionSize(4)
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
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        self.setPalette(palette)
        self.setStyleSheet(f"QTableView {{ gridline-color: {GRID_COLOUR.name()}; }}")
        for cell in model.spans():
            self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        self._natural_widths: list[int] = []
        self._widths_for = -1  # the viewport width the columns were last fitted to
        self._compact_widths: list[int] = []
        self._row_heights: list[int] = []
        self._needed: tuple[list[int], bool] = ([], False)
        self._frozen: QTableView | None = None
        if model.table.header_rows and model.table.rows > 8:
            self._freeze_header()
        self.update_layout()
        first = self.first_editable()
        if first.isValid():
            self.setCurrentIndex(first)

    # -- the frozen header (table 3 is taller than a laptop screen) ------------------------------

    def _freeze_header(self) -> None:
        """Keep the official column header in view while the body scrolls under it."""
        frozen = QTableView(self)
        frozen.setModel(self._model)
        frozen.setItemDelegate(_CellDelegate(self))
        frozen.horizontalHeader().hide()
        frozen.verticalHeader().hide()
        frozen.horizontalHeader().setMinimumSectionSize(4)
        frozen.verticalHeader().setMinimumSectionSize(4)
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        frozen.setFrameShape(QFrame.Shape.NoFrame)
        frozen.setStyleSheet(self.styleSheet())
        for cell in self._model.spans():
            if cell.row < self._model.table.header_rows:
                frozen.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        for r in range(self._model.table.header_rows, self._model.table.rows):
            frozen.setRowHidden(r, True)
        for r in range(self._model.table.header_rows):
            self.setRowHidden(r, True)
        self.horizontalScrollBar().valueChanged.connect(frozen.horizontalScrollBar().setValue)
        self._frozen = frozen

    def _place_frozen(self) -> None:
        if self._frozen is None:
            return
        height = sum(self._row_heights[: self._model.table.header_rows]) + 1
        self.setViewportMargins(0, height, 0, 0)
        frame = self.frameWidth()
        self._frozen.setGeometry(frame, frame, self.viewport().width(), height)
        self._frozen.horizontalScrollBar().setValue(self.horizontalScrollBar().value())

    def header_view(self) -> QTableView | None:
        return self._frozen

    # -- sizes ------------------------------------------------------------------------------

    def _em(self) -> int:
        return max(8, QFontMetrics(self.font()).horizontalAdvance("中"))

    def _column_plan(self) -> list[tuple[float, float]]:
        """(compact, roomy) width of each column, in character widths.

        Compact data columns are as wide as four characters of their header (社会公益/组织 and
        结果/维持 then take two lines); compact label columns wrap the row labels. Roomy widths
        show every header on one line. The grid takes whatever lies between the two that the
        window offers, so it fits a 1366×768 screen without sideways scrolling.
        """
        table = self._model.table
        plan = list(table.traits.screen_widths)
        dense_width = table.traits.dense_data_width
        if self.dense and dense_width is not None:
            for col in range(table.label_cols, table.cols):
                plan[col] = (dense_width, plan[col][1])
        return plan

    def update_layout(self) -> None:
        """Column widths that show the labels, row heights that fit the wrapped labels."""
        em = self._em()
        pad = 12
        plan = self._column_plan()
        self._compact_widths = [int(c * em) + pad for c, _ in plan]
        self._natural_widths = [int(r * em) + pad for _, r in plan]
        self._apply_widths()
        self._apply_heights()
        self._place_frozen()
        self.sizesChanged.emit()

    def natural_width(self) -> int:
        return sum(self._natural_widths) + 2 * self.frameWidth() + 2

    def widest(self) -> int:
        """The widest the view is worth making: columns grow to 1.5 times their natural width."""
        return int(sum(self._natural_widths) * MAX_STRETCH) + 2 * self.frameWidth() + 2

    def column_widths(self, available: int) -> list[int]:
        """The column widths for a viewport of a given width.

        Between compact and roomy the grid fills the viewport exactly (no sideways scrolling):
        the row labels take up to 40 % of the width (at most their roomy widths), the data
        columns the rest. Beyond roomy every column grows alike, to at most 1.5 times.
        """
        compact, roomy = self._compact_widths, self._natural_widths
        total_compact, total_roomy = sum(compact), sum(roomy)
        if available <= total_compact:
            return list(compact)
        if available >= total_roomy:
            scale = min(MAX_STRETCH, available / total_roomy)
            widths = [w * scale for w in roomy]
        else:
            n = self._model.table.label_cols
            labels_compact, labels_roomy = sum(compact[:n]), sum(roomy[:n])
            share = DENSE_LABEL_SHARE if self.dense else LABEL_SHARE
            labels = min(labels_roomy, max(labels_compact, share * available))
            labels = min(labels, available - sum(compact[n:]))
            widths = _spread(compact[:n], roomy[:n], labels)
            widths += _spread(compact[n:], roomy[n:], available - labels)
        result = [int(w) for w in widths]
        # The pixels lost to rounding go to the last column, so the grid ends at the edge.
        result[-1] += min(available, int(sum(widths))) - sum(result)
        return result

    def overflows(self) -> bool:
        """Whether the columns are wider than the view (only at very large text sizes)."""
        width = sum(self.columnWidth(c) for c in range(self._model.table.cols))
        return width > self.viewport().width()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # A vertical scroll bar appearing narrows the viewport without resizing the view.
        if getattr(self, "_compact_widths", None) and self.viewport().width() != self._widths_for:
            self._apply_widths()

    def _apply_widths(self) -> None:
        self._widths_for = self.viewport().width()
        widths = self.column_widths(self.viewport().width())
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
            if self._frozen is not None:
                self._frozen.setColumnWidth(c, w)

    def _apply_heights(self) -> None:
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        line = metrics.height()
        # Dense rows on a low screen: table 3 keeps a dozen rows in a laptop's work area.
        value_height = line + 2 if self.dense else int(line * 1.65) + 4
        if self._model.show_previous:
            value_height = int(line * 2.5) + 6
        rows = self._model.table.rows
        label_pad = 4 if self.dense else 12
        heights = [line + 2 if self.dense else int(line * 1.5) + 4] * rows
        for r in range(rows):
            if any(
                self._model.kind_at(r, c) in ("value", "total")
                for c in range(self._model.table.cols)
            ):
                heights[r] = max(heights[r], value_height)
        multi: list[tuple[fmt.GridCell, int]] = []
        for cell in self._model.table.grid:
            if cell.is_value:
                continue
            width = sum(self.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan))
            font = bold if cell.header else self.font()
            lines = label_lines(font, cell.text, width - 2 * CELL_PADDING)
            need = len(lines) * QFontMetrics(font).lineSpacing() + label_pad
            if cell.rowspan == 1:
                heights[cell.row] = max(heights[cell.row], need)
            else:
                multi.append((cell, need))
        for cell, need in multi:
            rows_of = range(cell.row, cell.row + cell.rowspan)
            have = sum(heights[r] for r in rows_of)
            if have < need:
                extra = need - have
                for r in rows_of:
                    heights[r] += extra // cell.rowspan + 1
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
            editor.setStyleSheet(
                "QLineEdit { background: #ffe3e3; border: 2px solid #c62828; color: #8c1010; }"
            )
        else:
            editor.setStyleSheet("QLineEdit { background: #ffffff; border: 2px solid #1f5fbf; }")

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
            or _is_ctrl(event, Qt.Key.Key_Y)
            or _is_ctrl_shift(event, Qt.Key.Key_Z)
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
        elif _is_ctrl_shift(event, Qt.Key.Key_Z) or _is_ctrl(event, Qt.Key.Key_Y):
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


def _spread(compact: list[int], roomy: list[int], total: float) -> list[float]:
    """Widths from compact towards roomy (and beyond) that add up to total."""
    if not compact:
        return []
    low, high = sum(compact), sum(roomy)
    if high == low:
        return [c * total / low for c in compact]
    t = (total - low) / (high - low)
    return [c + t * (r - c) for c, r in zip(compact, roomy, strict=True)]


def _selection(top_left: QModelIndex, bottom_right: QModelIndex) -> QItemSelection:
    return QItemSelection(top_left, bottom_right)


def _is_ctrl(event: QKeyEvent, key: Qt.Key) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == key and mods == Qt.KeyboardModifier.ControlModifier


def _is_ctrl_shift(event: QKeyEvent, key: Qt.Key) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    return event.key() == key and mods == wanted


# --------------------------------------------------------------------------------------------
# Table 3's balance strip


class BalanceStrip(QWidget):
    """Under table 3, per column: does 一+二 = 三+四 hold? Aligned with the grid's columns."""

    def __init__(self, view: TableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._model: ReportTableModel = view.model()  # type: ignore[assignment]
        self._first = self._model.table.label_cols
        self._dense = False
        self._fit_height()
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        document = self._model.document
        document.findingsChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.horizontalHeader().sectionResized.connect(self.update)

    def _fit_height(self) -> None:
        line = QFontMetrics(self.font()).height()
        self.setFixedHeight(line + 6 if self._dense else int(line * 1.65) + 4)

    def set_dense(self, dense: bool) -> None:
        self._dense = dense
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def column_states(self) -> list[tuple[str, bool, str]]:
        """(column label, balanced, the finding's message) for each data column."""
        columns = {c.key: (c.label, True, "") for c in fmt.T3_COLUMNS}
        for finding in self._model.document.findings:
            if finding.rule != rules.BALANCE_RULE:
                continue
            for c in fmt.T3_COLUMNS:
                if any(fmt.col_of(a) == c.key for a in finding.cells):
                    columns[c.key] = (c.label, False, finding.message)
        return [columns[c.key] for c in fmt.T3_COLUMNS]

    def _column_rect(self, col: int) -> QRect:
        viewport = self._view.viewport()
        x = viewport.mapTo(self.window(), QPoint(self._view.columnViewportPosition(col), 0))
        left = self.mapFrom(self.window(), x).x()
        return QRect(left, 0, self._view.columnWidth(col), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f4f6f9"))
        painter.setPen(QPen(GRID_COLOUR))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        states = self.column_states()
        label_rect = self._column_rect(0).united(self._column_rect(self._first - 1))
        painter.setPen(TEXT_FG)
        painter.drawText(
            label_rect.adjusted(8, 0, -4, 0),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            "核对：一 + 二 = 三 + 四",
        )
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for i, (_label, ok, _message) in enumerate(states):
            rect = self._column_rect(self._first + i)
            if not ok:
                painter.fillRect(rect.adjusted(1, 1, -1, -1), ERROR_BG)
            painter.setPen(OK_FG if ok else ERROR_FG)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), "✓ 相符" if ok else "✗ 不符")
            painter.setPen(QPen(GRID_COLOUR))
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            for i, (label, ok, message) in enumerate(self.column_states()):
                if self._column_rect(self._first + i).contains(pos):
                    text = f"{label}列：一、二两项之和等于三、四两项之和。" if ok else message
                    QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)


# --------------------------------------------------------------------------------------------
# The page


_REFUSAL_STYLE = (
    "QLabel { background: #fdecea; color: #7d1414; border: 1px solid #e6a5a0;"
    " border-radius: 3px; padding: 6px 10px; }"
)
_NOTE_STYLE = (
    "QLabel { background: #eef3fa; color: #1d3b63; border: 1px solid #b7c9e2;"
    " border-radius: 3px; padding: 6px 10px; }"
)


class _NotesPopover(QLabel):
    """What a table's terms mean, in a small window under 「说明」 that closes on a click
    elsewhere or Esc."""

    closed = Signal()

    def __init__(self, text: str, anchor: QWidget) -> None:
        super().__init__(text, anchor, Qt.WindowType.Popup)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(
            "QLabel { background: #fffdf4; color: #333333; border: 1px solid #c9c3a8;"
            " padding: 8px 12px; }"
        )

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
        self.checked_label.setStyleSheet(f"color: {OK_FG.name()};")
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

    def focus_cell(self, address: str) -> None:
        """Select a cell, scroll it into view and give it the keyboard focus."""
        index = self.model.index_of(address)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_cells(self, addresses: list[str]) -> None:
        """Show cells changed by an undo or redo: the first is current, all are selected."""
        indexes = [self.model.index_of(a) for a in addresses]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        self.focus_cell(self.model.address_at(indexes[0]))
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
