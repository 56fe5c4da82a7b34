"""Autosave: a moment after the last change, and at least every LONGEST_WAIT_MS while she types.

A pause of DEBOUNCE_MS saves what she typed; under steady typing (no pause long enough) the
longest wait still saves, so at most about that much typing is ever at risk. Nothing is saved
while nothing changes. The window also saves at once on every step switch, jump, export,
print, close, when it loses focus and when the session ends (see gui/wizard/saving.py and app.py).

Saving goes through the atomic store, from a timer of the event loop, never from the keystroke
that changed the report. A failed save keeps everything in memory, reports a Chinese message,
and is retried on the next change (or the next explicit save).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from gaidesk import store
from gaidesk.fsutil import describe_os_error
from gaidesk.gui.document import ReportDocument

DEBOUNCE_MS = 1000  # a pause this long saves
LONGEST_WAIT_MS = 1200  # a change is never unsaved longer than this (plus the save itself)


class AutoSaver(QObject):
    saved = Signal(datetime)  # when the draft reached the disk
    failed = Signal(str)  # a Chinese message; the data stays in memory

    def __init__(
        self,
        document: ReportDocument,
        delay_ms: int = DEBOUNCE_MS,
        longest_wait_ms: int = LONGEST_WAIT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.dirty = False
        self.enabled = True  # False for a draft opened read-only: nothing is ever written
        # Asked before each write: False when the draft must not be written (its lock was
        # taken over from elsewhere); the window then says so itself.
        self.may_write: Callable[[], bool] = lambda: True
        self.last_error = ""
        self.last_saved: datetime | None = None
        self._timer = QTimer(self)  # restarted by every change: fires after a pause
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_if_dirty)
        self._deadline = QTimer(self)  # started by the first unsaved change: never restarted
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max(delay_ms, longest_wait_ms))
        self._deadline.timeout.connect(self.save_if_dirty)
        document.changed.connect(self._on_changed)

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._deadline.isActive()

    def _on_changed(self) -> None:
        if not self.enabled:
            return
        self.dirty = True
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def save_if_dirty(self) -> bool:
        """Save when something changed since the last good save; True when nothing is unsaved."""
        if not self.dirty or not self.enabled:
            self._stop()
            return True
        return self.save_now()

    def _stop(self) -> None:
        self._timer.stop()
        self._deadline.stop()

    def _fail(self, message: str) -> None:
        self.last_error = message
        self.failed.emit(message)

    def save_now(self) -> bool:
        """Write the draft at once; True on success."""
        self._stop()
        path = self._document.path
        if path is None or not self.enabled or not self.may_write():
            return False
        try:
            store.save_report(self._document.report, path)
        except (store.StoreError, OSError) as exc:
            if isinstance(exc, store.StoreError):
                self._fail(str(exc))
            else:
                self._fail(describe_os_error(exc, "保存草稿", path))
            return False
        except Exception as exc:
            # A fault of the program itself: never silence. The banner says the draft is not
            # saved; the crash hook logs the fault and shows the error dialog.
            self._fail("保存草稿失败：程序内部出错，错误已记入日志。")
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return False
        self.dirty = False
        self.last_error = ""
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        return True
