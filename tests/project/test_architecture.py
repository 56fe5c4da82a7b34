"""The format package is the whole contract: no module outside it spells a table key, a row key
or an address. The source is read with ``ast`` (string literals and f-strings, not comments or
docstrings' prose) and every hit is listed with its file and line.

What counts as a violation, outside ``src/gaidesk/format/``:

- a string literal that is a table key (``"t3"``): a layout switch or a lookup by hand;
- a string literal that starts like an address (``"t3.carried_in.total"``, ``"meta.year"``,
  ``"text.preface"``), or an f-string / concatenation that does (``f"t3.{row}.{col}"``);
- an f-string that joins two or more values with dots only (``f"{table}.{row}.{col}"``): an
  address assembled by hand instead of with ``fmt.cell``;
- a string literal that is a row key of a table or a text part key (``"carried_in"``,
  ``"other_matters"``), unless listed in ``ALLOWED`` with the reason it is another word.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gaidesk import format as fmt
from tests.support.paths import PACKAGE as SRC

FORMAT_PACKAGE = SRC / "format"
MAX_FORMAT_MODULE_LINES = 500

TABLE_KEYS = frozenset(fmt.TABLE_KEYS)
ADDRESS_PREFIXES = tuple(f"{scope}." for scope in (*fmt.TABLE_KEYS, fmt.TEXT, fmt.META))
ROW_KEYS = frozenset(
    {r.key for r in fmt.T3_ROWS}
    | {g.key for g in fmt.T4_GROUPS}
    | {item.key for block in fmt.T2_BLOCKS for item in block.items}
    | {p.key for p in fmt.TEXT_PARTS}
)
# (module path under src/gaidesk, literal): why that literal is not a row key there.
ALLOWED = {
    ("cli/__init__.py", "new"): "the command line's verb 「gaidesk new」",
    ("cli/common.py", "new"): "the command line's verb 「gaidesk new」",
    ("cli/parser.py", "new"): "the command line's verb 「gaidesk new」",
}


def violations(source: str, module: str) -> list[str]:
    """Every place in a module's source that spells a table key, a row key or an address."""
    found: list[str] = []
    tree = ast.parse(source)
    # The literal pieces of an f-string are judged with the f-string, not again on their own.
    pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if id(node) in pieces:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text in TABLE_KEYS:
                found.append(f"{module}:{line}: table key literal {text!r}")
            elif text.startswith(ADDRESS_PREFIXES):
                found.append(f"{module}:{line}: address literal {text!r}")
            elif text in ROW_KEYS and (module, text) not in ALLOWED:
                found.append(f"{module}:{line}: row key literal {text!r}")
        elif isinstance(node, ast.JoinedStr):
            literal = [v.value for v in node.values if isinstance(v, ast.Constant)]
            placeholders = sum(isinstance(v, ast.FormattedValue) for v in node.values)
            dotted = placeholders >= 2 and literal and all(part == "." for part in literal)
            if dotted or (literal and str(literal[0]).startswith(ADDRESS_PREFIXES)):
                found.append(f"{module}:{line}: address f-string {ast.unparse(node)}")
    return found


def _outside_format() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if FORMAT_PACKAGE not in p.parents)


def test_no_module_outside_the_format_spells_keys_or_addresses() -> None:
    found: list[str] = []
    for path in _outside_format():
        module = path.relative_to(SRC).as_posix()
        found += violations(path.read_text(encoding="utf-8"), module)
    assert found == [], "use gaidesk.format (fmt.cell, fmt.T3, the row-key constants):\n" + (
        "\n".join(found)
    )


def test_the_allowed_words_are_still_there() -> None:
    """An allowance nobody needs any more is removed, not kept as a hole in the check."""
    for module, text in ALLOWED:
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        assert any(isinstance(n, ast.Constant) and n.value == text for n in ast.walk(tree))


@pytest.mark.parametrize(
    ("snippet", "kind"),
    [
        ('if key == "t3":\n    pass\n', "table key literal"),
        ('WIDTHS = {"t2": 1.0}\n', "table key literal"),
        ('carried = report.count("t3.carried_in.total")\n', "address literal"),
        ('FIELDS = ("meta.agency",)\n', "address literal"),
        ('address = f"t3.{row}.{col}"\n', "address f-string"),
        ('address = f"{table}.{row}.{col}"\n', "address f-string"),
        ('touch(f"text.{key}")\n', "address f-string"),
        ('ROW = "carried_out"\n', "row key literal"),
        ('if part.key == "other_matters":\n    pass\n', "row key literal"),
    ],
)
def test_the_check_finds_a_planted_violation(snippet: str, kind: str) -> None:
    found = violations(snippet, "planted.py")
    assert len(found) == 1 and kind in found[0], found


def test_the_check_lets_ordinary_code_pass() -> None:
    clean = (
        "address = fmt.cell(fmt.T3, fmt.T3_CARRIED_IN_ROW, fmt.T3_TOTAL_COLUMN)\n"
        'label = f"{fmt.AGENCY.label}："\n'
        'if traits.one_page:\n    title = "草稿"\n'
    )
    assert violations(clean, "ok.py") == []


def test_format_modules_are_short() -> None:
    for path in sorted(FORMAT_PACKAGE.glob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_FORMAT_MODULE_LINES, f"{path.name}: {lines} lines"
