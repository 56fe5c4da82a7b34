"""A PDF taken apart for the tests, with pypdf: text pieces with their position on the page (from
the text and current transformation matrices) and the stroked grid lines (from the page content
streams), from which the tables' cells are rebuilt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

from gaidesk import draft
from gaidesk import format as fmt
from gaidesk.model import Report

Matrix = list[float]


def _mul(m: Sequence[float], n: Sequence[float]) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    ]


@dataclass(frozen=True)
class Piece:
    text: str
    x: float
    y: float
    upright: bool = True  # False for the diagonal watermark
    size: float = 0.0  # the glyph size on the page, in points


@dataclass
class Grid:
    page: int
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] < x < self.xs[-1] and self.ys[-1] < y < self.ys[0]):
            return None
        col = sum(1 for b in self.xs[1:-1] if x > b)
        row = sum(1 for b in self.ys[1:-1] if y < b)
        return row, col


@dataclass
class Page:
    number: int
    pieces: list[Piece]
    segments: list[tuple[tuple[float, float], tuple[float, float]]]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def body_text(self) -> str:
        """The text block only, without the page number at the foot."""
        return "".join(p.text for p in self.pieces if p.y > 90 and p.upright)

    def grids(self) -> list[Grid]:
        """The tables drawn on the page, top to bottom, from their stroked lines."""
        verticals = [s for s in self.segments if abs(s[0][0] - s[1][0]) < 0.01]
        horizontals = [s for s in self.segments if abs(s[0][1] - s[1][1]) < 0.01]
        spans: list[list[float]] = []
        for (_, y1), (_, y2) in verticals:
            lo, hi = sorted((y1, y2))
            for span in spans:
                if lo <= span[1] + 0.01 and hi >= span[0] - 0.01:
                    span[0], span[1] = min(span[0], lo), max(span[1], hi)
                    break
            else:
                spans.append([lo, hi])
        grids = []
        for lo, hi in sorted(spans, key=lambda s: -s[1]):
            xs = sorted(
                {round(s[0][0], 2) for s in verticals if lo - 0.01 <= min(s[0][1], s[1][1]) <= hi}
            )
            ys = sorted(
                {round(s[0][1], 2) for s in horizontals if lo - 0.01 <= s[0][1] <= hi + 0.01},
                reverse=True,
            )
            grids.append(Grid(self.number, xs, ys))
        return grids


def read_pdf(data: bytes, tmp_path: Path) -> list[Page]:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    pages = []
    for number, page in enumerate(reader.pages, 1):
        pages.append(Page(number, _pieces(page), _segments(page, reader)))
    return pages


def _pieces(page: Any) -> list[Piece]:
    pieces: list[Piece] = []

    def visit(text: str, cm: Matrix, tm: Matrix, font: object, size: float) -> None:
        if text.strip():
            m = _mul(tm, cm)
            pieces.append(Piece(text, m[4], m[5], abs(m[1]) < 1e-6, round(size * abs(m[3]), 2)))

    page.extract_text(visitor_text=visit)
    return pieces


def _segments(
    page: object, reader: PdfReader
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    ops = ContentStream(page.get_contents(), reader).operations  # type: ignore[attr-defined]
    ctm: Matrix = [1, 0, 0, 1, 0, 0]
    stack: list[Matrix] = []
    current = (0.0, 0.0)
    path: list[tuple[tuple[float, float], tuple[float, float]]] = []
    segments = []

    def point(operands: Sequence[object]) -> tuple[float, float]:
        x, y = (float(v) for v in operands)  # type: ignore[arg-type]
        return x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]

    for operands, op in ops:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op == b"m":
            current = point(operands)
        elif op == b"l":
            end = point(operands)
            path.append((current, end))
            current = end
        elif op in (b"S", b"s"):
            segments += path
            path = []
        elif op in (b"n", b"f", b"f*", b"B"):
            path = []
    return segments


def table_cells(pages: list[Page]) -> dict[str, dict[tuple[int, int], str]]:
    """The text in every cell of the three tables, keyed t2/t3/t4 in printed order."""
    found = []
    for page in pages:
        for grid in page.grids():
            cells: dict[tuple[int, int], str] = {}
            for piece in (p for p in page.pieces if p.upright):
                at = grid.cell_of(piece.x + 1, piece.y + 1)
                if at is not None:
                    cells[at] = cells.get(at, "") + piece.text
            found.append((grid, cells))
    assert [len(g.ys) - 1 for g, _ in found] == [fmt.TABLES[k].rows for k in ("t2", "t3", "t4")]
    assert [len(g.xs) - 1 for g, _ in found] == [fmt.TABLES[k].cols for k in ("t2", "t3", "t4")]
    return {key: cells for key, (_, cells) in zip(("t2", "t3", "t4"), found, strict=True)}


def cell_lines(pages: list[Page], key: str) -> dict[tuple[int, int], list[list[Piece]]]:
    """The printed lines of every cell of a table (by its (row, col) in the format's grid,
    merged cells whole), top to bottom, each line's pieces left to right."""
    found = [(page, grid) for page in pages for grid in page.grids()]
    # Table 2 may be split between its blocks over two pages; tables 3 and 4 never are.
    page, grid = found[{"t2": 0, "t3": -2, "t4": -1}[key]]
    lines: dict[tuple[int, int], dict[float, list[Piece]]] = {}
    for cell in fmt.TABLES[key].grid:
        rows = range(cell.row, cell.row + cell.rowspan)
        cols = range(cell.col, cell.col + cell.colspan)
        for piece in (p for p in page.pieces if p.upright):
            at = grid.cell_of(piece.x + 1, piece.y + 1)
            if at is not None and at[0] in rows and at[1] in cols:
                line = lines.setdefault((cell.row, cell.col), {})
                line.setdefault(round(piece.y, 1), []).append(piece)
    return {
        at: [sorted(by_y[y], key=lambda p: p.x) for y in sorted(by_y, reverse=True)]
        for at, by_y in lines.items()
    }


def line_texts(lines: list[list[Piece]]) -> list[str]:
    return ["".join(p.text for p in line).strip() for line in lines]


def merged_text(cells: dict[tuple[int, int], str], cell: fmt.GridCell) -> str:
    return "".join(
        cells.get((r, c), "")
        for r in range(cell.row, cell.row + cell.rowspan)
        for c in range(cell.col, cell.col + cell.colspan)
    )


def load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def squeeze(text: str) -> str:
    return "".join(text.split())
