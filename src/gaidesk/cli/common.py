"""What every verb of the command line shares: exit codes, printing, reading a draft."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gaidesk.errors import GaideskError
from gaidesk.fsutil import describe_os_error

if TYPE_CHECKING:
    from gaidesk.model import Report
    from gaidesk.rules import Finding

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
VERBS = ("check", "new", "export", "import", "summary")


def say(text: str = "") -> None:
    """Print a line; a reader that stopped reading (``| head``) is no error: the verb goes on
    so that its exit code still tells the result."""
    if sys.stdout is None or sys.stdout.closed:
        return
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # Point stdout at nothing, or Python reports the broken pipe again when it exits.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def err(text: str) -> None:
    """Print an error message in Chinese to stderr, marked with the program's name."""
    print(f"gaidesk：{text}", file=sys.stderr, flush=True)


def not_exported(headline: str, out: Path, exc: GaideskError | OSError) -> int:
    """Say that a file was not exported and why (the program's reason or the file's fault)."""
    reason = str(exc) if isinstance(exc, GaideskError) else describe_os_error(exc, "写入", out)
    err(f"{headline}：{reason}")
    return EXIT_ERRORS


def load_draft(path: str, *, quiet: bool = False) -> Report:
    """Load a draft, telling what loading changed (unless ``quiet``); DraftError propagates."""
    from gaidesk.store import load_report

    report = load_report(path)
    if not quiet:
        for note in report.notes:
            say(f"{path}：{note}")
    return report


def argument(text: str, where: str) -> str:
    """A text given on the command line, without what no file can hold (bytes that are not
    UTF-8 arrive as lone surrogates); says so when something was removed."""
    from gaidesk.cleantext import clean, removed_message

    cleaned, removed = clean(text)
    if removed:
        say(removed_message(where, removed))
    return cleaned.strip()


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as plain data for ``--json``."""
    return {"rule": f.rule, "severity": f.severity, "cells": list(f.cells), "message": f.message}
