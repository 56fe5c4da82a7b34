"""The windows ask the controller with signals: no GUI module imports gaidesk.gui.app."""

from __future__ import annotations

from tests.support.imports import imported_modules
from tests.support.paths import PACKAGE

GUI = PACKAGE / "gui"
CONTROLLER = "gaidesk.gui.app"
# The screenshot tool is a program of its own that starts the controller as `gaidesk` does.
STARTS_THE_CONTROLLER = {"app.py", "screenshots.py"}


def test_no_window_imports_the_controller() -> None:
    found = [
        str(path.relative_to(GUI))
        for path in sorted(GUI.rglob("*.py"))
        if str(path.relative_to(GUI)) not in STARTS_THE_CONTROLLER
        and CONTROLLER in imported_modules(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"these modules reach into the controller: {found}"


def test_the_check_sees_an_import_under_type_checking() -> None:
    source = "if TYPE_CHECKING:\n    from gaidesk.gui.app import Controller\n"
    assert CONTROLLER in imported_modules(source)
    assert CONTROLLER in imported_modules("def f():\n    from gaidesk.gui import app\n")
    assert CONTROLLER not in imported_modules("from gaidesk.gui import home\n")
