"""``gaidesk export``: the PDF, the workbook, the web version and the Word document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gaidesk.errors import GaideskError

if TYPE_CHECKING:
    from gaidesk.model import Report
    from gaidesk.rules import Finding
from gaidesk.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    err,
    load_draft,
    not_exported,
    say,
)

_FONT_ROLES = {
    "title": "标题",
    "body": "正文",
    "heading": "一级标题",
    "subheading": "二级标题",
    "table": "表格",
    "page_number": "页码",
    "footer": "页码",
}


def export(
    file: str,
    pdf: str | None,
    xlsx: str | None,
    html: str | None,
    docx: str | None,
    data_dir: Path | None,
) -> int:
    """``gaidesk export``: write the chosen formats of one draft, each atomically."""
    from gaidesk import format as fmt
    from gaidesk import rules
    from gaidesk.draft import DraftError

    if not pdf and not xlsx and not html and not docx:
        err(
            "请用 --pdf 输出.pdf、--xlsx 输出.xlsx、--html 输出.html 或 --docx 输出.docx"
            " 指定要导出的文件。"
        )
        return EXIT_UNREADABLE
    from gaidesk.store import StoreError, check_export_target

    try:
        targets = [check_export_target(t, Path(file)) for t in (pdf, xlsx, html, docx) if t]
    except StoreError as exc:
        err(str(exc))
        return EXIT_ERRORS
    if len(set(targets)) < len(targets):
        err("不同的格式不能导出到同一个文件，请给每种格式一个不同的文件名。")
        return EXIT_ERRORS
    try:
        report = load_draft(file)
    except DraftError as exc:
        err(f"“{file}”无法读取：{exc}")
        return EXIT_UNREADABLE
    findings = rules.check(report)
    errors = fmt.count(findings, fmt.Severity.ERROR)
    if errors:
        say(f"报告还有 {fmt.counts_text(errors, 0)}，将导出为“草稿”（不能作为正式报告使用）。")
        say("请先用 gaidesk check 查看错误并改正。")
    code = EXIT_OK
    if pdf:
        code = max(code, _export_pdf(report, findings, Path(pdf), data_dir))
    if xlsx:
        code = max(code, _export_xlsx(report, findings, Path(xlsx)))
    if html:
        code = max(code, _export_html(report, findings, Path(html)))
    if docx:
        code = max(code, _export_docx(report, findings, Path(docx)))
    return code


def _export_pdf(report: Report, findings: list[Finding], out: Path, data_dir: Path | None) -> int:
    from gaidesk.store import Library

    try:
        from gaidesk.pdf import export_pdf

        fonts_dir = Library(data_dir).fonts_dir  # only this one: --data-dir replaces the default
        result = export_pdf(report, out, findings=findings, extra_font_dirs=[fonts_dir])
    except (GaideskError, OSError) as exc:
        code = not_exported("PDF 没有导出", out, exc)
        if type(exc).__name__ == "MissingGlyphError":
            err(f"字体文件夹：{Library(data_dir).fonts_dir}")
        return code
    marked = "，带“草稿”水印" if getattr(result, "draft", False) else ""
    say(f"已导出 PDF：{out}（共 {result.pages} 页{marked}）")
    fonts = getattr(result, "fonts", {}) or {}
    if fonts:
        say("  使用的字体：")
        for role, description in fonts.items():
            say(f"    {_FONT_ROLES.get(role, role)}：{description}")
    note = result.substitutes_note()
    if note:
        say(f"  {note}")
    return EXIT_OK


def _export_xlsx(report: Report, findings: list[Finding], out: Path) -> int:
    try:
        from gaidesk.workbook import export_xlsx

        export_xlsx(report, out, findings=findings)
    except (GaideskError, OSError) as exc:
        return not_exported("Excel 没有导出", out, exc)
    say(f"已导出 Excel：{out}")
    return EXIT_OK


def _export_html(report: Report, findings: list[Finding], out: Path) -> int:
    from gaidesk.webpage import export_html

    try:
        result = export_html(report, out, findings=findings)
    except GaideskError as exc:
        return not_exported("网站发布版没有导出", out, exc)
    marked = "，顶部标有“草稿”" if result.draft else ""
    say(f"已导出网站发布版：{out}{marked}")
    say("  用浏览器打开它，全选复制，粘贴到网站编辑器中即可（表格的边框和合并单元格都会保留）。")
    if result.note:
        say(f"  {result.note}")
    return EXIT_OK


def _export_docx(report: Report, findings: list[Finding], out: Path) -> int:
    try:
        from gaidesk.docx_export import export_docx
        from gaidesk.docx_layout import WORD_FACES

        result = export_docx(report, out, findings=findings)
    except (GaideskError, OSError) as exc:
        return not_exported("Word 文档没有导出", out, exc)
    marked = "，页眉标明“草稿”" if result.draft else ""
    say(f"已导出 Word 文档：{out}（A4，每页22行、每行28字{marked}）")
    say("  指定的字体（在 WPS 或 Word 中打开时使用本机已安装的字体）：")
    for role, face in WORD_FACES.items():
        say(f"    {_FONT_ROLES.get(role, role)}：{face}")
    return EXIT_OK
