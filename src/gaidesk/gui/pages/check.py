"""The last step of the wizard: 「检查与导出」."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget

from gaidesk import format as fmt
from gaidesk.gui.common import (
    centred,
    hint_label,
    page_column,
)
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.problems import FindingsTree
from gaidesk.gui.theme import ERROR_COLOR, OK_COLOR, WARNING_COLOR


class CheckPage(QScrollArea):
    """Every finding grouped by section, the verdict, and the export and print actions."""

    addressActivated = Signal(str)
    stepActivated = Signal(int)

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        inner, layout = page_column(self, "检查与导出")
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        layout.addWidget(self.verdict)
        self.explain = hint_label("")
        layout.addWidget(self.explain)

        self.actions_row = QHBoxLayout()
        self.actions_row.setSpacing(8)
        layout.addLayout(self.actions_row)

        self.findings = FindingsTree(document, grouped=True)
        self.findings.setMinimumHeight(200)
        self.findings.addressActivated.connect(self.addressActivated)
        self.findings.stepActivated.connect(self.stepActivated)
        layout.addWidget(self.findings, 1)
        confirm_row = QHBoxLayout()
        self.confirm_button = QPushButton("确认提醒属实(&Q)")
        self.confirm_button.setToolTip(
            "所选的提醒经核实属实（例如确实与上年相同）：确认后不再妨碍定稿；再点一次取消确认"
        )
        self.confirm_button.clicked.connect(self.findings.toggle_confirmed)
        self.findings.currentItemChanged.connect(lambda *_: self.refresh())
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addStretch(1)
        layout.addLayout(confirm_row)
        self.setWidget(centred(inner))
        document.findingsChanged.connect(self.refresh)
        document.reviewChanged.connect(self.refresh)
        self.refresh()

    def add_action_button(self, button: QPushButton) -> None:
        if self.actions_row.count() == 0:
            self.actions_row.addStretch(1)
        self.actions_row.insertWidget(self.actions_row.count() - 1, button)

    def verdict_text(self) -> str:
        """「可以定稿」 only with no error, every warning confirmed and every part filled in."""
        verdict = self.document.verdict()
        if verdict.ready:
            return "可以定稿"
        if verdict.errors:
            return f"还有 {fmt.counts_text(verdict.errors, 0)}"
        return "还不能定稿"

    def refresh(self) -> None:
        verdict = self.document.verdict()
        errors, warnings, unfilled = verdict.errors, verdict.open_warnings, verdict.unfilled
        color = ERROR_COLOR if errors else (WARNING_COLOR if not verdict.ready else OK_COLOR)
        mark = "✓" if verdict.ready else "✗"
        style = f"font-size:xx-large; font-weight:700; color:{color}"
        self.verdict.setText(f'<span style="{style}">{mark} {self.verdict_text()}</span>')
        lines = []
        if errors:
            lines.append(
                "请逐条改正下列错误（点击即可跳到出错的位置）。"
                "有错误时也可以导出，但只能作为“草稿”。"
            )
        if warnings:
            lines.append(
                f"有 {fmt.counts_text(0, warnings)}待确认：请逐条核实，属实的选中后点“确认提醒属实”"
                "（或右键、Ctrl+Enter）。"
            )
        if unfilled:
            lines.append(
                f"有 {len(unfilled)} 部分还没有填写或核对；全为 0 的表格可在该表点"
                "“本年无此类情况”。"
            )
        self.explain.setText("\n".join(lines) or "所有检查均已通过。")
        self.explain.setStyleSheet(f"color: {color};")
        selected = self.findings.selected_finding()
        self.confirm_button.setEnabled(
            selected is not None and selected.severity == fmt.Severity.WARNING
        )
        self.findings.setVisible(self.findings.topLevelItemCount() > 0)

    # -- the step page interface (gaidesk.gui.pages.StepPage) ----------------------------------

    def focus_first(self) -> None:
        self.setFocus()

    def focus_address(self, address: str) -> bool:
        return False  # the findings point to the other steps

    def cursor_address(self) -> str:
        return ""

    def commit_open_editor(self, keep_refused: bool) -> QWidget | None:
        return None

    def set_read_only(self) -> None:
        pass  # checking, printing and exporting are what a read-only window is for

    def set_compact(self, compact: bool) -> None:
        pass

    def set_zoom(self, percent: int) -> None:
        pass
