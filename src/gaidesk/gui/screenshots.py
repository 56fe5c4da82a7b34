"""Render every step of the sample report to PNG, offscreen (for the README and for review).

python -m gaidesk.gui.screenshots OUTDIR [--size 1366x768] [--draft FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "dazhai-2025.gaidesk"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gaidesk.gui.screenshots")
    parser.add_argument("outdir")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--draft", default=str(SAMPLE))
    parser.add_argument("--previous", default="", help="last year's draft, to show the comparison")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(tempfile.mkdtemp(prefix="gaidesk-shots-"))  # never the user's own drafts

    from PySide6.QtWidgets import QApplication

    from gaidesk import store
    from gaidesk.gui.app import Controller, ensure_app
    from gaidesk.gui.steps import STEPS

    app = ensure_app()
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    try:
        controller = Controller(data)
        report = store.load_report(args.draft)
        target = controller.library.new_draft_path(report)
        shutil.copyfile(args.draft, target)
        previous = store.load_report(args.previous) if args.previous else None
        home = controller.show_home()
        home.resize(width, height)
        QApplication.processEvents()
        home.grab().save(str(out / "00-home.png"))
        window = controller.open_draft(target, previous=previous)
        if window is None:
            print("无法打开草稿", file=sys.stderr)
            return 1
        window.resize(width, height)
        window.show()
        if previous is not None:
            for page in window.narrative_pages.values():
                for part in page.editors.values():
                    part.compare_button.setChecked(True)
        for i, step in enumerate(STEPS):
            window.go_to_step(i, save=False)
            QApplication.processEvents()
            name = f"{i + 1:02d}-{_slug(step.title)}.png"
            window.grab().save(str(out / name))
        controller.shutdown()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    app.processEvents()
    print(f"已保存到 {out}")
    return 0


def _slug(title: str) -> str:
    keep = "".join(ch for ch in title if ch.isalnum())
    return keep[:12] or "step"


if __name__ == "__main__":
    raise SystemExit(main())
