"""Autosave: a moment after the last change, on every step switch, on close and on Ctrl+S.

Saving goes through the atomic store. A failed save keeps everything in memory, reports a
Chinese message once, and is retried on the next change (or the next explicit save).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from gaidesk import store
from gaidesk.gui.document import ReportDocument

DEBOUNCE_MS = 1000


class AutoSaver(QObject):
    saved = Signal(datetime)  # when the draft reached the disk
    failed = Signal(str)  # a Chinese message; the data stays in memory

    def __init__(
        self, document: ReportDocument, delay_ms: int = DEBOUNCE_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.dirty = False
        self.last_error = ""
        self.last_saved: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_if_dirty)
        document.changed.connect(self._on_changed)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def _on_changed(self) -> None:
        self.dirty = True
        self._timer.start()

    def save_if_dirty(self) -> bool:
        """Save when something changed since the last good save; True when nothing is unsaved."""
        if not self.dirty:
            self._timer.stop()
            return True
        return self.save_now()

    def save_now(self) -> bool:
        """Write the draft at once; True on success."""
        self._timer.stop()
        path = self._document.path
        if path is None:
            return False
        try:
            store.save_report(self._document.report, path)
        except (store.StoreError, OSError) as exc:
            message = str(exc) if isinstance(exc, store.StoreError) else _os_message(exc)
            self.last_error = message
            self.failed.emit(message)
            return False
        self.dirty = False
        self.last_error = ""
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        return True


def _os_message(exc: OSError) -> str:
    return f"无法保存草稿（{exc.strerror or exc}）。内容仍在程序中，稍后会再试。"
