"""The command line (docs/format.md §7): ``check``, ``new``, ``export``, ``import``,
``summary``; else the window.

Everything printed is Chinese. Heavy modules (Qt, reportlab, openpyxl) are imported only by the
verb that needs them, so ``gaidesk check`` runs on a machine without a screen in a moment.

Exit codes: 0 all well (warnings allowed), 1 a report has errors or an action failed, 2 a file
cannot be read or the command line is wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from gaidesk.errors import GaideskError
from gaidesk.fsutil import describe_os_error

if TYPE_CHECKING:
    from gaidesk.model import Report
    from gaidesk.rules import Finding

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
VERBS = ("check", "new", "export", "import", "summary")

_FONT_ROLES = {
    "title": "标题",
    "body": "正文",
    "heading": "一级标题",
    "subheading": "二级标题",
    "table": "表格",
    "page_number": "页码",
    "footer": "页码",
}
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): invalid int value: '(.*)'", "参数 {0} 需要一个整数，“{1}”不是整数"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面需要跟一个值"),
    (r"argument (\S+): invalid choice: '?([^' ]*)'?.*", "“{1}”不是可用的子命令"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_MESSAGES:
            m = re.fullmatch(pattern, message)
            if m:
                message = chinese.format(*m.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：{message}\n（用 {self.prog} -h 查看用法）\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="gaidesk",
        description=(
            "gaidesk：填写、检查、保存和打印《政府信息公开工作年度报告》。\n"
            "不带子命令时打开程序窗口；gaidesk 文件 直接打开这份草稿。"
        ),
        epilog=(
            "退出码：0 没有错误（可以有提醒），1 有错误或操作失败，2 文件无法读取或参数有误。\n"
            "草稿默认保存在本用户的数据文件夹，可用 --data-dir 或环境变量 GAIDESK_DATA_DIR 更改。"
        ),
    )
    parser.add_argument(
        "--data-dir", metavar="文件夹", help="数据文件夹（草稿、回收站、字体），例如U盘上的文件夹"
    )
    sub = parser.add_subparsers(dest="verb", metavar="子命令", parser_class=_Parser)

    check = sub.add_parser(
        "check",
        help="检查一个或多个草稿的全部规则",
        description="检查草稿：表内加总、勾稽关系、正文与表格是否一致等全部规则。",
        epilog="退出码：0 没有错误（可以有提醒），1 至少一处错误，2 有文件无法读取。",
    )
    check.add_argument("files", nargs="+", metavar="文件", help="要检查的 .gaidesk 草稿")
    check.add_argument(
        "--previous", metavar="上年草稿", help="上年报告，用于核对上年结转、现行有效件数和正文重复"
    )
    check.add_argument("--json", action="store_true", help="以 JSON 输出（多个文件时为列表）")

    new = sub.add_parser(
        "new",
        help="新建报告草稿（可从上年报告接续）",
        description=(
            "新建报告草稿。用 --from 给出上年报告时，单位和简称沿用上年，年度为上年加一，\n"
            "本年“上年结转”按上年“结转下年度继续办理”逐列填好，“现行有效件数”以上年数为起点；\n"
            "正文留空（编辑时会在旁边显示上年的正文以供参考）。"
        ),
    )
    new.add_argument("--agency", metavar="单位全称", help="报告单位，例如 大寨镇人民政府")
    new.add_argument("--year", type=int, metavar="年度", help="报告年度，例如 2026")
    new.add_argument("--short-name", metavar="简称", help="标题中用的简称，默认由单位名得出")
    new.add_argument("--from", dest="source", metavar="上年草稿", help="从上年报告接续")
    new.add_argument(
        "-o", "--output", metavar="输出文件", help="新草稿的文件；不给时放在草稿文件夹中"
    )
    new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    export = sub.add_parser(
        "export",
        help="导出 PDF、Excel 或网站发布版",
        description=(
            "导出 PDF（可直接打印）、Excel 表格或网站发布版（可粘贴到网站编辑器的网页）。"
            "有错误的报告只会导出为“草稿”。"
        ),
    )
    export.add_argument("file", metavar="文件", help="要导出的 .gaidesk 草稿")
    export.add_argument("--pdf", metavar="输出.pdf", help="导出 PDF 到这个文件")
    export.add_argument("--xlsx", metavar="输出.xlsx", help="导出 Excel 工作簿到这个文件")
    export.add_argument(
        "--html", metavar="输出.html", help="导出网站发布版（可粘贴到网站编辑器的网页）到这个文件"
    )

    imp = sub.add_parser(
        "import",
        help="从 Excel 工作簿或保存的网页导入报告",
        description="从含有官方统计表的 Excel 工作簿（.xlsx）或保存的年度报告网页（.html、.htm）"
        "导入，生成新的草稿（不会覆盖已有文件）。网页的正文（各部分文字）也一并导入。",
    )
    imp.add_argument("file", metavar="文件", help="Excel 工作簿（.xlsx）或保存的年度报告网页")
    imp.add_argument("-o", "--output", required=True, metavar="输出.gaidesk", help="新草稿的文件")

    from gaidesk.summary_arguments import add_summary_parser

    add_summary_parser(sub)
    return parser


def _build_window_parser() -> _Parser:
    parser = _Parser(prog="gaidesk", description="打开 gaidesk 程序窗口。")
    parser.add_argument("--data-dir", metavar="文件夹", help="数据文件夹（草稿、回收站、字体）")
    parser.add_argument("file", nargs="?", metavar="文件", help="要打开的 .gaidesk 草稿")
    return parser


def _first_positional(argv: Sequence[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--data-dir":
            skip = True
            continue
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


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
    first = _first_positional(args_list)
    wants_help = any(a in ("-h", "--help") for a in args_list)
    if first in VERBS or (first is None and wants_help):
        args = _build_parser().parse_args(args_list)
    else:
        args = _build_window_parser().parse_args(args_list)
        return _run_window(args.file, args.data_dir)
    data_dir = Path(args.data_dir) if args.data_dir else None
    try:
        if args.verb == "check":
            return _check(args.files, args.previous, args.json)
        if args.verb == "new":
            return _new(args, data_dir)
        if args.verb == "export":
            return _export(args.file, args.pdf, args.xlsx, args.html, data_dir)
        if args.verb == "summary":
            from gaidesk.summary.command import run_summary

            return run_summary(args, data_dir)
        return _import(args.file, args.output)
    except KeyboardInterrupt:
        _err("已中断。")
        return EXIT_ERRORS
    except OSError as exc:
        # A file the verb itself touches (an output name too long, a looping link, …); the
        # modules below describe their own.
        _err(describe_os_error(exc, "操作", exc.filename or "（未知位置）"))
        return EXIT_ERRORS


def _out(text: str = "") -> None:
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


def _err(text: str) -> None:
    print(f"gaidesk：{text}", file=sys.stderr, flush=True)


def _load(path: str, *, quiet: bool = False) -> Report:
    """Load a draft, telling what loading changed (unless ``quiet``); DraftError propagates."""
    from gaidesk.store import load_report

    report = load_report(path)
    if not quiet:
        for note in report.notes:
            _out(f"{path}：{note}")
    return report


def _argument(text: str, where: str) -> str:
    """A text given on the command line, without what no file can hold (bytes that are not
    UTF-8 arrive as lone surrogates); says so when something was removed."""
    from gaidesk.cleantext import clean, removed_message

    cleaned, removed = clean(text)
    if removed:
        _out(removed_message(where, removed))
    return cleaned.strip()


# ---------------------------------------------------------------------------------------------
# check


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "cells": list(f.cells), "message": f.message}


def _check(files: list[str], previous_path: str | None, as_json: bool) -> int:
    from gaidesk import format as fmt
    from gaidesk import rules
    from gaidesk.draft import DraftError

    previous = None
    if previous_path is not None:
        try:
            previous = _load(previous_path, quiet=as_json)
        except DraftError as exc:
            _err(f"上年报告“{previous_path}”无法读取：{exc}")
            return EXIT_UNREADABLE
    results: list[dict[str, Any]] = []
    code = EXIT_OK
    for name in files:
        try:
            report = _load(name, quiet=as_json)
        except DraftError as exc:
            code = EXIT_UNREADABLE
            results.append(
                {
                    "file": name,
                    "errors": None,
                    "warnings": None,
                    "findings": [],
                    "unreadable": str(exc),
                }
            )
            if not as_json:
                _out(f"{name}：无法读取。{exc}")
                _out()
            continue
        findings = rules.check(report, previous)
        errors = fmt.count(findings, fmt.Severity.ERROR)
        warnings = len(findings) - errors
        if errors and code == EXIT_OK:
            code = EXIT_ERRORS
        results.append(
            {
                "file": name,
                "errors": errors,
                "warnings": warnings,
                "findings": [_finding_dict(f) for f in findings],
                "notes": list(report.notes),
            }
        )
        if not as_json:
            _print_findings(name, findings, errors, warnings)
    if as_json:
        doc: Any = results[0] if len(files) == 1 else results
        _out(json.dumps(doc, ensure_ascii=False, indent=2))
    elif len(files) > 1:
        _print_summary(results)
    return code


def _print_findings(name: str, findings: list[Finding], errors: int, warnings: int) -> None:
    if not findings:
        _out(f"{name}：没有发现问题。")
        _out()
        return
    from gaidesk import format as fmt

    _out(f"{name}：{fmt.counts_text(errors, warnings, sep='，')}")
    ordered = sorted(findings, key=lambda f: f.severity != fmt.Severity.ERROR)
    for f in ordered:
        _out(f"  【{f.severity.word}】{f.rule}：{f.message}")
    _out()


def _print_summary(results: list[dict[str, Any]]) -> None:
    unreadable = sum(1 for r in results if r["errors"] is None)
    with_errors = sum(1 for r in results if r["errors"])
    clean = len(results) - unreadable - with_errors
    line = f"共 {len(results)} 个文件：{clean} 个没有错误，{with_errors} 个有错误"
    if unreadable:
        line += f"，{unreadable} 个无法读取"
    _out(line + "。")


# ---------------------------------------------------------------------------------------------
# new


def _new(args: argparse.Namespace, data_dir: Path | None) -> int:
    from gaidesk import format as fmt
    from gaidesk.draft import DraftError
    from gaidesk.model import Report
    from gaidesk.store import Library, StoreError, save_report

    agency = _argument(args.agency, fmt.AGENCY.label) if args.agency else None
    year: int | None = args.year
    if year is not None and not fmt.valid_year(year):
        _err(f"年度 {year} 不合理，请给出四位数的年份，例如 2026。")
        return EXIT_UNREADABLE
    previous = None
    if args.source:
        try:
            previous = _load(args.source)
        except DraftError as exc:
            _err(f"上年报告“{args.source}”无法读取：{exc}")
            return EXIT_UNREADABLE
    if previous is None and (not agency or year is None):
        _err("请用 --agency 给出报告单位，用 --year 给出年度（或用 --from 从上年报告接续）。")
        return EXIT_UNREADABLE
    if previous is not None:
        from gaidesk.carry import new_from_previous

        report = new_from_previous(previous, agency=agency, year=year)
    else:
        assert agency is not None
        report = Report.blank(agency, year)
    if args.short_name:
        report.meta.short_name = _argument(args.short_name, fmt.SHORT_NAME.label)
    if report.meta.year is None:
        _err("上年报告没有年度，请用 --year 给出本报告的年度。")
        return EXIT_UNREADABLE
    try:
        if args.output:
            out = Path(args.output)
            if out.exists() and not args.force:
                _err(f"文件“{out}”已经存在，没有覆盖。要覆盖请加 --force，或换一个文件名。")
                return EXIT_ERRORS
            if out.is_dir():
                shown = out.absolute()
                _err(f"“{shown}”是一个文件夹，请给出文件名，例如 {shown / '报告.gaidesk'}。")
                return EXIT_ERRORS
        else:
            out = Library(data_dir).new_draft_path(report)
        save_report(report, out, keep_version=True)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_ERRORS
    who = report.meta.agency
    _out(f"已新建草稿：{out}")
    _out(f"  {fmt.AGENCY.label}：{who}（简称：{report.meta.short_name}），年度：{report.meta.year}")
    if previous is not None:
        carried = report.count(fmt.cell(fmt.T3, fmt.T3_CARRIED_IN_ROW, fmt.T3_TOTAL_COLUMN))
        _out(
            f"  已从 {previous.meta.year or '上'} 年报告接续：本年“上年结转”共 {carried} 件"
            "（按上年“结转下年度继续办理”逐列填入），“现行有效件数”以上年数为起点。"
        )
        _out("  正文留空，请在程序中填写（编辑时可参考上年正文）。")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# export


def _export(
    file: str, pdf: str | None, xlsx: str | None, html: str | None, data_dir: Path | None
) -> int:
    from gaidesk import format as fmt
    from gaidesk import rules
    from gaidesk.draft import DraftError

    if not pdf and not xlsx and not html:
        _err("请用 --pdf 输出.pdf、--xlsx 输出.xlsx 或 --html 输出.html 指定要导出的文件。")
        return EXIT_UNREADABLE
    from gaidesk.store import StoreError, check_export_target

    try:
        targets = [check_export_target(t, Path(file)) for t in (pdf, xlsx, html) if t]
    except StoreError as exc:
        _err(str(exc))
        return EXIT_ERRORS
    if len(set(targets)) < len(targets):
        _err("不同的格式不能导出到同一个文件，请给每种格式一个不同的文件名。")
        return EXIT_ERRORS
    try:
        report = _load(file)
    except DraftError as exc:
        _err(f"“{file}”无法读取：{exc}")
        return EXIT_UNREADABLE
    findings = rules.check(report)
    errors = fmt.count(findings, fmt.Severity.ERROR)
    if errors:
        _out(f"报告还有 {fmt.counts_text(errors, 0)}，将导出为“草稿”（不能作为正式报告使用）。")
        _out("请先用 gaidesk check 查看错误并改正。")
    code = EXIT_OK
    if pdf:
        code = max(code, _export_pdf(report, findings, Path(pdf), data_dir))
    if xlsx:
        code = max(code, _export_xlsx(report, findings, Path(xlsx)))
    if html:
        code = max(code, _export_html(report, findings, Path(html)))
    return code


def _export_pdf(report: Report, findings: list[Finding], out: Path, data_dir: Path | None) -> int:
    from gaidesk.store import Library

    try:
        from gaidesk.pdf import export_pdf

        fonts_dir = Library(data_dir).fonts_dir  # only this one: --data-dir replaces the default
        result = export_pdf(report, out, findings=findings, extra_font_dirs=[fonts_dir])
    except GaideskError as exc:
        _err(f"PDF 没有导出：{exc}")
        if type(exc).__name__ == "MissingGlyphError":
            _err(f"字体文件夹：{Library(data_dir).fonts_dir}")
        return EXIT_ERRORS
    except OSError as exc:
        _err(f"PDF 没有导出：{describe_os_error(exc, '写入', out)}")
        return EXIT_ERRORS
    marked = "，带“草稿”水印" if getattr(result, "draft", False) else ""
    _out(f"已导出 PDF：{out}（共 {result.pages} 页{marked}）")
    fonts = getattr(result, "fonts", {}) or {}
    if fonts:
        _out("  使用的字体：")
        for role, description in fonts.items():
            _out(f"    {_FONT_ROLES.get(role, role)}：{description}")
    note = result.substitutes_note()
    if note:
        _out(f"  {note}")
    return EXIT_OK


def _export_xlsx(report: Report, findings: list[Finding], out: Path) -> int:
    try:
        from gaidesk.workbook import export_xlsx

        export_xlsx(report, out, findings=findings)
    except GaideskError as exc:
        _err(f"Excel 没有导出：{exc}")
        return EXIT_ERRORS
    except OSError as exc:
        _err(f"Excel 没有导出：{describe_os_error(exc, '写入', out)}")
        return EXIT_ERRORS
    _out(f"已导出 Excel：{out}")
    return EXIT_OK


def _export_html(report: Report, findings: list[Finding], out: Path) -> int:
    from gaidesk.webpage import export_html

    try:
        result = export_html(report, out, findings=findings)
    except GaideskError as exc:
        _err(f"网站发布版没有导出：{exc}")
        return EXIT_ERRORS
    marked = "，顶部标有“草稿”" if result.draft else ""
    _out(f"已导出网站发布版：{out}{marked}")
    _out("  用浏览器打开它，全选复制，粘贴到网站编辑器中即可（表格的边框和合并单元格都会保留）。")
    if result.note:
        _out(f"  {result.note}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# import


def _import(file: str, output: str) -> int:
    from gaidesk.errors import ImportFailed
    from gaidesk.store import StoreError, save_report

    out = Path(output)
    if out.is_dir():
        shown = out.absolute()
        _err(f"“{shown}”是一个文件夹，请给出文件名，例如 {shown / '报告.gaidesk'}。")
        return EXIT_ERRORS
    if out.exists():
        _err(f"文件“{out}”已经存在，导入不会覆盖已有文件。请换一个输出文件名。")
        return EXIT_ERRORS
    source = Path(file)
    if not source.is_file():
        _err(f"找不到文件“{file}”。")
        return EXIT_UNREADABLE
    try:
        from gaidesk.importer import import_file

        result = import_file(source)
    except ImportFailed as exc:
        _err(f"“{file}”无法导入：{exc}")
        return EXIT_UNREADABLE
    except GaideskError as exc:
        _err(f"“{file}”无法导入：{exc}")
        return EXIT_ERRORS
    except OSError as exc:
        _err(describe_os_error(exc, "读取文件", source))
        return EXIT_UNREADABLE
    if out.exists():  # created meanwhile
        _err(f"文件“{out}”已经存在，导入不会覆盖已有文件。")
        return EXIT_ERRORS
    try:
        save_report(result.report, out, keep_version=False)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_ERRORS
    _out(f"已导入：{file} → {out}")
    for note in result.notes:
        _out(f"  · {note}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# the window


def _run_window(file: str | None, data_dir: str | None) -> int:
    try:
        # Imported by name so that the core's type check does not reach into the Qt code.
        run = importlib.import_module("gaidesk.gui.app").run
    except ImportError as exc:
        _err(f"无法打开程序窗口（图形界面组件缺失：{exc}）。命令行功能仍可使用，见 gaidesk -h。")
        return EXIT_UNREADABLE
    path = Path(file) if file else None
    return int(run(path, Path(data_dir) if data_dir else None))
