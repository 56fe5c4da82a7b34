"""Render the home screen and every step of the sample report to PNG, offscreen, on the screens
of the clerk's office (for the README and for review).

python -m gaidesk.gui.screenshots OUTDIR [--draft FILE] [--previous FILE] [--only NAME]

Each screen setting gets a folder of its own (``1366x768-125`` …): the offscreen platform is
given a screen of that size less a 40-pixel taskbar, and QT_SCALE_FACTOR its scaling, in a Qt
process of its own (both are fixed when Qt starts). The windows open as they would for her:
inside the work area, maximized where the screen is smaller than they would like.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "dazhai-2025.gaidesk"
TASKBAR = 40  # physical pixels, as on Windows

# Folder name -> (width, height, scale): the office screens of the clerk.
SCREENS = {
    "1366x768-125": (1366, 768, 1.25),
    "1366x768-100": (1366, 768, 1.0),
    "1024x768-100": (1024, 768, 1.0),
    "1920x1080-150": (1920, 1080, 1.5),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gaidesk.gui.screenshots")
    parser.add_argument("outdir")
    parser.add_argument("--draft", default=str(SAMPLE))
    parser.add_argument("--previous", default="", help="last year's draft, to show the comparison")
    parser.add_argument("--only", choices=sorted(SCREENS), help="one screen setting")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # in the child
    args = parser.parse_args(argv)
    out = Path(args.outdir)
    if args.here:
        return _render(out, Path(args.draft), args.previous)
    for name, (width, height, scale) in SCREENS.items():
        if args.only and name != args.only:
            continue
        code = _render_on(name, width, height, scale, out / name, args)
        if code:
            return code
    print(f"已保存到 {out}")
    return 0


def _render_on(
    name: str, width: int, height: int, scale: float, out: Path, args: argparse.Namespace
) -> int:
    with tempfile.TemporaryDirectory(prefix="gaidesk-screen-") as folder:
        config = Path(folder) / "screen.json"
        screen = {"name": name, "x": 0, "y": 0, "width": width, "height": height - TASKBAR}
        screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        env["QT_SCALE_FACTOR"] = str(scale)
        command = [sys.executable, "-m", "gaidesk.gui.screenshots", str(out), "--here"]
        command += ["--draft", args.draft]
        if args.previous:
            command += ["--previous", args.previous]
        return subprocess.run(command, env=env, check=False).returncode


def _render(out: Path, draft: Path, previous_path: str) -> int:
    data = Path(tempfile.mkdtemp(prefix="gaidesk-shots-"))  # never the user's own drafts

    from PySide6.QtWidgets import QApplication

    from gaidesk import store
    from gaidesk.gui.app import Controller, ensure_app
    from gaidesk.gui.steps import STEPS

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    try:
        controller = Controller(data)
        report = store.load_report(draft)
        target = controller.library.new_draft_path(report)
        shutil.copyfile(draft, target)
        previous = store.load_report(previous_path) if previous_path else None
        home = controller.show_home()
        QApplication.processEvents()
        home.grab().save(str(out / "00-home.png"))
        window = controller.open_draft(target, previous=previous)
        if window is None:
            print("无法打开草稿", file=sys.stderr)
            return 1
        QApplication.processEvents()
        if previous is not None:
            for page in window.narrative_pages.values():
                for part in page.editors.values():
                    part.compare_button.setChecked(True)
        for i, step in enumerate(STEPS):
            window.go_to_step(i, save=False)
            QApplication.processEvents()
            name = f"{i + 1:02d}-{_slug(step)}.png"
            window.grab().save(str(out / name))
        controller.shutdown()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    app.processEvents()
    return 0


def _slug(step: object) -> str:
    """An ASCII file name for a step: 「basic」, 「narrative」, 「table-t3」, 「check」."""
    kind = str(getattr(step, "kind", "step"))
    section = getattr(step, "section", None)
    return f"{kind}-{section.table}" if section is not None and section.table else kind


if __name__ == "__main__":
    raise SystemExit(main())
