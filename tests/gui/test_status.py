"""Honest status: a part is 「未填」 until she has touched it or checked it, the problems of a
part she has not reached wait as 「待填写」, and 「可以定稿」 needs every warning confirmed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gaidesk import draft, draftcheck, review, rules, store
from gaidesk.gui.app import Controller
from gaidesk.gui.steps import CHECK_STEP, STEPS
from gaidesk.gui.wizard.window import WizardWindow
from gaidesk.model import Report
from tests.support.gui import library_copy

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _step(table: str) -> int:
    return next(i for i, s in enumerate(STEPS) if s.section and s.section.table == table)


def _new(controller: Controller) -> tuple[WizardWindow, Path]:
    report = Report.blank("大寨镇人民政府", 2025)
    path = controller.library.new_draft_path(report)
    store.save_report(report, path, keep_version=False)
    window = controller.open_draft(path)
    assert window is not None
    window.resize(1500, 1000)
    window.show()
    QApplication.processEvents()
    return window, path


def test_a_new_report_is_unfilled_not_red_nor_green(controller: Controller) -> None:
    window, _path = _new(controller)
    assert window.document.error_count > 0  # empty texts break rules …
    for i in range(1, CHECK_STEP):
        assert window.status.step_status_text(i) == "未填", STEPS[i].title  # … but nothing is red
        assert "✓" not in window.steps.item(i).text()
    assert "处错误" not in window.status.counts_label.text()
    assert "部分未填" in window.status.counts_label.text()
    lines = [
        window.problems.topLevelItem(i).text(0) for i in range(window.problems.topLevelItemCount())
    ]
    assert lines and all(line.startswith("待填写") for line in lines)
    # Reaching a part shows its problems; asking for the check shows all of them.
    first_text = next(i for i, s in enumerate(STEPS) if s.kind == "narrative")
    window.go_to_step(first_text)
    assert window.status.step_status_text(first_text).startswith("未填 · ")
    assert "处错误" in window.status.step_status_text(first_text)
    assert window.status.step_status_text(_step("t2")) == "未填"
    window.go_to_step(CHECK_STEP)
    assert "处错误" in window.status.counts_label.text()
    assert window.check_page.verdict_text().startswith("还有")


def test_touching_or_checking_a_table_fills_it_in_and_is_kept(controller: Controller) -> None:
    window, path = _new(controller)
    page3 = window.table_pages["t3"]
    window.go_to_step(_step("t3"))
    window.document.set_cell("t3.new.natural", 1)  # she types into table 3
    assert window.document.is_filled("三")
    assert not page3.checked_button.isVisible()  # type: ignore[attr-defined]
    # Table 2 is all zero: one click says 「本年无此类情况」.
    window.go_to_step(_step("t2"))
    page2 = window.table_pages["t2"]
    assert page2.checked_button.isVisible()  # type: ignore[attr-defined]
    assert "本年无此类情况" in page2.checked_button.text()  # type: ignore[attr-defined]
    page2.checked_button.click()  # type: ignore[attr-defined]
    assert window.status.step_status_text(_step("t2")) == "✓"
    assert window.save_now()
    saved = store.load_report(path, offer_versions=False)
    assert {"二", "三"} <= saved.review.filled and "四" not in saved.review.filled
    assert review.unfilled(saved.review, saved.meta.agency)[0] == "一"  # 基本信息: body named


def test_a_warning_must_be_confirmed_and_the_home_list_agrees(
    controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    home = controller.show_home()
    QApplication.processEvents()
    row = next(
        home.drafts.topLevelItem(i)
        for i in range(home.drafts.topLevelItemCount())
        if home.drafts.topLevelItem(i).text(0) == "大寨镇人民政府"
    )
    # not 可以定稿: the sample has two warnings (S1-OVERSIGHT, S6-FEE)
    assert row.text(3) == "2 处提醒待确认"
    window = controller.open_draft(path)
    assert window is not None
    window.go_to_step(CHECK_STEP)
    warnings = [f for f in window.document.findings if f.severity == rules.WARNING]
    assert len(warnings) == 2
    tree = window.check_page.findings
    for warning in warnings:
        assert window.check_page.verdict_text() != "可以定稿"
        item = next(
            tree.topLevelItem(g).child(c)
            for g in range(tree.topLevelItemCount())
            for c in range(tree.topLevelItem(g).childCount())
            if tree.topLevelItem(g).child(c).text(0) == warning.message
        )
        tree.setCurrentItem(item)
        assert window.check_page.confirm_button.isEnabled()
        window.check_page.confirm_button.click()
    assert window.check_page.verdict_text() == "可以定稿"
    assert window.save_now()
    window.close()
    QApplication.processEvents()
    controller.show_home()
    QApplication.processEvents()
    assert home.drafts.topLevelItem(0).text(3) == "可以定稿"


def test_x_similar_must_be_confirmed_to_pass(dazhai_path: Path) -> None:
    report = draft.parse(dazhai_path.read_bytes())
    report.review = review.Review.legacy()
    part = next(p for p in report.text if report.text[p].strip() and p != "preface")
    previous = report.copy()
    findings = rules.one_per_cause(rules.check(report, previous))
    similar = [f for f in findings if f.rule == "X-SIMILAR"]
    assert similar and any(f.cells[0] == f"text.{part}" for f in similar)
    assert not review.verdict(report.review, findings, report.meta.agency).ready
    report.review.confirmed |= {review.finding_key(f) for f in findings if f.severity == "warning"}
    assert review.verdict(report.review, findings, report.meta.agency).ready


def test_old_drafts_load_as_filled_in_and_the_review_round_trips(dazhai_path: Path) -> None:
    data = dazhai_path.read_bytes()
    assert "progress" not in json.loads(data)  # saved before the progress was kept
    old = draft.parse(data)
    assert old.review.filled == set(review.PARTS) and not old.review.confirmed
    new = Report.blank("大寨镇人民政府", 2025)
    assert review.unfilled(new.review, new.meta.agency) == list(review.PARTS[1:])
    new.review.filled.add("三")
    new.review.confirmed.add("S6-FEE@text.other_matters")
    again = draft.parse(draft.dumps(new))
    assert again.review == new.review
    assert not again.extra  # the progress is known, not kept as an unknown part besides
    assert draft.dumps(again).count(b'"progress"') == 1
    with pytest.raises(draft.DraftError):
        draft.parse(draft.dumps(new).replace(b'"filled": [', b'"filled": 3, "x": ['))


def test_the_home_list_counts_what_is_copied_from_last_year(
    controller: Controller, dazhai_path: Path
) -> None:
    this_year = draft.parse(dazhai_path.read_bytes())
    last_year = this_year.copy()
    last_year.meta.year = 2024  # the same words last year: this year's parts are copies
    store.save_report(last_year, controller.library.new_draft_path(last_year), keep_version=False)
    path = controller.library.new_draft_path(this_year)
    store.save_report(this_year, path, keep_version=False)
    findings = rules.one_per_cause(rules.check(this_year, last_year))
    assert any(f.rule == "X-SIMILAR" for f in findings)
    expected = review.verdict(this_year.review, findings, this_year.meta.agency)
    infos = controller.library.list_drafts()
    (info,) = [i for i in infos if i.year == 2025]
    listed = draftcheck.verdicts(infos)[info.path]
    assert listed.text() == expected.text() and not listed.ready
    assert listed.open_warnings == expected.open_warnings > 1
    controller.show_home()
    shown = controller.home.drafts.findItems(expected.text(), Qt.MatchFlag.MatchExactly, 3)
    assert len(shown) == 1
