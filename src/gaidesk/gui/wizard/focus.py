"""Moving the keyboard round the wizard: F6 / Ctrl+Tab between the areas of the window, F8 /
Shift+F8 to the next or previous problem in the report's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from gaidesk.gui.problems import FindingsTree
from gaidesk.gui.steps import CHECK_STEP, finding_order, report_order

if TYPE_CHECKING:
    from gaidesk.gui.wizard.window import WizardWindow


class FocusMover:
    """The keyboard's jumps in one wizard window."""

    def __init__(self, window: WizardWindow) -> None:
        self._window = window

    def _areas(self) -> list[QWidget]:
        """What F6 and Ctrl+Tab go round: the page (the grid), the problems, the steps."""
        window = self._window
        problems: QWidget = (
            window.check_page.findings if window.current_step == CHECK_STEP else window.problems
        )
        return [window.pages.currentWidget() or window.pages, problems, window.steps]

    def cycle(self, direction: int) -> None:
        """Move the keyboard to the next (or previous) area of the window."""
        if composing():
            return
        window = self._window
        areas = self._areas()
        focus = QApplication.focusWidget()
        here = next(
            (
                i
                for i, area in enumerate(areas)
                if focus is not None and (focus is area or area.isAncestorOf(focus))
            ),
            -1,
        )
        target = (here + direction) % len(areas) if here >= 0 else 0
        if target == 1 and window.current_step != CHECK_STEP and not window.problems.isVisible():
            if window.compact:
                window.status.problems_summary.setChecked(True)  # unfold the panel to work in it
            else:
                window.problems_dock.show()
        if target == 0:
            window.focus_first()
        else:
            areas[target].setFocus(Qt.FocusReason.ShortcutFocusReason)
            if target == 1 and isinstance(areas[1], FindingsTree):
                tree = areas[1]
                first = tree.topLevelItem(0)
                if tree.currentItem() is None and first is not None:
                    tree.setCurrentItem(first)

    def next_problem(self) -> None:
        """F8: the first problem after the cursor in the report's order, round to the first."""
        self._jump_to_problem(forward=True)

    def previous_problem(self) -> None:
        """Shift+F8: the last problem before the cursor, round to the last."""
        self._jump_to_problem(forward=False)

    def _jump_to_problem(self, forward: bool) -> None:
        window = self._window
        if composing():
            window.statusBar().showMessage("请先完成正在输入的文字，再转到下一个问题。", 5000)
            return
        findings = window.document.findings
        located = sorted((finding_order(f), f.cells[0]) for f in findings if f.cells)
        if not located:
            window.statusBar().showMessage("没有发现问题。", 3000)
            return
        address = window.cursor_address()
        # Without a cursor on this step: just before (F8) or after (Shift+F8) the step.
        here = (
            report_order(address)
            if address
            else (window.current_step, -1, -1)
            if forward
            else (window.current_step, 10**6, 10**6)
        )
        if forward:
            target = next((a for key, a in located if key > here), located[0][1])
        else:
            target = next((a for key, a in reversed(located) if key < here), located[-1][1])
        window.go_to_address(target)


def composing() -> bool:
    """Whether an input method is still composing in the text she is typing (moving the focus
    now would drop the unfinished characters into another field)."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QPlainTextEdit):
        layout = focus.textCursor().block().layout()
        return layout is not None and bool(layout.preeditAreaText())
    return False
