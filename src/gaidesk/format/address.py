"""The address grammar: how every value of a report is named.

A table cell is ``<table>.<row>.<column>`` (``t3.new.natural``), a narrative part is
``text.<part key>`` (``text.overview.active``) and a basic-information field is
``meta.<field>`` (``meta.year``). Only this module spells an address; everyone else builds and
reads them through these functions.
"""

from __future__ import annotations

from typing import NamedTuple

T2 = "t2"  # 主动公开政府信息情况
T3 = "t3"  # 收到和处理政府信息公开申请情况
T4 = "t4"  # 政府信息公开行政复议、行政诉讼情况
TABLE_KEYS: tuple[str, ...] = (T2, T3, T4)

TEXT = "text"
META = "meta"


def cell(table: str, row: str, col: str) -> str:
    """The address of a table cell: ``cell("t3", "new", "natural")`` is ``t3.new.natural``."""
    return f"{table}.{row}.{col}"


def text_address(part_key: str) -> str:
    """The address of a narrative part: ``text.overview.active``."""
    return f"{TEXT}.{part_key}"


def meta_address(field: str) -> str:
    """The address of a basic-information field: ``meta.year``."""
    return f"{META}.{field}"


class Address(NamedTuple):
    """An address taken apart. For a cell: scope is the table key; for text and meta the
    scope is ``text``/``meta``, ``row`` the part key or field name and ``col`` empty."""

    scope: str
    row: str
    col: str = ""

    @property
    def is_cell(self) -> bool:
        """Whether the address names a table cell."""
        return self.scope in TABLE_KEYS

    @property
    def parts(self) -> tuple[str, str, str]:
        """(table, row, column) of a cell address."""
        return self.scope, self.row, self.col


def parse(address: str) -> Address:
    """Take an address apart; raises ValueError for a string that is none."""
    scope, _, rest = address.partition(".")
    if scope in (TEXT, META) and rest:
        return Address(scope, rest)
    row, _, col = rest.partition(".")
    if scope in TABLE_KEYS and row and col and "." not in col:
        return Address(scope, row, col)
    raise ValueError(f"not an address: {address!r}")


def is_text(address: str) -> bool:
    """Whether the address names a narrative part (``text.…``)."""
    return address.startswith(TEXT + ".")


def is_meta(address: str) -> bool:
    """Whether the address names a basic-information field (``meta.…``)."""
    return address.startswith(META + ".")


def text_key(address: str) -> str:
    """The part key of a ``text.…`` address."""
    return address[len(TEXT) + 1 :]


def table_of(address: str) -> str:
    """The table key of a cell address, "" for text and meta addresses."""
    scope = address.split(".", 1)[0]
    return scope if scope in TABLE_KEYS else ""


def row_of(address: str) -> str:
    """The row key of a cell address."""
    return address.split(".")[1]


def col_of(address: str) -> str:
    """The column key of a cell address."""
    return address.rsplit(".", 1)[1]
