"""The summary as a printable review list for the office: A4, the count of reports in the title,
each unit's problems, then the units missing, doubled, of another year, alike, and the roll-up.

The faces are the report's own (``gaidesk.fonts``, registered as the report's PDF does); a
character a unit's text holds that the body face lacks is drawn with a face that has it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from gaidesk import fonts as fontmod
from gaidesk import format as fmt
from gaidesk.fonts import BODY, HEADING, TITLE, FontSet
from gaidesk.pdf.export import write_atomically
from gaidesk.pdf.faces import font_name
from gaidesk.summary import Summary, Unit

MARGIN = 20 * mm
_SIZES: dict[str, tuple[float, float]] = {
    TITLE: (18.0, 26.0),
    HEADING: (13.0, 20.0),
    BODY: (10.5, 15.0),
}


class _Writer:
    def __init__(self, fontset: FontSet) -> None:
        self.fontset = fontset
        self.story: list[object] = []
        self.styles = {
            role: ParagraphStyle(
                role,
                fontName=font_name(fontset.roles[role].face),
                fontSize=size,
                leading=leading,
                wordWrap="CJK",
                spaceBefore=leading * 0.4 if role != BODY else 1,
                alignment=1 if role == TITLE else 0,
            )
            for role, (size, leading) in _SIZES.items()
        }
        self.item = ParagraphStyle(
            "item", parent=self.styles[BODY], leftIndent=14, firstLineIndent=-10
        )

    def markup(self, role: str, text: str) -> str:
        runs = self.fontset.runs(role, fontmod.printable(text))
        return "".join(f'<font name="{font_name(face)}">{escape(run)}</font>' for run, face in runs)

    def add(self, role: str, text: str) -> None:
        self.story.append(Paragraph(self.markup(role, text), self.styles[role]))

    def item_line(self, text: str) -> None:
        self.story.append(Paragraph(self.markup(BODY, "· " + text), self.item))


def _unit_heading(i: int, unit: Unit) -> str:
    if unit.report is None:
        return f"{i}. {unit.path.name}（无法读取）"
    counts = fmt.counts_text(unit.errors, unit.warnings, sep="，") or "没有发现问题"
    return f"{i}. {unit.body}（{unit.year or '年度未填'}，{unit.form}）：{counts}"


def render_summary_pdf(
    summary: Summary,
    *,
    extra_font_dirs: Iterable[str | os.PathLike[str]] = (),
) -> bytes:
    """The printable review list of a summary as PDF bytes."""
    fontset = fontmod.choose(extra_font_dirs)
    w = _Writer(fontset)
    w.add(TITLE, "政府信息公开工作年度报告审核清单")
    year = f"{summary.year} 年度，" if summary.year is not None else ""
    with_errors = sum(1 for u in summary.units if u.errors or u.report is None)
    w.add(
        BODY,
        f"{year}共 {len(summary.units)} 份报告，其中 {with_errors} 份有错误"
        + (f"；名单 {len(summary.roster.names)} 个单位" if summary.roster else "")
        + "。",
    )
    w.story.append(Spacer(1, 6))
    w.add(HEADING, "一、各单位的问题")
    for i, unit in enumerate(summary.units, start=1):
        w.add(BODY, _unit_heading(i, unit))
        if unit.report is None:
            w.item_line(unit.unreadable)
        ordered = sorted(unit.findings, key=lambda f: f.severity != fmt.Severity.ERROR)
        for f in ordered:
            w.item_line(f"【{f.severity.word}】{f.message}")
        w.item_line(f"文件：{unit.path}")
    sections = [
        ("二、名单上未报送的单位", [f"{name}" for name in summary.missing]),
        ("三、重复报送", [f.message for f in summary.findings if f.rule == "SUM-DOUBLED"]),
        ("四、年度不对", [f.message for f in summary.findings if f.rule == "SUM-YEAR"]),
        ("五、不在名单上的单位", [u.body for u in summary.unknown]),
        ("六、内容雷同", [f.message for f in summary.findings if f.rule == "SUM-SIMILAR"]),
    ]
    for heading, lines in sections:
        w.add(HEADING, heading)
        for line in lines or ["无。"]:
            w.item_line(line)
    w.add(HEADING, f"七、汇总表（{summary.rollup.counted} 个单位）")
    findings = summary.rollup.findings
    for f in findings:
        w.item_line(f"【{f.severity.word}】{f.message}")
    if not findings:
        w.item_line("表二、表三、表四汇总后各项合计相符。")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"审核清单（{len(summary.units)} 份报告）",
        creator="gaidesk",
        invariant=True,
        initialFontName=font_name(fontset.roles[BODY].face),
    )
    doc.build(w.story)
    return buffer.getvalue()


def export_summary_pdf(
    summary: Summary,
    path: str | os.PathLike[str],
    *,
    extra_font_dirs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write the review list atomically; ExportError (Chinese) when it cannot be written."""
    write_atomically(Path(path), render_summary_pdf(summary, extra_font_dirs=extra_font_dirs))
