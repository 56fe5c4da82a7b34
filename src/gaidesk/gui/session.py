"""The end of the session: logout, shutdown, a kill from the desktop, Ctrl+C in a terminal.

Whatever ends the program, what she typed is saved and the drafts' locks are given back:

- Qt's ``commitDataRequest`` (Windows sends WM_QUERYENDSESSION/WM_ENDSESSION at logout and
  shutdown, X11 session managers their own request) and ``aboutToQuit`` save every open draft;
- on Linux and other POSIX systems SIGTERM (logout, shutdown, ``kill``), SIGHUP (the terminal
  went away) and SIGINT (Ctrl+C) end the program the same way as closing its windows. The
  signal handler itself does nothing: Python's wakeup file descriptor writes the signal's
  number to a pipe, and a QSocketNotifier hands it to the event loop, where saving is
  safe (a handler that saved could interrupt a save half-way).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

END_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")


def _ignore(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: the work happens in the event loop (see the module)."""


class SessionGuard(QObject):
    """Saves on session end and turns the ending signals into a normal close."""

    def __init__(
        self, app: QApplication, save_all: Callable[[], object], end: Callable[[int], object]
    ) -> None:
        super().__init__(app)
        self._save_all = save_all
        self._end = end
        self.received: list[int] = []
        app.commitDataRequest.connect(lambda _manager: save_all())
        app.aboutToQuit.connect(save_all)
        self._pipe: tuple[int, int] | None = None  # (read end, write end)
        self._notifier: QSocketNotifier | None = None
        self._previous: dict[int, object] = {}
        self._previous_fd = -1
        if hasattr(signal, "SIGHUP"):  # POSIX; Windows ends a session through Qt alone
            self._watch_signals()

    def _watch_signals(self) -> None:
        self._pipe = reader, writer = os.pipe()
        for end in self._pipe:
            os.set_blocking(end, False)
        self._previous_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)
        for name in END_SIGNALS:
            number = getattr(signal, name)
            self._previous[number] = signal.signal(number, _ignore)

    def _on_wakeup(self) -> None:
        assert self._pipe is not None
        try:
            data = os.read(self._pipe[0], 64)
        except OSError:
            return
        numbers = [n for n in data if n in self._previous]
        if numbers:
            self.received += numbers
            self._end(numbers[0])

    def uninstall(self) -> None:
        """Give the signals back (the program is ending, or a test is done)."""
        if self._pipe is None:
            return
        for number, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(number, previous)  # type: ignore[arg-type]
        signal.set_wakeup_fd(self._previous_fd)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        for end in self._pipe:
            with contextlib.suppress(OSError):
                os.close(end)
        self._pipe = None
