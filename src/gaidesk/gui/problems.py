"""The list of every finding: a flat panel under the wizard and a grouped list on the check step.

A click on a finding asks the window to go to the cell, text part or field it concerns.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from gaidesk import rules
from gaidesk.gui.common import severity_icon
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.steps import STEPS, finding_order, place_of_finding, step_of_finding

_ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1
_STEP_ROLE = Qt.ItemDataRole.UserRole + 2


def _sorted(findings: list[rules.Finding]) -> list[rules.Finding]:
    """In the report's order: a step's problems together, as F8 visits them."""
    return sorted(findings, key=finding_order)


class FindingsTree(QTreeWidget):
    """Findings of a document; flat (errors first) or grouped by wizard step."""

    addressActivated = Signal(str)

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
        self._shown: list[rules.Finding] | None = None
        self._step: int | None = None  # the step whose problems the list starts at
        self.itemClicked.connect(self._on_item)
        self.itemActivated.connect(self._on_item)
        document.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        findings = _sorted(self._document.findings)
        if findings == self._shown:
            return  # keep her scroll position and selection while she types
        self._shown = findings
        self.clear()
        if not self._grouped:
            for f in findings:
                item = QTreeWidgetItem([f.message, place_of_finding(f)])
                self._decorate(item, f)
                self.addTopLevelItem(item)
            if self._step is not None:
                self.show_step(self._step)
            return
        groups: dict[int, list[rules.Finding]] = {}
        for f in findings:
            step = step_of_finding(f)
            groups.setdefault(step if step is not None else -1, []).append(f)
        for step in sorted(groups):
            title = STEPS[step].title if step >= 0 else "整份报告"
            items = groups[step]
            errors = sum(1 for f in items if f.severity == rules.ERROR)
            warnings = len(items) - errors
            counts = "、".join(
                t
                for t in (
                    f"{errors} 处错误" if errors else "",
                    f"{warnings} 处提醒" if warnings else "",
                )
                if t
            )
            top = QTreeWidgetItem([f"{title}（{counts}）"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(top)
            for f in items:
                child = QTreeWidgetItem([f.message])
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

    def _decorate(self, item: QTreeWidgetItem, finding: rules.Finding) -> None:
        item.setIcon(0, severity_icon(finding.severity))
        item.setToolTip(0, finding.message)
        item.setData(0, _ADDRESS_ROLE, finding.cells[0] if finding.cells else "")
        item.setData(0, _STEP_ROLE, step_of_finding(finding))

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        address = item.data(0, _ADDRESS_ROLE)
        if address:
            self.addressActivated.emit(str(address))

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
