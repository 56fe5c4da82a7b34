"""The wizard on a low screen (under 800 pixels of height): the problems panel folds into a
line of the status bar, 上一步/下一步 move into the status bar, the step list narrows and the
grids tighten. Also where the problems panel shows at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gaidesk.gui.steps import CHECK_STEP

if TYPE_CHECKING:
    from gaidesk.gui.wizard.window import WizardWindow


class CompactLayout:
    """Switches one window between its roomy and its compact layout, and shows or folds the
    problems panel to fit."""

    def __init__(self, window: WizardWindow) -> None:
        self._window = window
        self.compact = False
        self._summary_open = False  # the folded problems panel, opened on demand
        self._auto_dock = False  # the panel is being shown or hidden here, not by her
        window.problems_dock.visibilityChanged.connect(self._on_dock_visibility)
        window.status.problems_summary.toggled.connect(self._on_summary_toggled)

    def set_compact(self, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        window = self._window
        bar = window.statusBar()
        nav = window.nav_layout
        widgets = (window.back_button, window.step_label, window.next_button)
        height = window.fontMetrics().height() + 4
        if compact:
            for w in widgets:
                nav.removeWidget(w)
                bar.addPermanentWidget(w)
                w.show()
            for b in (window.back_button, window.next_button):
                b.setStyleSheet("QPushButton { padding: 0px 10px; }")
                b.setMaximumHeight(height)
        else:
            for w in widgets:
                bar.removeWidget(w)
            for b in (window.back_button, window.next_button):
                b.setStyleSheet("")
                b.setMaximumHeight(16777215)
            for position, widget in zip((0, 2, 4), widgets, strict=True):
                nav.insertWidget(position, widget)
            for w in widgets:
                w.show()
        window.nav_bar.setVisible(not compact)
        window.nav_line.setVisible(not compact)
        summary = window.status.problems_summary
        summary.setVisible(compact)
        summary.setMaximumHeight(height)
        window.status.counts_label.setVisible(not compact)
        self._summary_open = False
        summary.setChecked(False)
        for _index, page in window.pages.built():
            page.set_compact(compact)
        self.show_dock()
        window.status.fit_step_items()

    def show_dock(self) -> None:
        """The problems panel where it belongs: hidden on the check step (which lists every
        finding itself), folded on a low screen unless opened, else as she left it."""
        window = self._window
        shown = self._summary_open if self.compact else window.settings.show_problems()
        self._auto_dock = True
        window.problems_dock.setVisible(window.current_step != CHECK_STEP and shown)
        self._auto_dock = False

    def _on_summary_toggled(self, opened: bool) -> None:
        window = self._window
        if opened and window.current_step == CHECK_STEP:
            # The check step lists every problem itself: the summary points there.
            window.status.problems_summary.setChecked(False)
            window.check_page.findings.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._summary_open = opened
        self.show_dock()
        if opened:
            window.problems.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_dock_visibility(self, visible: bool) -> None:
        window = self._window
        if window.closing or self._auto_dock or not window.isVisible():
            return
        if self.compact:
            self._summary_open = visible  # closed with its own button: fold it again
            summary = window.status.problems_summary
            summary.blockSignals(True)
            summary.setChecked(visible)
            summary.blockSignals(False)
        else:
            window.settings.set_show_problems(visible)
