"""Work that may take longer than she should wait for (importing a workbook, opening a big
draft, the county's summary) runs on a worker thread; the window stays responsive, and after
PROGRESS_DELAY_MS a progress dialog with 「取消」 appears. Cancelling returns at once: the work's
result, when it comes, is thrown away (the core's readers change nothing on the disk)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_DELAY_MS = 300

_T = TypeVar("_T")


class Cancelled(Exception):
    """She cancelled the work."""


class _Signals(QObject):
    done = Signal()  # emitted on the worker thread, delivered on the window's
    step = Signal(int, int)  # done, total: likewise


Progress = Callable[[int, int], None]  # (done, total), called by the work on its thread
IsCancelled = Callable[[], bool]  # asked by the work between its steps


def run_with_progress(
    parent: QWidget | None,
    title: str,
    label: str,
    work: Callable[[], _T],
    delay_ms: int = PROGRESS_DELAY_MS,
) -> _T:
    """Run ``work()`` off the window's thread and return its result (or raise what it raised);
    raises Cancelled when she cancels."""
    return run_with_steps(parent, title, label, lambda _progress, _cancelled: work(), delay_ms)


def run_with_steps(
    parent: QWidget | None,
    title: str,
    label: str,
    work: Callable[[Progress, IsCancelled], _T],
    delay_ms: int = PROGRESS_DELAY_MS,
) -> _T:
    """Like run_with_progress for work that counts its steps: ``work(progress, cancelled)``
    reports ``progress(done, total)`` (the dialog shows a bar) and asks ``cancelled()`` between
    steps, so that it can stop early once she has cancelled."""
    outcome: dict[str, object] = {}
    signals = _Signals()
    loop = QEventLoop()
    stop = threading.Event()
    signals.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def target() -> None:
        try:
            outcome["value"] = work(signals.step.emit, stop.is_set)
        except BaseException as exc:  # handed to the window's thread, raised there
            outcome["error"] = exc
        finally:
            signals.done.emit()

    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(delay_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def show_step(done: int, total: int) -> None:
        if not dialog.wasCanceled():
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, total))

    signals.step.connect(show_step, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(stop.set)
    dialog.canceled.connect(loop.quit)
    worker = threading.Thread(target=target, name="gaidesk-work", daemon=True)
    worker.start()
    loop.exec()
    cancelled = dialog.wasCanceled() and "value" not in outcome and "error" not in outcome
    signals.step.disconnect(show_step)
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        raise Cancelled()
    if "error" in outcome:
        error = outcome["error"]
        assert isinstance(error, BaseException)
        raise error
    return outcome["value"]  # type: ignore[return-value]
