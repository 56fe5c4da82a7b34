"""The questions opening a draft may raise (locked elsewhere, read-only, damaged), asked with
the program's dialogs: the answers ``session.open_for_editing`` needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the home screen starts without the store, the session or the model
    from PySide6.QtWidgets import QWidget

    from gaidesk import session, store
    from gaidesk.model import Report


class DialogQuestions:
    """session.Questions asked with the program's dialogs, over the controller's window."""

    def __init__(self, parent: QWidget | None, load: Callable[[Path], Report | None]) -> None:
        self._parent = parent
        self._load = load

    def when_locked(self, error: store.DraftLockedError) -> session.LockedChoice:
        """Take over an abandoned lock of another computer (after a clear question), open the
        draft read-only, or not at all."""
        from gaidesk.gui import dialogs  # loaded when a question is asked, not at start
        from gaidesk.session import LockedChoice

        if error.holder.abandoned:
            choice = dialogs.choose(
                self._parent,
                "草稿被另一台电脑占用",
                f"{error}\n\n如果确定那台电脑上已经不再编辑这份草稿，可以在这台电脑上接管，继续编辑。"
                "接管后，那台电脑上还没有保存的修改不会合并进来。",
                ["接管并继续编辑", "以只读方式打开", "取消"],
                1,
            )
            answers = [LockedChoice.TAKE_OVER, LockedChoice.READ_ONLY]
        else:
            choice = dialogs.choose(
                self._parent,
                "草稿正在编辑",
                f"{error}\n\n也可以只读方式打开：可以查看、打印、导出，或“另存为”到其他位置。",
                ["以只读方式打开", "取消"],
                1,
            )
            answers = [LockedChoice.READ_ONLY]
        return answers[choice] if 0 <= choice < len(answers) else LockedChoice.CANCEL

    def read_only_instead(self, error: store.StoreError) -> bool:
        from gaidesk.gui import dialogs

        choice = dialogs.choose(
            self._parent,
            "无法编辑草稿",
            f"{error}\n\n仍可以只读方式打开：可以查看、打印、导出，或“另存为”到其他位置。",
            ["以只读方式打开", "取消"],
            0,
        )
        return choice == 0

    def restore_damaged(self, error: store.DamagedDraftError) -> bool:
        from gaidesk.gui import dialogs

        choice = dialogs.choose(
            self._parent, "草稿已损坏", str(error), ["恢复到最近完好的版本", "取消"], 0
        )
        return choice == 0

    def failed(self, title: str, message: str) -> None:
        from gaidesk.gui import dialogs

        dialogs.warn(self._parent, title, message)

    def load(self, path: Path) -> Report | None:
        return self._load(path)
