"""A wizard page that cannot change the report: for drafts opened read-only (locked elsewhere,
a read-only folder, a unit of the county's summary)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def make_read_only(page: QWidget, all_toggles: bool) -> None:
    """Nothing on a page can change the report: fields read-only, grids without editing (moving
    and copying still work), buttons that insert text disabled. Toggles that only change the
    view (last year's figures, the notes) stay, unless ``all_toggles`` (the basic facts)."""
    for edit in page.findChildren(QLineEdit):
        edit.setReadOnly(True)
    for text in page.findChildren(QPlainTextEdit):
        text.setReadOnly(True)
    for box in page.findChildren(QAbstractSpinBox):
        box.setReadOnly(True)
    for button in page.findChildren(QAbstractButton):
        if all_toggles or not button.isCheckable():
            button.setEnabled(False)
    views = page.findChildren(QAbstractItemView)
    if isinstance(page, QAbstractItemView):
        views.append(page)
    for view in views:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.installEventFilter(ReadOnlyKeys(view))


class ReadOnlyKeys(QObject):
    """Lets a read-only grid move and copy, but not type, paste, delete or undo."""

    _MOVES = frozenset(
        {
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        }
    )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.InputMethod:
            return True
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            if event.key() in self._MOVES or event.matches(QKeySequence.StandardKey.Copy):
                return False
            return event.type() == QEvent.Type.KeyPress
        return False
