"""The table steps of the wizard (二, 三, 四): the official grid, edited like a spreadsheet.

The grid is generated from ``format.TABLES``: every label and merged cell of docs/format.md §2–§4
is a cell of the model, the value cells are edited through the ReportDocument (so every change is
one undo step and re-runs all rules), totals are computed and read-only. The widgets keep no
report state: what they show is read from the document each time it is painted.
"""
