"""The 网站发布版: the whole report as one self-contained HTML page to paste into a CMS editor.

County portals publish a township's report as a page typed or pasted into their CMS's rich-text
editor (TRS, UEditor, KindEditor, TinyMCE, wangEditor…). Those editors' paste filters drop
classes, ``<style>`` and ``<script>`` elements, external style sheets and often ``<colgroup>``;
what they keep is the table structure (``rowspan``/``colspan``), inline ``style`` attributes and
the old presentation attributes (``border``, ``cellspacing``, ``cellpadding``, ``align``,
``valign``, ``width``). So every border, alignment and width is written in both forms, on every
cell; nothing refers to a file, a font file or an image. Numbers are the only text of their cell
(one text node, never split across elements), a count of 0 prints 0 as the format prints it, and
every character stays a character (rare ones included): the page names, in a note for the clerk
kept apart from the report, the characters that a reader's computer may lack a font for.

Built from ``gaidesk.outline``, the same walk the PDF prints; no Qt, no network.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gaidesk import format as fmt
from gaidesk import outline as ol
from gaidesk.errors import ExportError, StoreError
from gaidesk.fsutil import write_atomic
from gaidesk.model import Report

DRAFT_MARK = "草稿"
DRAFT_NOTE = "草稿：报告仍有错误，不是定稿"

BORDER = "1px solid #000000"
CELL_PADDING = 4  # px, as the cellpadding attribute and the cells' style
# The faces of the printed report (docs/format.md §8) first, then what every reader's computer has.
BODY_FACES = "仿宋_GB2312, 仿宋, FangSong, STFangsong, serif"
TITLE_FACES = "方正小标宋简体, 小标宋体, 宋体, SimSun, serif"
HEADING_FACES = "黑体, SimHei, sans-serif"
SUBHEADING_FACES = "楷体_GB2312, 楷体, KaiTi, STKaiti, serif"
TABLE_FACES = "宋体, SimSun, serif"

BODY_STYLE = f"font-family: {BODY_FACES}; font-size: 16pt; line-height: 1.75; text-indent: 2em"
TITLE_STYLE = (
    f"font-family: {TITLE_FACES}; font-size: 22pt; font-weight: bold; line-height: 1.5; "
    "text-align: center"
)
HEADING_STYLE = (
    f"font-family: {HEADING_FACES}; font-size: 16pt; line-height: 1.75; text-indent: 2em"
)
SUBHEADING_STYLE = f"font-family: {SUBHEADING_FACES}; font-size: 16pt"
SIGNATURE_STYLE = (
    f"font-family: {BODY_FACES}; font-size: 16pt; line-height: 1.75; text-align: right"
)
TABLE_STYLE = (
    f"border-collapse: collapse; border: {BORDER}; width: 100%; font-family: {TABLE_FACES}"
)


@dataclass
class HtmlResult:
    """What an export produced: the page, its plain-text alternative and what to tell the clerk."""

    html: str  # the whole page (UTF-8, with its meta charset)
    fragment: str  # the report's body alone: what goes on the clipboard as text/html
    text: str  # the plain-text alternative for editors that take no HTML
    rare: tuple[str, ...]  # characters a reader's computer may lack a font for, in order
    draft: bool  # the report has an error: marked 「草稿」
    path: Path | None = None

    @property
    def note(self) -> str:
        """The note for the clerk (never part of the report): which characters may need a font
        on the reader's side, or "" when there are none."""
        if not self.rare:
            return ""
        return (
            f"报告中有 {len(self.rare)} 个生僻字：{'、'.join(self.rare)}。"
            "网页上它们仍是文字（不是图片），但读者的电脑若没有含这些字的字体，会显示为方框或问号；发布后请在网站上看一看，"
            "必要时请网站管理员为页面指定含这些字的字体。"
        )


def rare_characters(texts: list[str]) -> tuple[str, ...]:
    """The characters outside GBK (the set every Chinese Windows has fonts for) and outside the
    basic plane, in order of first use: 生僻字 a reader's computer may lack a font for."""
    found: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if ch in found or ch.isascii() or ch.isspace():
                continue
            try:
                ch.encode("gbk")
            except UnicodeEncodeError:
                found[ch] = None
    return tuple(found)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _para(text: str, style: str = BODY_STYLE) -> str:
    return f'<p style="{style}">{_esc(text)}</p>'


def _column_percents(grid: ol.Grid) -> list[float]:
    """Each column's share of the table's width, from the format's column widths."""
    widths = grid.traits.sheet_widths or (1.0,) * grid.spec.cols
    total = sum(widths)
    return [round(100 * w / total, 1) for w in widths]


def _cell(cell: ol.Cell, percents: list[float]) -> str:
    align = "center" if cell.align == ol.CENTER else "left"
    style = (
        f"border: {BORDER}; padding: {CELL_PADDING}px; text-align: {align}; vertical-align: middle"
    )
    attrs = [f'align="{align}"', 'valign="middle"']
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    width = round(sum(percents[cell.col : cell.col + cell.colspan]), 1)
    attrs.append(f'width="{width:g}%"')
    style += f"; width: {width:g}%"
    if cell.is_value:
        style += "; white-space: nowrap"
        content = _esc(cell.text) if cell.text else "&nbsp;"
    elif cell.vertical:
        # Set vertically as in the printed form: one character a line (writing-mode is dropped
        # by most paste filters, a line break never is).
        content = "<br>".join(_esc(ch) for ch in cell.text)
    else:
        content = _esc(cell.text)
    if cell.header and content:
        content = f"<strong>{content}</strong>"
    return f'<td {" ".join(attrs)} style="{style}">{content}</td>'


def table_html(grid: ol.Grid) -> str:
    """A table with every merge as rowspan/colspan and every border on every cell."""
    percents = _column_percents(grid)
    rows = "".join(
        "<tr>" + "".join(_cell(c, percents) for c in row) + "</tr>" for row in grid.rows()
    )
    size = grid.traits.print_sizes[0]  # the table's printed size: 12 pt for 表二, 10.5 pt others
    return (
        f'<table border="1" cellspacing="0" cellpadding="{CELL_PADDING}" width="100%" '
        f'style="{TABLE_STYLE}; font-size: {size:g}pt"><tbody>{rows}</tbody></table>'
    )


def _part(part: ol.Part) -> list[str]:
    """A text part: its sub-heading on a line of its own (docs/format.md §8), its paragraphs."""
    heading = f'<span style="{SUBHEADING_STYLE}">{_esc(part.heading)}</span>'
    out = [f'<p style="{BODY_STYLE}">{heading}</p>'] if part.heading else []
    return out + [_para(p) for p in part.paragraphs]


def _grid_text(grid: ol.Grid) -> list[str]:
    """A table as tab-separated lines: each cell's text at its first row and column."""
    lines: list[list[str]] = [[""] * grid.spec.cols for _ in range(grid.spec.rows)]
    for c in grid.cells:
        lines[c.row][c.col] = c.text
    return ["\t".join(line).rstrip("\t") for line in lines]


def _body(printed: ol.Outline, draft: bool) -> tuple[str, list[str]]:
    """The report's body as HTML and as lines of plain text."""
    blocks: list[str] = []
    lines: list[str] = []
    if draft:
        style = "color: #c00000; font-size: 14pt; font-weight: bold; text-align: center"
        blocks.append(f'<p style="{style}">{_esc(DRAFT_NOTE)}</p>')
        lines += [DRAFT_NOTE, ""]
    blocks.append(f'<p align="center" style="{TITLE_STYLE}">{_esc(printed.title)}</p>')
    lines += [printed.title, ""]
    blocks += [_para(p) for p in printed.preface]
    lines += list(printed.preface)
    for section in printed.sections:
        blocks.append(_para(section.heading, HEADING_STYLE))
        lines.append(section.heading)
        for part in section.parts:
            blocks += _part(part)
            lines += ([part.heading] if part.heading else []) + list(part.paragraphs)
        if section.table:
            blocks.append(table_html(section.table))
            lines += _grid_text(section.table)
    blocks.append("<p>&nbsp;</p>")
    lines.append("")
    for text in (printed.signature.name, printed.signature.date):
        if text:
            blocks.append(f'<p align="right" style="{SIGNATURE_STYLE}">{_esc(text)}</p>')
            lines.append(text)
    return "\n".join(blocks), lines


def render_html(report: Report, *, findings: Sequence[fmt.HasSeverity]) -> HtmlResult:
    """The web version of the report. A report with an error finding among ``findings`` is marked
    「草稿」 at its top and in the page title, never silently final."""
    draft = fmt.count(findings, fmt.Severity.ERROR) > 0
    printed = ol.outline(report)
    fragment, lines = _body(printed, draft)
    title = f"{printed.title}（{DRAFT_MARK}）" if draft else printed.title
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
    return HtmlResult(
        html=page,
        fragment=fragment,
        text="\n".join(lines) + "\n",
        rare=rare_characters(list(printed.texts())),
        draft=draft,
    )


def export_html(
    report: Report, path: str | os.PathLike[str], *, findings: Sequence[fmt.HasSeverity]
) -> HtmlResult:
    """Write the web version as a UTF-8 ``.html`` file, atomically. Raises ExportError when the
    file cannot be written (nothing half-written is left)."""
    result = render_html(report, findings=findings)
    target = Path(path)
    try:
        write_atomic(target, result.html.encode("utf-8"), action="导出网站发布版")
    except StoreError as exc:
        raise ExportError(f"{exc}请检查文件夹是否存在、可写，文件是否正在被其他程序打开。") from exc
    result.path = target
    return result
