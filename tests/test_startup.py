"""Start-up does no work that can wait: the first window appears without the exporters.

Run in a fresh interpreter (the test session itself has long imported reportlab and openpyxl):
open the window as ``gaidesk FILE`` and as the home screen, let the event loop idle, and list the
heavy modules that got imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Only needed when exporting or importing: never at start.
HEAVY = ("reportlab", "openpyxl", "PIL", "gaidesk.pdf", "gaidesk.workbook", "PySide6.QtNetwork")

PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from gaidesk.gui.app import Controller, ensure_app

app = ensure_app()
controller = Controller(sys.argv[2])
if sys.argv[1] == "home":
    window = controller.show_home()
else:
    window = controller.open_draft(Path(sys.argv[1]))
assert window is not None and window.isVisible()
for _ in range(5):
    app.processEvents()
heavy = json.loads(sys.argv[3])
loaded = [m for m in heavy if m in sys.modules]
title = window.windowTitle()
controller.shutdown()
print(json.dumps({"loaded": loaded, "title": title}, ensure_ascii=False))
"""


@pytest.mark.parametrize("what", ["draft", "home"])
def test_first_window_without_heavy_imports(
    what: str, tmp_path: Path, dazhai_path: Path, data_dir: Path
) -> None:
    target = "home"
    if what == "draft":
        target = str(tmp_path / dazhai_path.name)
        shutil.copyfile(dazhai_path, target)
        os.chmod(target, 0o644)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, target, str(data_dir), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == [], f"imported at start: {report['loaded']}"
    if what == "draft":
        assert "大寨镇" in report["title"]


def test_probe_sees_a_heavy_import(tmp_path: Path, data_dir: Path) -> None:
    """The probe itself works: import reportlab before the window and it is reported."""
    probe = "import reportlab\n" + PROBE
    result = subprocess.run(
        [sys.executable, "-c", probe, "home", str(data_dir), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "reportlab" in json.loads(result.stdout.strip().splitlines()[-1])["loaded"]
