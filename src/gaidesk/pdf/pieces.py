"""What the report prints, piece by piece with its role and its place, and the check that every
character of it can be drawn before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from gaidesk import fonts as fontmod
from gaidesk import format as fmt
from gaidesk.fonts import BODY, HEADING, SUBHEADING, TABLE, TITLE, FontSet
from gaidesk.model import Report
from gaidesk.outline import Outline, outline
from gaidesk.pdf.typesetter import shared_for


@dataclass(frozen=True)
class Piece:
    """A printed text with its font role and its place for messages."""

    role: str
    text: str
    place: str | Callable[[], str]  # a place for messages, or how to name it when needed

    @property
    def where(self) -> str:
        """The place, named now if it is named on demand."""
        return self.place if isinstance(self.place, str) else self.place()


def report_pieces(report: Report, printed: Outline | None = None) -> Iterator[Piece]:
    """Every piece of text printed, in reading order, with its role and a place for messages;
    ``printed`` is the report's outline when the caller has it already."""
    printed = printed or outline(report)
    yield Piece(TITLE, printed.title, "标题")
    for para in printed.preface:
        yield Piece(BODY, para, "开头导语")
    for section in printed.sections:
        yield Piece(HEADING, section.heading, section.heading)
        if section.table:
            for cell in section.table.cells:
                if cell.is_value:
                    yield Piece(
                        TABLE, cell.text, partial(_cell_place, section.heading, cell.address)
                    )
                else:
                    yield Piece(TABLE, cell.text, f"{section.heading}表格")
        for part in section.parts:
            where = fmt.cell_name(part.spec.address)
            if part.heading:
                yield Piece(SUBHEADING, part.heading, where + "标题")
            for para in part.paragraphs:
                yield Piece(BODY, para, where)
    if printed.signature.name:
        yield Piece(BODY, printed.signature.name, "落款")
    yield Piece(BODY, printed.signature.date, "落款日期")


def _cell_place(heading: str, address: str) -> str:
    return f"{heading}表格“{fmt.cell_name(address)}”"


def check_characters(report: Report, fontset: FontSet, printed: Outline | None = None) -> None:
    """Raise MissingGlyphError for the first character of the report no face can draw;
    ``printed`` is the report's outline when the caller has it already."""
    drawable = shared_for(fontset).drawable
    for piece in report_pieces(report, printed):
        known = drawable.setdefault(piece.role, set())
        chars = set(piece.text)
        if chars <= known:
            continue
        fontmod.check_text(fontset, piece.role, piece.text, piece.where)
        known |= chars
