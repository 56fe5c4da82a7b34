"""Characters no file can hold are taken out at every door, with a message that says where;
nothing downstream (save, PDF, workbook, ``new --from``) meets them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from gaidesk import draft, store
from gaidesk.__main__ import main
from gaidesk.cleantext import Cleaner, clean, removed_message, without_surrogates
from gaidesk.model import Report
from gaidesk.store import StoreError, load_report, save_report


@pytest.mark.parametrize(
    ("text", "multiline", "expected", "removed"),
    [
        ("大寨镇人民政府", False, "大寨镇人民政府", 0),
        ("大寨\udc80镇", False, "大寨镇", 1),
        ("a\x0bb\x1bc\x00d\x7fe\x85f\x9fg", False, "abcdefg", 6),
        ("第一段\r\n第二段\r第三段\n\t缩进", True, "第一段\n第二段\n第三段\n\t缩进", 0),
        ("第一行\r\n第二行\t尾", False, "第一行 第二行 尾", 0),
        ("半个\ud83d表情😀\ufffe\uffff", True, "半个表情😀", 3),
        ("𠀀𪚥 astral stays", False, "𠀀𪚥 astral stays", 0),
        ("\u200b\u3000zero width and ideographic space stay", False, None, 0),
    ],
)
def test_clean(text: str, multiline: bool, expected: str | None, removed: int) -> None:
    cleaned, n = clean(text, multiline=multiline)
    assert cleaned == (text if expected is None else expected)
    assert n == removed
    cleaned.encode("utf-8")  # never raises


def test_cleaner_says_where() -> None:
    cleaner = Cleaner()
    assert cleaner("ok", "报告单位") == "ok"
    assert cleaner("x\x0by", "报告单位") == "xy"
    assert cleaner.notes == [removed_message("报告单位", 1)]
    assert "报告单位" in cleaner.notes[0] and "已删除" in cleaner.notes[0]


def test_without_surrogates_in_keys_and_values() -> None:
    value, n = without_surrogates({"k\udc80": ["a\ud800", {"b": "\udfff"}], "n": 1})
    assert value == {"k": ["a", {"b": ""}], "n": 1}
    assert n == 3


def _doc(dazhai_path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dazhai_path.read_text(encoding="utf-8"))
    return doc


def _write_ascii(path: Path, doc: dict[str, Any]) -> Path:
    """JSON as another program may write it: lone surrogates as \\udc80 escapes."""
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="ascii")
    return path


def test_draft_with_a_lone_surrogate_loads_cleaned_with_a_note_and_saves(
    dazhai_path: Path, tmp_path: Path
) -> None:
    doc = _doc(dazhai_path)
    doc["meta"]["agency"] = "大寨镇\udc80人民政府"
    doc["text"]["overview"]["active"] = "本年度\udc80，我镇\x1b坚持\n公开。"
    doc["future_key"] = {"note\udc80": "kept\ud800"}
    path = _write_ascii(tmp_path / "s.gaidesk", doc)
    report = load_report(path)
    assert report.meta.agency == "大寨镇人民政府"
    assert report.text["overview.active"] == "本年度，我镇坚持\n公开。"
    assert any("报告单位" in n for n in report.notes)
    assert any("主动公开" in n for n in report.notes), report.notes
    assert any("不认识" in n for n in report.notes)
    save_report(report, path)  # the autosave of issue 9 raised UnicodeEncodeError here
    again = load_report(path)
    assert again.meta.agency == "大寨镇人民政府"
    assert again.notes == []
    assert json.loads(path.read_text(encoding="utf-8"))["future_key"] == {"note": "kept"}


def test_control_characters_in_a_cell_text_are_cleaned(dazhai_path: Path, tmp_path: Path) -> None:
    doc = _doc(dazhai_path)
    doc["tables"]["t3"]["new"]["natural"] = "1\x0b2"
    report = load_report(_write_ascii(tmp_path / "c.gaidesk", doc))
    assert report.cells["t3.new.natural"] == "12"  # still text: VALUE-INVALID names it
    assert report.notes


def test_save_of_a_report_built_past_the_doors_is_a_store_error(tmp_path: Path) -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    report.meta.agency += "\udc80"
    path = tmp_path / "x.gaidesk"
    with pytest.raises(StoreError, match="无法保存"):
        save_report(report, path)
    assert not path.exists()


def test_unknown_keys_survive_but_are_bounded(dazhai_path: Path, tmp_path: Path) -> None:
    doc = _doc(dazhai_path)
    doc["plugin"] = {"notes": ["第一条", 2, 1.5, None], "deep": {"x": True}}
    doc["meta"]["reviewer"] = "张三"
    doc["tables"]["t3"]["new"]["extra_col"] = 7
    path = tmp_path / "u.gaidesk"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = load_report(path)
    report.meta.agency = "改过的镇人民政府"
    save_report(report, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["plugin"] == doc["plugin"]
    assert saved["meta"]["reviewer"] == "张三"
    assert saved["meta"]["agency"] == "改过的镇人民政府"
    assert saved["tables"]["t3"]["new"]["extra_col"] == 7
    # the known parts are not held twice
    assert "agency" not in report.extra.get("meta", {})

    big = copy.deepcopy(doc)
    big["plugin"]["blob"] = "字" * (draft.MAX_UNKNOWN_BYTES // 3 + 10)
    path.write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    code = main(["check", str(path)])
    assert code == 2
    with pytest.raises(store.DraftError, match="不认识的内容"):
        load_report(path, offer_versions=False)
    assert path.read_bytes() == before


def test_cli_new_from_and_export_of_a_dirty_draft(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(dazhai_path)
    doc["meta"]["agency"] = "大寨镇\x0b\x1b人民\udc80政府"
    doc["meta"]["short_name"] = "大寨镇\x0b"
    source = _write_ascii(tmp_path / "dirty.gaidesk", doc)
    out = tmp_path / "next.gaidesk"
    assert main(["new", "--from", str(source), "-o", str(out)]) == 0
    assert load_report(out).meta.agency == "大寨镇人民政府"
    capsys.readouterr()
    xlsx, pdf = tmp_path / "d.xlsx", tmp_path / "d.pdf"
    code = main(["export", str(source), "--xlsx", str(xlsx), "--pdf", str(pdf)])
    _, err = capsys.readouterr()
    assert code == 0, err
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).worksheets[0]
    assert "大寨镇人民政府" in [c.value for row in sheet.iter_rows() for c in row]
    assert pdf.read_bytes().startswith(b"%PDF")


def test_cli_new_cleans_its_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "n.gaidesk"
    # bytes that are not UTF-8 on the command line arrive as lone surrogates
    code = main(["new", "--agency", "大寨镇\udcff人民政府\x1b", "--year", "2026", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert load_report(out).meta.agency == "大寨镇人民政府"
    assert "已删除" in captured.out


def test_a_new_blank_report_holds_no_unwritable_name(tmp_path: Path) -> None:
    """The new-report dialog and last year's report create reports through Report.blank."""
    report = Report.blank("大寨镇\x0b人民政府\udc80", 2026, short_name="大寨\x1b镇")
    assert report.meta.agency == "大寨镇人民政府"
    assert report.meta.short_name == "大寨镇"
    save_report(report, tmp_path / "n.gaidesk")


def test_unknown_objects_are_written_back_compactly_and_exactly(
    dazhai_path: Path, tmp_path: Path
) -> None:
    doc = _doc(dazhai_path)
    doc["plugin"] = {"items": [{"n": n, "t": "字"} for n in range(3)], "x": None}
    doc["meta"]["reviewer"] = {"name": "张三", "at": [2026, 1, 2]}
    doc["tables"]["t3"]["new"]["note"] = "looks like a placeholder: \u0000abcdefabcdef-0\u0000"
    path = tmp_path / "u.gaidesk"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    data = draft.dumps(load_report(path))
    saved = json.loads(data)
    assert saved["plugin"] == doc["plugin"]
    assert saved["meta"]["reviewer"] == doc["meta"]["reviewer"]
    assert saved["tables"]["t3"]["new"]["note"] == doc["tables"]["t3"]["new"]["note"]
    text = data.decode("utf-8")
    assert '"plugin": {"items": [{"n": 0, "t": "字"}, ' in text  # one line
    assert '\n  "agency": "大寨镇人民政府",' in text  # the report itself stays indented
