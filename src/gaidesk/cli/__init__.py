"""The command line (docs/format.md §7): ``check``, ``new``, ``export``, ``import``,
``summary``; else the window.

Everything printed is Chinese. Heavy modules (Qt, reportlab, openpyxl) are imported only by the
verb that needs them, so ``gaidesk check`` runs on a machine without a screen in a moment.

Exit codes: 0 all well (warnings allowed), 1 a report has errors or an action failed, 2 a file
cannot be read or the command line is wrong.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from gaidesk.cli.check import check
from gaidesk.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, VERBS, err
from gaidesk.cli.export import export
from gaidesk.cli.importing import import_report
from gaidesk.cli.new import new
from gaidesk.cli.parser import build_parser, build_window_parser, first_positional
from gaidesk.fsutil import describe_os_error

__all__ = ["EXIT_ERRORS", "EXIT_OK", "EXIT_UNREADABLE", "VERBS", "main"]


def _prepare_output() -> None:
    """Never fail on a character the terminal's code page lacks (Windows consoles)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _prepare_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = first_positional(args_list)
    wants_help = any(a in ("-h", "--help") for a in args_list)
    if first in VERBS or (first is None and wants_help):
        args = build_parser().parse_args(args_list)
    else:
        args = build_window_parser().parse_args(args_list)
        return _run_window(args.file, args.data_dir)
    data_dir = Path(args.data_dir) if args.data_dir else None
    try:
        if args.verb == "check":
            return check(args.files, args.previous, args.json)
        if args.verb == "new":
            return new(args, data_dir)
        if args.verb == "export":
            return export(args.file, args.pdf, args.xlsx, args.html, args.docx, data_dir)
        if args.verb == "summary":
            from gaidesk.cli.summary import run_summary

            return run_summary(args, data_dir)
        return import_report(args.file, args.output)
    except KeyboardInterrupt:
        err("已中断。")
        return EXIT_ERRORS
    except OSError as exc:
        # A file the verb itself touches (an output name too long, a looping link, …); the
        # modules below describe their own.
        err(describe_os_error(exc, "操作", exc.filename or "（未知位置）"))
        return EXIT_ERRORS


def _run_window(file: str | None, data_dir: str | None) -> int:
    try:
        # Imported by name so that the core's type check does not reach into the Qt code.
        run = importlib.import_module("gaidesk.gui.app").run
    except ImportError as exc:
        err(f"无法打开程序窗口（图形界面组件缺失：{exc}）。命令行功能仍可使用，见 gaidesk -h。")
        return EXIT_UNREADABLE
    path = Path(file) if file else None
    return int(run(path, Path(data_dir) if data_dir else None))
