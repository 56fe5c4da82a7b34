"""Windows on the clerk's real screen: inside the work area, their size remembered per screen.

Office PCs are mostly 1366×768 laptops at 125 % and 1920×1080 monitors at 150 %, with a
taskbar. A window is sized to the screen's available geometry (the taskbar excluded) with room
for the title bar the window system adds, and the size she gives it is kept for that screen
only: a window made tall on the office monitor does not open off the laptop's screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from gaidesk.gui.settings import Settings

# Below this logical height the windows use their compact layout (a 1366×768 screen at 125 %
# leaves about 580 pixels, at 100 % about 730).
COMPACT_HEIGHT = 800

# Room for the frame of a window that has not been shown yet (its real frame is unknown until
# then): a Windows 10/11 title bar and borders, in logical pixels.
FRAME_GUESS = QMargins(8, 31, 8, 8)


def screen_of(widget: QWidget | None = None) -> QScreen:
    """The screen a widget is on (the primary screen for one not placed yet)."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen


def work_area(widget: QWidget | None = None) -> QRect:
    """The screen's available geometry: what the taskbar and docks leave free."""
    return screen_of(widget).availableGeometry()


def is_compact_height(height: int) -> bool:
    return height < COMPACT_HEIGHT


def frame_margins(window: QWidget) -> QMargins:
    """The frame around a window's client area: the real one once shown, else a guess."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and frame != inner:
        return QMargins(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            frame.right() - inner.right(),
            frame.bottom() - inner.bottom(),
        )
    return FRAME_GUESS


def screen_key(screen: QScreen) -> str:
    """The settings key of a screen: its logical size and scale (one per kind of screen)."""
    size = screen.geometry().size()
    return f"{size.width()}x{size.height()}@{round(screen.devicePixelRatio() * 100)}"


def client_room(window: QWidget) -> QSize:
    """The largest client size that keeps the whole window, frame included, in the work area."""
    area = work_area(window)
    m = frame_margins(window)
    return QSize(
        max(1, area.width() - m.left() - m.right()),
        max(1, area.height() - m.top() - m.bottom()),
    )


def fit_window(window: QWidget, preferred: QSize) -> None:
    """Size a window to what it prefers, bounded by the work area, and centre it there."""
    room = client_room(window)
    size = preferred.boundedTo(room)
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(minimum.boundedTo(room))
    window.resize(size)
    _centre(window, size)


def _centre(window: QWidget, size: QSize) -> None:
    area = work_area(window)
    m = frame_margins(window)
    outer_w = size.width() + m.left() + m.right()
    outer_h = size.height() + m.top() + m.bottom()
    x = area.left() + max(0, (area.width() - outer_w) // 2)
    y = area.top() + max(0, (area.height() - outer_h) // 2)
    window.move(QPoint(x, y))  # move() places the frame's top-left corner


def keep_inside(window: QWidget) -> None:
    """Pull a shown window back into the work area (a size restored from another session, a
    frame larger than guessed)."""
    if window.isMaximized() or window.isFullScreen():
        return
    area = work_area(window)
    frame = window.frameGeometry()
    if area.contains(frame):
        return
    room = client_room(window)
    size = window.size().boundedTo(room)
    if window.minimumSize().height() > room.height() or window.minimumSize().width() > room.width():
        window.setMinimumSize(window.minimumSize().boundedTo(room))
    window.resize(size)
    _centre(window, size)


def place_window(window: QWidget, name: str, settings: Settings, preferred: QSize) -> None:
    """Give a window the size she last gave it on this kind of screen, or the preferred size;
    always inside the work area. On a screen smaller than the preferred size it opens
    maximized, as she would make it herself."""
    key = f"{name}@{screen_key(screen_of(window))}"
    geometry = settings.geometry(key)
    if geometry is not None and window.restoreGeometry(geometry):
        if not window.isMaximized():
            keep_inside(window)
        return
    room = client_room(window)
    if preferred.width() > room.width() or preferred.height() > room.height():
        fit_window(window, preferred)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    fit_window(window, preferred)


def remember_window(window: QWidget, name: str, settings: Settings) -> None:
    """Keep a window's size and place for the screen it is on."""
    settings.set_geometry(f"{name}@{screen_key(screen_of(window))}", window.saveGeometry())
