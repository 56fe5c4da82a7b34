"""The program's own preferences, kept in the data folder (never the registry or ~/.config).

One INI file at ``<data dir>/settings.ini``: text size, the last body used for a new report,
window geometry, and the last step per draft. Tests get their own data folder, so their
settings never touch the user's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_TEXT_SIZE = 11  # points; comfortable on a 1366×768 office screen
MIN_TEXT_SIZE = 9
MAX_TEXT_SIZE = 20
MIN_GRID_ZOOM = 70  # percent
MAX_GRID_ZOOM = 200


def _draft_key(path: Path) -> str:
    from gaidesk.fsutil import path_digest

    try:
        resolved = str(path.resolve())
    except OSError:
        resolved = str(path)
    return path_digest(resolved)


class Settings:
    """Typed access to the preferences file."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "settings.ini"
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._q.sync()

    # -- comfort -------------------------------------------------------------------------------

    def _bounded(self, key: str, default: int, low: int, high: int) -> int:
        """A whole number kept under key, between low and high (default when unreadable)."""
        try:
            value = int(str(self._q.value(key, default)))
        except ValueError:
            value = default
        return max(low, min(high, value))

    @property
    def text_size(self) -> int:
        return self._bounded("view/text_size", DEFAULT_TEXT_SIZE, MIN_TEXT_SIZE, MAX_TEXT_SIZE)

    @text_size.setter
    def text_size(self, size: int) -> None:
        self._q.setValue("view/text_size", max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, size)))

    @property
    def grid_zoom(self) -> int:
        """The tables' zoom in percent (Ctrl+= / Ctrl+- on a table step)."""
        return self._bounded("view/grid_zoom", 100, MIN_GRID_ZOOM, MAX_GRID_ZOOM)

    @grid_zoom.setter
    def grid_zoom(self, zoom: int) -> None:
        self._q.setValue("view/grid_zoom", max(MIN_GRID_ZOOM, min(MAX_GRID_ZOOM, zoom)))

    # -- new reports ---------------------------------------------------------------------------

    @property
    def last_body(self) -> str:
        return str(self._q.value("new/last_body", "") or "")

    @last_body.setter
    def last_body(self, body: str) -> None:
        self._q.setValue("new/last_body", body)

    # -- windows -------------------------------------------------------------------------------

    def geometry(self, name: str) -> QByteArray | None:
        value = self._q.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, name: str, geometry: QByteArray) -> None:
        self._q.setValue(f"window/{name}", geometry)

    def last_step(self, draft: Path) -> int:
        value = self._q.value(f"steps/{_draft_key(draft)}", 0)
        try:
            return int(str(value))
        except ValueError:
            return 0

    def set_last_step(self, draft: Path, step: int) -> None:
        self._q.setValue(f"steps/{_draft_key(draft)}", step)

    def show_problems(self) -> bool:
        return str(self._q.value("view/problems", "true")).lower() != "false"

    def set_show_problems(self, shown: bool) -> None:
        self._q.setValue("view/problems", "true" if shown else "false")
