"""A trace of every fault: a small rotating log in the data folder, and a dialog in Chinese.

``install()`` hooks ``sys.excepthook`` (what PySide6 calls for an exception in a slot or an
overridden Qt method), ``threading.excepthook`` and Qt's message handler. Each fault is written
to ``logs/gaidesk.log`` in the data folder (at most LOG_BYTES, one older file kept), the open
drafts are saved, and then a dialog (not modal: the program goes on running) says what happened,
where the log is, and offers 「复制错误信息」 for whoever helps her.

The log holds no report text: an exception's message is kept only in its ASCII characters (the
report is Chinese) and cut short; file names, line numbers and function names tell the rest.
The logging modules are loaded, and the file opened, at the first fault: not at start.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

LOG_DIR = "logs"
LOG_NAME = "gaidesk.log"
LOG_BYTES = 200_000  # per file; with one older file the log never passes 400 KB
MESSAGE_CHARS = 200

if TYPE_CHECKING:
    import logging

# Qt's message kinds as logging levels (the numbers of the logging module).
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: 10,
    QtMsgType.QtInfoMsg: 20,
    QtMsgType.QtWarningMsg: 30,
    QtMsgType.QtCriticalMsg: 40,
    QtMsgType.QtFatalMsg: 50,
}
ERROR = 40


def scrub(text: str) -> str:
    """A message without report text: only its ASCII characters, at most MESSAGE_CHARS."""
    kept = "".join(c if " " <= c <= "~" else "?" for c in text)
    return kept[:MESSAGE_CHARS] + ("…" if len(kept) > MESSAGE_CHARS else "")


def describe(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """The error for the log and the clipboard: type, scrubbed message, the frames."""
    import traceback

    lines = [f"{kind.__module__}.{kind.__qualname__}: {scrub(str(value))}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    cause = value.__cause__ or value.__context__
    if cause is not None and cause is not value:
        lines.append(f"caused by {type(cause).__qualname__}: {scrub(str(cause))}")
    return "\n".join(lines)


class _Relay(QObject):
    """Brings a fault from any thread to the window's thread (a queued signal)."""

    fault = Signal(str)


class CrashGuard:
    """The installed hooks; ``before_dialog`` saves the open drafts (set by the controller)."""

    def __init__(self, data_dir: Path) -> None:
        self.log_path = data_dir / LOG_DIR / LOG_NAME
        self._logger: logging.Logger | None = None
        self.before_dialog: Callable[[], object] | None = None
        self.dialog: CrashDialog | None = None
        self._handler: logging.Handler | None = None
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._previous_qt: Any = None
        self._relay = _Relay()
        self._relay.fault.connect(self._show)

    def open_log(self) -> bool:
        """Start the log file; False (logging nowhere) when the data folder takes no file."""
        import logging
        import logging.handlers
        import platform

        self._logger = logger = logging.getLogger("gaidesk")
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                self.log_path, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8", delay=True
            )
        except OSError:
            logger.addHandler(logging.NullHandler())  # not logging's last resort: stderr
            return False
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        self._handler = handler
        logger.addHandler(handler)
        logger.info(
            "gaidesk %s started (Python %s, %s)",
            _version(),
            platform.python_version(),
            platform.platform(terse=True),
        )
        return True

    def log(self, level: int, text: str, *args: object) -> None:
        if self._logger is None:
            self.open_log()
        assert self._logger is not None
        self._logger.log(level, text, *args)

    def flush(self) -> None:
        if self._handler is not None:
            self._handler.flush()

    def install(self) -> CrashGuard:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        self._previous_qt = qInstallMessageHandler(self.qt_message)
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt)
        if self._handler is not None and self._logger is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    # -- the hooks ---------------------------------------------------------------------------

    def excepthook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, tb)
            return
        text = describe(kind, value, tb)
        self.log(ERROR, "unhandled exception\n%s", text)
        if not getattr(sys, "frozen", False) and sys.stderr is not None:
            import traceback

            traceback.print_exception(kind, value, tb, file=sys.stderr)
        self._relay.fault.emit(text)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return  # a thread that ended itself, as threading's own hook treats it
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = _QT_LEVELS.get(kind, 30)
        if level >= 30:  # warnings and worse: Qt's debug chatter stays out of the log
            self.log(level, "Qt: %s", scrub(message))
        if self._previous_qt is not None:
            self._previous_qt(kind, context, message)
        elif kind != QtMsgType.QtDebugMsg and sys.stderr is not None:
            print(message, file=sys.stderr, flush=True)

    # -- the dialog --------------------------------------------------------------------------

    def _show(self, text: str) -> None:
        if self._showing:  # a fault while saving or showing: logged, not shown again
            return
        self._showing = True
        try:
            if self.before_dialog is not None:
                try:
                    self.before_dialog()  # her drafts are on the disk before anything else
                except Exception as exc:  # the save itself failed: logged, the dialog still shows
                    self.log(ERROR, "saving before the error dialog failed\n%s", _short(exc))
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.add(text)
            else:
                self.dialog = CrashDialog(text, self.log_path, QApplication.activeWindow())
                self.dialog.show()
        finally:
            self._showing = False


def _short(exc: BaseException) -> str:
    return describe(type(exc), exc, exc.__traceback__)


def _version() -> str:
    import gaidesk

    return gaidesk.__version__


class CrashDialog(QDialog):
    """「程序出错了」: what she can do, where the log is, and the error to copy."""

    def __init__(self, text: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序出错了")
        self.log_path = log_path
        layout = QVBoxLayout(self)
        intro = QLabel(
            "gaidesk 遇到了一个程序错误。您填写的内容已经保存，可以继续使用；"
            "如果同一操作再次出错，请关闭后重新打开 gaidesk。\n"
            "需要帮助时，请点“复制错误信息”，把它连同错误记录文件发给技术支持人员。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.where = QLabel(f"错误记录保存在：{log_path}")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(120)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.copy_button = buttons.addButton("复制错误信息", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        layout.activate()  # its size limits are set before the window exists, not after
        self.resize(560, 360)

    def add(self, text: str) -> None:
        self.details.appendPlainText("\n" + text)

    def copy(self) -> None:
        import platform

        QApplication.clipboard().setText(
            f"gaidesk {_version()}（{platform.platform(terse=True)}）\n"
            f"错误记录：{self.log_path}\n\n{self.details.toPlainText()}"
        )
        self.copy_button.setText("已复制")


def install(data_dir: Path) -> CrashGuard:
    """Log and show every fault of this process (the program's start calls this once)."""
    return CrashGuard(data_dir).install()
