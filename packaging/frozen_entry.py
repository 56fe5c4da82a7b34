"""Entry point of the frozen gaidesk (PyInstaller's script).

Normally it just calls ``gaidesk.__main__.main``. Extras that only the frozen program needs:

- On Windows the program is built windowed (no console window for the clerk), so the command-line
  verbs (``gaidesk check …``) attach to the console of the shell they were started from, if any,
  and print there.
- A hidden check for the build: ``gaidesk --frozen-self-test [MODULE ...]`` imports every module
  gaidesk's source imports anywhere (the spec's manifest; or the modules named), checks that the
  Chinese Qt translation and the platform plugins are present, prints one line per problem and
  exits 1 when anything is missing, 0 otherwise. tests/project/test_packaging.py and
  packaging/smoke.sh run it.
- For the smoke test: with the environment variable ``GAIDESK_SMOKE_QUIT_MS=N`` the window opens
  as usual, prints ``gaidesk-smoke: shown <window title>`` once the first window is on screen and
  the event loop is idle, and quits by itself N milliseconds later (closing the windows normally,
  so the draft is saved and its lock released). ``GAIDESK_SMOKE_LOG=FILE`` also appends that line
  to FILE, for the windowed Windows build, which has no stdout. ``GAIDESK_SMOKE_RAISE=1`` also
  raises an error in a slot once the window is shown: the crash log in the data folder
  (``logs/gaidesk.log``) must then name it, as it would on a clerk's PC.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

SELF_TEST = "--frozen-self-test"

# Written by gaidesk.spec: every module gaidesk's source imports, one per line.
MANIFEST = "gaidesk-modules.txt"


def _attach_windows_console() -> None:
    """Let a windowed build print when started from cmd.exe or PowerShell.

    A windowed program has no standard streams (None); without a console to attach to, printing
    goes nowhere instead of failing.
    """
    if sys.platform == "win32" and sys.stdout is None:
        import ctypes

        attach_parent_process = -1
        if ctypes.windll.kernel32.AttachConsole(attach_parent_process):  # type: ignore[attr-defined]
            sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
            sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _smoke_note(text: str) -> None:
    """The smoke line: on stdout, and appended to GAIDESK_SMOKE_LOG when set (a windowed
    Windows build has no stdout for a script to read)."""
    print(text, flush=True)
    log = os.environ.get("GAIDESK_SMOKE_LOG", "")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(text + "\n")


def _default_modules() -> list[str]:
    """The build's manifest, plus whatever gaidesk modules the bundle holds."""
    import gaidesk

    names = ["gaidesk"]
    for info in pkgutil.walk_packages(gaidesk.__path__, "gaidesk."):
        names.append(info.name)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and os.path.exists(os.path.join(bundle, MANIFEST)):
        with open(os.path.join(bundle, MANIFEST), encoding="utf-8") as f:
            names += [line.strip() for line in f if line.strip()]
    return sorted(set(names))


def _icu_problems() -> list[str]:
    """What Qt asks of the bundle's smaller ICU data (packaging/icu_data.py) works in Chinese:
    pinyin collation (file dialogs sort names with QCollator), the GB code pages, and time-zone
    names. With the root data alone, 张 would sort before 李 (code point order)."""
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone

    problems = []
    collator = QCollator(QLocale("zh_CN"))
    if sorted(["张三", "李四", "阿明"], key=collator.sortKey) != ["阿明", "李四", "张三"]:
        problems.append("ICU: no pinyin collation for zh_CN")
    for encoding in ("GB18030", "GBK", "GB2312", "Big5"):
        if not QStringDecoder(encoding).isValid():
            problems.append(f"ICU: no {encoding} converter")
    name = QTimeZone(b"Asia/Shanghai").displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("zh_CN")
    )
    if name != "中国标准时间":
        problems.append(f"ICU: Chinese time-zone name is {name!r}")
    return problems


def self_test(names: list[str]) -> int:
    """Import every module named (default: all that gaidesk's source imports)."""
    if not names:
        names = _default_modules()
    problems: list[str] = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every failure, not just the first
            problems.append(f"import {name}: {type(exc).__name__}: {exc}")

    from PySide6.QtCore import QLibraryInfo, QTranslator

    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if not translator.load("qtbase_zh_CN", translations):
        problems.append(f"translation qtbase_zh_CN missing in {translations}")
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    platforms = os.path.join(plugins, "platforms")
    present = os.listdir(platforms) if os.path.isdir(platforms) else []
    wanted = ("qwindows",) if sys.platform == "win32" else ("qxcb", "qoffscreen", "qwayland")
    for plugin in wanted:
        if not any(plugin in f for f in present):
            problems.append(f"platform plugin {plugin} missing in {platforms}")
    if sys.platform.startswith("linux"):
        problems += _icu_problems()

    for problem in problems:
        print(problem)
    print(f"self-test: {len(names)} modules, {len(problems)} problems")
    return 1 if problems else 0


def _arm_smoke_quit(milliseconds: int) -> object:
    """Create the application first, report the first shown window and quit later by itself."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # gaidesk.gui.app reuses the running application

    class FirstWindow(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.done
                and event.type() == QEvent.Type.Expose
                and isinstance(watched, QWindow)
                and watched.isExposed()
            ):
                self.done = True
                title = watched.title()
                QTimer.singleShot(0, lambda: _smoke_note(f"gaidesk-smoke: shown {title}"))
                if os.environ.get("GAIDESK_SMOKE_RAISE"):
                    QTimer.singleShot(0, _deliberate_error)
                QTimer.singleShot(milliseconds, app.closeAllWindows)
                QTimer.singleShot(milliseconds, app.quit)
            return False

    watcher = FirstWindow(app)
    app.installEventFilter(watcher)
    return watcher


def _deliberate_error() -> None:
    raise RuntimeError("gaidesk-smoke: deliberate error in a slot")


def main() -> int:
    if len(sys.argv) > 1:
        _attach_windows_console()
    else:  # the window: never a console, but printing must not fail
        if sys.stdout is None:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        if sys.stderr is None:
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if len(sys.argv) > 1 and sys.argv[1] == SELF_TEST:
        return self_test(sys.argv[2:])
    smoke = os.environ.get("GAIDESK_SMOKE_QUIT_MS", "")
    if smoke.isdigit():
        _watcher = _arm_smoke_quit(int(smoke))  # kept alive until exit
    from gaidesk.__main__ import main as gaidesk_main

    return gaidesk_main()


if __name__ == "__main__":
    sys.exit(main())
