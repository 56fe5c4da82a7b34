"""The report as a Word document (.docx) in the official 公文 layout, for WPS and Word.

Leaders mark up drafts in WPS or Word; this writes the same report the PDF prints (the walk is
``gaidesk.outline``) as a document they can edit: A4 with the GB/T 9704 margins and text block,
22 lines of 28 characters at 三号 on a line grid, the official faces named with East-Asian
font attributes (so WPS and Word pick 方正小标宋简体, 黑体, 楷体_GB2312 and 仿宋_GB2312 where they
are installed), page numbers 「— 1 —」 outside on odd and even pages, the tables with every
merge of the format, each table kept on one page with its heading, and the 落款.

Here: the styles, the page set-up (grid, footers, draft header), the body in reading order, the
落款, the font table and the export; the page and faces as Word stores them are in
``docx_layout``, the tables in ``docx_tables``. The XML is written with python-docx (a
maintained library for .docx), starting from its default template; paragraphs and tables are
built as WordprocessingML text and parsed once, which keeps the order of properties the schema
requires in view.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from gaidesk import format as fmt
from gaidesk.docx_layout import (
    ALT_FACES,
    BODY_SIZE,
    FOOTER_DISTANCE,
    GB2312_CHARSET,
    LINE_PITCH,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    NS,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_DASH,
    PAGE_NUMBER_LEADING,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH_MM,
    STYLE_IDS,
    STYLE_NAMES,
    TEXT_WIDTH,
    TITLE_LEADING,
    TITLE_SIZE,
    TRACKING,
    WORD_FACES,
    W,
    em_width,
    exact,
    fonts_xml,
    paragraph,
    run,
    size_xml,
)
from gaidesk.docx_tables import table_layout, table_xml
from gaidesk.errors import ExportError, StoreError
from gaidesk.fonts import BODY, HEADING, SUBHEADING, TABLE, TITLE
from gaidesk.model import Report
from gaidesk.outline import Outline, outline

TABLE_STYLE_SIZE = 10.5  # 五号: the table style's size; each table's runs carry their own
DRAFT_MARK = "草稿：报告仍有错误，不是定稿"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@dataclass
class DocxResult:
    """What an export produced."""

    path: Path | None
    draft: bool  # carries the 「草稿」 mark because the report has errors
    table_sizes: dict[str, float]  # table key -> font size in points
    data: bytes = b""


# --------------------------------------------------------------------------------------------
# Styles and page set-up


def _style(role: str, *, ppr: str, size: float, tracked: bool = True) -> str:
    tracking = TRACKING if tracked else ""
    return (
        f'<w:style {NS} w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_IDS[role]}">'
        f'<w:name w:val="{STYLE_NAMES[role]}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{fonts_xml(WORD_FACES[role])}{tracking}{size_xml(size)}</w:rPr>"
        "</w:style>"
    )


def _styles() -> list[str]:
    indent = '<w:ind w:firstLine="640" w:firstLineChars="200"/>'
    body_line = exact(LINE_PITCH / 20)
    return [
        _style(
            TITLE,
            ppr='<w:keepNext/><w:snapToGrid w:val="0"/>'
            + exact(TITLE_LEADING)
            + '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            size=TITLE_SIZE,
            tracked=False,
        ),
        _style(
            HEADING,
            ppr=f'<w:keepNext/>{body_line}{indent}<w:jc w:val="both"/><w:outlineLvl w:val="1"/>',
            size=BODY_SIZE,
        ),
        _style(
            SUBHEADING,
            ppr=f'<w:keepNext/>{body_line}{indent}<w:jc w:val="both"/><w:outlineLvl w:val="2"/>',
            size=BODY_SIZE,
        ),
        _style(
            BODY, ppr=f'<w:widowControl/>{body_line}{indent}<w:jc w:val="both"/>', size=BODY_SIZE
        ),
        _style(
            TABLE,
            ppr='<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0"/>'
            '<w:ind w:left="0" w:right="0" w:firstLine="0"/>',
            size=TABLE_STYLE_SIZE,
            tracked=False,
        ),
    ]


def _doc_defaults() -> str:
    return (
        f"<w:docDefaults {NS}><w:rPrDefault><w:rPr>{fonts_xml(WORD_FACES[BODY])}"
        f"{size_xml(BODY_SIZE)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{exact(LINE_PITCH / 20)}</w:pPr></w:pPrDefault></w:docDefaults>"
    )


def _page_setup(document: Any, draft: bool) -> None:
    from docx.oxml import parse_xml
    from docx.shared import Mm, Twips

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    sect = section._sectPr
    for grid in sect.findall(f"{{{W}}}docGrid"):
        sect.remove(grid)
    sect.append(parse_xml(f'<w:docGrid {NS} w:type="lines" w:linePitch="{LINE_PITCH}"/>'))
    document.settings.odd_and_even_pages_header_footer = True
    # 「— 1 —」: odd pages on the right, even pages on the left, one character in.
    inset = round(PAGE_NUMBER_SIZE * 20)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        _replace(
            footer._element,
            parse_xml(
                f'<w:p {NS}><w:pPr><w:snapToGrid w:val="0"/>{exact(PAGE_NUMBER_LEADING)}'
                f'<w:ind w:{side}="{inset}"/><w:jc w:val="{side}"/></w:pPr>'
                f"{run(PAGE_NUMBER_DASH + ' ')}"
                f'<w:fldSimple w:instr=" PAGE ">{run("1")}</w:fldSimple>'
                f"{run(' ' + PAGE_NUMBER_DASH)}</w:p>"
            ),
            fonts_xml(WORD_FACES[TABLE]) + size_xml(PAGE_NUMBER_SIZE),
        )
    if draft:
        for header in (section.header, section.even_page_header):
            _replace(
                header._element,
                parse_xml(
                    f'<w:p {NS}><w:pPr><w:snapToGrid w:val="0"/><w:jc w:val="center"/></w:pPr>'
                    f"{run(DRAFT_MARK)}</w:p>"
                ),
                fonts_xml(WORD_FACES[HEADING])
                + '<w:color w:val="C00000"/>'
                + size_xml(PAGE_NUMBER_SIZE),
            )


def _replace(container: Any, paragraph: Any, rpr: str) -> None:
    """Make ``paragraph`` the only one of a header or footer, its runs in ``rpr``."""
    from docx.oxml import parse_xml

    for old in list(container):
        container.remove(old)
    for element in paragraph.iter(f"{{{W}}}r"):
        props = element.find(f"{{{W}}}rPr")
        if props is not None:
            element.remove(props)
        element.insert(0, parse_xml(f"<w:rPr {NS}>{rpr}</w:rPr>"))
    container.append(paragraph)


def _install_styles(document: Any) -> None:
    from docx.oxml import parse_xml

    styles = document.styles.element
    old = styles.find(f"{{{W}}}docDefaults")
    styles.replace(old, parse_xml(_doc_defaults()))
    # Normal is body text (face, size, tracking), so that a paragraph a leader adds looks like
    # the rest; every style of the report is based on it.
    normal = next(
        s for s in styles.findall(f"{{{W}}}style") if s.get(f"{{{W}}}styleId") == "Normal"
    )
    # No punctuation hangs into the margin (Word's default): GB/T 9704's text block ends at
    # the block, and the PDF moves a character down instead. (LibreOffice 7.4 ignores this and
    # hangs it anyway; in a justified line it then leaves the hanging mark out of the page.)
    normal.append(parse_xml(f'<w:pPr {NS}><w:overflowPunct w:val="0"/></w:pPr>'))
    normal.append(
        parse_xml(
            f"<w:rPr {NS}>{fonts_xml(WORD_FACES[BODY])}{TRACKING}{size_xml(BODY_SIZE)}</w:rPr>"
        )
    )
    for xml in _styles():
        styles.append(parse_xml(xml))


# --------------------------------------------------------------------------------------------
# The document


def _title_lines(report: Report, title: str) -> list[str]:
    """A title wider than the text block breaks after the body's name, as the PDF does."""
    per_line = TEXT_WIDTH / 20 / TITLE_SIZE
    if em_width(title) <= per_line:
        return [title]
    names = sorted({report.meta.agency.strip(), report.meta.display_name.strip()}, key=len)
    for name in reversed(names):
        if name and title.startswith(name) and len(name) < len(title):
            return [name, title[len(name) :]]
    return [title]


def _body(report: Report, doc: Outline, sizes: dict[str, float]) -> list[str]:
    """The document's body: paragraphs and tables in reading order."""
    body = STYLE_IDS[BODY]
    xml: list[str] = []
    lines = _title_lines(report, doc.title)
    for n, line in enumerate(lines):
        # One blank line of the grid below the title.
        space = f'<w:spacing w:after="{LINE_PITCH}"/>' if n == len(lines) - 1 else ""
        xml.append(paragraph(run(line), STYLE_IDS[TITLE], after=space))
    xml += [paragraph(run(p), body) for p in doc.preface]
    for section in doc.sections:
        xml.append(paragraph(run(section.heading), STYLE_IDS[HEADING]))
        if section.table is not None:
            layout = table_layout(section.table)
            sizes[section.table.spec.key] = layout.size
            xml.append(table_xml(section.table, layout))
            continue
        for part in section.parts:
            # Sub-headings stand on their own lines in 楷体, as in the PDF (format §8).
            if part.heading:
                xml.append(paragraph(run(part.heading), STYLE_IDS[SUBHEADING]))
            xml += [paragraph(run(p), body) for p in part.paragraphs]
    # The 落款 never stands alone on a page: the last paragraph keeps with it.
    xml[-1] = _kept_with_next(xml[-1])
    return xml + _signature(doc)


def _kept_with_next(paragraph: str) -> str:
    """A paragraph of paragraph() with keepNext added (after its pStyle, as the schema orders)."""
    style_end = paragraph.index("/>") + 2
    return paragraph[:style_end] + "<w:keepNext/>" + paragraph[style_end:]


def _signature(doc: Outline) -> list[str]:
    """The 落款 (GB/T 9704 7.3.5.2): one blank line below the text, the body's name with two
    characters of space on its right, the date below starting two characters further right
    (when the date is the longer, it keeps the two characters and the name moves left)."""
    name, date = doc.signature.name, doc.signature.date
    name_w, date_w = em_width(name), em_width(date)
    if not name or date_w + 2 <= name_w:
        name_right, date_right = 2.0, 2.0 + (name_w - 2 - date_w if name else 0.0)
    else:
        date_right, name_right = 2.0, 4.0 + date_w - name_w
    lines = [(name, name_right), (date, date_right)] if name else [(date, date_right)]
    xml = []
    for n, (text, right) in enumerate(lines):
        before = f'<w:spacing w:before="{LINE_PITCH}"/>' if n == 0 else ""
        ind = (
            f'<w:ind w:right="{round(right * BODY_SIZE * 20)}" w:rightChars="{round(right * 100)}"'
            ' w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>'
        )
        keep = "<w:keepNext/>" if n < len(lines) - 1 else ""
        xml.append(paragraph(run(text), STYLE_IDS[BODY], keep, before + ind))
    return xml


def _font_table(document: Any) -> None:
    """Name each official face in the font table, with its other name and the GB2312 set."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for role, face in WORD_FACES.items():
        table.append(
            parse_xml(
                f"<w:font {NS} w:name={quoteattr(face)}><w:altName w:val="
                f'{quoteattr(ALT_FACES[role])}/><w:charset w:val="{GB2312_CHARSET}"/>'
                '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    # python-docx keeps parts it does not model as bytes.
    part._blob = serialize_part_xml(table)


def render_docx(report: Report, *, findings: Sequence[fmt.HasSeverity]) -> DocxResult:
    """The report as a .docx in memory. A report with an error among ``findings`` is marked
    「草稿」 in every page's header and in the document's title."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    draft = fmt.count(findings, fmt.Severity.ERROR) > 0
    doc = outline(report)
    document = docx.Document()
    _install_styles(document)
    _page_setup(document, draft)
    sizes: dict[str, float] = {}
    body = document.element.body
    sect = body[-1]
    wrapper = parse_xml(f"<w:body {NS}>{''.join(_body(report, doc, sizes))}</w:body>")
    for element in list(wrapper):
        sect.addprevious(element)
    props = document.core_properties
    props.title = f"{doc.title}（草稿）" if draft else doc.title
    props.subject = "草稿：报告仍有错误，不是定稿" if draft else "政府信息公开工作年度报告"
    props.author = doc.signature.name
    props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.last_modified_by = ""
    _font_table(document)
    # Left out of the template: its preview picture (an empty page, which a file manager would
    # show) and Word 2010's copy of the styles with text effects (the template's styles, not ours).
    for rels in (document.part.package.rels, document.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype in (RT.THUMBNAIL, STYLES_WITH_EFFECTS):
                del rels[rid]
    buffer = io.BytesIO()
    document.save(buffer)
    return DocxResult(None, draft, sizes, buffer.getvalue())


def export_docx(
    report: Report, path: str | os.PathLike[str], *, findings: Sequence[fmt.HasSeverity]
) -> DocxResult:
    """Write the report as a .docx, atomically. Raises ExportError when the file cannot be
    written (nothing is left half-written)."""
    from gaidesk.fsutil import write_atomic

    result = render_docx(report, findings=findings)
    target = Path(path)
    try:
        write_atomic(target, result.data, action="导出Word文档")
    except StoreError as exc:
        raise ExportError(
            f"{exc}请检查文件夹是否存在、可写，文件是否正在被其他程序（如 WPS 或 Word）打开。"
        ) from exc
    result.path = target
    return result
