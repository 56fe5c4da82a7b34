"""Pictures for docs/用户指南.md, taken offscreen from the real windows on the sample report.

    QT_QPA_PLATFORM=offscreen python packaging/guide_shots.py [OUTDIR]   (default docs/images)

Small on purpose (900 px wide, 8-bit palette where it keeps the text crisp): the guide's pictures
stay well under 1.5 MB together.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "dazhai-2025.gaidesk"
WIDTH, HEIGHT = 1100, 680


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "images"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(tempfile.mkdtemp(prefix="gaidesk-guide-"))
    os.environ["GAIDESK_DATA_DIR"] = str(data)
    sys.path.insert(0, str(ROOT / "src"))

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QWidget

    from gaidesk import store
    from gaidesk.gui.app import Controller, ensure_app
    from gaidesk.gui.steps import STEPS

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)

    def save(widget: QWidget, name: str) -> None:
        QApplication.processEvents()
        image = widget.grab().toImage()
        image = image.scaledToWidth(900, Qt.TransformationMode.SmoothTransformation)
        image = image.convertToFormat(QImage.Format.Format_Indexed8)
        image.save(str(out / name), "PNG", 9)

    try:
        controller = Controller(data)
        report = store.load_report(SAMPLE)
        target = controller.library.new_draft_path(report)
        shutil.copyfile(SAMPLE, target)
        os.chmod(target, 0o644)
        home = controller.show_home()
        home.showNormal()  # the offscreen screen is small: it would open maximized
        home.resize(WIDTH, HEIGHT)
        save(home, "guide-home.png")
        window = controller.open_draft(target)
        if window is None:
            print("无法打开样例草稿", file=sys.stderr)
            return 1
        window.showNormal()
        window.resize(WIDTH, HEIGHT)
        titles = [s.title for s in STEPS]
        window.go_to_step(0, save=False)
        save(window, "guide-basic.png")
        window.go_to_step(1, save=False)
        save(window, "guide-text.png")
        # A wrong number: table 3 no longer balances, the cells turn red.
        table3 = next(i for i, t in enumerate(titles) if t.startswith("三、"))
        window.go_to_step(table3, save=False)
        value = window.document.value("t3.new.natural")
        window.document.set_cell("t3.new.natural", (value if isinstance(value, int) else 0) + 2)
        window.go_to_address("t3.new.natural")
        save(window, "guide-red-cells.png")
        window.document.undo_stack.undo()
        window.go_to_step(len(STEPS) - 1, save=False)
        save(window, "guide-export.png")
        controller.shutdown()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    total = sum(p.stat().st_size for p in out.glob("guide-*.png"))
    print(f"已保存到 {out}（共 {total / 1024:.0f} KB）")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
