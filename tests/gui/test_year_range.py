"""The year boxes take the format's one year range (fmt.MIN_YEAR–fmt.MAX_YEAR), the same as the
draft file and the command line: a draft of 1995 shows its year, not 「未填写」."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from gaidesk import format as fmt
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.home import NewReportDialog
from gaidesk.gui.pages.basic import BasicInfoPage
from gaidesk.store import load_report


def test_basic_page_shows_an_early_year(qtbot: QtBot, dazhai_path: Path) -> None:
    report = load_report(dazhai_path)
    report.meta.year = 1995
    document = ReportDocument(report)
    page = BasicInfoPage(document)
    qtbot.addWidget(page)
    assert page.year.value() == 1995 and page.year.text() != page.year.specialValueText()
    assert page.year.maximum() == fmt.MAX_YEAR
    page.year.setValue(page.year.minimum())  # the 「未填写」 position, below the range
    assert page.year.text() == "未填写" and document.report.meta.year is None
    page.year.setValue(fmt.MIN_YEAR)
    assert document.report.meta.year == fmt.MIN_YEAR


def test_new_report_dialog_takes_the_same_range(qtbot: QtBot) -> None:
    dialog = NewReportDialog("大寨镇人民政府", 1995)
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 1995
    assert (dialog.year.minimum(), dialog.year.maximum()) == (fmt.MIN_YEAR, fmt.MAX_YEAR)
    assert dialog.values() == ("大寨镇人民政府", 1995)
