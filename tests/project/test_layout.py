"""The tests mirror the package layout: tests/gui/table/ tests gaidesk/gui/table/, a test file at
the top of tests/ tests a top-level module of gaidesk, and the tests of the project as a whole lie
in tests/project/. Every misplaced file or folder is listed with what to do about it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import PACKAGE, ROOT, TESTS

# Folders of tests/ that are not the tests of one package: the project as a whole and the helpers
# (Python packages too), the tests' data and the npm editors of the paste test (not Python).
OWN_FOLDERS = {"project", "support"}
NOT_PYTHON = {"data", "browser"}
SKIPPED = {"__pycache__", "node_modules"}


def _folders(top: Path) -> list[Path]:
    """Every folder below ``top`` that is neither hidden nor Python's or npm's own."""
    found = []
    for path in sorted(top.iterdir()):
        if path.is_dir() and not path.name.startswith(".") and path.name not in SKIPPED:
            found.append(path)
            found.extend(_folders(path))
    return found


def _top_level_modules(package: Path) -> set[str]:
    return {p.stem for p in package.glob("*.py") if not p.stem.startswith("_")}


def _tests_module(name: str, modules: set[str]) -> bool:
    """Whether a top-level test file's name (test_rules_properties) names one of the modules
    (rules), or the family of modules sharing its word (test_docx: docx_export, docx_tables)."""
    subject = name.removeprefix("test_")
    return any(
        subject == module or subject.startswith(module + "_") or module.startswith(subject + "_")
        for module in modules
    )


def misplaced(tests: Path, package: Path) -> list[str]:
    """What in ``tests`` does not mirror ``package`` (the source of gaidesk), one line each."""
    problems = []
    for folder in [tests, *_folders(tests)]:
        relative = folder.relative_to(tests)
        name = f"tests/{relative.as_posix()}/".replace("/./", "/")
        top = relative.parts[0] if relative.parts else ""
        if top in NOT_PYTHON:
            continue
        if not (folder / "__init__.py").is_file():
            problems.append(
                f"{name} has no __init__.py: without it two test files of the same name in "
                "different folders collide (CONTRIBUTING.md)"
            )
        if top == "support" and any(folder.glob("test_*.py")):
            problems.append(f"{name} holds test files: tests/support/ is for helpers")
        if top in OWN_FOLDERS or not relative.parts:
            continue
        if not (package / relative / "__init__.py").is_file():
            problems.append(
                f"{name} names no package: there is no src/gaidesk/{relative.as_posix()}/ "
                "(tests of the project as a whole go into tests/project/)"
            )
        if not any(folder.rglob("test_*.py")):
            problems.append(f"{name} holds no tests")
    modules = _top_level_modules(package)
    for path in sorted(tests.glob("test_*.py")):
        if not _tests_module(path.stem, modules):
            problems.append(
                f"tests/{path.name} names no top-level module of gaidesk: move it into the "
                "folder of the package it tests (tests/gui/, tests/pdf/ …) or into tests/project/"
            )
    return problems


def test_the_tests_mirror_the_packages() -> None:
    problems = misplaced(TESTS, PACKAGE)
    assert not problems, "\n".join(problems)


def _package(root: Path, *names: str) -> None:
    for name in names:
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "__init__.py").write_text("")


@pytest.mark.parametrize(
    ("path", "complaint"),
    [
        ("test_gui_home.py", "tests/test_gui_home.py names no top-level module"),
        ("test_webpage_paste.py", None),
        ("test_docx.py", None),
        ("gui/test_home.py", None),
        ("gui/wizard/test_window.py", None),
        ("guis/test_home.py", "tests/guis/ names no package"),
        ("support/test_helpers.py", "tests/support/ holds test files"),
    ],
)
def test_a_misplaced_file_is_named(tmp_path: Path, path: str, complaint: str | None) -> None:
    package, tests = tmp_path / "src" / "gaidesk", tmp_path / "tests"
    _package(package, "", "gui", "gui/wizard")
    for module in ("webpage", "docx_export", "docx_tables"):
        (package / f"{module}.py").write_text("")
    _package(tests, "", "support", "project")
    (tests / "project" / "test_architecture.py").write_text("")
    target = tests / path
    _package(tests, *[p.as_posix() for p in reversed(target.relative_to(tests).parents)])
    target.write_text("")
    problems = misplaced(tests, package)
    if complaint is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(complaint), problems


def test_a_folder_without_init_is_named(tmp_path: Path) -> None:
    package, tests = tmp_path / "src" / "gaidesk", tmp_path / "tests"
    _package(package, "", "pdf")
    _package(tests, "")
    (tests / "pdf").mkdir()
    (tests / "pdf" / "test_export.py").write_text("")
    assert misplaced(tests, package) == [
        "tests/pdf/ has no __init__.py: without it two test files of the same name in different "
        "folders collide (CONTRIBUTING.md)"
    ]


# Where test files are named: the guides, the docs, CI, the packaging and benchmark scripts, the
# tests themselves. CHANGELOG.md keeps the names a test had when its line was written.
NAMING_TEST_FILES = [
    "README.md",
    "CONTRIBUTING.md",
    "pyproject.toml",
    ".ci/run",
    ".github/**/*.yml",
    "docs/**/*.md",
    "packaging/**/*.sh",
    "packaging/**/*.py",
    "benchmarks/*.py",
    "src/**/*.py",
    "tests/**/*.py",
    "tests/**/*.md",
    "tests/browser/*.json",
    "tests/browser/*.mjs",
]


def test_every_test_file_named_in_the_repository_exists() -> None:
    this_file = TESTS / "project" / "test_layout.py"  # names misplaced files on purpose
    stale = []
    for pattern in NAMING_TEST_FILES:
        for path in sorted(ROOT.glob(pattern)):
            if path.resolve() == this_file or "node_modules" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for name in sorted(set(re.findall(r"\btests/[\w/]+\.py\b", text))):
                if not (ROOT / name).is_file():
                    stale.append(f"{path.relative_to(ROOT)}: {name}")
    assert not stale, "\n".join(stale)
