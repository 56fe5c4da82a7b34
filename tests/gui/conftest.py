"""Fixtures of the GUI tests only."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk import draft
from gaidesk.gui.document import ReportDocument


@pytest.fixture
def document(dazhai_path: Path) -> ReportDocument:
    """The 大寨镇 sample as an open document, with no window and no file behind it."""
    return ReportDocument(draft.parse(dazhai_path.read_bytes()))
