"""The one editable state of an open report, shared by every page of the wizard.

Widgets hold no report state of their own: table models, text editors and the problems panel
all read from and write through a ReportDocument. Every change re-runs all rules at once, so a
cell's colour is right in the same event-loop turn as the keystroke that changed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gaidesk import format as fmt
from gaidesk import review, rules
from gaidesk.cleantext import clean
from gaidesk.model import CellValue, Report
from gaidesk.review import Verdict


class _CellsCommand(QUndoCommand):
    """Set several cells as one undoable step (a typed value, a pasted block, a cleared range)."""

    def __init__(
        self,
        document: ReportDocument,
        new: Mapping[str, CellValue],
        old: Mapping[str, CellValue],
        text: str,
    ) -> None:
        super().__init__(text)
        self._document = document
        self._new = dict(new)
        self._old = dict(old)
        self._done_once = False

    def redo(self) -> None:
        self._document._apply_cells(self._new)
        if self._done_once:  # a redo, not the edit itself (pushing a command runs redo once)
            self._document.undoRedone.emit(list(self._new))
        self._done_once = True

    def undo(self) -> None:
        self._document._apply_cells(self._old)
        self._document.undoRedone.emit(list(self._old))


class ReportDocument(QObject):
    """A report being edited: values, undo history, findings and change signals."""

    cellsChanged = Signal(list)  # addresses whose stored value changed (totals included)
    textChanged = Signal(str)  # the key of the narrative part that changed
    metaChanged = Signal()
    findingsChanged = Signal()
    changed = Signal()  # anything changed: the autosave's cue
    previousChanged = Signal()  # last year's report was found, chosen or dropped
    undoRedone = Signal(list)  # the cells an undo or redo changed back (to show them to her)
    reviewChanged = Signal()  # a part was filled in or checked, a warning confirmed, a part shown

    def __init__(
        self,
        report: Report,
        path: Path | None = None,
        previous: Report | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._report = report
        self.path = path
        self._previous = previous
        self.undo_stack = QUndoStack(self)
        self.findings: list[rules.Finding] = []
        self._by_address: dict[str, list[rules.Finding]] = {}
        # Parts whose problems are shown although she has not filled them in: the ones she has
        # reached, or all once she asks for the check. For this session only.
        self._shown_parts: set[str] = set()
        report.recompute_totals()
        self.recheck()

    @property
    def report(self) -> Report:
        return self._report

    @property
    def previous(self) -> Report | None:
        """Last year's report of the same body, when known."""
        return self._previous

    def set_previous(self, previous: Report | None) -> None:
        self._previous = previous
        self.recheck()
        self.previousChanged.emit()

    # -- cells -------------------------------------------------------------------------------

    def value(self, address: str) -> CellValue:
        return self._report.cells.get(address)

    def set_cells(self, values: Mapping[str, CellValue], description: str = "修改数字") -> None:
        """Set cells as one undoable step; unchanged values are not recorded."""
        new = {a: v for a, v in values.items() if self._report.cells.get(a) != v}
        if not new:
            return
        old = {a: self._report.cells.get(a) for a in new}
        self.undo_stack.push(_CellsCommand(self, new, old, description))

    def set_cell(self, address: str, value: CellValue) -> None:
        self.set_cells({address: value})

    def _apply_cells(self, values: Mapping[str, CellValue]) -> None:
        self._touch(values)
        changed: list[str] = []
        for address, value in values.items():
            for a in self._report.set_cell(address, value):
                if a not in changed:
                    changed.append(a)
        if changed:
            self.recheck()
            self.cellsChanged.emit(changed)
            self.changed.emit()

    # -- text and meta -----------------------------------------------------------------------

    def set_text(self, part_key: str, text: str) -> None:
        """Narrative editors keep their own typing undo; the document just takes the text
        (without characters no file can hold: the editors say so when they remove some)."""
        text, _ = clean(text, multiline=True)
        if self._report.text.get(part_key) == text:
            return
        self._report.text[part_key] = text
        self._touch([fmt.text_address(part_key)])
        self.recheck()
        self.textChanged.emit(part_key)
        self.changed.emit()

    def set_part_title(self, part_key: str, title: str) -> None:
        """A clerk's own sub-heading (without its number); "" restores the official one."""
        title, _ = clean(title)
        if self._report.titles.get(part_key, "") == title:
            return
        if title:
            self._report.titles[part_key] = title
        else:
            self._report.titles.pop(part_key, None)
        self.textChanged.emit(part_key)
        self.changed.emit()

    def set_meta(self, **fields: object) -> None:
        meta = self._report.meta
        changed = False
        for name, value in fields.items():
            if not hasattr(meta, name):
                raise AttributeError(name)
            if isinstance(value, str):
                value, _ = clean(value)
            if getattr(meta, name) != value:
                setattr(meta, name, value)
                changed = True
                self._touch([fmt.meta_address(name)])
        if changed:
            self.recheck()
            self.metaChanged.emit()
            self.changed.emit()

    # -- what she has filled in and confirmed (review.py) ----------------------------------

    @property
    def review(self) -> review.Review:
        return self._report.review

    def _touch(self, addresses: Iterable[str]) -> None:
        parts = {review.part_of_address(a) for a in addresses}
        if not parts <= self._report.review.filled:
            self._report.review.filled |= parts
            self.reviewChanged.emit()

    def is_filled(self, part: str) -> bool:
        return review.is_filled(self._report.review, part, self._report.meta.agency)

    def mark_filled(self, part: str) -> None:
        """「本表已核对」 or 「本年无此类情况」: she has checked a part as it is."""
        if part not in self._report.review.filled:
            self._report.review.filled.add(part)
            self.reviewChanged.emit()
            self.changed.emit()

    def is_pending(self, part: str) -> bool:
        """A part whose problems wait as 「待填写」: not filled in, not reached, no check asked."""
        return not self.is_filled(part) and part not in self._shown_parts

    def show_part(self, part: str) -> None:
        """She has reached a part: its problems are hers to see."""
        if part not in self._shown_parts:
            self._shown_parts.add(part)
            if not self.is_filled(part):
                self.reviewChanged.emit()

    def show_all_parts(self) -> None:
        """She asks for the check: every problem is shown, filled in or not."""
        for part in review.PARTS:
            self.show_part(part)

    def is_confirmed(self, finding: rules.Finding) -> bool:
        return review.finding_key(finding) in self._report.review.confirmed

    def confirm(self, finding: rules.Finding, confirmed: bool = True) -> None:
        """Confirm a warning as true (it no longer stands in the way), or take that back."""
        key = review.finding_key(finding)
        kept = self._report.review.confirmed
        if finding.severity != fmt.Severity.WARNING or (key in kept) == confirmed:
            return
        if confirmed:
            kept.add(key)
        else:
            kept.discard(key)
        self.reviewChanged.emit()
        self.changed.emit()

    def verdict(self) -> Verdict:
        return review.verdict(self._report.review, self.findings, self._report.meta.agency)

    # -- findings ----------------------------------------------------------------------------

    def recheck(self) -> None:
        findings = rules.one_per_cause(rules.check(self._report, self._previous))
        by_address: dict[str, list[rules.Finding]] = {}
        for finding in findings:
            for address in finding.cells:
                by_address.setdefault(address, []).append(finding)
        self.findings = findings
        self._by_address = by_address
        self.findingsChanged.emit()

    def findings_at(self, address: str) -> list[rules.Finding]:
        """The findings that concern a cell, text part (``text.…``) or meta field."""
        return self._by_address.get(address, [])

    def severity_at(self, address: str) -> fmt.Severity | None:
        """The severity of a cell's worst finding, None without findings."""
        found = self._by_address.get(address)
        if not found:
            return None
        error = fmt.count(found, fmt.Severity.ERROR)
        return fmt.Severity.ERROR if error else fmt.Severity.WARNING

    @property
    def error_count(self) -> int:
        return fmt.count(self.findings, fmt.Severity.ERROR)

    @property
    def warning_count(self) -> int:
        return fmt.count(self.findings, fmt.Severity.WARNING)
