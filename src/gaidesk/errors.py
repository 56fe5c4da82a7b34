"""Shared exception bases; ``str()`` of each is a Chinese message the user can read as it is."""

from __future__ import annotations


class GaideskError(Exception):
    """Any failure gaidesk reports to the user; the message is Simplified Chinese."""


class ExportError(GaideskError):
    """A PDF or workbook could not be produced (e.g. a character no font can draw)."""


class StoreError(GaideskError):
    """A draft, export or folder that cannot be written or read; nothing already saved was lost.

    Raised by every writer of gaidesk (``fsutil.write_atomic``, the store)."""


class ImportFailed(GaideskError):
    """A workbook could not be read as a report (missing official tables, unreadable cells)."""
