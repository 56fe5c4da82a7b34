"""The parts of the format package that others read instead of spelling things themselves: the
address grammar, the table traits, the meta fields with the year range, and the severities."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from gaidesk import draft, rules
from gaidesk import format as fmt
from gaidesk.model import Report

# -- addresses -----------------------------------------------------------------------------


def test_every_cell_address_is_built_and_taken_apart_by_the_grammar() -> None:
    for address in fmt.ADDRESSES:
        where = fmt.parse(address)
        assert where.is_cell
        assert fmt.cell(*where.parts) == address
        assert fmt.table_of(address) == where.scope
        assert fmt.row_of(address) == where.row and fmt.col_of(address) == where.col
        assert not fmt.is_text(address) and not fmt.is_meta(address)


def test_text_and_meta_addresses() -> None:
    for part in fmt.TEXT_PARTS:
        assert fmt.text_address(part.key) == part.address
        assert fmt.is_text(part.address) and fmt.text_key(part.address) == part.key
        assert fmt.parse(part.address) == fmt.Address(fmt.TEXT, part.key)
        assert fmt.table_of(part.address) == ""
    for field in fmt.META_FIELDS:
        assert fmt.is_meta(field.address) and not fmt.is_text(field.address)
        assert fmt.parse(field.address) == fmt.Address(fmt.META, field.key)


@pytest.mark.parametrize("text", ["", "t3", "t3.new", "t9.new.natural", "t3.new.natural.x", "x.y"])
def test_parse_refuses_what_is_no_address(text: str) -> None:
    with pytest.raises(ValueError, match="not an address"):
        fmt.parse(text)


def test_the_named_rows_exist() -> None:
    for row in (fmt.T3_NEW_ROW, fmt.T3_CARRIED_IN_ROW, fmt.T3_CARRIED_OUT_ROW):
        assert row in fmt.T3_ROW_BY_KEY
    assert fmt.T4_GROUPS[0].key == fmt.T4_REVIEW_GROUP
    assert fmt.FEE_ADDRESS in fmt.VALUE_CELLS
    assert fmt.VALUE_CELLS[fmt.FEE_ADDRESS].kind is fmt.CellKind.DECIMAL
    assert fmt.FEE_PART.address in {p.address for p in fmt.TEXT_PARTS}
    assert fmt.section_of(fmt.FEE_PART.address).number == "六"


# -- tables and their traits -----------------------------------------------------------------


@pytest.mark.parametrize("key", fmt.TABLE_KEYS)
def test_traits_fit_their_table(key: str) -> None:
    table = fmt.TABLES[key]
    traits = table.traits
    assert len(traits.sheet_widths) == table.cols
    assert len(traits.screen_widths) == table.cols
    assert traits.print_sizes and list(traits.print_sizes) == sorted(traits.print_sizes)[::-1]
    for col in (traits.long_label_col, traits.vertical_label_col, traits.category_col):
        assert col is None or col < table.label_cols
    for first, last in traits.unbreakable_rows:
        assert 0 <= first < last < table.rows
    assert fmt.table_section(key).table == key
    assert fmt.table_section(key).number == table.section


def test_table_three_is_the_one_page_balanced_table() -> None:
    """The facts pdf, workbook and the editor used to test 't3' for."""
    one_page = [k for k, t in fmt.TABLES.items() if t.traits.one_page]
    balanced = [k for k, t in fmt.TABLES.items() if t.traits.balanced]
    assert one_page == balanced == [fmt.T3]
    t3 = fmt.TABLES[fmt.T3]
    long_labels = {c.text for c in t3.grid if c.col == t3.traits.long_label_col and not c.header}
    assert {r.label for r in fmt.T3_ROWS if r.category} <= long_labels


def test_the_not_applicable_and_zero_marks_split_the_tables() -> None:
    zero = {k for k, t in fmt.TABLES.items() if t.traits.zero_marks}
    not_applicable = {k for k, t in fmt.TABLES.items() if t.traits.not_applicable_marks}
    assert zero == {fmt.T3, fmt.T4} and not_applicable == {fmt.T2}


def test_table_two_blocks_are_its_heading_to_last_item() -> None:
    t2 = fmt.TABLES[fmt.T2]
    headings = {c.row for c in t2.grid if c.header and c.colspan == t2.cols}
    assert [first for first, _ in t2.traits.unbreakable_rows] == sorted(headings)
    assert t2.traits.unbreakable_rows[-1][1] == t2.rows - 1


def test_label_help_names_table_three_labels() -> None:
    labels = {c.text for c in fmt.TABLES[fmt.T3].grid if not c.is_value}
    assert set(fmt.LABEL_HELP) <= labels
    assert list(fmt.LABEL_HELP.values()) == list(fmt.T3_HELP.values())


# -- meta fields -----------------------------------------------------------------------------


def test_meta_fields_are_the_draft_files_meta_keys() -> None:
    keys = list(draft.to_document(Report())["meta"])
    assert [f.key for f in fmt.META_FIELDS] == keys
    assert {f.key for f in fmt.META_FIELDS if f.required} == {"agency", "year"}
    for field in fmt.META_FIELDS:
        assert fmt.cell_name(field.address) == field.label


@pytest.mark.parametrize(
    ("year", "valid"),
    [
        (fmt.MIN_YEAR - 1, False),
        (fmt.MIN_YEAR, True),
        (1995, True),
        (fmt.MAX_YEAR, True),
        (fmt.MAX_YEAR + 1, False),
    ],
)
def test_one_year_range_for_the_draft_file(year: int, valid: bool) -> None:
    assert fmt.valid_year(year) is valid
    doc = draft.to_document(Report())
    doc["meta"]["year"] = year
    assert draft.parse(json.dumps(doc)).meta.year == (year if valid else None)


# -- severities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    severity: fmt.Severity


def test_severity_words_and_json_value() -> None:
    assert fmt.Severity.ERROR.word == "错误" and fmt.Severity.WARNING.word == "提醒"
    assert json.dumps([fmt.Severity.ERROR]) == '["error"]'
    assert set(rules.RULES.values()) == set(fmt.Severity)


@pytest.mark.parametrize(
    ("errors", "warnings", "text"),
    [(0, 0, ""), (2, 0, "2 处错误"), (0, 1, "1 处提醒"), (2, 1, "2 处错误 / 1 处提醒")],
)
def test_summary(errors: int, warnings: int, text: str) -> None:
    findings = [_Found(fmt.Severity.ERROR)] * errors + [_Found(fmt.Severity.WARNING)] * warnings
    assert fmt.summary(findings) == text
    assert fmt.counts_text(errors, warnings) == text
    assert fmt.count(findings, fmt.Severity.ERROR) == errors


def test_counts_text_separator_and_suffix() -> None:
    assert fmt.counts_text(1, 2, sep="，") == "1 处错误，2 处提醒"
    assert fmt.counts_text(0, 3, warning_suffix="待确认") == "3 处提醒待确认"
