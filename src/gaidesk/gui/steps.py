"""The wizard's steps and where a finding lives among them (which step edits an address)."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.model import BASIC


class StepKind(StrEnum):
    """What a wizard step edits (its value also names the step's part of the guide)."""

    BASIC = "basic"  # 基本信息 and the lead paragraph
    NARRATIVE = "narrative"  # a section of text parts
    TABLE = "table"  # a section's table
    CHECK = "check"  # 检查与导出


class Step(NamedTuple):
    kind: StepKind
    title: str  # what the side list shows
    section: fmt.Section | None = None


def wizard_steps() -> tuple[Step, ...]:
    steps = [Step(StepKind.BASIC, "基本信息")]
    for section in fmt.SECTIONS:
        kind = StepKind.TABLE if section.table else StepKind.NARRATIVE
        steps.append(Step(kind, section.heading, section))
    steps.append(Step(StepKind.CHECK, "检查与导出"))
    return tuple(steps)


STEPS = wizard_steps()
BASIC_STEP = 0
CHECK_STEP = len(STEPS) - 1


def step_of_address(address: str) -> int:
    """The wizard step where an address (cell, ``text.…``, ``meta.…``) is edited."""
    if fmt.is_meta(address) or address == fmt.PREFACE.address:
        return BASIC_STEP
    section = fmt.section_of(address)
    for i, step in enumerate(STEPS):
        if step.section is section:
            return i
    return BASIC_STEP


def step_of_finding(finding: rules.Finding) -> int | None:
    return step_of_address(finding.cells[0]) if finding.cells else None


def place_of_finding(finding: rules.Finding) -> str:
    """Where a finding is, in words: the section heading or 「基本信息」."""
    step = step_of_finding(finding)
    return STEPS[step].title if step is not None else "整份报告"


# The fields of 「基本信息」 from top to bottom (the lead paragraph last).
_BASIC_ORDER = (*(field.address for field in fmt.META_FIELDS), fmt.PREFACE.address)


def _cell_positions() -> dict[str, tuple[int, int]]:
    return {
        cell.address: (cell.row, cell.col)
        for table in fmt.TABLES.values()
        for cell in table.grid
        if cell.is_value
    }


_CELL_POSITIONS = _cell_positions()


def report_order(address: str) -> tuple[int, int, int]:
    """Where an address comes when reading the report from its first field to its last:
    (step, row or part, column)."""
    step = step_of_address(address)
    if step == BASIC_STEP:
        index = _BASIC_ORDER.index(address) if address in _BASIC_ORDER else len(_BASIC_ORDER)
        return (step, index, 0)
    position = _CELL_POSITIONS.get(address)
    if position is not None:
        return (step, *position)
    section = STEPS[step].section
    if section is not None and fmt.is_text(address):
        keys = [p.key for p in section.parts]
        key = fmt.text_key(address)
        return (step, keys.index(key) if key in keys else len(keys), 0)
    return (step, 0, 0)


def finding_order(finding: rules.Finding) -> tuple[int, int, int]:
    return report_order(finding.cells[0]) if finding.cells else (len(STEPS), 0, 0)


def part_of_step(index: int) -> str | None:
    """The part of the report (review.PARTS) a step edits; None for 「检查与导出」."""
    step = STEPS[index]
    if step.kind is StepKind.BASIC:
        return BASIC
    return step.section.number if step.section is not None else None
