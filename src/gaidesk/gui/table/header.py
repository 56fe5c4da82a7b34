"""The frozen header of a tall grid: table 3 is taller than a laptop screen, so its official
column header stays in view while the body scrolls under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView

from gaidesk.gui.table.delegate import set_up_grid

if TYPE_CHECKING:
    from gaidesk.gui.table.view import TableView


def freeze_header(view: TableView) -> QTableView:
    """A second view over the grid's header rows alone, a child of view, which hides them.

    It scrolls sideways with view; view sizes its columns and rows and places it over its top.
    """
    model = view.table_model
    header_rows = model.table.header_rows
    frozen = QTableView(view)
    set_up_grid(frozen, view)
    frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    frozen.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    frozen.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    frozen.setFrameShape(QFrame.Shape.NoFrame)
    frozen.setStyleSheet(view.styleSheet())
    for cell in model.spans():
        if cell.row < header_rows:
            frozen.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
    for r in range(header_rows, model.table.rows):
        frozen.setRowHidden(r, True)
    for r in range(header_rows):
        view.setRowHidden(r, True)
    view.horizontalScrollBar().valueChanged.connect(frozen.horizontalScrollBar().setValue)
    return frozen
