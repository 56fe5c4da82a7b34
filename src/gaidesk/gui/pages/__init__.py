"""The wizard's step pages and the one interface the window uses on every one of them.

The pages are 「基本信息」 (``basic.BasicInfoPage``), a narrative section
(``gaidesk.gui.narrative.NarrativePage``), a table (``gaidesk.gui.table.page.TablePage``) and
「检查与导出」 (``check.CheckPage``). The wizard window builds them on first visit and then
speaks to each through ``StepPage`` only; what one kind of page has no use for it accepts and
ignores, so the window never asks which kind a page is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class StepPage(Protocol):
    """What the wizard window calls on the page of every step."""

    def focus_first(self) -> None:
        """Put the keyboard where she starts on this step (the first field, text or the grid)."""

    def focus_address(self, address: str) -> bool:
        """Show the field, text part or cell at ``address`` and put the cursor there; False
        when it is not on this page."""

    def cursor_address(self) -> str:
        """The field, text part or cell the keyboard is in on this page ("" if none)."""

    def commit_open_editor(self, keep_refused: bool) -> QWidget | None:
        """Take a value still being typed into an open editor into the report. Returns the
        editor when it holds a value the report refused and ``keep_refused`` keeps it open
        (the window then shows it); None when nothing is left open."""

    def set_read_only(self) -> None:
        """Stop every edit on this page (reading, printing and exporting stay)."""

    def set_compact(self, compact: bool) -> None:
        """The layout of a low screen (under 800 pixels) or the roomy one."""

    def set_zoom(self, percent: int) -> None:
        """The tables' zoom (Ctrl+= on a table step), in percent of the program's text size."""
