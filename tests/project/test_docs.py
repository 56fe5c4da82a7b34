"""docs/format.md cannot drift from the code: every label, key, rule id and option is in it."""

from __future__ import annotations

import re

import pytest

from gaidesk import cli, draft, rules
from gaidesk import format as fmt
from gaidesk.model import Report
from tests.support.paths import ROOT

FORMAT_DOC = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


def _missing(words: set[str], text: str = FORMAT_DOC) -> list[str]:
    return sorted(w for w in words if w not in text)


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
    assert _missing(options, section7) == []
    if verb is not None:
        assert f"`{verb}" in section7


def test_section_numbers_are_kept():
    """Code comments cite the format by section number; §1–§8 must stay where they were."""
    topics = {1: "six sections", 2: "Table 2", 3: "Table 3", 4: "Table 4", 5: "rules"}
    topics |= {6: "draft file", 7: "command line", 8: "printed layout"}
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
