"""The command line run in-process, as the tests of tests/cli call it."""

from __future__ import annotations

import pytest

from gaidesk.__main__ import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``gaidesk ARGS`` through main(): the exit code and what it printed to stdout and stderr.
    A traceback is never what the clerk should see, so none may reach stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err
