"""The list of every finding: a flat panel under the wizard and a grouped list on the check step.

A click on a finding asks the window to go to the cell, text part or field it concerns.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.gui.common import Mark, severity_icon
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.steps import (
    STEPS,
    finding_order,
    part_of_step,
    place_of_finding,
    step_of_finding,
)
from gaidesk.gui.theme import MUTED_COLOR

_ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1
_STEP_ROLE = Qt.ItemDataRole.UserRole + 2
_FINDING_ROLE = Qt.ItemDataRole.UserRole + 3


def _sorted(findings: list[rules.Finding]) -> list[rules.Finding]:
    """In the report's order: a step's problems together, as F8 visits them."""
    return sorted(findings, key=finding_order)


class FindingsTree(QTreeWidget):
    """Findings of a document; flat (errors first) or grouped by wizard step."""

    addressActivated = Signal(str)
    stepActivated = Signal(int)  # a 「待填写」 line: go to the step

    def __init__(
        self, document: ReportDocument, grouped: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._grouped = grouped
        self.setRootIsDecorated(grouped)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(not grouped)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        if grouped:
            self.setHeaderHidden(True)
            self.setColumnCount(1)
        else:
            self.setColumnCount(2)
            self.setHeaderLabels(["问题", "位置"])
            header = self.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._shown: object = None  # what the list was last drawn for
        self._step: int | None = None  # the step whose problems the list starts at
        self.itemClicked.connect(self._on_item)
        self.itemActivated.connect(self._on_item)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.confirm_action = QAction("确认这条提醒属实(&C)", self)
        self.confirm_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.confirm_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.confirm_action.triggered.connect(self.toggle_confirmed)
        self.addAction(self.confirm_action)
        document.findingsChanged.connect(self.refresh)
        document.reviewChanged.connect(self.refresh)
        self.refresh()

    def _pending_step(self, finding: rules.Finding) -> bool:
        step = step_of_finding(finding)
        part = part_of_step(step) if step is not None else None
        return part is not None and self._document.is_pending(part)

    def refresh(self) -> None:
        document = self._document
        findings = [f for f in _sorted(document.findings) if not self._pending_step(f)]
        # Parts she has not reached nor filled in: one line each, 「待填写」.
        waiting = [
            i
            for i in range(len(STEPS))
            if (part := part_of_step(i)) is not None and document.is_pending(part)
        ]
        state = (findings, waiting, repr(document.review))
        if state == self._shown:
            return  # keep her scroll position and selection while she types
        self._shown = state
        self.clear()
        if not self._grouped:
            for f in findings:
                item = QTreeWidgetItem([self._message(f), place_of_finding(f)])
                self._decorate(item, f)
                self.addTopLevelItem(item)
            for step in waiting:
                self.addTopLevelItem(self._waiting_item(step))
            if self._step is not None:
                self.show_step(self._step)
            return
        for step in waiting:
            self.addTopLevelItem(self._waiting_item(step))
        groups: dict[int, list[rules.Finding]] = {}
        for f in findings:
            found = step_of_finding(f)
            groups.setdefault(found if found is not None else -1, []).append(f)
        for step in sorted(groups):
            title = STEPS[step].title if step >= 0 else "整份报告"
            items = groups[step]
            counts = fmt.summary(items, sep="、")
            top = QTreeWidgetItem([f"{title}（{counts}）"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(top)
            for f in items:
                child = QTreeWidgetItem([self._message(f)])
                self._decorate(child, f)
                top.addChild(child)
            top.setExpanded(True)

    def show_step(self, step: int) -> None:
        """Scroll the list to the first problem of a step (the list starts where she is)."""
        self._step = step
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None and item.data(0, _STEP_ROLE) == step:
                self.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
                self.setCurrentItem(item)
                return

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_shown"):
            # The group titles carry a bold copy of the font: make them anew in the new size.
            self._shown = None
            self.refresh()

    def _message(self, finding: rules.Finding) -> str:
        confirmed = self._document.is_confirmed(finding)
        return f"（已确认）{finding.message}" if confirmed else finding.message

    def _waiting_item(self, step: int) -> QTreeWidgetItem:
        title = STEPS[step].title
        item = QTreeWidgetItem([f"待填写：{title}（还没有填写或核对）"])
        if not self._grouped:
            item.setText(1, title)
        item.setIcon(0, severity_icon(Mark.PENDING))
        item.setForeground(0, QColor(MUTED_COLOR))
        item.setToolTip(0, "这一部分还没有填写或核对；到了这一步，它的问题才会显示。")
        item.setData(0, _STEP_ROLE, step)
        return item

    def _decorate(self, item: QTreeWidgetItem, finding: rules.Finding) -> None:
        confirmed = self._document.is_confirmed(finding)
        item.setIcon(0, severity_icon(Mark.OK if confirmed else Mark(finding.severity)))
        if confirmed:
            item.setForeground(0, QColor(MUTED_COLOR))
        tip = finding.message
        if finding.severity == fmt.Severity.WARNING:
            tip += "\n（提醒：属实时可右键“确认这条提醒属实”，或 Ctrl+Enter）"
        item.setToolTip(0, tip)
        item.setData(0, _ADDRESS_ROLE, finding.cells[0] if finding.cells else "")
        item.setData(0, _STEP_ROLE, step_of_finding(finding))
        item.setData(0, _FINDING_ROLE, finding)

    def selected_finding(self) -> rules.Finding | None:
        item = self.currentItem()
        found = item.data(0, _FINDING_ROLE) if item is not None else None
        return found if isinstance(found, rules.Finding) else None

    def toggle_confirmed(self) -> None:
        """Confirm the selected warning as true, or take the confirmation back."""
        finding = self.selected_finding()
        if finding is not None and finding.severity == fmt.Severity.WARNING:
            self._document.confirm(finding, not self._document.is_confirmed(finding))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        self.setCurrentItem(item)
        finding = self.selected_finding()
        if finding is None or finding.severity != fmt.Severity.WARNING:
            return
        menu = QMenu(self)
        confirmed = self._document.is_confirmed(finding)
        action = menu.addAction("取消确认" if confirmed else "确认这条提醒属实")
        action.triggered.connect(self.toggle_confirmed)
        menu.exec(self.viewport().mapToGlobal(pos))

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        address = item.data(0, _ADDRESS_ROLE)
        if address:
            self.addressActivated.emit(str(address))
        elif isinstance(item.data(0, _STEP_ROLE), int):
            self.stepActivated.emit(int(item.data(0, _STEP_ROLE)))

    def item_for_address(self, address: str) -> QTreeWidgetItem | None:
        """The first item whose finding starts at an address (for tests and keyboard users)."""
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item is None:
                continue
            if item.data(0, _ADDRESS_ROLE) == address:
                return item
            stack.extend(item.child(i) for i in range(item.childCount()))
        return None
