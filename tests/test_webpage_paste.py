"""The web version pasted into real CMS editors keeps every table cell, merge and border.

Debian's headless Chromium opens KindEditor and TinyMCE (npm packages pinned in
tests/browser/package.json, installed by ``packaging/setup.sh test``), served from the local folder
on 127.0.0.1; the web version goes on Chromium's clipboard as text/html with its plain-text
alternative and Ctrl+V pastes it, so each editor's own paste filter runs (KindEditor's tag filter
keeps inline borders; TinyMCE drops every inline style on a paste in Chromium, which is why the old
``border``/``cellspacing`` attributes are written too). The editor's resulting HTML, rendered by a
plain page, is compared with the format's grid cell by cell: every label, value, merge and border.

``GAIDESK_UPDATE_SCREENS=1`` also saves the screenshots of the pasted table 3 in docs/screens/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gaidesk import draft, rules
from gaidesk import outline as ol
from gaidesk.webpage import HtmlResult, render_html
from tests.support.paths import ROOT, SAMPLES, TESTS

BROWSER = TESTS / "browser"
CHROMIUM = os.environ.get("GAIDESK_CHROMIUM", "/usr/bin/chromium")
UPDATE_SCREENS = os.environ.get("GAIDESK_UPDATE_SCREENS") == "1"
EDITORS = ("kindeditor", "tinymce")

pytestmark = pytest.mark.slow


def _tools() -> str:
    node = shutil.which("node")
    missing = [
        what
        for what, present in (
            ("node", node),
            ("chromium", Path(CHROMIUM).exists()),
            ("tests/browser/node_modules", (BROWSER / "node_modules" / "kindeditor").is_dir()),
        )
        if not present
    ]
    if missing or node is None:
        pytest.skip(f"缺少 {'、'.join(missing)}；packaging/setup.sh test 会安装 chromium 和编辑器")
    return node


def paste(editor: str, fragment: str, text: str, folder: Path) -> dict[str, Any]:
    """Paste the HTML into the editor; what the editor made of it (see tests/browser/paste.mjs)."""
    node = _tools()
    source = folder / f"{editor}-fragment.html"
    plain = folder / f"{editor}-text.txt"
    result = folder / f"{editor}.json"
    screenshot = folder / f"paste-{editor}.png"
    source.write_text(fragment, encoding="utf-8")
    plain.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [node, "paste.mjs", editor, str(source), str(plain), str(result), str(screenshot)],
        cwd=BROWSER,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    pasted: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    pasted["screenshot"] = screenshot
    return pasted


def squeeze(text: str) -> str:
    return "".join(text.split())


def grid_differences(grid: ol.Grid, pasted: dict[str, Any]) -> list[str]:
    """Every way a pasted table differs from the format's grid: a cell missing, moved, merged
    differently, with other text, a number split across text nodes, a side without a border."""
    name = grid.traits.name
    found: list[str] = []
    if pasted["rows"] != grid.spec.rows:
        found.append(f"{name}：{pasted['rows']} 行，应为 {grid.spec.rows} 行")
    got = {(c["row"], c["col"]): c for c in pasted["cells"]}
    for cell in grid.cells:
        place = (cell.row, cell.col)
        seen = got.pop(place, None)
        if seen is None:
            found.append(f"{name} {place}：缺少「{cell.text}」")
            continue
        if (seen["rowspan"], seen["colspan"]) != (cell.rowspan, cell.colspan):
            found.append(
                f"{name} {place}「{cell.text}」：合并 {seen['rowspan']}×{seen['colspan']}，"
                f"应为 {cell.rowspan}×{cell.colspan}"
            )
        if squeeze(seen["text"]) != squeeze(cell.text):
            found.append(f"{name} {place}：「{seen['text']}」，应为「{cell.text}」")
        if cell.is_value and [t.strip() for t in seen["textNodes"]] != [cell.text]:
            found.append(f"{name} {place}：数字被拆开 {seen['textNodes']}")
        for side in seen["borders"]:
            style, width = side.split()
            if style in ("none", "hidden") or float(width.removesuffix("px")) <= 0:
                found.append(f"{name} {place}「{cell.text}」：没有边框 {seen['borders']}")
                break
    found += [f"{name} {place}：多出「{c['text']}」" for place, c in got.items()]
    return found


@pytest.fixture(scope="module")
def stressed(tmp_path_factory: pytest.TempPathFactory) -> tuple[ol.Outline, HtmlResult]:
    """The city's sample with rare characters in the body's name and the text, and a seven-digit
    count (a report with errors now: marked 「草稿」, tables and all as the format prints them)."""
    sample = SAMPLES / "huaian-2024-tables.gaidesk"
    report = draft.parse(sample.read_bytes())
    report.meta.agency = "㵘𠀾镇人民政府"
    first = ol.outline(report).sections[0].parts[0].spec
    report.text[first.key] = "本年度在䶮龘村和𠀾村公示栏公开信息。"
    cells = [c for s in ol.outline(report).sections if s.table for c in s.table.cells]
    report.cells[next(c.address for c in cells if c.is_value)] = 1234567
    return ol.outline(report), render_html(report, findings=rules.check(report))


@pytest.mark.parametrize("editor", EDITORS)
def test_pasted_tables_keep_every_cell_merge_and_border(
    editor: str, stressed: tuple[ol.Outline, HtmlResult], tmp_path: Path
) -> None:
    printed, result = stressed
    pasted = paste(editor, result.fragment, result.text, tmp_path)
    grids = [s.table for s in printed.sections if s.table]
    assert len(pasted["tables"]) == len(grids)
    for grid, table in zip(grids, pasted["tables"], strict=True):
        assert grid_differences(grid, table) == []
    # The narrative and the 落款 arrive too, rare characters as characters.
    html = pasted["html"]
    body = squeeze(re.sub(r"<[^>]+>", "", html))
    for text in (printed.title, *printed.preface, printed.signature.name):
        assert squeeze(text) in body
    for section in printed.sections:
        assert squeeze(section.heading) in body
        for part in section.parts:
            assert all(squeeze(p) in body for p in part.paragraphs)
    for ch in "㵘𠀾䶮龘":
        assert ch in html
    assert "1234567" in body
    if UPDATE_SCREENS:
        shutil.copyfile(pasted["screenshot"], ROOT / "docs" / "screens" / f"paste-{editor}.png")


def test_a_lost_merge_is_found(stressed: tuple[ol.Outline, HtmlResult], tmp_path: Path) -> None:
    """The comparison fails when the page loses a colspan: the check can tell."""
    printed, result = stressed
    broken = result.fragment.replace(' colspan="7"', "", 1)
    assert broken != result.fragment
    pasted = paste(EDITORS[0], broken, result.text, tmp_path)
    grids = [s.table for s in printed.sections if s.table]
    found = [
        d for g, t in zip(grids, pasted["tables"], strict=True) for d in grid_differences(g, t)
    ]
    assert any("合并 1×1，应为 1×7" in d for d in found)
