"""Which section an address belongs to, and its name in official words."""

from __future__ import annotations

from functools import cache

from gaidesk.format.address import is_text, table_of, text_key
from gaidesk.format.meta import META_FIELD_BY_ADDRESS
from gaidesk.format.sections import PREFACE, SECTIONS, TEXT_PART_BY_KEY, Section
from gaidesk.format.tables import VALUE_CELLS


def section_of(address: str) -> Section:
    """The section an address (a cell, ``text.…`` or ``meta.…``) belongs to."""
    if is_text(address):
        key = text_key(address)
        for s in SECTIONS:
            if any(p.key == key for p in s.parts):
                return s
        return SECTIONS[0]
    table = table_of(address)
    for s in SECTIONS:
        if table and s.table == table:
            return s
    return SECTIONS[0]


def table_section(table: str) -> Section:
    """The section that holds a table: 「二、主动公开政府信息情况」 for ``t2``."""
    return next(s for s in SECTIONS if s.table == table)


@cache
def cell_name(address: str) -> str:
    """The official words for any address, for messages."""
    if address in VALUE_CELLS:
        return VALUE_CELLS[address].name
    if is_text(address):
        part = TEXT_PART_BY_KEY[text_key(address)]
        section = section_of(address)
        if part is PREFACE:
            return "开头导语"
        return section.heading + (part.heading if part.heading else "")
    field = META_FIELD_BY_ADDRESS.get(address)
    return field.label if field is not None else address
