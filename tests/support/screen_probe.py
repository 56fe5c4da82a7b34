"""Open the home screen, the wizard and its dialogs on the screen this process was given and
report, as JSON, where they lie and how many rows of table 3 show.

Run by tests/gui/test_screens.py in a subprocess per screen setting: the offscreen platform's screen
size and QT_SCALE_FACTOR are fixed when Qt starts.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from gaidesk import format as fmt
from gaidesk import store
from gaidesk.gui import dialogs
from gaidesk.gui.app import Controller, ensure_app
from gaidesk.gui.home import NewReportDialog
from gaidesk.gui.screen import FRAME_GUESS, work_area
from gaidesk.gui.steps import STEPS
from gaidesk.model import Report


def _rect(r: QRect) -> list[int]:
    return [r.left(), r.top(), r.width(), r.height()]


def _global(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def visible_rows(window: object) -> int:
    """Whole body rows of table 3 in its viewport (its header is frozen above it)."""
    view = window.table_pages["t3"].view  # type: ignore[attr-defined]
    body = view.viewport().height()
    shown = 0
    for r in range(fmt.TABLES["t3"].header_rows, fmt.TABLES["t3"].rows):
        if body < view.rowHeight(r):
            break
        body -= view.rowHeight(r)
        shown += 1
    return shown


def main(data: Path, sample: Path) -> dict[str, object]:
    app = ensure_app()
    dialogs.warn = dialogs.inform = lambda *a: None  # type: ignore[assignment]
    controller = Controller(data)
    target = controller.library.drafts_dir / sample.name
    shutil.copyfile(sample, target)
    out: dict[str, object] = {"area": _rect(work_area())}
    home = controller.show_home()
    app.processEvents()
    out["home"] = _rect(home.frameGeometry())
    # A dialog opened over the home screen.
    new = NewReportDialog("大寨镇人民政府", 2025, home)
    QTimer.singleShot(0, new.reject)
    new.show()
    app.processEvents()
    out["new_dialog"] = _rect(new.frameGeometry())
    new.close()
    window = controller.open_draft(target)
    assert window is not None
    app.processEvents()
    out["wizard"] = _rect(window.frameGeometry())
    out["compact"] = window.compact
    steps = []
    for i in range(len(STEPS)):
        window.go_to_step(i, save=False)
        app.processEvents()
        steps.append(
            {
                "next": _global(window.next_button),
                "back": _global(window.back_button),
                "next_visible": window.next_button.isVisible(),
                "status": _global(window.statusBar()),
                "status_visible": window.statusBar().isVisible(),
            }
        )
    out["steps"] = steps
    t3 = next(i for i, s in enumerate(STEPS) if s.section and s.section.table == "t3")
    window.go_to_step(t3, save=False)
    app.processEvents()
    view = window.table_pages["t3"].view  # type: ignore[attr-defined]
    out["t3_rows_maximized"] = visible_rows(window)
    out["t3_sideways"] = view.horizontalScrollBar().maximum()
    last = fmt.TABLES["t3"].cols - 1
    out["t3_last_right"] = view.columnViewportPosition(last) + view.columnWidth(last)
    out["t3_viewport_width"] = view.viewport().width()
    # A Windows work area: the window framed by a title bar and borders (the offscreen
    # platform draws none), its frame filling the area.
    window.showNormal()
    app.processEvents()
    window.setGeometry(work_area(window).marginsRemoved(FRAME_GUESS))
    app.processEvents()
    out["t3_rows_framed"] = visible_rows(window)
    out["framed_client"] = _rect(window.geometry())
    # A new report: its tables carry 「本年无此类情况」 in the heading row.
    blank = Report.blank("大寨镇人民政府", 2025)
    blank_path = controller.library.new_draft_path(blank)
    store.save_report(blank, blank_path, keep_version=False)
    fresh = controller.open_draft(blank_path)
    assert fresh is not None
    fresh.go_to_step(t3, save=False)
    fresh.showNormal()
    app.processEvents()
    fresh.setGeometry(work_area(fresh).marginsRemoved(FRAME_GUESS))
    app.processEvents()
    out["t3_rows_new_report"] = visible_rows(fresh)
    fresh.close()
    app.processEvents()
    # The user guide (F1), a window of its own over the wizard.
    window.show_guide()
    app.processEvents()
    out["dialogs"] = [
        _rect(top.frameGeometry())
        for top in QApplication.topLevelWidgets()
        if isinstance(top, QDialog) and top.isVisible()
    ]
    controller.shutdown()
    app.processEvents()
    return out


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
