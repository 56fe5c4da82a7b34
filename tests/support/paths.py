"""The folders the tests read, found once from this file's place in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: tests/support/paths.py
SRC = ROOT / "src"  # what a child process puts on its PYTHONPATH
PACKAGE = SRC / "gaidesk"  # the source the architecture tests read
SAMPLES = ROOT / "resources" / "samples"
TESTS = ROOT / "tests"
DATA = TESTS / "data"  # the tests' own files: golden layout, saved pages, screen settings
