"""Every colour of the windows is named in gaidesk.gui.theme: no other GUI module spells one."""

from __future__ import annotations

import re

import pytest

from tests.support.paths import PACKAGE

GUI = PACKAGE / "gui"
THEME = GUI / "theme.py"
# A hex colour: #rgb, #rrggbb or #aarrggbb (not an HTML character reference such as &#38;).
HEX_COLOUR = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
# Modules another branch is moving (issue 11: the wizard package); their colours go to the
# theme once that has landed. Remove the entry then (the last test says when it is stale).
NOT_YET: dict[str, str] = {}  # module -> why it still holds colours (none today)


def colour_literals(text: str) -> list[tuple[int, str]]:
    """(line, literal) of every hex colour in a module's text."""
    return [
        (number, match.group())
        for number, line in enumerate(text.splitlines(), 1)
        for match in HEX_COLOUR.finditer(line)
    ]


def test_no_gui_module_but_the_theme_spells_a_colour() -> None:
    found = [
        f"{path.relative_to(GUI)}:{line}: {literal}"
        for path in sorted(GUI.rglob("*.py"))
        if path != THEME and str(path.relative_to(GUI)) not in NOT_YET
        for line, literal in colour_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "colours belong in gaidesk/gui/theme.py:\n" + "\n".join(found)


def test_the_theme_names_colours() -> None:
    assert len(colour_literals(THEME.read_text(encoding="utf-8"))) > 20


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('label.setStyleSheet("color: #c62828;")', ["#c62828"]),
        ("QColor('#FFF')", ["#FFF"]),
        ('"QLabel { background: #80ffe3e3 }"', ["#80ffe3e3"]),
        ('"QListWidget#steps { padding: 6px; }"', []),
        ('"&#38; and #1234567 and a#abc"', []),
    ],
)
def test_the_check_finds_colours_and_only_colours(snippet: str, expected: list[str]) -> None:
    assert [literal for _line, literal in colour_literals(snippet)] == expected


def test_the_exceptions_still_hold_colours() -> None:
    for name in NOT_YET:
        assert colour_literals((GUI / name).read_text(encoding="utf-8")), (
            f"{name} has no colour literal left: remove it from NOT_YET"
        )
