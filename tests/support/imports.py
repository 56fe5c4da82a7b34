"""What a module imports, read from its source: the seams and the architecture tests ask this."""

from __future__ import annotations

import ast


def imported_modules(source: str) -> set[str]:
    """Every module a source imports, also under TYPE_CHECKING and inside functions; for
    ``from a import b`` both ``a`` and ``a.b`` (b may be a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names
