"""The PySide6 user interface on top of the Qt-free core."""
