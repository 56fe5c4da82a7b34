"""Helpers for the GUI tests: a controller in the test's data folder, typing as an IME does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from gaidesk import store
from gaidesk.gui import dialogs

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from gaidesk.gui.app import Controller
    from gaidesk.gui.document import ReportDocument
    from gaidesk.gui.table.page import TablePage
    from gaidesk.gui.wizard.window import WizardWindow


def ime_commit(widget: QWidget, text: str) -> None:
    """Deliver text the way a Chinese input method commits it (QTest cannot type Chinese)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_keys(qtbot: object, text: str) -> None:
    """Type ASCII keys into whatever has the keyboard focus, as a keyboard does."""
    for ch in text:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        qtbot.keyClick(widget, ch)  # type: ignore[attr-defined]


def type_paragraphs(qtbot: object, widget: QWidget, text: str) -> None:
    """Type multi-line text: each line committed by the IME, Enter between lines."""
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[attr-defined]
        if line:
            ime_commit(widget, line)


class DialogLog:
    """Records every question the program asks; answers come from the test."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []
        self.choose_answers: list[int] = []
        self.pick_answers: list[int] = []
        self.text_answers: list[str | None] = []
        self.confirm_answers: list[bool] = []
        self.open_answers: list[Path | None] = []
        self.save_answers: list[Path | None] = []
        self.folder_answers: list[Path | None] = []
        self.suggested: list[str] = []  # the file names the save dialogs offered

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def record(kind: str):  # type: ignore[no-untyped-def]
            def f(parent: object, title: str, text: str) -> None:
                self.messages.append((kind, title, text))

            return f

        def answer(kind: str):  # type: ignore[no-untyped-def]
            def f(
                parent: object, title: str, text: str, options: list[str], default: int = 0
            ) -> int:
                self.messages.append((kind, title, text))
                return self.choose_answers.pop(0) if self.choose_answers else default

            return f

        def pick(parent: object, title: str, label: str, items: list[str]) -> int:
            self.messages.append(("pick", title, "\n".join(items)))
            return self.pick_answers.pop(0) if self.pick_answers else -1

        def ask_text(parent: object, title: str, label: str, text: str = "") -> str | None:
            return self.text_answers.pop(0) if self.text_answers else None

        def confirm(parent: object, title: str, text: str) -> bool:
            self.messages.append(("confirm", title, text))
            return self.confirm_answers.pop(0) if self.confirm_answers else False

        def open_file(parent: object, title: str, filter: str, folder: str = "") -> Path | None:
            return self.open_answers.pop(0) if self.open_answers else None

        def save_file(parent: object, title: str, filter: str, suggested: str) -> Path | None:
            self.suggested.append(suggested)
            return self.save_answers.pop(0) if self.save_answers else None

        def open_folder(parent: object, title: str, folder: str = "") -> Path | None:
            return self.folder_answers.pop(0) if self.folder_answers else None

        monkeypatch.setattr(dialogs, "inform", record("inform"))
        monkeypatch.setattr(dialogs, "warn", record("warn"))
        monkeypatch.setattr(dialogs, "choose", answer("choose"))
        monkeypatch.setattr(dialogs, "offer", answer("offer"))
        monkeypatch.setattr(dialogs, "pick_item", pick)
        monkeypatch.setattr(dialogs, "ask_text", ask_text)
        monkeypatch.setattr(dialogs, "confirm", confirm)
        monkeypatch.setattr(dialogs, "open_file", open_file)
        monkeypatch.setattr(dialogs, "save_file", save_file)
        monkeypatch.setattr(dialogs, "open_folder", open_folder)

    def texts(self, kind: str) -> list[str]:
        return [t for k, _, t in self.messages if k == kind]


def make_controller(data_dir: Path) -> Iterator[Controller]:
    from gaidesk.gui.app import Controller, ensure_app

    ensure_app()
    controller = Controller(data_dir)
    try:
        yield controller
    finally:
        controller.shutdown()


def library_copy(controller: Controller, source: Path) -> Path:
    """A copy of a sample draft in the controller's library."""
    report = store.load_report(source)
    target = controller.library.new_draft_path(report)
    store.save_report(report, target, keep_version=False)
    return target


def open_copy(controller: Controller, source: Path) -> WizardWindow:
    """A window on a library copy of a sample draft."""
    window = controller.open_draft(library_copy(controller, source))
    assert window is not None
    return window


def shown_table_page(
    qtbot: QtBot, document: ReportDocument, key: str, size: tuple[int, int] = (1200, 700)
) -> TablePage:
    """The page of table ``key`` alone, shown at ``size`` and exposed; closed after the test."""
    from gaidesk.gui.table.page import TablePage

    page = TablePage(document, key)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page
