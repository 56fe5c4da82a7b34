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

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
CREATED = dt.datetime(2026, 1, 20, 9, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

PDF_SHA256 = {
    "dazhai-2025": "63cdc83a2f716e683edf64e526bc8536346604992a01a95b9919416b9c4afda2",
    "huaian-2024-tables": "548709f7a809b5f79d591b613fd731dc09790bc12f09aaa9c01ac2d68c167bce",
}
XLSX_SHA256 = {
    "dazhai-2025": "18e18c505a6388df1273da289cc905664389ee3c0d89d8f755275c0535edb182",
    "huaian-2024-tables": "136937549746bb494c932284eeea94cbae2fa05d04e598cb71895e4837730062",
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
