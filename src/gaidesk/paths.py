"""Where the data folder is, without loading anything else of gaidesk.

The window reads its settings from the data folder before it first appears; the drafts, the
format and the store wait until after that (see ``gaidesk.store`` for what the folder holds).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "GAIDESK_DATA_DIR"
FONTS_FOLDER = "fonts"  # in the data folder: fonts she adds for rare characters in the PDF


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the override (``--data-dir``), ``GAIDESK_DATA_DIR``, or the user's."""
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_data_dir("gaidesk", appauthor=False))


def fonts_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's fonts folder: ``fonts`` in the data folder (``override`` as for data_dir)."""
    return data_dir(override) / FONTS_FOLDER
