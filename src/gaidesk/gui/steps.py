"""The wizard's steps and where a finding lives among them (which step edits an address)."""

from __future__ import annotations

from dataclasses import dataclass

from gaidesk import format as fmt
from gaidesk import rules


@dataclass(frozen=True)
class Step:
    kind: str  # "basic", "narrative", "table", "check"
    title: str  # what the side list shows
    section: fmt.Section | None = None


def wizard_steps() -> tuple[Step, ...]:
    steps = [Step("basic", "基本信息")]
    for section in fmt.SECTIONS:
        steps.append(Step("table" if section.table else "narrative", section.heading, section))
    steps.append(Step("check", "检查与导出"))
    return tuple(steps)


STEPS = wizard_steps()
BASIC_STEP = 0
CHECK_STEP = len(STEPS) - 1


def step_of_address(address: str) -> int:
    """The wizard step where an address (cell, ``text.…``, ``meta.…``) is edited."""
    if address.startswith("meta.") or address == fmt.PREFACE.address:
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
