"""Modules stay small enough to read in one sitting: at most 500 lines, or a recorded reason.

A module listed here may not grow past its recorded length; splitting it and removing its line is
the way to make room. A new module over the limit fails with its name.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.paths import PACKAGE as SRC

LIMIT = 500

# module (relative to src/gaidesk) -> (most lines allowed, why it is still one module)
RECORDED: dict[str, tuple[int, str]] = {}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_modules_stay_within_their_size() -> None:
    too_big = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        allowed = RECORDED.get(name, (LIMIT, ""))[0]
        if _lines(path) > allowed:
            too_big.append(f"{name}: {_lines(path)} lines (allowed {allowed})")
    assert not too_big, "modules too long; split them:\n" + "\n".join(too_big)


def test_recorded_modules_are_still_big() -> None:
    """A recorded module that shrank below the limit loses its entry, so the list stays true."""
    stale = [
        f"{name}: {'no longer exists' if not (SRC / name).exists() else 'within the limit now'}"
        for name in sorted(RECORDED)
        if not (SRC / name).exists() or _lines(SRC / name) <= LIMIT
    ]
    assert not stale, "remove these from RECORDED:\n" + "\n".join(stale)
