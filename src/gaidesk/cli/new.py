"""``gaidesk new``: a new draft, optionally carried on from last year's."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from gaidesk.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    argument,
    err,
    load_draft,
    say,
)


def new(args: argparse.Namespace, data_dir: Path | None) -> int:
    """``gaidesk new``: a new draft, optionally carried on from last year's."""
    from gaidesk import format as fmt
    from gaidesk.draft import DraftError
    from gaidesk.model import Report
    from gaidesk.store import Library, StoreError, save_report

    agency = argument(args.agency, fmt.AGENCY.label) if args.agency else None
    year: int | None = args.year
    if year is not None and not fmt.valid_year(year):
        err(f"年度 {year} 不合理，请给出四位数的年份，例如 2026。")
        return EXIT_UNREADABLE
    previous = None
    if args.source:
        try:
            previous = load_draft(args.source)
        except DraftError as exc:
            err(f"上年报告“{args.source}”无法读取：{exc}")
            return EXIT_UNREADABLE
    if previous is None and (not agency or year is None):
        err("请用 --agency 给出报告单位，用 --year 给出年度（或用 --from 从上年报告接续）。")
        return EXIT_UNREADABLE
    if previous is not None:
        from gaidesk.carry import new_from_previous

        report = new_from_previous(previous, agency=agency, year=year)
    else:
        assert agency is not None
        report = Report.blank(agency, year)
    if args.short_name:
        report.meta.short_name = argument(args.short_name, fmt.SHORT_NAME.label)
    if report.meta.year is None:
        err("上年报告没有年度，请用 --year 给出本报告的年度。")
        return EXIT_UNREADABLE
    try:
        if args.output:
            out = Path(args.output)
            if out.exists() and not args.force:
                err(f"文件“{out}”已经存在，没有覆盖。要覆盖请加 --force，或换一个文件名。")
                return EXIT_ERRORS
            if out.is_dir():
                shown = out.absolute()
                err(f"“{shown}”是一个文件夹，请给出文件名，例如 {shown / '报告.gaidesk'}。")
                return EXIT_ERRORS
        else:
            out = Library(data_dir).new_draft_path(report)
        save_report(report, out, keep_version=True)
    except StoreError as exc:
        err(str(exc))
        return EXIT_ERRORS
    who = report.meta.agency
    say(f"已新建草稿：{out}")
    say(f"  {fmt.AGENCY.label}：{who}（简称：{report.meta.short_name}），年度：{report.meta.year}")
    if previous is not None:
        carried = report.count(fmt.cell(fmt.T3, fmt.T3_CARRIED_IN_ROW, fmt.T3_TOTAL_COLUMN))
        say(
            f"  已从 {previous.meta.year or '上'} 年报告接续：本年“上年结转”共 {carried} 件"
            "（按上年“结转下年度继续办理”逐列填入），“现行有效件数”以上年数为起点。"
        )
        say("  正文留空，请在程序中填写（编辑时可参考上年正文）。")
    return EXIT_OK
