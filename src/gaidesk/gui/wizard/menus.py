"""The wizard's menus and the export buttons of 「检查与导出」, connected to the window's slots.

Every action first takes the cell being typed in and saves the draft
(``DraftSaving.before_reading``); when the cell holds no number the action waits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton

from gaidesk.gui.common import pdf_available, word_available, workbook_available
from gaidesk.gui.steps import CHECK_STEP

if TYPE_CHECKING:
    from gaidesk.gui.pages.check import CheckPage
    from gaidesk.gui.wizard.window import WizardWindow


class WizardActions(NamedTuple):
    """The menu actions the window switches on and off."""

    save: QAction  # off in a read-only window
    restore: QAction  # off in a read-only window
    drop_previous: QAction  # on while last year's report is compared


def build_menus(window: WizardWindow) -> WizardActions:
    """Fill the window's menu bar: 文件, 转到, 查看, 帮助."""
    bar = window.menuBar()
    saving = window.saving
    file_menu = bar.addMenu("文件(&F)")
    save = _action(window, file_menu, "立即保存", window.save_now, QKeySequence("Ctrl+S"))
    _action(window, file_menu, "另存为…", window.save_as, QKeySequence("Ctrl+Shift+S"))
    if pdf_available():
        file_menu.addSeparator()
        _action(window, file_menu, "打印预览", lambda: window.exporter.preview())
        _action(
            window,
            file_menu,
            "打印…",
            lambda: window.exporter.print_report(),
            QKeySequence("Ctrl+P"),
        )
        _action(
            window,
            file_menu,
            "导出PDF…",
            lambda: window.exporter.export_pdf(),
            QKeySequence("Ctrl+E"),
        )
    if workbook_available():
        _action(window, file_menu, "导出Excel…", lambda: window.exporter.export_xlsx())
    if word_available():
        _action(window, file_menu, "导出Word…", lambda: window.exporter.export_docx())
    _action(window, file_menu, "导出网站发布版…", lambda: window.exporter.export_html())
    file_menu.addSeparator()
    restore = _action(window, file_menu, "恢复较早的版本…", window.restore_version)
    file_menu.addSeparator()
    _action(window, file_menu, "选择上年报告文件…", saving.choose_previous_file)
    drop_previous = _action(window, file_menu, "不对照上年报告", saving.drop_previous)
    file_menu.addSeparator()
    _action(window, file_menu, "返回首页", window.go_home)
    _action(window, file_menu, "关闭", window.close, QKeySequence("Ctrl+W"))

    go_menu = bar.addMenu("转到(&G)")
    _action(
        window,
        go_menu,
        "上一步",
        window.previous_step,
        QKeySequence("Alt+Left"),
        QKeySequence("Ctrl+PgUp"),
    )
    _action(
        window,
        go_menu,
        "下一步",
        window.next_step,
        QKeySequence("Alt+Right"),
        QKeySequence("Ctrl+PgDown"),
    )
    _action(window, go_menu, "检查与导出", lambda: window.go_to_step(CHECK_STEP))
    go_menu.addSeparator()
    focus = window.focus
    _action(
        window,
        go_menu,
        "下一个区域（表格、问题列表、步骤）",
        lambda: focus.cycle(1),
        QKeySequence("F6"),
        QKeySequence("Ctrl+Tab"),
    )
    _action(
        window,
        go_menu,
        "上一个区域",
        lambda: focus.cycle(-1),
        QKeySequence("Shift+F6"),
        QKeySequence("Ctrl+Shift+Tab"),
    )
    _action(window, go_menu, "下一个问题", focus.next_problem, QKeySequence("F8"))
    _action(window, go_menu, "上一个问题", focus.previous_problem, QKeySequence("Shift+F8"))

    view_menu = bar.addMenu("查看(&V)")
    _action(
        window,
        view_menu,
        "放大文字",
        lambda: window.change_text_size(1),
        QKeySequence("Ctrl+="),
        QKeySequence("Ctrl++"),
    )
    _action(
        window,
        view_menu,
        "缩小文字",
        lambda: window.change_text_size(-1),
        QKeySequence("Ctrl+-"),
    )
    _action(
        window,
        view_menu,
        "默认文字大小",
        lambda: window.change_text_size(0),
        QKeySequence("Ctrl+0"),
    )
    view_menu.addSeparator()
    toggle = window.problems_dock.toggleViewAction()
    toggle.setText("问题列表")
    view_menu.addAction(toggle)

    help_menu = bar.addMenu("帮助(&H)")
    _action(window, help_menu, "用户指南", window.show_guide, QKeySequence("F1"))
    return WizardActions(save=save, restore=restore, drop_previous=drop_previous)


def _action(
    window: WizardWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    *shortcuts: QKeySequence,
) -> QAction:
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts(list(shortcuts))
    before = window.saving.before_reading
    action.triggered.connect(lambda _checked=False: before() and slot())
    menu.addAction(action)
    window.addAction(action)
    return action


def add_export_buttons(window: WizardWindow, page: CheckPage) -> dict[str, QPushButton]:
    """The export and print buttons of 「检查与导出」, by kind, added to the page."""
    actions: list[tuple[str, str, str, Callable[[], object]]] = []
    if pdf_available():
        actions += [
            ("preview", "打印预览(&Y)", "查看打印出来的样子", lambda: window.exporter.preview()),
            ("print", "打印…(&P)", "直接打印报告", lambda: window.exporter.print_report()),
            (
                "pdf",
                "导出PDF…(&D)",
                "导出为PDF文件，用于公开发布和报送",
                lambda: window.exporter.export_pdf(),
            ),
        ]
    if workbook_available():
        actions.append(
            (
                "xlsx",
                "导出Excel…(&X)",
                "把三张表格导出为Excel工作簿",
                lambda: window.exporter.export_xlsx(),
            )
        )
    if word_available():
        actions.append(
            (
                "docx",
                "导出Word…(&O)",
                "导出为Word文档，供在WPS或Word中修改",
                lambda: window.exporter.export_docx(),
            )
        )
    actions.append(
        (
            "html",
            "网站发布版…(&W)",
            "导出可粘贴到网站编辑器的网页，并复制到剪贴板",
            lambda: window.exporter.export_html(),
        )
    )
    buttons: dict[str, QPushButton] = {}
    before = window.saving.before_reading
    for key, text, tip, slot in actions:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setMinimumHeight(34)
        button.clicked.connect(lambda _checked=False, f=slot: before() and f())
        page.add_action_button(button)
        buttons[key] = button
    return buttons
