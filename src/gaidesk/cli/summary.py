"""``gaidesk summary``: the county's summary on the command line (docs/format.md §7 and §13)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from gaidesk import format as fmt
from gaidesk.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    err,
    finding_dict,
    not_exported,
    say,
)
from gaidesk.errors import GaideskError
from gaidesk.summary import Summary, Unit, read_roster, summarize
from gaidesk.summary.roster import Roster


def run_summary(args: argparse.Namespace, data_dir: Path | None) -> int:
    """``gaidesk summary``: the county's summary over files and folders, in words or as JSON."""
    if args.year is not None and not fmt.valid_year(args.year):
        err(f"年度 {args.year} 不合理，请给出四位数的年份，例如 2025。")
        return EXIT_UNREADABLE
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        err("找不到：" + "、".join(f"“{p}”" for p in missing))
        return EXIT_UNREADABLE
    if args.previous is not None and not Path(args.previous).is_dir():
        err(f"上年报告的文件夹“{args.previous}”不存在或不是文件夹。")
        return EXIT_UNREADABLE
    roster: Roster | None = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except GaideskError as exc:
            err(str(exc))
            return EXIT_UNREADABLE
    targets: list[Path] = []
    if args.xlsx or args.pdf:
        from gaidesk.store import StoreError, check_export_target

        try:
            targets = [check_export_target(t) for t in (args.xlsx, args.pdf) if t]
        except StoreError as exc:
            err(str(exc))
            return EXIT_ERRORS
        if len(targets) == 2 and targets[0] == targets[1]:
            err("PDF 和 Excel 不能导出到同一个文件，请给出两个不同的文件名。")
            return EXIT_ERRORS
    summary = summarize(args.paths, roster=roster, year=args.year, previous=args.previous)
    if not summary.units:
        err("给出的文件和文件夹里没有报告（.gaidesk、.xlsx、.html、.htm）。")
        return EXIT_UNREADABLE
    if args.json:
        say(json.dumps(summary_document(summary), ensure_ascii=False, indent=2))
    else:
        _print(summary)
    code = EXIT_UNREADABLE if summary.unreadable else EXIT_ERRORS if summary.errors else EXIT_OK
    if args.xlsx:
        code = max(code, _write(summary, Path(args.xlsx), "Excel", data_dir))
    if args.pdf:
        code = max(code, _write(summary, Path(args.pdf), "PDF", data_dir))
    return code


def _write(summary: Summary, out: Path, what: str, data_dir: Path | None) -> int:
    try:
        if what == "Excel":
            from gaidesk.summary.workbook import export_summary_xlsx

            export_summary_xlsx(summary, out)
        else:
            from gaidesk.store import Library
            from gaidesk.summary.pdf import export_summary_pdf

            export_summary_pdf(summary, out, extra_font_dirs=[Library(data_dir).fonts_dir])
    except (GaideskError, OSError) as exc:
        return not_exported(f"{what} 没有导出", out, exc)
    if what == "Excel":
        say(f"已导出 Excel：{out}")
    else:
        say(f"已导出 PDF：{out}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Human output


def _unit_line(unit: Unit) -> str:
    if unit.report is None:
        return f"{unit.path}：无法读取。{unit.unreadable}"
    counts = fmt.counts_text(unit.errors, unit.warnings, sep="，") or "没有发现问题"
    return f"{unit.body}｜{unit.year or '年度未填'}｜{unit.form}｜{counts}｜{unit.path}"


def _print(summary: Summary) -> None:
    forms: dict[str, int] = {}
    for unit in summary.units:
        forms[unit.form] = forms.get(unit.form, 0) + 1
    shown_forms = "、".join(f"{form} {n}" for form, n in forms.items())
    head = f"审核汇总：共 {len(summary.units)} 份报告（{shown_forms}）"
    if summary.year is not None:
        head += f"，{summary.year} 年度"
    if summary.roster is not None:
        head += f"，名单 {len(summary.roster.names)} 个单位"
    say(head + "。")
    say()
    say("单位｜年度｜形式｜检查结果｜文件")
    for unit in summary.units:
        say(_unit_line(unit))
        for problem in unit.problems if unit.report is not None else ():
            say(f"    {problem}")
        more = len(unit.findings) - len(unit.problems)
        if unit.report is not None and more > 0:
            say(f"    ……另有 {more} 处")
    say()
    for finding in summary.findings:
        say(f"【{finding.severity.word}】{finding.rule}：{finding.message}")
    for unit, found in summary.cross_year:
        say(f"【{found.severity.word}】{found.rule}（与上年对比）：{unit.body}：{found.message}")
    for path, reason in summary.previous_unreadable.items():
        say(f"上年报告“{path}”无法读取，没有用于对比：{reason}")
    rollup = summary.rollup
    say()
    say(f"汇总：表二、表三、表四按 {rollup.counted} 个单位汇总。")
    if rollup.findings:
        for f in rollup.findings:
            say(f"  【{f.severity.word}】{f.rule}：{f.message}")
    else:
        say("  汇总表各项合计相符。")
    errors, warnings = summary.errors, _warnings(summary)
    say()
    say(f"共 {fmt.counts_text(errors, warnings, sep='，') or '没有发现问题'}。")


def _warnings(summary: Summary) -> int:
    return (
        sum(u.warnings for u in summary.units)
        + fmt.count(summary.findings, fmt.Severity.WARNING)
        + fmt.count(summary.rollup.findings, fmt.Severity.WARNING)
    )


# ---------------------------------------------------------------------------------------------
# JSON


def summary_document(summary: Summary) -> dict[str, Any]:
    """The summary as plain data (``--json``; docs/format.md §13 shows its shape)."""

    def unit_doc(unit: Unit) -> dict[str, Any]:
        return {
            "file": str(unit.path),
            "form": unit.form,
            "body": unit.body,
            "year": unit.year,
            "errors": unit.errors if unit.report is not None else None,
            "warnings": unit.warnings if unit.report is not None else None,
            "problems": list(unit.problems),
            "findings": [finding_dict(f) for f in unit.findings],
            "previous": str(unit.previous) if unit.previous else None,
            "cross_year": [finding_dict(f) for f in unit.cross_year],
            "unreadable": unit.unreadable or None,
        }

    rollup = summary.rollup
    return {
        "year": summary.year,
        "roster": str(summary.roster.path) if summary.roster else None,
        "units": [unit_doc(u) for u in summary.units],
        "missing": list(summary.missing),
        "doubled": [
            {"body": g[0].body, "files": [str(u.path) for u in g]} for g in summary.doubled
        ],
        "unknown": [{"body": u.body, "file": str(u.path)} for u in summary.unknown],
        "wrong_year": [
            {"body": u.body, "file": str(u.path), "year": u.year} for u in summary.wrong_year
        ],
        "similar": [
            {
                "units": [s.first.body, s.second.body],
                "files": [str(s.first.path), str(s.second.path)],
                "part": s.part,
                "share": round(s.share, 3),
                "passage": s.passage,
            }
            for s in summary.same
        ],
        "rollup": {
            "units": rollup.counted,
            "cells": {a: rollup.report.cells[a] for a in fmt.VALUE_CELLS},
            "findings": [finding_dict(f) for f in rollup.findings],
        },
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "units": list(f.units),
                "files": [str(p) for p in f.paths],
                "message": f.message,
            }
            for f in summary.findings
        ],
    }
