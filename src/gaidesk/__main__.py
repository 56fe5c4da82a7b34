"""``python -m gaidesk`` and the ``gaidesk`` program: the command line, or else the window."""

from __future__ import annotations

import sys

from gaidesk.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
