"""The documents cannot drift from the code: docs/format.md names every label, key, rule id and
option; docs/design.md and CONTRIBUTING.md name every module that exists and none that does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gaidesk import cli, draft, rules
from gaidesk import format as fmt
from gaidesk.model import Report
from tests.support.paths import PACKAGE as SRC
from tests.support.paths import ROOT

FORMAT_DOC = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
DESIGN_DOC = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _missing(words: set[str], text: str = FORMAT_DOC) -> list[str]:
    return sorted(w for w in words if w not in text)


def _missing_options(options: set[str], text: str) -> list[str]:
    """The options not written in ``text`` as themselves (``-o`` is not found in ``--output``)."""
    return sorted(o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text))


def test_every_official_label_is_quoted():
    labels = {c.text for t in fmt.TABLES.values() for c in t.grid if not c.is_value}
    labels |= {s.heading for s in fmt.SECTIONS}
    labels |= {p.heading for p in fmt.TEXT_PARTS if p.heading}
    assert _missing({f"「{label}」" for label in labels}) == []


def test_every_key_and_address_is_named():
    keys: set[str] = set()
    for address in fmt.ADDRESSES:
        keys.update(address.split("."))
    keys |= {p.key for p in fmt.TEXT_PARTS}
    keys |= set(draft.to_document(Report())["meta"])
    assert _missing({f"`{k}`" for k in keys}) == []


def test_every_meta_label_is_named():
    addresses = [f"meta.{key}" for key in draft.to_document(Report())["meta"]]
    # cell_name gives the address back for a field the format has no label for
    labels = {fmt.cell_name(a) for a in addresses} - set(addresses)
    assert labels
    assert _missing({f"| {label} |" for label in labels}) == []


def test_every_rule_is_documented_with_its_severity():
    for rule, severity in rules.RULES.items():
        rows = [line for line in FORMAT_DOC.splitlines() if line.startswith(f"| `{rule}` |")]
        assert len(rows) == 1, f"{rule} needs exactly one row in a rules table"
        row = rows[0]
        heading = FORMAT_DOC[: FORMAT_DOC.index(row)].rsplit("### ", 1)[1].splitlines()[0]
        assert f"`{severity}`" in heading, f"{rule} is listed under {heading!r}"


def _leaves(document: dict[str, object], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            paths |= _leaves(value, f"{path}.")
        else:
            paths.add(path)
    return paths


def test_every_draft_file_key_is_in_section_6():
    """Each key a draft holds, by its full path (``text.overview.lead``, ``progress.filled``);
    the tables' and meta's keys are in §2–§4 and §9."""
    document = draft.to_document(Report())
    section6 = FORMAT_DOC.split("## §6", 1)[1].split("## §7", 1)[0]
    keys = set(document)
    keys |= {k for k in _leaves(document) if k.split(".")[0] not in {"tables", "meta"}}
    assert "text.overview.lead" in keys and "progress.confirmed" in keys
    assert _missing({f"`{k}`" for k in keys}, section6) == []


def test_no_rule_is_documented_that_the_code_lacks():
    section5 = FORMAT_DOC.split("## §5", 1)[1].split("## §6", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z0-9-]+)` \|", section5, flags=re.MULTILINE))
    assert sorted(documented - set(rules.RULES)) == []


def test_every_summary_rule_is_documented_with_its_severity_and_name():
    from gaidesk.summary import COUNTY_RULES

    section13 = FORMAT_DOC.split("## §13", 1)[1]
    for rule, (severity, name) in COUNTY_RULES.items():
        row = f"| `{rule}` | `{severity}` | {name} |"
        assert section13.count(row) == 1, f"§13 needs one row starting {row}"
    documented = set(re.findall(r"^\| `(SUM-[A-Z-]+)` \|", section13, flags=re.MULTILINE))
    assert documented == set(COUNTY_RULES)


def test_draft_format_name_and_version():
    assert f'"format": "{draft.FORMAT_NAME}"' in FORMAT_DOC
    assert f'"version": {draft.VERSION}' in FORMAT_DOC


@pytest.mark.parametrize("verb", [None, *cli.VERBS])
def test_every_command_line_option_is_documented(verb, capsys):
    args = ["-h"] if verb is None else [verb, "-h"]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    assert exit_info.value.code == 0
    options = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", capsys.readouterr().out))
    options -= {"-h", "--help"}
    assert options, "the help text lists no option"
    section7 = FORMAT_DOC.split("## §7", 1)[1].split("## §8", 1)[0]
    assert _missing_options(options, section7) == []
    if verb is None:
        return
    # The verb's line of the synopsis and its own paragraph each name every option of the verb.
    synopsis = [
        line
        for line in section7.splitlines()
        if line.startswith(f"gaidesk [--data-dir DIR] {verb} ")
    ]
    assert len(synopsis) == 1, f"§7's synopsis needs one line for {verb}"
    assert _missing_options(options, synopsis[0]) == [], f"§7's synopsis of {verb}"
    paragraph = section7.split(f"\n**`{verb}", 1)[1].split("\n\n", 1)[0]
    assert _missing_options(options, paragraph) == [], f"§7's paragraph on {verb}"


def test_section_numbers_are_kept():
    """Code comments cite the format by section number; §1–§13 must stay where they were."""
    topics = {1: "six sections", 2: "Table 2", 3: "Table 3", 4: "Table 4", 5: "rules"}
    topics |= {6: "draft file", 7: "command line", 8: "printed layout"}
    topics |= {9: "meta fields", 10: "Addresses", 11: "Excel workbook", 12: "web version"}
    topics |= {13: "county's summary"}
    headings = dict(re.findall(r"^## §(\d+) (.*)$", FORMAT_DOC, flags=re.MULTILINE))
    for number, topic in topics.items():
        assert topic in headings.get(str(number), ""), (number, topic)


def test_readme_links_to_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docs/format.md", "docs/design.md", "CONTRIBUTING.md", "CHANGELOG.md"):
        assert f"]({name})" in readme
        assert (ROOT / name).is_file()


def _anchor(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub, Gitea) gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize(
    "name", ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "docs/format.md", "docs/design.md"]
)
def test_links_between_the_documents_resolve(name):
    source = ROOT / name
    for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", source.read_text("utf-8")):
        if target.startswith(("http:", "https:")):
            continue
        path = (source.parent / target) if target else source
        assert path.exists(), f"{name}: {target} does not exist"
        if anchor:
            headings = re.findall(r"^#+ (.*)$", path.read_text("utf-8"), flags=re.MULTILINE)
            assert anchor in {_anchor(h) for h in headings}, f"{name}: no heading for #{anchor}"


# -- the map of the modules -----------------------------------------------------------------


def _modules() -> set[str]:
    """Every module under src/gaidesk/ as the maps name it: ``pdf/story.py``, a package as
    ``pdf/`` (its ``__init__.py``), and the top package's ``__init__.py`` as itself."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if path.name != "__init__.py" or relative.parent == Path("."):
            names.add(relative.as_posix())
        else:
            names.add(f"{relative.parent.as_posix()}/")
    return names


def _design_section(number: str) -> str:
    return DESIGN_DOC.split(f"### {number} ", 1)[1].split("\n### ", 1)[0]


def test_design_names_every_module_once_and_no_other():
    rows = re.findall(r"^\| `([\w/.]+)` \|", _design_section("6.2"), flags=re.MULTILINE)
    named = set(rows)
    assert len(rows) == len(named), "a module has two lines in docs/design.md §6.2"
    modules = _modules()
    assert sorted(modules - named) == [], "not in docs/design.md §6.2: add a line for each"
    assert sorted(named - modules) == [], "in docs/design.md §6.2 but not in src/gaidesk/"


def test_design_picture_shows_every_package_and_core_module():
    picture = _design_section("6.2").split("```", 2)[1]
    words = set(re.findall(r"[\w]+", picture))
    expected = {
        word
        for name in _modules()
        if (word := name.removesuffix(".py").rstrip("/").rsplit("/", 1)[-1])
        and (name.endswith("/") or "/" not in name)
        and word != "__init__"
    }
    assert sorted(expected - words) == [], "missing from the picture of docs/design.md §6.2"


def _contributing_tree() -> list[tuple[Path, str, str]]:
    """The source part of CONTRIBUTING.md's "Where things live": per line, the folder its
    names are in, the names at the start of the line and the whole entry (with the lines that
    continue it)."""
    block = CONTRIBUTING.split("## Where things live", 1)[1].split("```", 2)[1]
    lines = block.splitlines()
    entries: list[tuple[Path, str, str]] = []
    folder = SRC
    for i, line in enumerate(lines):
        if line.startswith("src/gaidesk/gui/"):
            folder = SRC / "gui"
            continue
        if line.startswith("src/gaidesk/"):
            continue
        if line and not line.startswith(" "):
            if entries:  # the first top-level line after src/: the source part is over
                break
            continue
        lead = re.match(r"\s+((?:[\w.]+(?:\.py|/)(?:\s+|$))+)", line)
        if lead is None:
            continue
        entry = [line]
        for following in lines[i + 1 :]:
            if following[:22].strip():
                break
            entry.append(following)
        entries.append((folder, lead.group(1), "\n".join(entry)))
    return entries


def test_contributing_names_every_module():
    entries = _contributing_tree()
    named: set[str] = set()
    for folder, names, entry in entries:
        for name in names.split():
            path = folder / name
            assert path.exists(), f"CONTRIBUTING.md names {name}, which does not exist"
            relative = path.relative_to(SRC).as_posix() + ("/" if name.endswith("/") else "")
            named.add(relative)
            if name.endswith("/"):
                words = set(re.findall(r"\w+", entry))
                modules = {p.stem for p in path.glob("*.py")} - {"__init__"}
                missing = sorted(modules - words)
                assert missing == [], f"CONTRIBUTING.md: {name} does not name {missing}"
    # every module and package of src/gaidesk/ and of src/gaidesk/gui/ (their packages'
    # modules are checked above, within the package's entry)
    expected = {n for n in _modules() if "/" not in n.removeprefix("gui/").rstrip("/")}
    expected -= {"gui/"}
    assert sorted(expected - named) == [], "not in CONTRIBUTING.md's Where things live"
