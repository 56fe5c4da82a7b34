"""Reading a published report from a saved web page (.html, .htm).

County portals publish the reports through a CMS editor (TRS, UEditor, KindEditor…): the tables
are HTML tables inside the editor's container, merged cells are ``rowspan``/``colspan``, numbers
and labels are often split across ``<span>``/``<font>`` elements, empty cells hold ``&nbsp;``,
and the page may be encoded in GBK/GB2312/GB18030 as its ``<meta>`` says. The page is parsed
with the standard library's :mod:`html.parser` (no network, no scripts run):

- every ``<table>`` becomes rows of cell texts with their spans; the tables are stacked one under
  another into one :class:`~gaidesk.importer.grid.Grid` (a CMS often splits table 2 into one
  table per block), in which the official tables are found by their labels, as in a workbook;
- the text outside the data tables is read in blocks (paragraphs, headings, lines), which
  :mod:`gaidesk.importer.narrative` places into the report's narrative parts.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from gaidesk import format as fmt
from gaidesk.cleantext import Cleaner
from gaidesk.errors import ImportFailed
from gaidesk.fsutil import describe_os_error
from gaidesk.importer.grid import Grid, Position, Span, normalise
from gaidesk.importer.narrative import narrative_start, part_name, read_meta, read_narrative
from gaidesk.importer.result import ImportResult
from gaidesk.importer.tables import Source, clean_meta, read_tables, unread_meta
from gaidesk.model import Report

MAX_PAGE_BYTES = 5 * 1024 * 1024  # published pages are 50–500 KB; the parser takes ~1 s a MB
MAX_SPAN = 100  # rowspan/colspan beyond this are taken as this (a hostile or broken page)
MAX_GRID_ROWS = 20_000
MAX_GRID_COLS = 200
PAGE = Source(
    "网页",
    "请核对网页上的表格；也可以把表格复制到 Excel 或 WPS 中修改，另存为 .xlsx 后再导入。",
)

# Elements whose start or end begins a new block of text.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "textarea", "select"})
_GB_NAMES = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn"})
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Bytes to text


def decode_page(data: bytes) -> tuple[str, str]:
    """(text, encoding used): a byte-order mark first, then the ``<meta>`` charset (GB2312 and
    GBK read as GB18030, their superset), then UTF-8, then GB18030."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16"
    declared = _META_CHARSET.search(data[:8192])
    candidates: list[str] = []
    if declared is not None:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in _GB_NAMES else name
        with contextlib.suppress(LookupError):
            candidates.append(codecs.lookup(name).name)
    candidates += [c for c in ("utf-8", "gb18030") if c not in candidates]
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(candidates[0], errors="replace"), candidates[0]


# --------------------------------------------------------------------------------------------
# Markup to tables and blocks of text


@dataclass
class _Cell:
    rowspan: int
    colspan: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = ["".join(line.split()) for line in "".join(self.parts).splitlines()]
        return "\n".join(line for line in lines if line)


@dataclass
class _Table:
    number: int  # 1-based, in the order the tables open on the page
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None  # the cell open now


@dataclass
class _Block:
    text: str
    table: int | None  # the number of the innermost table holding it, None outside tables


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.open_tables: list[_Table] = []
        self.blocks: list[_Block] = []
        self.title_parts: list[str] = []
        self._text: list[str] = []
        self._skip = 0
        self._in_title = False

    # -- blocks of text
    def _flush(self) -> None:
        text = _tidy("".join(self._text))
        self._text = []
        if text:
            table = self.open_tables[-1].number if self.open_tables else None
            self.blocks.append(_Block(text, table))

    def _cell_break(self) -> None:
        if self.open_tables and self.open_tables[-1].cell is not None:
            self.open_tables[-1].cell.parts.append("\n")

    # -- tables
    def _close_cell(self) -> None:
        if self.open_tables:
            self.open_tables[-1].cell = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            self._cell_break()
        if tag == "table":
            table = _Table(len(self.tables) + 1)
            self.tables.append(table)
            self.open_tables.append(table)
        elif tag == "tr" and self.open_tables:
            self._close_cell()
            self.open_tables[-1].rows.append([])
        elif tag in ("td", "th") and self.open_tables:
            table = self.open_tables[-1]
            if not table.rows:
                table.rows.append([])
            spans = dict(attrs)
            table.cell = _Cell(_span(spans.get("rowspan")), _span(spans.get("colspan")))
            table.rows[-1].append(table.cell)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:  # <br/>, <hr/>
            self._flush()
            self._cell_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            self._cell_break()
        if tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag == "table" and self.open_tables:
            self.open_tables.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title_parts.append(data)
            return
        self._text.append(data)
        if self.open_tables and self.open_tables[-1].cell is not None:
            self.open_tables[-1].cell.parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def _tidy(text: str) -> str:
    """One line of text: no-break and other spaces collapsed, none beside a Chinese character
    (a page's source breaks lines inside sentences)."""
    flat = " ".join(text.replace("\u3000", " ").split())
    return _CJK_SPACE.sub("", flat)


# --------------------------------------------------------------------------------------------
# Tables to a grid


@dataclass
class _Placed:
    values: dict[Position, str] = field(default_factory=dict)
    merges: dict[Position, Span] = field(default_factory=dict)
    origin: dict[int, tuple[int, int]] = field(default_factory=dict)  # row -> (table, row)
    texts: dict[int, set[str]] = field(default_factory=dict)  # table -> its normalised texts


def _place_tables(tables: Sequence[_Table]) -> _Placed:
    """Every table's cells at grid positions (spans expanded), the tables one under another
    with an empty row between."""
    placed = _Placed()
    top = 1
    for table in tables:
        taken: set[Position] = set()
        texts: set[str] = set()
        last = top - 1
        for r, row in enumerate(table.rows):
            grid_row = top + r
            if grid_row > MAX_GRID_ROWS:
                break
            col = 1
            for cell in row:
                while (grid_row, col) in taken:
                    col += 1
                if col > MAX_GRID_COLS:
                    break
                r1 = min(grid_row + cell.rowspan - 1, MAX_GRID_ROWS)
                c1 = min(col + cell.colspan - 1, MAX_GRID_COLS)
                for rr in range(grid_row, r1 + 1):
                    for cc in range(col, c1 + 1):
                        taken.add((rr, cc))
                text = cell.text
                if text:
                    placed.values[(grid_row, col)] = text
                    texts.add(normalise(text))
                if r1 > grid_row or c1 > col:
                    placed.merges[(grid_row, col)] = (grid_row, col, r1, c1)
                last = max(last, r1)
                col = c1 + 1
            placed.origin[grid_row] = (table.number, r + 1)
        for rr in range(top, last + 1):
            placed.origin.setdefault(rr, (table.number, rr - top + 1))
        placed.texts[table.number] = texts
        top = last + 2
        if top > MAX_GRID_ROWS:
            break
    return placed


# Labels that only the official tables hold: a table with one of them is data, not layout.
_DATA_LABELS = frozenset(
    normalise(label)
    for label in (
        fmt.T2_ITEM_HEADER,
        fmt.T3_APPLICANTS,
        fmt.T3_ORGANISATIONS,
        fmt.T4_REVIEW,
        fmt.T4_LITIGATION,
        *(b.heading for b in fmt.T2_BLOCKS),
    )
)


# --------------------------------------------------------------------------------------------
# The import


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise ImportFailed(
                f"文件“{path.name}”太大（{size / 1024 / 1024:.1f} MB），"
                f"超过 {MAX_PAGE_BYTES // 1024 // 1024} MB，不像是年度报告的网页。"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(describe_os_error(exc, "读取网页", path)) from exc
    if not data.strip():
        raise ImportFailed(f"文件“{path.name}”是空的。")
    if data.startswith(b"PK") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailed(
            f"“{path.name}”不是网页，而像是 Excel 或 Word 文件："
            "请把文件名改回原来的扩展名后再导入。"
        )
    return data


def import_html(path: str | Path) -> ImportResult:
    """Read the tables and the narrative of a published report from a saved web page.

    Raises ImportFailed (Chinese message) when the file cannot be read, lacks a table, or a
    table cell cannot be read; the message names every missing label and unreadable cell.
    """
    source = Path(path)
    text, encoding = decode_page(_read(source))
    parser = _PageParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on very broken markup
        raise ImportFailed(f"无法读取网页“{source.name}”：网页的代码已损坏。") from exc
    notes: list[str] = []
    if "\ufffd" in text:
        notes.append(
            f"网页“{source.name}”中有按 {encoding} 编码无法识别的字符（显示为“�”），"
            "请核对导入的文字。"
        )
    if not parser.tables:
        raise ImportFailed(
            f"没有从这个网页中导入任何内容：网页“{source.name}”中没有表格。"
            "如果表格在网页上是图片或附件（PDF、Word），请改用附件中的表格。"
        )
    placed = _place_tables(parser.tables)

    def place(pos: Position) -> str:
        table, row = placed.origin.get(pos[0], (0, pos[0]))
        return f"第 {table} 个表格第 {row} 行第 {pos[1]} 列"

    grid = Grid(
        source.name,
        dict(placed.values),
        merges=placed.merges,
        kind="网页",
        place=place,
        summary="网页中的表格",
    )
    report = Report.blank()
    unread = read_tables([grid], report, notes, PAGE)

    data_tables = {n for n, texts in placed.texts.items() if texts & _DATA_LABELS}
    blocks = [b.text for b in parser.blocks if b.table is None or b.table not in data_tables]
    title = "".join(parser.title_parts)
    notes.append(read_meta(report, blocks, _tidy(title)))
    start = narrative_start(blocks)
    narrative = read_narrative(blocks[start:], report.meta.agency)
    clean = Cleaner()
    for part in fmt.TEXT_PARTS:
        paragraphs = narrative.text.get(part.key)
        if paragraphs:
            report.text[part.key] = clean("\n".join(paragraphs), part_name(part), multiline=True)
    for key, sub_heading in narrative.titles.items():
        report.titles[key] = clean(sub_heading, fmt.TEXT_PART_BY_KEY[key].heading)
    found = [part_name(p) for p in fmt.TEXT_PARTS if report.text.get(p.key)]
    if found:
        notes.append(f"正文取自网页，读到：{'、'.join(found)}。")
    missing = [part_name(p) for p in fmt.TEXT_PARTS if p.required and not report.text.get(p.key)]
    if missing:
        notes.append(f"网页中没有找到以下部分的文字，请补写：{'、'.join(missing)}。")
    notes.extend(clean.notes)
    clean_meta(report, notes)
    unread += [p.address for p in fmt.TEXT_PARTS if not report.text.get(p.key)]
    return ImportResult(report, notes, unread + unread_meta(report))
