"""The seams between the packages: what every part shares does not pull in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.imports import imported_modules
from tests.support.paths import PACKAGE as SRC

# These only write files, word OS errors or find the fonts folder: fsutil and paths are theirs.
NO_STORE = ["pdf", "workbook.py", "fonts", "fsutil.py", "paths.py", "gui/settings.py"]


def _imported(path: Path) -> set[str]:
    return imported_modules(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NO_STORE)
def test_utilities_do_not_come_from_the_store(name: str) -> None:
    path = SRC / name
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    imported = set().union(*map(_imported, files))
    assert path.exists() and not {
        m for m in imported if m == "gaidesk.store" or m.startswith("gaidesk.store.")
    }


def test_the_session_and_the_store_import_no_qt() -> None:
    for path in [SRC / "session.py", SRC / "draftcheck.py", *(SRC / "store").glob("*.py")]:
        assert not {m for m in _imported(path) if m.startswith("PySide6")}, path.name


def test_the_store_runs_no_rules() -> None:
    for path in (SRC / "store").glob("*.py"):
        imported = _imported(path)
        assert not {m for m in imported if m.startswith(("gaidesk.rules", "gaidesk.review"))}
