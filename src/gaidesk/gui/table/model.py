"""The item model of one official table over the ReportDocument, with copy and paste."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
)

from gaidesk import format as fmt
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.theme import (
    ERROR_BG,
    ERROR_FG,
    ERROR_TOTAL_BG,
    HEADER_BG,
    LABEL_BG,
    TEXT_FG,
    TOTAL_BG,
    VALUE_BG,
    WARNING_BG,
    WARNING_FG,
    WARNING_TOTAL_BG,
)
from gaidesk.model import InputError, format_value, parse_cell_input, zero_mark

ModelIndex = QModelIndex | QPersistentModelIndex

# Extra data roles, for the view, the page and tests.
AddressRole = int(Qt.ItemDataRole.UserRole) + 1  # the value cell's address, "" for labels
KindRole = AddressRole + 1  # "header", "label", "value", "total" or "" (covered by a span)
SeverityRole = AddressRole + 2  # a fmt.Severity or None
PreviousRole = AddressRole + 3  # last year's value as text, when shown, else None


@dataclass(frozen=True)
class _Slot:
    """What sits at one grid position: the cell itself (an anchor) or part of a merged cell."""

    cell: fmt.GridCell
    anchor: bool


def _one_line(text: str) -> str:
    return " ".join(text.split())


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
