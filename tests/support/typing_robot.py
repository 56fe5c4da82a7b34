"""A typing robot in the real window, and what a kill costs her.

Run as a program, it starts gaidesk exactly as the ``gaidesk`` command does (gaidesk.gui.app's
launch: crash log, session and signal handling, the window on a draft), puts the cursor in the
first narrative part and types one token every TOKEN_MS through QTest key events, as a keyboard
would, for TYPING_S seconds without a pause. After each token it prints ``typed N TIME``.

    python -m tests.support.typing_robot DRAFT DATA_DIR [TOKENS]    (from the repository)

``kill_run()`` (used by tests/gui/test_typing_robot.py and benchmarks/typing_loss.py) starts it,
kills it at a given moment and returns how many seconds of typing did not reach the disk: the
time from the first token missing in the draft to the kill (0 when none is missing).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import ROOT, SRC

TOKEN_MS = 250
TYPING_S = 20.0


def token(n: int) -> str:
    return f" w{n:04d}"


_TOKEN_RE = re.compile(r" w(\d{4})")


def robot(draft: Path, data_dir: Path, tokens: int) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gaidesk.gui import app as app_module
    from gaidesk.gui.narrative import NarrativePage

    controller, undo = app_module.launch(draft, data_dir)
    window = controller.windows[draft.absolute()]
    window.go_to_step(1)
    page = window.page(1)
    assert isinstance(page, NarrativePage)
    part = page.first_editor()
    editor = part.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    part.focus_editor()
    typed = 0

    def type_one() -> None:
        nonlocal typed
        if typed >= tokens:
            timer.stop()
            return
        QTest.keyClicks(editor, token(typed))
        print(f"typed {typed} {time.time():.6f}", flush=True)
        typed += 1

    timer = QTimer()
    timer.setInterval(TOKEN_MS)
    timer.timeout.connect(type_one)

    def begin() -> None:
        print(f"ready {part.part.key}", flush=True)
        type_one()
        timer.start()

    QTimer.singleShot(0, begin)
    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    controller.shutdown()
    undo()
    return int(code)


@dataclass
class KillResult:
    lost_s: float  # seconds of typing not on the disk
    typed: int  # tokens typed before the kill
    saved: int  # of them in the draft
    returncode: int
    stderr: str


def start_robot(draft: Path, data_dir: Path, tokens: int) -> tuple[subprocess.Popen[str], str]:
    """Start the robot; returns it and the key of the part it types into, once it types."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GAIDESK_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(ROOT), env.get("PYTHONPATH", "")])
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.typing_robot",
            str(draft),
            str(data_dir),
            str(tokens),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line.startswith("ready "):
        child.kill()
        _out, err = child.communicate()
        raise RuntimeError(f"the robot did not start: {line!r}\n{err}")
    return child, line.split()[1]


def typed_times(output: str, until: float) -> list[float]:
    """When each token was typed (index = token number), those typed before ``until``."""
    times = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "typed" and float(parts[2]) <= until:
            times.append(float(parts[2]))
    return times


def saved_tokens(draft: Path, part_key: str) -> int:
    """How many of the robot's tokens the draft holds (it must load)."""
    from gaidesk.store import load_report

    text = load_report(draft, offer_versions=False).text.get(part_key, "")
    numbers = [int(n) for n in _TOKEN_RE.findall(text)]
    assert numbers == list(range(len(numbers))), "the saved tokens are not a run from the first"
    return len(numbers)


def kill_run(
    draft: Path,
    data_dir: Path,
    after_s: float,
    sig: int = signal.SIGKILL,
    tokens: int = int(TYPING_S * 1000 / TOKEN_MS),
) -> KillResult:
    """Type, send ``sig`` ``after_s`` seconds after the first token, measure what was lost."""
    child, part_key = start_robot(draft, data_dir, tokens)
    assert child.stdout is not None
    first = child.stdout.readline()  # the first token is in the editor
    time.sleep(after_s)
    killed_at = time.time()
    child.send_signal(sig)
    output, err = child.communicate(timeout=60)
    times = typed_times(first + output, killed_at)
    saved = saved_tokens(draft, part_key)
    lost = killed_at - times[saved] if saved < len(times) else 0.0
    return KillResult(lost, len(times), saved, child.returncode, err)


if __name__ == "__main__":
    sys.exit(robot(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
