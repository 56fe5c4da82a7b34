"""The sample reports' PDF and workbook, byte for byte.

A refactoring must not change what the clerk hands in: these hashes are updated only in a commit
that names the intended change to the output. The PDF is hashed whole (its creation time is
given); the workbook is hashed member by member with the two timestamps openpyxl writes (the
zip entries' times and docProps/core.xml's created/modified) left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from gaidesk import draft, rules
from gaidesk.model import Report
from gaidesk.pdf import render_pdf_bytes
from gaidesk.workbook import export_xlsx
from tests.support.paths import SAMPLES

CREATED = dt.datetime(2026, 1, 20, 9, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

PDF_SHA256 = {
    "dazhai-2025": "0056bb15d29774609e492d56387b897847b896a5951e61647f1c93d21019398c",
    "huaian-2024-tables": "7f9a112b9dc4869b7dd896da40297c347d3c6c5b8c861493bf595bca92760cd1",
}
# openpyxl writes its XML through lxml when lxml is installed (python-docx brings it): the
# same workbook, serialised a little differently (<a/> for <a />, namespaces where used).
XLSX_SHA256 = {
    "dazhai-2025": "b0e59b3aa0a1246506b4efb6a88b7b3fe106963b07180c0c09d81633f8618943",
    "huaian-2024-tables": "82630367d516177df92608b9a06fea6200198dea9eb23fde5813bac88eca6775",
}
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")


def _report(name: str) -> Report:
    return draft.parse((SAMPLES / f"{name}.gaidesk").read_bytes())


def _workbook_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\1\3", data)
            digest.update(info.filename.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


@pytest.mark.parametrize("name", sorted(PDF_SHA256))
def test_sample_pdf_is_unchanged(name: str) -> None:
    report = _report(name)
    data = render_pdf_bytes(report, findings=rules.check(report), created=CREATED)
    assert hashlib.sha256(data).hexdigest() == PDF_SHA256[name]


@pytest.mark.parametrize("name", sorted(XLSX_SHA256))
def test_sample_workbook_is_unchanged(name: str, tmp_path: Path) -> None:
    report = _report(name)
    target = tmp_path / f"{name}.xlsx"
    export_xlsx(report, target, findings=rules.check(report))
    assert _workbook_digest(target) == XLSX_SHA256[name]
