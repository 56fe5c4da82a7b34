"""Rendering and export: one report to PDF bytes, or written atomically to a file, with what the
export produced (PdfResult)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# reportlab's C accelerator (rl_accel), named here so that a frozen build collects it; without it
# reportlab falls back to its pure-Python versions.
with contextlib.suppress(ImportError):
    import _rl_accel  # noqa: F401

from gaidesk import fonts as fontmod
from gaidesk import format as fmt
from gaidesk.errors import ExportError
from gaidesk.fonts import BODY, HEADING, TABLE
from gaidesk.model import Report
from gaidesk.outline import outline
from gaidesk.pdf.faces import font_name
from gaidesk.pdf.geometry import BODY_SIZE, WATERMARK
from gaidesk.pdf.pages import Document
from gaidesk.pdf.pieces import check_characters
from gaidesk.pdf.story import Builder


@dataclass
class PdfResult:
    """What an export produced."""

    path: Path | None
    pages: int
    fonts: dict[str, str]  # role -> the face that served it, described in Chinese
    draft: bool  # carries the 「草稿」 watermark because the report has errors
    # Each face that drew characters in place of a role's own face -> those characters, in
    # the order first printed.
    substitutes: dict[str, str] = field(default_factory=dict)
    data: bytes = b""

    def substitutes_note(self) -> str:
        """The substitute faces and what each drew, for the clerk; empty when there were none."""
        return fontmod.substitutes_note(self.substitutes)


# The exporter's caches (typesetter.shared_for, faces.font_name) and reportlab's font registry are
# shared by the process; a print job renders on its own thread, so one export runs at a time.
_RENDERING = threading.Lock()


def _render(
    report: Report,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]],
    created: dt.datetime | None = None,
) -> PdfResult:
    with _RENDERING:
        return _render_locked(report, findings, extra_font_dirs, created or dt.datetime.now())


def _render_locked(
    report: Report,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]],
    created: dt.datetime,
) -> PdfResult:
    draft = fmt.count(findings, fmt.Severity.ERROR) > 0
    fontset = fontmod.choose(extra_font_dirs)
    printed = outline(report)
    check_characters(report, fontset, printed)
    for text in (WATERMARK, "— 0123456789 —"):
        fontmod.check_text(fontset, HEADING if text == WATERMARK else TABLE, text, "页面")
    builder = Builder(report, fontset, printed)
    story = builder.story()
    buffer = io.BytesIO()
    title = fontmod.printable(report.meta.effective_title)
    doc = Document(
        buffer,
        builder,
        draft,
        title=f"{title}（草稿）" if draft else title,
        author=report.meta.agency,
        subject="草稿：报告仍有错误，不是定稿" if draft else "政府信息公开工作年度报告",
        creator="gaidesk",
        # Invariant keeps the bytes a function of the report and the time given (the same file
        # for the same report, which the tests rely on); the dates are set from ``created``.
        invariant=True,
        # Otherwise reportlab names Helvetica in every page, a font that is not embedded.
        initialFontName=font_name(fontset.roles[BODY].face),
        initialFontSize=BODY_SIZE,
    )
    doc.created = created
    doc.build(story)
    return PdfResult(
        path=None,
        pages=doc.page_count,
        fonts=fontset.describe(),
        draft=draft,
        substitutes=dict(builder.ts.substitutes),
        data=buffer.getvalue(),
    )


def render_pdf_bytes(
    report: Report,
    *,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]] = (),
    created: dt.datetime | None = None,
) -> bytes:
    """The PDF as bytes (for a preview or the printer); same rules as export_pdf."""
    return _render(report, findings, extra_font_dirs, created).data


def export_pdf(
    report: Report,
    path: str | os.PathLike[str],
    *,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]] = (),
    created: dt.datetime | None = None,
) -> PdfResult:
    """Write the report as a PDF, atomically. A report with an error finding among ``findings``
    (``rules.check``; the caller has them already) gets the 「草稿」 watermark on every page. Raises
    MissingGlyphError (nothing written) for a character no font can draw, ExportError when the
    file cannot be written. ``created`` is the PDF's creation date, the current time if None."""
    result = _render(report, findings, extra_font_dirs, created)
    target = Path(path)
    write_atomically(target, result.data)
    result.path = target
    return result


def write_atomically(target: Path, data: bytes) -> None:
    """Write the PDF's bytes to the target atomically; ExportError in Chinese when it cannot."""
    from gaidesk.errors import StoreError
    from gaidesk.fsutil import write_atomic

    try:
        write_atomic(target, data, action="导出PDF")
    except StoreError as exc:
        raise ExportError(
            f"{exc}请检查文件夹是否存在、可写，文件是否正在被其他程序（如 PDF 阅读器）打开。"
        ) from exc
