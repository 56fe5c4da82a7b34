"""A new year's report started from last year's (「从上年报告新建」, ``gaidesk new --from``).

Taken over: the body and its short name, the clerk's own sub-headings, and the two numbers
that must continue: this year's 上年结转 per column is last year's 结转下年度继续办理,
and each 现行有效件数 starts at last year's value (the clerk then adds what was issued
and repealed). The narrative starts empty: last year's text is shown alongside in the
editor, never copied in.
"""

from __future__ import annotations

from gaidesk import format as fmt
from gaidesk.model import Meta, Report, derive_short_name


def carried_cells() -> list[tuple[str, str]]:
    """(this year's address, last year's address) pairs copied from one year to the next."""
    pairs = [
        (
            fmt.cell(fmt.T3, fmt.T3_CARRIED_IN_ROW, c.key),
            fmt.cell(fmt.T3, fmt.T3_CARRIED_OUT_ROW, c.key),
        )
        for c in fmt.T3_COLUMNS
        if c.key != fmt.T3_TOTAL_COLUMN
    ]
    pairs += [
        (a, a)
        for a in fmt.ADDRESSES
        if fmt.table_of(a) == fmt.T2 and fmt.col_of(a) == fmt.T2_IN_FORCE_FIELD
    ]
    return pairs


def new_from_previous(
    previous: Report, agency: str | None = None, year: int | None = None
) -> Report:
    """This year's draft from last year's report (see the module text for what is taken over)."""
    same_body = agency is None or agency.strip() == previous.meta.agency
    body = previous.meta.agency if agency is None else agency.strip()
    short_name = previous.meta.short_name if same_body else derive_short_name(body)
    if year is None and previous.meta.year is not None:
        year = previous.meta.year + 1
    report = Report.blank(body, year, short_name=short_name or derive_short_name(body))
    report.meta = Meta(agency=body, short_name=report.meta.short_name, year=year)
    report.titles = dict(previous.titles)
    for here, there in carried_cells():
        value = previous.count(there)
        report.cells[here] = 0 if value is None else value
    report.recompute_totals()
    return report
