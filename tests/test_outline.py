"""The printed report in reading order (gaidesk.outline), shared by every renderer."""

from __future__ import annotations

from pathlib import Path

from gaidesk import draft
from gaidesk import format as fmt
from gaidesk.model import Report
from gaidesk.outline import BLANK_DATE, CENTER, LEFT, outline, paragraphs, signature_lines


def load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def test_reading_order_of_the_sample(dazhai_path: Path) -> None:
    report = load(dazhai_path)
    printed = outline(report)
    assert printed.title == report.meta.effective_title.strip()
    assert printed.preface == paragraphs(report.text[fmt.PREFACE.key])
    assert [s.heading for s in printed.sections] == [s.heading for s in fmt.SECTIONS]
    for section, spec in zip(printed.sections, fmt.SECTIONS, strict=True):
        assert (section.table is not None) == bool(spec.table)
        assert [p.spec for p in section.parts] == list(spec.parts)
        for part in section.parts:
            assert part.paragraphs == paragraphs(report.text[part.spec.key])
            assert part.heading == (report.title_of(part.spec.key) if part.spec.number else "")
    assert (printed.signature.name, printed.signature.date) == signature_lines(report)
    texts = list(printed.texts())
    assert texts[0] == printed.title
    assert texts[-1] == printed.signature.date


def test_untitled_parts_are_plain_paragraphs_and_titled_ones_have_their_heading() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    for part in fmt.TEXT_PARTS:
        report.text[part.key] = f"第一段{part.key}\n\n  第二段  \n"
    printed = outline(report)
    for section in printed.sections:
        for part in section.parts:
            assert len(part.paragraphs) == 2 and part.paragraphs[1] == "第二段"
            if not part.spec.number:
                assert part.heading == ""
            else:
                assert part.heading == part.spec.heading
    assert sum(1 for s in printed.sections for p in s.parts if not p.spec.number) >= 1


def test_clerk_s_own_sub_heading_and_invisible_characters() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    part = next(p for p in fmt.SECTIONS[0].parts if p.retitlable)  # （一）, after the lead
    report.titles[part.key] = "主动\u200b公开工作"
    report.text[part.key] = "正文\u200d含𠀾字"
    printed = outline(report)
    first = next(p for p in printed.sections[0].parts if p.spec is part)
    assert first.heading == part.number + "主动公开工作"
    assert first.paragraphs == ("正文含𠀾字",)


def test_every_grid_cell_with_its_printed_value(huaian_path: Path) -> None:
    report = load(huaian_path)
    printed = outline(report)
    grids = {s.spec.table: s.table for s in printed.sections if s.table}
    assert set(grids) == set(fmt.TABLES)
    for key, table in fmt.TABLES.items():
        grid = grids[key]
        assert grid is not None and grid.spec is table and grid.traits is table.traits
        assert len(grid.cells) == len(table.grid)
        by_place = {(c.row, c.col): c for c in grid.cells}
        for spec_cell in table.grid:
            cell = by_place[spec_cell.row, spec_cell.col]
            assert (cell.rowspan, cell.colspan, cell.header) == (
                spec_cell.rowspan,
                spec_cell.colspan,
                spec_cell.header,
            )
            if spec_cell.is_value:
                assert cell.is_value and cell.address == spec_cell.address
                assert cell.text == str(report.cells[spec_cell.address])
                assert cell.align == CENTER
            else:
                assert not cell.is_value and cell.text == spec_cell.text
        rows = grid.rows()
        assert len(rows) == table.rows
        assert [c for row in rows for c in row] == list(grid.cells)


def test_zero_counts_print_as_zero() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    printed = outline(report)
    values = [c.text for s in printed.sections if s.table for c in s.table.cells if c.is_value]
    assert values and all(v == "0" for v in values)


def test_alignment_follows_the_table_traits() -> None:
    printed = outline(Report.blank("大寨镇人民政府", 2025))
    for section in printed.sections:
        if not section.table:
            continue
        traits = section.table.traits
        for cell in section.table.cells:
            if cell.is_value or cell.header or traits.centred_labels:
                assert cell.align == CENTER
            elif cell.col == traits.long_label_col:
                assert cell.align == LEFT
            assert cell.vertical == (
                not cell.is_value and cell.rowspan > 3 and cell.col == traits.vertical_label_col
            )
    assert any(c.vertical for s in printed.sections if s.table for c in s.table.cells)


def test_signature_date_and_blank_date() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    assert signature_lines(report) == ("大寨镇人民政府", BLANK_DATE)
    report.meta.publish_date = "2026-01-05"
    assert outline(report).signature.date == "2026年1月5日"
    report.meta.agency = ""
    assert outline(report).signature.name == ""
