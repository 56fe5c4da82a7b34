"""A power cut during a save: a child process saving in a loop is killed at random moments.

After every kill the draft must load and hold exactly one of the two states the child was
alternating between — never a half-written file, never a mix.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gaidesk import draft
from gaidesk.model import Report
from gaidesk.store import load_report, save_report
from tests.support.paths import SRC

KILLS = 120

# Started with -S -E (no site, no environment) so that a run costs little more than the saves.
_SAVER = """
import sys
sys.path.insert(0, sys.argv[1])
from gaidesk import draft
from gaidesk.store import save_report
path, a, b = sys.argv[2], sys.argv[3], sys.argv[4]
states = [draft.parse(open(a, "rb").read()), draft.parse(open(b, "rb").read())]
sys.stdout.write("ready\\n")
sys.stdout.flush()
i = 0
while True:
    save_report(states[i % 2], path)
    i += 1
"""


def _state_b(a: Report) -> Report:
    b = a.copy()
    for n, address in enumerate(sorted(b.cells)):
        if address.startswith("t3.") and not address.endswith("total"):
            b.cells[address] = n % 7
    b.recompute_totals()
    b.text["overview.active"] = "乙" * 3000  # a different length, so a mix cannot hide
    b.meta.publish_date = "2026-01-20"
    return b


@pytest.mark.slow
def test_killed_save_loop_leaves_old_or_new_state(dazhai_path: Path, tmp_path: Path) -> None:
    a = load_report(dazhai_path)
    b = _state_b(a)
    a_bytes, b_bytes = draft.dumps(a), draft.dumps(b)
    assert a_bytes != b_bytes
    (tmp_path / "a.json").write_bytes(a_bytes)
    (tmp_path / "b.json").write_bytes(b_bytes)
    target = tmp_path / "drafts" / "x.gaidesk"
    target.parent.mkdir()
    save_report(a, target)

    rng = random.Random(20260120)
    seen = {a_bytes: 0, b_bytes: 0}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-S",
                "-E",
                "-c",
                _SAVER,
                str(SRC),
                str(target),
                str(tmp_path / "a.json"),
                str(tmp_path / "b.json"),
            ],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.005, 0.040))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL

        data = target.read_bytes()
        assert data in seen, "the draft holds neither state"
        seen[data] += 1
        report = load_report(target)  # and it loads
        assert draft.dumps(report) == data

    # Both states were caught, so the kills did land while the child was saving.
    assert seen[a_bytes] > 0
    assert seen[b_bytes] > 0
    # Only the draft, its hidden versions and leftover temporaries of killed saves remain.
    names = {p.name for p in target.parent.iterdir()}
    assert "x.gaidesk" in names
    assert all(n in ("x.gaidesk", ".versions") or n.startswith(".x.gaidesk.") for n in names)
