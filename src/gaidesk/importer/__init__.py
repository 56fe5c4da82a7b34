"""Reading a report from the forms it arrives in: an Excel workbook or a saved web page.

:func:`import_file` is the one entry: it dispatches by the file's suffix (``.xlsx``, ``.html``,
``.htm``) and returns an :class:`ImportResult`, or raises :class:`gaidesk.errors.ImportFailed`
with a Chinese message naming everything it could not find or read. Every source becomes
grids of cell texts (:mod:`~gaidesk.importer.grid`) in which the official tables are found by
their labels (:mod:`~gaidesk.importer.locate`) and read into a report
(:mod:`~gaidesk.importer.tables`, :mod:`~gaidesk.importer.convert`).
"""

from __future__ import annotations

import os
from pathlib import Path

from gaidesk.importer.result import ImportResult

__all__ = ["IMPORT_SUFFIXES", "ImportResult", "import_file"]

WORKBOOK_SUFFIXES = (".xlsx",)
PAGE_SUFFIXES = (".html", ".htm")
IMPORT_SUFFIXES = WORKBOOK_SUFFIXES + PAGE_SUFFIXES  # what the open dialogs offer


def import_file(path: str | os.PathLike[str]) -> ImportResult:
    """Read a report from a workbook (.xlsx) or a saved web page (.html, .htm).

    A file with another suffix is read as what its first bytes show (a page starts with markup);
    otherwise the workbook reader says what it is (an old .xls, an encrypted workbook…).
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix in PAGE_SUFFIXES or (suffix not in WORKBOOK_SUFFIXES and _looks_like_markup(source)):
        from gaidesk.importer.html import import_html

        return import_html(source)
    from gaidesk.importer.xlsx import import_xlsx

    return import_xlsx(source)


def _looks_like_markup(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False  # the workbook reader names the fault
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<!--"))
