"""The first step of the wizard: 「基本信息」 (the report's facts and its lead paragraph)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
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
    CleanTextNote,
    centred,
    clean_line_edit,
    heading_label,
    hint_label,
    page_column,
)
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.narrative import PartEditor
from gaidesk.gui.theme import ERROR_COLOR
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

    # -- the step page interface (gaidesk.gui.pages.StepPage) ----------------------------------

    def focus_first(self) -> None:
        self.agency.setFocus()

    def cursor_address(self) -> str:
        focus = QApplication.focusWidget()
        if focus is None:
            return ""
        if self.preface.isAncestorOf(focus):
            return fmt.PREFACE.address
        for address, widget in self._fields.items():
            if widget is focus or widget.isAncestorOf(focus):
                return address
        return ""

    def commit_open_editor(self, keep_refused: bool) -> QWidget | None:
        return None  # every field writes through as she types

    def set_read_only(self) -> None:
        from gaidesk.gui.readonly import make_read_only  # read-only drafts only

        make_read_only(self, all_toggles=True)  # 「已确定」 of the date is an edit too

    def set_compact(self, compact: bool) -> None:
        pass  # a form that scrolls: the same on a low screen

    def set_zoom(self, percent: int) -> None:
        pass  # the zoom is the tables'
