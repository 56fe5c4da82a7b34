"""What the wizard says about the draft: the marks of the step list, the status bar's counts,
the folded problems panel's summary line, last year's report and the saving state."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QToolButton

from gaidesk import format as fmt
from gaidesk.gui.common import Mark, count_text, severity_icon
from gaidesk.gui.steps import CHECK_STEP, STEPS, part_of_step, step_of_finding
from gaidesk.gui.theme import ERROR_COLOR, MUTED_COLOR
from gaidesk.model import PARTS

if TYPE_CHECKING:
    from gaidesk.gui.wizard.window import WizardWindow

_FULL_TEXT = Qt.ItemDataRole.UserRole + 1  # a step item's whole text (elided when compact)


class StatusPresenter:
    """Owns the status bar's widgets and keeps them, the step list and the problems panel's
    title in step with the findings, as the clerk is shown them."""

    def __init__(self, window: WizardWindow) -> None:
        self._window = window
        self._document = window.document
        self._shown: object = None  # what the step list was last drawn for
        self.counts_label = QLabel()
        self.save_label = QLabel("修改会自动保存")
        self.save_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.previous_label = QLabel()
        self.previous_label.setStyleSheet(f"color: {MUTED_COLOR};")
        # All permanent: a passing message (「已另存为…」) takes the free space on the left and
        # never hides or overlaps the counts.
        self.problems_summary = QToolButton()
        self.problems_summary.setObjectName("problemsSummary")
        self.problems_summary.setAutoRaise(True)
        self.problems_summary.setCheckable(True)
        self.problems_summary.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.problems_summary.hide()
        bar = window.statusBar()
        for widget in (
            self.problems_summary,
            self.counts_label,
            self.previous_label,
            self.save_label,
        ):
            bar.addPermanentWidget(widget)

    # -- counting --------------------------------------------------------------------------

    def step_status(self, index: int) -> tuple[int, int]:
        """(errors, unconfirmed warnings) found on a step; the check step counts everything."""
        errors = warnings = 0
        for f in self._document.findings:
            if index != CHECK_STEP and step_of_finding(f) != index:
                continue
            if f.severity == fmt.Severity.ERROR:
                errors += 1
            elif not self._document.is_confirmed(f):
                warnings += 1
        return errors, warnings

    def step_status_text(self, index: int) -> str:
        """「✓」, 「未填」, 「2 处错误」, 「未填 · 1 处错误」…: what the step list says."""
        part = part_of_step(index)
        counts = count_text(*self.step_status(index))
        if part is None or self._document.is_filled(part):
            return counts
        if self._document.is_pending(part) or counts == "✓":
            return "未填"
        return f"未填 · {counts}"

    def shown_counts(self) -> tuple[int, int, int]:
        """(errors, unconfirmed warnings, parts waiting) as the clerk is shown them: the
        problems of a part she has not reached or filled in wait as 「待填写」."""
        errors = warnings = 0
        for f in self._document.findings:
            step = step_of_finding(f)
            part = part_of_step(step) if step is not None else None
            if part is not None and self._document.is_pending(part):
                continue
            if f.severity == fmt.Severity.ERROR:
                errors += 1
            elif not self._document.is_confirmed(f):
                warnings += 1
        waiting = sum(1 for p in PARTS if not self._document.is_filled(p))
        return errors, warnings, waiting

    def counts_text(self) -> str:
        errors, warnings, waiting = self.shown_counts()
        parts = [count_text(errors, warnings)] if errors or warnings else []
        if waiting:
            parts.append(f"{waiting} 部分未填")
        if not parts:
            return "可以定稿" if self._document.verdict().ready else "检查通过"
        return "共 " + " / ".join(parts)

    # -- showing ---------------------------------------------------------------------------

    def review_changed(self) -> None:
        self._shown = None
        self.update()

    def update(self) -> None:
        """Redraw the step list's marks, the counts and the problems panel's title."""
        window = self._window
        state = (tuple(self._document.findings), repr(self._document.review), window.current_step)
        if state == self._shown:
            return
        self._shown = state
        for i, step in enumerate(STEPS):
            errors, warnings = self.step_status(i)
            item = window.steps.item(i)
            status = self.step_status_text(i)
            if i == CHECK_STEP:
                # As the clerk is shown them: errors of parts she has not reached wait.
                verdict = self._document.verdict()
                shown_errors, shown_warnings, waiting = self.shown_counts()
                if shown_errors:
                    what, mark = f"还有 {fmt.counts_text(shown_errors, 0)}", Mark.ERROR
                elif shown_warnings:
                    what = fmt.counts_text(0, shown_warnings, warning_suffix="待确认")
                    mark = Mark.WARNING
                elif waiting:
                    what, mark = f"{waiting} 部分未填", Mark.PENDING
                else:
                    what, mark = verdict.text(), Mark.OK if verdict.ready else Mark.ERROR
                text = step.title if verdict.ready else f"{step.title}\n{what}"
                status = "可以定稿" if verdict.ready else what
            else:
                text = step.title if status == "✓" else f"{step.title}\n{status}"
                mark = Mark.ERROR if errors else (Mark.WARNING if warnings else Mark.OK)
                if status == "未填" or (status.startswith("未填") and not errors):
                    mark = Mark.PENDING
            item.setData(_FULL_TEXT, text)
            item.setText(text)
            item.setIcon(severity_icon(mark))
            item.setToolTip(f"{step.title}：{'没有问题' if status == '✓' else status}")
        self.fit_step_items()
        self.counts_label.setText(self.counts_text())
        errors, warnings, _waiting = self.shown_counts()
        window.problems_dock.setWindowTitle(
            f"问题列表（{count_text(errors, warnings)}）"
            if errors or warnings
            else "问题列表（无）"
        )
        self.update_summary()

    def update_summary(self) -> None:
        """The folded problems panel's line: how many, and the first problem of this step."""
        errors, warnings, waiting = self.shown_counts()
        summary = self.problems_summary
        if not (errors or warnings or waiting):
            summary.setText(self.counts_text())
            summary.setIcon(severity_icon(Mark.OK))
            summary.setToolTip("没有问题")
            return
        document = self._document
        shown = [
            f
            for f in document.findings
            if not document.is_confirmed(f)
            and (step := step_of_finding(f)) is not None
            and not document.is_pending(part_of_step(step) or "")
        ]
        here = [f for f in shown if step_of_finding(f) == self._window.current_step]
        first = next(iter(here or shown), None)
        text = self.counts_text() + (f"：{first.message}" if first is not None else "")
        metrics = summary.fontMetrics()
        room = max(160, self._window.width() // 2)
        summary.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) + "  ▲")
        mark = Mark.ERROR if errors else (Mark.WARNING if warnings else Mark.PENDING)
        summary.setIcon(severity_icon(mark))
        summary.setToolTip(f"{text}\n点击展开问题列表")

    def update_previous(self) -> None:
        """Which report of last year is compared, if any."""
        previous = self._document.previous
        if previous is None:
            self.previous_label.setText("")
        else:
            self.previous_label.setText(f"对照上年：{previous.meta.effective_title}")

    def show_saved(self, when: datetime) -> None:
        self.save_label.setText(f"已自动保存 {when:%H:%M:%S}")
        self.save_label.setStyleSheet(f"color: {MUTED_COLOR};")

    def show_save_failed(self) -> None:
        self.save_label.setText("未能保存")
        self.save_label.setStyleSheet(f"color: {ERROR_COLOR};")

    def show_read_only(self) -> None:
        self.save_label.setText("只读")

    def fit_step_items(self) -> None:
        """Give each side-list item the height its wrapped text needs."""
        steps = self._window.steps
        compact = self._window.compact
        metrics = steps.fontMetrics()
        char = metrics.horizontalAdvance("国")
        # About 12 characters a line, whatever the text size.
        if compact:
            steps.setMinimumWidth(min(240, max(120, char * 9)))
            steps.setMaximumWidth(min(260, max(140, char * 9 + 30)))
        else:
            steps.setMinimumWidth(min(340, max(180, char * 11)))
            steps.setMaximumWidth(min(380, max(220, char * 13 + 40)))
        # The list may not have taken its new width yet: at least its minimum counts.
        shown = max(steps.viewport().width(), steps.minimumWidth() - 12)
        width = max(80, shown - steps.iconSize().width() - 34)
        for i in range(steps.count()):
            item = steps.item(i)
            full = str(item.data(_FULL_TEXT) or item.text())
            if compact:  # one line per title, the whole of it in the tooltip
                room = width - 2
                lines = full.split("\n")
                item.setText(
                    "\n".join(
                        metrics.elidedText(t, Qt.TextElideMode.ElideRight, room) for t in lines
                    )
                )
            else:
                item.setText(full)
            wrap = int(Qt.TextFlag.TextWordWrap)
            bound = metrics.boundingRect(QRect(0, 0, width, 10_000), wrap, item.text())
            item.setSizeHint(QSize(width, bound.height() + 14))
