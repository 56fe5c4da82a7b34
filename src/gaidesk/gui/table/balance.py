"""Table 3's balance strip: does 一+二 = 三+四 hold, per column?"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QSizePolicy,
    QToolTip,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.gui.table.model import (
    ReportTableModel,
)
from gaidesk.gui.table.view import TableView
from gaidesk.gui.theme import (
    ERROR_BG,
    ERROR_FG,
    GRID_COLOUR,
    LABEL_BG,
    OK_FG,
    TEXT_FG,
)


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
        painter.fillRect(self.rect(), LABEL_BG)
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
