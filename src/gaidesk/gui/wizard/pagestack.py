"""The step pages of the wizard, each built the first time it is needed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QStackedWidget, QWidget

from gaidesk.gui.document import ReportDocument
from gaidesk.gui.steps import STEPS, Step, StepKind

if TYPE_CHECKING:
    from gaidesk.gui.pages import StepPage
    from gaidesk.gui.table.page import TablePage

_P = TypeVar("_P")


class PageStack(QStackedWidget):
    """One page per step, in the order of ``STEPS``. A stand-in holds a step's place until the
    step is first shown (or addressed); then its page is built and ``prepare`` (the window's
    compact layout, zoom and read-only state) applied to it."""

    addressActivated = Signal(str)  # a finding chosen on 「检查与导出」
    stepActivated = Signal(int)

    def __init__(
        self,
        document: ReportDocument,
        prepare: Callable[[int, StepPage], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._prepare = prepare
        self._built: dict[int, StepPage] = {}  # step index -> its page (not its scroll area)
        for _step in STEPS:
            self.addWidget(QWidget())  # stands in until the step is first shown

    def is_built(self, index: int) -> bool:
        return index in self._built

    def built(self) -> list[tuple[int, StepPage]]:
        """The pages built so far, by step index."""
        return list(self._built.items())

    def page(self, index: int) -> StepPage:
        """The page of a step, built (in place of its stand-in) the first time it is needed."""
        page = self._built.get(index)
        if page is not None:
            return page
        page, shown = self._build(STEPS[index])
        self._built[index] = page
        self._prepare(index, page)
        stand_in = self.widget(index)
        assert stand_in is not None
        current = self.currentIndex()
        self.insertWidget(index, shown)
        self.removeWidget(stand_in)
        stand_in.deleteLater()
        self.setCurrentIndex(current)
        # Resolve fonts and style sheets now, as for pages present when the window was shown
        # (a page built to be addressed, e.g. to put the cursor in a cell, may still be hidden).
        shown.ensurePolished()
        return page

    def _build(self, step: Step) -> tuple[StepPage, QWidget]:
        """A step's page, and what goes in the stack for it (the page or a scroll area)."""
        if step.kind is StepKind.BASIC:
            from gaidesk.gui.pages.basic import BasicInfoPage

            basic = BasicInfoPage(self._document)
            return basic, basic
        if step.kind is StepKind.CHECK:
            from gaidesk.gui.pages.check import CheckPage

            check = CheckPage(self._document)
            check.addressActivated.connect(self.addressActivated)
            check.stepActivated.connect(self.stepActivated)
            return check, check
        assert step.section is not None
        if step.kind is StepKind.NARRATIVE:
            from gaidesk.gui.narrative import NarrativePage

            narrative = NarrativePage(self._document, step.section)
            return narrative, narrative
        from gaidesk.gui.table.page import TablePage

        table = TablePage(self._document, step.section.table)
        # A grid of fixed height (tables 2 and 4) may be taller than the screen: scroll the
        # page. Table 3 scrolls inside its own grid, under a frozen header.
        fixed = table.view.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Fixed
        return table, _scrolling(table) if fixed else table


def _scrolling(page: TablePage) -> QScrollArea:
    """A table page in a scroll area (table 2 is taller than a 768-pixel screen allows),
    following the current cell as she moves with Enter and Tab."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(page)
    view = page.view
    if view.selectionModel() is not None:

        def follow(current: QModelIndex, _previous: QModelIndex) -> None:
            if current.isValid():
                rect = view.visualRect(current)
                point = view.viewport().mapTo(page, rect.center())
                scroll.ensureVisible(point.x(), point.y(), rect.width(), rect.height())

        view.selectionModel().currentChanged.connect(follow)
    return scroll


class StepPages(Mapping[str, _P]):
    """The pages of one kind of step ("narrative" by section number, "table" by table key);
    looking one up builds it if it has not been shown yet."""

    def __init__(self, stack: PageStack, kind: StepKind) -> None:
        self._stack = stack
        self._steps: dict[str, int] = {}
        for i, step in enumerate(STEPS):
            if step.kind is kind and step.section is not None:
                key = step.section.table if kind is StepKind.TABLE else step.section.number
                self._steps[str(key)] = i

    def __getitem__(self, key: str) -> _P:
        return cast(_P, self._stack.page(self._steps[key]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)
