"""The windows on the clerk's real screens, each in its own Qt process: the offscreen platform
given a screen of that size, less a 40-pixel taskbar, and QT_SCALE_FACTOR for the scaling.

Every top-level window (home, a dialog, the wizard) lies inside the available geometry, and so
do 下一步/上一步 and the status bar on every step; table 3 shows at least a dozen rows in a
Windows-like work area (with a title bar and borders around the client area) and needs no
sideways scrolling.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT, SAMPLES

TASKBAR = 40  # physical pixels, as on Windows

SCREENS = [
    pytest.param(1366, 768, 1.25, id="1366x768@125"),
    pytest.param(1366, 768, 1.0, id="1366x768@100"),
    pytest.param(1024, 768, 1.0, id="1024x768@100"),
    pytest.param(1920, 1080, 1.5, id="1920x1080@150"),
]


def _probe(tmp_path: Path, width: int, height: int, scale: float) -> dict[str, object]:
    config = tmp_path / "screen.json"
    screen = {"name": "S", "x": 0, "y": 0, "width": width, "height": height - TASKBAR}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = str(scale)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    sample = SAMPLES / "dazhai-2025.gaidesk"
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.screen_probe", str(tmp_path / "data"), str(sample)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Qt's own warnings would go to stderr; only the offscreen plugin's notice is expected.
    noise = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and "propagateSizeHints" not in line
    ]
    assert not noise, noise
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inside(rect: list[int], area: list[int], what: str) -> None:
    # One logical pixel of slack: at 125 % a 728-pixel work area is 582.4 logical pixels.
    x, y, w, h = rect
    ax, ay, aw, ah = area
    assert x >= ax - 1 and y >= ay - 1, (what, rect, area)
    assert x + w <= ax + aw + 1 and y + h <= ay + ah + 1, (what, rect, area)


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS)
def test_windows_fit_the_work_area(tmp_path: Path, width: int, height: int, scale: float) -> None:
    found = _probe(tmp_path, width, height, scale)
    area = found["area"]
    assert isinstance(area, list)
    assert area[3] == round((height - TASKBAR) / scale)  # the taskbar is not ours to cover
    for name in ("home", "new_dialog", "wizard"):
        _inside(found[name], area, name)  # type: ignore[arg-type]
    assert found["dialogs"]  # the user guide was open
    for rect in found["dialogs"]:  # type: ignore[attr-defined]
        _inside(rect, area, "dialog")
    steps = found["steps"]
    assert isinstance(steps, list) and steps
    for i, step in enumerate(steps):
        assert step["next_visible"] and step["status_visible"], i
        for part in ("next", "back", "status"):
            _inside(step[part], area, f"step {i + 1} {part}")
    # Below 800 logical pixels of height the wizard takes its compact layout.
    assert found["compact"] is (area[3] < 800)
    # Table 3: a dozen rows at least, all seven columns without sideways scrolling.
    assert found["t3_rows_framed"] >= 12
    assert found["t3_rows_new_report"] >= 12
    assert found["t3_rows_maximized"] >= found["t3_rows_framed"]
    assert found["t3_sideways"] == 0
    assert found["t3_last_right"] <= found["t3_viewport_width"]
