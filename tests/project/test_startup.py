"""Start-up does no work that can wait: the first window appears without the exporters.

Run in a fresh interpreter (the test session itself has long imported reportlab and openpyxl):
open the window as ``gaidesk FILE`` and as the home screen, note what was imported when it was
shown, let the event loop idle, and list the heavy modules that got imported by then.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Only needed when exporting or importing, or on a later step: never at start.
HEAVY = (
    "reportlab",
    "openpyxl",
    "PIL",
    "gaidesk.pdf",
    "gaidesk.workbook",
    "gaidesk.importer",
    "gaidesk.gui.export",
    "gaidesk.gui.printing",
    "gaidesk.gui.table",
    "gaidesk.gui.background",  # QProgressDialog alone costs ~15 ms to load
    "PySide6.QtNetwork",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "_hashlib",  # OpenSSL: megabytes of memory for a lock file's name
    "gaidesk.gui.readonly",  # only for a draft opened read-only
)
# The home screen shows before any of the wizard, the rules or the store is loaded (the drafts
# list, which checks each draft, is filled once the window is painted) ...
NOT_FOR_HOME = (
    "gaidesk.store",
    "gaidesk.format",
    "gaidesk.model",
    "gaidesk.draft",
    "gaidesk.gui.wizard",
    "gaidesk.gui.document",
    "gaidesk.gui.pages",
    "gaidesk.gui.narrative",
    "gaidesk.gui.problems",
    "gaidesk.rules",
    "gaidesk.textcheck",
    "gaidesk.carry",
    "gaidesk.previous",
    "gaidesk.draftcheck",
    "gaidesk.cleantext",  # for what she types and what a file holds
    "gaidesk.gui.drafts",
    "gaidesk.gui.dialogs",
)
# ... and the wizard without the home screen.
NOT_FOR_DRAFT = (
    "gaidesk.gui.home",
    "gaidesk.carry",
    "gaidesk.gui.drafts",  # only for the banner of a lock taken over or left by a crash
    "gaidesk.previous",  # last year's report is looked for once the window is painted
    "gaidesk.gui.dialogs",  # QMessageBox, QFileDialog, QInputDialog: loaded when one is asked
)

PROBE = """
import dataclasses, json, sys
from PySide6.QtWidgets import QApplication
from gaidesk.gui import app as gui_app

controller = gui_app.start(None if sys.argv[1] == "home" else sys.argv[1], sys.argv[2])
window = controller._home if sys.argv[1] == "home" else next(iter(controller.windows.values()))
assert window is not None and window.isVisible()
at_show = sorted(m for m in sys.modules if m.startswith(("gaidesk", "PySide6")))
frozen = sorted(
    f"{name}.{cls.__name__}"
    for name in at_show if name.startswith("gaidesk")
    for cls in vars(sys.modules[name]).values()
    if isinstance(cls, type) and cls.__module__ == name and dataclasses.is_dataclass(cls)
    and cls.__dataclass_params__.frozen
)
built = []
if sys.argv[1] != "home":
    built = [i for i in range(window.pages.count()) if window.is_built(i)]
app = QApplication.instance()
for _ in range(5):
    app.processEvents()
heavy = json.loads(sys.argv[3])
loaded = [m for m in heavy if m in sys.modules]
title = window.windowTitle()
rows = window.drafts.topLevelItemCount() if sys.argv[1] == "home" else -1
controller.shutdown()
print(json.dumps({"loaded": loaded, "title": title, "at_show": at_show, "built": built,
                  "rows": rows, "frozen": frozen}, ensure_ascii=False))
"""


def _probe(target: str, data_dir: Path, prefix: str = "") -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", prefix + PROBE, target, str(data_dir), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize("what", ["draft", "home"])
def test_first_window_without_heavy_imports(
    what: str, tmp_path: Path, dazhai_path: Path, data_dir: Path
) -> None:
    target = "home"
    if what == "draft":
        target = str(tmp_path / dazhai_path.name)
        shutil.copyfile(dazhai_path, target)
        os.chmod(target, 0o644)
    report = _probe(target, data_dir)
    assert report["loaded"] == [], f"imported at start: {report['loaded']}"
    at_show = report["at_show"]
    assert isinstance(at_show, list)
    unwanted = NOT_FOR_HOME if what == "home" else NOT_FOR_DRAFT
    assert [m for m in unwanted if m in at_show] == []
    # A frozen dataclass execs six generated methods when its module loads (~0.5 ms each class
    # with Python 3.11); the immutable records on the start path are NamedTuples instead.
    assert report["frozen"] == [], f"frozen dataclasses on the start path: {report['frozen']}"
    if what == "draft":
        assert "大寨镇" in str(report["title"])
        assert report["built"] == [0], "only the step shown first is built before the window"
        assert "gaidesk.gui.wizard.window" in at_show and "gaidesk.rules" in at_show


def test_home_lists_the_drafts_once_shown(dazhai_path: Path, data_dir: Path) -> None:
    """The drafts list waits for the first paint, but it does come (and with it the rules)."""
    drafts = data_dir / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dazhai_path, drafts / dazhai_path.name)
    report = _probe("home", data_dir)
    assert report["rows"] == 1
    assert "gaidesk.rules" not in report["at_show"]  # type: ignore[operator]


def test_probe_sees_a_heavy_import(tmp_path: Path, data_dir: Path) -> None:
    """The probe itself works: import reportlab before the window and it is reported."""
    report = _probe("home", data_dir, prefix="import reportlab\n")
    assert "reportlab" in report["loaded"]  # type: ignore[operator]


GC_PROBE = """
import gc, json, sys
from PySide6.QtWidgets import QApplication
from gaidesk.gui import app as gui_app

controller, undo = gui_app.launch(None if sys.argv[1] == "home" else sys.argv[1], sys.argv[2])
before_paint = gc.isenabled()
app = QApplication.instance()
for _ in range(5):
    app.processEvents()
after_paint = gc.isenabled()
controller.shutdown()
undo()
print(json.dumps({"before": before_paint, "after": after_paint}))
"""


@pytest.mark.parametrize("what", ["draft", "home"])
def test_no_garbage_collection_before_the_first_paint(
    what: str, tmp_path: Path, dazhai_path: Path, data_dir: Path
) -> None:
    """The collector waits for the first window's paint (its passes over the start-up's
    objects took ~10 ms), and is back on once the window is painted."""
    target = "home"
    if what == "draft":
        target = str(tmp_path / dazhai_path.name)
        shutil.copyfile(dazhai_path, target)
        os.chmod(target, 0o644)
    result = subprocess.run(
        [sys.executable, "-c", GC_PROBE, target, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"before": False, "after": True}
