"""The first and the last step of the wizard: 「基本信息」 and 「检查与导出」."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk.gui.common import (
    ERROR_COLOR,
    OK_COLOR,
    WARNING_COLOR,
    CleanTextNote,
    centred,
    clean_line_edit,
    heading_label,
    hint_label,
    page_column,
)
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.narrative import PartEditor
from gaidesk.gui.problems import FindingsTree
from gaidesk.model import derive_short_name

NO_YEAR = fmt.MIN_YEAR - 1  # the year box's "not filled in" position
MAX_YEAR = fmt.MAX_YEAR


class BasicInfoPage(QScrollArea):
    """Body, year, title, publication date and the lead paragraph."""

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        inner, layout = page_column(self, "基本信息")
        layout.addWidget(hint_label("报告单位和年度决定报告标题；标题留空时使用官方格式的标题。"))

        meta = document.report.meta
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.agency = QLineEdit(meta.agency)
        self.agency.setPlaceholderText("例如：大寨镇人民政府")
        self.agency.textEdited.connect(self._on_agency)
        form.addRow(f"{fmt.AGENCY.label}：", self.agency)

        self.short_name = QLineEdit(meta.short_name)
        self.short_name.setPlaceholderText(derive_short_name(meta.agency) or "例如：大寨镇")
        self.short_name.setToolTip("用在“我的报告”列表和提示中的单位名称；报告标题用单位全称")
        self.short_name.textEdited.connect(self._on_short_name)
        form.addRow(f"{fmt.SHORT_NAME.label}：", self.short_name)

        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, MAX_YEAR)
        self.year.setSpecialValueText("未填写")
        self.year.setSuffix(" 年")
        self.year.setValue(meta.year if meta.year and NO_YEAR < meta.year <= MAX_YEAR else NO_YEAR)
        self.year.setMaximumWidth(160)
        self.year.valueChanged.connect(self._on_year)
        form.addRow(f"{fmt.YEAR.label}：", self.year)

        self.title = QLineEdit(meta.title)
        self.title.setToolTip("留空即使用官方格式的标题")
        self.title.textEdited.connect(self._on_title)
        form.addRow(f"{fmt.TITLE.label}：", self.title)

        date_row = QHBoxLayout()
        self.date_known = QCheckBox("已确定")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.date.setToolTip("印在报告末尾的落款里，单位全称的下一行；未确定时留空，打印后手写")
        self.date_known.setToolTip(self.date.toolTip())
        parsed = QDate.fromString(meta.publish_date, "yyyy-MM-dd") if meta.publish_date else QDate()
        if parsed.isValid():
            self.date_known.setChecked(True)
            self.date.setDate(parsed)
        else:
            year = (
                meta.year if meta.year and meta.year > NO_YEAR else QDate.currentDate().year() - 1
            )
            self.date.setDate(QDate(year + 1, 1, 20))
            self.date.setEnabled(False)
        self.date_known.toggled.connect(self._on_date_known)
        self.date.dateChanged.connect(self._on_date)
        date_row.addWidget(self.date_known)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form.addRow(f"{fmt.PUBLISH_DATE.label}：", date_row)
        layout.addLayout(form)

        self.meta_message = QLabel()
        self.meta_message.setWordWrap(True)
        self.meta_message.hide()
        layout.addWidget(self.meta_message)
        self.char_note = CleanTextNote()
        for field in (self.agency, self.short_name, self.title):
            self.char_note.watch(field)
        layout.addWidget(self.char_note)
        # What opening the draft removed (e.g. control characters in 报告单位), said once here.
        self.char_note.show_lines(document.report.notes)

        layout.addSpacing(8)
        layout.addWidget(heading_label("开头导语（可选）", "large"))
        self.preface = PartEditor(document, fmt.PREFACE)
        period = QPushButton("插入统计期限句(&T)")
        period.setToolTip("插入“本报告中所列数据的统计期限自……起至……止”")
        period.clicked.connect(self._insert_period)
        self.preface.extra_buttons.addWidget(period)
        layout.addWidget(self.preface, 1)
        self.setWidget(centred(inner))

        self._fields = {
            fmt.AGENCY.address: self.agency,
            fmt.SHORT_NAME.address: self.short_name,
            fmt.YEAR.address: self.year,
            fmt.TITLE.address: self.title,
            fmt.PUBLISH_DATE.address: self.date,
        }
        self._shown_findings: tuple[object, ...] | None = None
        document.findingsChanged.connect(self._update_findings)
        document.metaChanged.connect(self._update_title_placeholder)
        self._update_title_placeholder()
        self._update_findings()

    # -- edits ---------------------------------------------------------------------------------

    def _cleaned(self, edit: QLineEdit, where: str) -> str:
        """The field's text without characters no file can hold, saying so where it happened."""
        text, removed = clean_line_edit(edit)
        self.char_note.say(where, removed)
        return text

    def _on_agency(self, text: str) -> None:
        agency = self._cleaned(self.agency, fmt.AGENCY.label).strip()
        meta = self.document.report.meta
        fields: dict[str, object] = {"agency": agency}
        # Keep the short name following the body while it is the derived one.
        if not self.short_name.text() or meta.short_name == derive_short_name(meta.agency):
            fields["short_name"] = derive_short_name(agency)
            self.short_name.setText(str(fields["short_name"]))
        self.short_name.setPlaceholderText(derive_short_name(agency) or "例如：大寨镇")
        self.document.set_meta(**fields)

    def _on_short_name(self, text: str) -> None:
        short_name = self._cleaned(self.short_name, fmt.SHORT_NAME.label).strip()
        self.document.set_meta(
            short_name=short_name or derive_short_name(self.document.report.meta.agency)
        )

    def _on_title(self, text: str) -> None:
        self.document.set_meta(title=self._cleaned(self.title, fmt.TITLE.label).strip())

    def _on_year(self, value: int) -> None:
        self.document.set_meta(year=None if value <= NO_YEAR else value)

    def _on_date_known(self, known: bool) -> None:
        self.date.setEnabled(known)
        self.document.set_meta(
            publish_date=self.date.date().toString("yyyy-MM-dd") if known else ""
        )

    def _on_date(self, date: QDate) -> None:
        if self.date_known.isChecked():
            self.document.set_meta(publish_date=date.toString("yyyy-MM-dd"))

    def _insert_period(self) -> None:
        year = self.document.report.meta.year
        if year is None:
            self.year.setFocus()
            self.meta_message.setText(f"请先填写{fmt.YEAR.label}。")
            self.meta_message.setStyleSheet(f"color: {ERROR_COLOR};")
            self.meta_message.show()
            return
        self.preface.insert_text(fmt.period_sentence(year))

    # -- display -------------------------------------------------------------------------------

    def _update_title_placeholder(self) -> None:
        meta = self.document.report.meta
        self.title.setPlaceholderText(meta.default_title)

    def _update_findings(self) -> None:
        state = tuple(tuple(self.document.findings_at(a)) for a in self._fields)
        if state == self._shown_findings:
            return
        self._shown_findings = state
        messages: list[str] = []
        for address, widget in self._fields.items():
            found = self.document.findings_at(address)
            if found:
                widget.setStyleSheet(f"border: 2px solid {ERROR_COLOR}; border-radius: 3px;")
                widget.setToolTip("\n".join(f.message for f in found))
                messages += [f.message for f in found if f.message not in messages]
            else:
                widget.setStyleSheet("")
        if messages:
            self.meta_message.setText("\n".join(messages))
            self.meta_message.setStyleSheet(f"color: {ERROR_COLOR};")
            self.meta_message.show()
        else:
            self.meta_message.hide()

    def fields(self) -> dict[str, QWidget]:
        """The page's fields by address, top to bottom."""
        return dict(self._fields)

    def focus_address(self, address: str) -> bool:
        if address == fmt.PREFACE.address:
            self.preface.focus_editor()
            self.ensureWidgetVisible(self.preface)
            return True
        widget = self._fields.get(address)
        if widget is None:
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(widget)
        return True


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
