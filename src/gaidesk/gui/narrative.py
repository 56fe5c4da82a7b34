"""Narrative steps: one plain-text editor per official sub-item.

Each editor shows the official sub-heading (editable where the format allows, with a way back
to the official wording), a one-line hint, a live character count, its findings, and — when last
year's report is known — last year's text beside it with a live sameness meter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import rules, sametext
from gaidesk.cleantext import clean
from gaidesk.gui import theme
from gaidesk.gui.common import (
    CleanTextNote,
    centred,
    clean_line_edit,
    heading_label,
    hint_label,
    page_column,
)
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.theme import ERROR_COLOR, MUTED_COLOR, WARNING_COLOR

FEE_PLACEHOLDER = "（金额）"
FEE_SENTENCE = (
    f"本年度依据《政府信息公开信息处理费管理办法》收取{fmt.FEE_TEXT_KEYWORD}{FEE_PLACEHOLDER}元。"
)

_EDITOR_STYLE = {
    None: theme.editor_border_style(f"1px solid {theme.EDITOR_BORDER}", 2),
    fmt.Severity.ERROR: theme.editor_border_style(f"2px solid {ERROR_COLOR}", 1),
    fmt.Severity.WARNING: theme.editor_border_style(f"2px solid {theme.WARNING_BORDER}", 1),
}


def _utf16_length(text: str) -> int:
    """A position in Qt's text (UTF-16 code units) from one in Python's (code points)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def char_count(text: str) -> int:
    """Characters as a clerk counts them: everything but spaces and line breaks."""
    return sum(1 for ch in text if not ch.isspace())


class TextEditor(QPlainTextEdit):
    """Plain text (what Chinese input methods handle best); Tab moves on instead of indenting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMinimumHeight(130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)


class PartEditor(QWidget):
    """The editor of one narrative part (``text.<key>``)."""

    focused = Signal(str)

    def __init__(
        self, document: ReportDocument, part: fmt.TextPart, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.part = part
        self.setObjectName(f"part:{part.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)

        self.title_edit: QLineEdit | None = None
        self.reset_title: QToolButton | None = None
        if part.retitlable:
            row = QHBoxLayout()
            number = QLabel(f"<b>{part.number}</b>")
            row.addWidget(number)
            self.title_edit = QLineEdit()
            self.title_edit.setPlaceholderText(part.title)
            self.title_edit.setText(document.report.titles.get(part.key, ""))
            self.title_edit.setToolTip("可以改写小标题（例如“主动公开情况”），留空即为官方标题")
            self.title_edit.setAccessibleName(f"{part.number}小标题")
            self.title_edit.textEdited.connect(self._on_title_edited)
            row.addWidget(self.title_edit, 1)
            self.reset_title = QToolButton()
            self.reset_title.setText("恢复官方标题")
            self.reset_title.setToolTip(f"恢复为“{part.heading}”")
            self.reset_title.clicked.connect(self.restore_official_title)
            row.addWidget(self.reset_title)
            layout.addLayout(row)
        elif part.heading:
            layout.addWidget(heading_label(part.heading, "large"))

        layout.addWidget(hint_label(part.hint))

        panes = QHBoxLayout()
        panes.setSpacing(8)
        self.editor = TextEditor()
        self.editor.setAccessibleName(fmt.cell_name(part.address))
        self.editor.setPlainText(document.report.text.get(part.key, ""))
        self.editor.textChanged.connect(self._on_text_edited)
        self.editor.installEventFilter(self)
        panes.addWidget(self.editor, 1)

        self.previous_pane = QWidget()
        prev_layout = QVBoxLayout(self.previous_pane)
        prev_layout.setContentsMargins(0, 0, 0, 0)
        prev_layout.setSpacing(2)
        self.previous_label = QLabel()
        self.previous_label.setStyleSheet(f"color: {MUTED_COLOR};")
        prev_layout.addWidget(self.previous_label)
        self.previous_text = QPlainTextEdit()
        self.previous_text.setReadOnly(True)
        self.previous_text.setTabChangesFocus(True)
        self.previous_text.setStyleSheet(theme.PREVIOUS_TEXT_STYLE)
        self.previous_text.setMinimumHeight(100)
        prev_layout.addWidget(self.previous_text, 1)
        # The sameness in words, under both texts (a bar would read as progress to be made).
        self.meter = QLabel()
        self.meter.setWordWrap(True)
        self.meter.setAccessibleName("与上年相同的程度")
        prev_layout.addWidget(self.meter)
        self.sameness_percent = 0
        self.similar_high = False
        self._shown_findings: tuple[rules.Finding, ...] | None = None
        self.previous_pane.hide()
        panes.addWidget(self.previous_pane, 1)
        layout.addLayout(panes, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self._cleaning = False
        self.char_note = CleanTextNote()
        self.char_note.watch(self.editor)
        if self.title_edit is not None:
            self.char_note.watch(self.title_edit)
        layout.addWidget(self.char_note)
        footer = QHBoxLayout()
        self.extra_buttons = QHBoxLayout()
        footer.addLayout(self.extra_buttons)
        footer.addStretch(1)
        self.compare_button = QPushButton("对照上年(&C)")
        self.compare_button.setCheckable(True)
        self.compare_button.setToolTip("在旁边显示上年报告的同一部分（只读），并显示相同程度")
        self.compare_button.toggled.connect(self.show_previous)
        footer.addWidget(self.compare_button)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.count_label.setMinimumWidth(60)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        footer.addWidget(self.count_label)
        layout.addLayout(footer)

        if part is fmt.FEE_PART:
            self._add_fee_buttons()

        document.findingsChanged.connect(self._update_findings)
        document.textChanged.connect(self._on_document_text)
        document.previousChanged.connect(self._update_previous)
        self._update_count()
        self._update_title_button()
        self._update_findings()
        self._update_previous()

    # -- text ----------------------------------------------------------------------------------

    def text(self) -> str:
        return self.editor.toPlainText()

    def _on_text_edited(self) -> None:
        if self._cleaning:
            return  # the correction below: handled by the call that made it
        text = self.editor.toPlainText()
        cleaned, removed = clean(text, multiline=True)
        if cleaned != text:
            self._correct_editor(text, cleaned)
            self.char_note.say(fmt.cell_name(self.part.address), removed)
            text = self.editor.toPlainText()
        self.document.set_text(self.part.key, text)
        self._update_count()
        self._update_meter()

    def _correct_editor(self, text: str, cleaned: str) -> None:
        """Replace what differs between the editor's text and its cleaned form, as part of the
        edit (a paste) that brought it: one undo step takes both back."""
        start = 0
        limit = min(len(text), len(cleaned))
        while start < limit and text[start] == cleaned[start]:
            start += 1
        end = 0
        while end < limit - start and text[-1 - end] == cleaned[-1 - end]:
            end += 1
        cursor = QTextCursor(self.editor.document())
        self._cleaning = True
        try:
            cursor.joinPreviousEditBlock()
            cursor.setPosition(_utf16_length(text[:start]))
            cursor.setPosition(
                _utf16_length(text[: len(text) - end]), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(cleaned[start : len(cleaned) - end])
            cursor.endEditBlock()
        finally:
            self._cleaning = False

    def _on_document_text(self, key: str) -> None:
        if key != self.part.key:
            return
        stored = self.document.report.text.get(key, "")
        if stored != self.editor.toPlainText():
            self.editor.setPlainText(stored)
        if self.title_edit is not None:
            title = self.document.report.titles.get(key, "")
            if title != self.title_edit.text():
                self.title_edit.setText(title)
            self._update_title_button()

    def _update_count(self) -> None:
        self.count_label.setText(f"{char_count(self.editor.toPlainText())} 字")

    def insert_text(self, text: str, select: str = "") -> None:
        """Insert at the cursor (on a new paragraph when needed); optionally select a blank."""
        cursor = self.editor.textCursor()
        start = cursor.selectionStart()
        before = self.editor.toPlainText()[:start]
        if before and not before.endswith("\n"):
            text = "\n" + text
        cursor.insertText(text)
        if select and select in text:
            offset = start + text.index(select)
            cursor.setPosition(offset)
            cursor.setPosition(offset + len(select), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def _add_fee_buttons(self) -> None:
        none = QPushButton("插入：未收取信息处理费(&W)")
        none.setToolTip(f"插入“{fmt.NO_FEE_SENTENCE}”")
        none.clicked.connect(lambda: self.insert_text(fmt.NO_FEE_SENTENCE))
        self.extra_buttons.addWidget(none)
        some = QPushButton("插入：收取了信息处理费…(&S)")
        some.setToolTip("插入一句收费说明，然后填上金额")
        some.clicked.connect(lambda: self.insert_text(FEE_SENTENCE, select=FEE_PLACEHOLDER))
        self.extra_buttons.addWidget(some)

    # -- sub-heading ---------------------------------------------------------------------------

    def _on_title_edited(self, text: str) -> None:
        assert self.title_edit is not None
        text, removed = clean_line_edit(self.title_edit)
        self.char_note.say(fmt.cell_name(self.part.address) + "的小标题", removed)
        title = text.strip()
        if title == self.part.title:
            title = ""
        self.document.set_part_title(self.part.key, title)
        self._update_title_button()

    def restore_official_title(self) -> None:
        if self.title_edit is not None:
            self.title_edit.clear()
        self.document.set_part_title(self.part.key, "")
        self._update_title_button()

    def _update_title_button(self) -> None:
        if self.reset_title is not None:
            self.reset_title.setEnabled(bool(self.document.report.titles.get(self.part.key)))

    # -- findings ------------------------------------------------------------------------------

    def _update_findings(self) -> None:
        found = self.document.findings_at(self.part.address)
        state = tuple(found)
        if state == self._shown_findings:
            return  # the common case while typing: nothing to repaint
        self._shown_findings = state
        severity = self.document.severity_at(self.part.address)
        self.editor.setStyleSheet(_EDITOR_STYLE[severity])
        if found:
            text = "\n".join(f.message for f in found)
            color = ERROR_COLOR if severity is fmt.Severity.ERROR else WARNING_COLOR
            self.message.setText(text)
            self.message.setStyleSheet(f"color: {color};")
            self.message.show()
            self.editor.setToolTip(text)
        else:
            self.message.hide()
            self.editor.setToolTip("")

    # -- last year's text ----------------------------------------------------------------------

    def previous_text_of_part(self) -> str | None:
        previous = self.document.previous
        if previous is None:
            return None
        return previous.text.get(self.part.key, "")

    def _update_previous(self) -> None:
        previous = self.document.previous
        has = previous is not None
        self.compare_button.setVisible(has)
        if not has:
            self.compare_button.setChecked(False)
            self.previous_pane.hide()
            return
        assert previous is not None
        year = previous.meta.year
        self.previous_label.setText(
            f"上年（{year}年）报告的这一部分，只读：" if year else "上年报告的这一部分，只读："
        )
        self.previous_text.setPlainText(self.previous_text_of_part() or "")
        self._update_meter()

    def show_previous(self, shown: bool) -> None:
        if shown and self.document.previous is None:
            shown = False
        if self.compare_button.isChecked() != shown:
            self.compare_button.setChecked(shown)
            return
        self.previous_pane.setVisible(shown)
        self.compare_button.setText("收起上年" if shown else "对照上年")
        if not shown:
            self.editor.setExtraSelections([])
        self._update_meter()

    def sameness(self) -> float | None:
        """How much of this year's text is the same as last year's (0..1), if known."""
        before = self.previous_text_of_part()
        if before is None:
            return None
        now = self.editor.toPlainText()
        if not now.strip() or not before.strip():
            return 0.0
        return rules.similarity(now, before)

    def _update_meter(self) -> None:
        if self.document.previous is None or not self.compare_button.isChecked():
            return
        now, before = self.editor.toPlainText(), self.previous_text_of_part() or ""
        value = self.sameness() or 0.0
        percent = round(value * 100)
        limit = round(rules.SIMILARITY_LIMIT * 100)
        compared = sametext.comparable(now) and sametext.comparable(before)
        high = compared and value > rules.SIMILARITY_LIMIT  # exactly when X-SIMILAR warns
        self.sameness_percent = percent
        self.similar_high = high
        if not compared and now.strip() and before.strip():
            text, color = f"与上年相同 {percent}%，文字很短，不算雷同。", MUTED_COLOR
        elif high:
            text = (
                f"⚠ 与上年相同 {percent}%，超过了一半（{limit}%），可能被认定为“内容雷同”。"
                "请按本年度的实际情况改写标黄的文字。"
            )
            color = WARNING_COLOR
        elif percent:
            text = f"与上年相同 {percent}%，没有超过一半（{limit}%）。标黄的是两年相同的文字。"
            color = MUTED_COLOR
        else:
            text, color = f"与上年没有相同的句子（超过 {limit}% 相同才算雷同）。", MUTED_COLOR
        self.meter.setText(text)
        self.meter.setStyleSheet(f"color: {color};")
        mine, theirs = sametext.matching_spans(now, before) if compared else ((), ())
        self.editor.setExtraSelections(_marks(self.editor, mine))
        self.previous_text.setExtraSelections(_marks(self.previous_text, theirs))

    # -- focus ---------------------------------------------------------------------------------

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusIn:
            self.focused.emit(self.part.key)
        return False


def _marks(
    editor: QPlainTextEdit, spans: tuple[tuple[int, int], ...]
) -> list[QTextEdit.ExtraSelection]:
    """Yellow behind the given character ranges of an editor (not part of its text or undo)."""
    marked = QTextCharFormat()
    marked.setBackground(QColor(theme.SAME_TEXT_BACKGROUND))
    text = editor.toPlainText()

    def position(index: int) -> int:  # Qt counts UTF-16 units (a rare character takes two)
        return len(text[:index].encode("utf-16-le")) // 2

    out = []
    for start, end in spans:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(editor.document())
        cursor.setPosition(position(start))
        cursor.setPosition(position(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = marked
        out.append(selection)
    return out


class NarrativePage(QScrollArea):
    """One narrative section: its heading and an editor per sub-item, scrolling as needed."""

    def __init__(
        self, document: ReportDocument, section: fmt.Section, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.section = section
        inner, layout = page_column(self, section.heading)
        self.editors: dict[str, PartEditor] = {}
        for part in section.parts:
            editor = PartEditor(document, part)
            editor.focused.connect(self._ensure_visible)
            self.editors[part.key] = editor
            layout.addWidget(editor, 1)
        if len(section.parts) == 1:
            only = next(iter(self.editors.values()))
            only.editor.setMinimumHeight(240)
        self.setWidget(centred(inner))

    def _ensure_visible(self, key: str) -> None:
        editor = self.editors.get(key)
        if editor is not None:
            self.ensureWidgetVisible(editor.editor, 20, 20)

    def first_editor(self) -> PartEditor:
        return next(iter(self.editors.values()))

    # -- the step page interface (gaidesk.gui.pages.StepPage) ----------------------------------

    def focus_first(self) -> None:
        self.first_editor().focus_editor()

    def focus_address(self, address: str) -> bool:
        editor = self.editors.get(fmt.text_key(address)) if fmt.is_text(address) else None
        if editor is None:
            return False
        editor.focus_editor()
        self.ensureWidgetVisible(editor)
        return True

    def cursor_address(self) -> str:
        focus = QApplication.focusWidget()
        if focus is None:
            return ""
        for key, editor in self.editors.items():
            if editor.isAncestorOf(focus):
                return fmt.text_address(key)
        return ""

    def commit_open_editor(self, keep_refused: bool) -> QWidget | None:
        return None  # the texts write through as she types

    def set_read_only(self) -> None:
        from gaidesk.gui.readonly import make_read_only  # read-only drafts only

        make_read_only(self, all_toggles=False)  # last year's text stays to look at

    def set_compact(self, compact: bool) -> None:
        pass  # the editors share the height there is

    def set_zoom(self, percent: int) -> None:
        pass  # the zoom is the tables'
