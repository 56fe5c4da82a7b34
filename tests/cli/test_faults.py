"""Faults met through the command line, as a clerk (or a county's script) meets them: formulas
without saved results, exports that would overwrite the draft, long names, and system errors —
each answered in Chinese, with the right exit code and no file changed or lost."""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from gaidesk import format as fmt
from gaidesk import fsutil, store, workbook
from gaidesk.fsutil import describe_os_error
from gaidesk.importer import xlsx as importer_xlsx
from gaidesk.store import Library, StoreError, load_report, names, save_report
from tests.support.cli import run_cli
from tests.support.paths import DATA


def _has_english_sentence(text: str) -> bool:
    return re.search(r"[A-Za-z]{4,} [A-Za-z]{2,}", text) is not None


# -- item 5: formulas without saved results -------------------------------------------------------


def _workbook_with_formulas(source: Path, tmp_path: Path, formulas: dict[str, str]) -> Path:
    """The exported workbook of ``source`` with formulas (no saved results, as openpyxl and many
    scripts write them) in the given table cells."""
    from openpyxl import load_workbook

    exported = tmp_path / "exported.xlsx"
    workbook.export_xlsx(load_report(source), exported, findings=[])
    book = load_workbook(exported)
    where = workbook.value_coordinates()
    for address, formula in formulas.items():
        title, row, col = where[address]
        book[title].cell(row, col).value = formula
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    return path


def _column(address: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(workbook.value_coordinates()[address][2])


def _row(address: str) -> int:
    return workbook.value_coordinates()[address][1]


def _sum_of_row(address: str) -> str:
    parts = fmt.VALUE_CELLS[address].parts
    return f"=SUM({_column(parts[0])}{_row(address)}:{_column(parts[-1])}{_row(address)})"


def test_simple_formulas_without_results_are_computed(
    huaian_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook_with_formulas(
        huaian_path,
        tmp_path,
        {
            "t3.new.natural": "=3000+1",  # 淮安's 3001, which became 0
            "t3.new.total": _sum_of_row("t3.new.total"),  # depends on the formula above
        },
    )
    out_path = tmp_path / "imported.gaidesk"
    code, out, err = run_cli(capsys, "import", str(path), "-o", str(out_path))
    assert code == 0, err
    report = load_report(out_path)
    assert report.cells["t3.new.natural"] == 3001
    assert report.cells["t3.new.total"] == 3119
    assert "公式没有保存计算结果，已按公式算出" in out
    assert report.cells == load_report(huaian_path).cells


def test_shared_formulas_without_results_are_computed(
    huaian_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = "t3.new.total", "t3.carried_in.total"
    path = _workbook_with_formulas(
        huaian_path, tmp_path, {first: _sum_of_row(first), second: _sum_of_row(second)}
    )
    # Make the second a shared copy of the first, as Excel writes a filled-down formula.
    rewritten = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            top, below = f"{_column(first)}{_row(first)}", f"{_column(second)}{_row(second)}"
            if re.search(rf'<c r="{top}"[^>]*><f>'.encode(), data):
                text = data.decode()
                text, n = re.subn(
                    rf'(<c r="{top}"[^>]*>)<f>',
                    rf'\1<f t="shared" ref="{top}:{below}" si="0">',
                    text,
                )
                assert n == 1
                text, n = re.subn(
                    rf'(<c r="{below}"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" si="0"/>', text
                )
                assert n == 1
                data = text.encode()
            dst.writestr(info, data)
    out_path = tmp_path / "imported.gaidesk"
    code, _, err = run_cli(capsys, "import", str(rewritten), "-o", str(out_path))
    assert code == 0, err
    assert load_report(out_path).cells == load_report(huaian_path).cells


@pytest.mark.parametrize(
    "formula",
    ["=ROUND(3001,0)", "=D99*2", "='表二'!B3", "=SUM(D5:D6", "=D5"],
    ids=["function", "product", "other-sheet", "broken", "circular"],
)
def test_formulas_that_cannot_be_computed_are_refused(
    huaian_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], formula: str
) -> None:
    if formula == "=D5":  # the cell itself: Excel would call it circular
        formula = f"={_column('t3.new.natural')}{_row('t3.new.natural')}"
    path = _workbook_with_formulas(huaian_path, tmp_path, {"t3.new.natural": formula})
    out_path = tmp_path / "imported.gaidesk"
    code, _, err = run_cli(capsys, "import", str(path), "-o", str(out_path))
    assert code == 2
    assert "这个工作簿里的公式没有保存计算结果：请用 Excel 或 WPS 打开并保存后再导入" in err
    assert not out_path.exists()


def test_an_encrypted_workbook_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "x.gaidesk"
    code, _, err = run_cli(
        capsys, "import", str(DATA / "encrypted-password-1234.xlsx"), "-o", str(out_path)
    )
    assert code == 2
    assert "密码" in err and "加密" in err
    assert "旧版" not in err  # it used to be called an old .xls file
    assert not out_path.exists()


def _big_sheet_workbook(path: Path, tables: Path | None, rows: int) -> None:
    """A workbook with a sheet of real, varied data (and the tables of ``tables``, if given)."""
    from openpyxl import Workbook, load_workbook

    book = load_workbook(tables) if tables else Workbook()
    sheet = book.create_sheet("台账")
    for n in range(1, rows):
        sheet.append([n, f"申请{n * 7919 % 100_003}", n * 31 % 977, n % 13])
    book.save(path)


def test_a_big_real_sheet_is_called_big_not_a_bomb(
    dazhai_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A million-row sheet is hundreds of MB unpacked; the limits are scaled down here so that
    a sheet of 20 000 rows stands for it."""
    monkeypatch.setattr(importer_xlsx, "MAX_SHEET_XML_BYTES", 200 * 1024)
    monkeypatch.setattr(importer_xlsx, "MAX_UNCOMPRESSED_BYTES", 400 * 1024)
    tables = tmp_path / "tables.xlsx"
    workbook.export_xlsx(load_report(dazhai_path), tables, findings=[])
    with_tables = tmp_path / "with-tables.xlsx"
    _big_sheet_workbook(with_tables, tables, 20_000)
    out_path = tmp_path / "a.gaidesk"
    code, out, err = run_cli(capsys, "import", str(with_tables), "-o", str(out_path))
    assert code == 0, err
    assert "“台账”很大" in out and "炸弹" not in out
    assert load_report(out_path).cells == load_report(dazhai_path).cells

    alone = tmp_path / "alone.xlsx"
    _big_sheet_workbook(alone, None, 20_000)
    code, _, err = run_cli(capsys, "import", str(alone), "-o", str(out_path.with_name("b.gaidesk")))
    assert code == 2
    assert "很大" in err and "炸弹" not in err


# -- item 6: export targets -----------------------------------------------------------------------


def _draft(tmp_path: Path, dazhai_path: Path, name: str = "d.gaidesk") -> Path:
    path = tmp_path / name
    path.write_bytes(dazhai_path.read_bytes())
    return path


@pytest.mark.parametrize("option", ["--pdf", "--xlsx", "--docx"])
def test_export_onto_the_draft_itself_is_refused(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    path = _draft(tmp_path, dazhai_path)
    before = path.read_bytes()
    link = tmp_path / "link.pdf"
    link.symlink_to(path)
    for target in (str(path), str(tmp_path / "." / "d.gaidesk"), str(link)):
        code, _, err = run_cli(capsys, "export", str(path), option, target)
        assert code == 1
        assert "草稿本身" in err, err
        assert path.read_bytes() == before
    assert store.versions(path) == []


def test_export_onto_any_draft_file_is_refused(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _draft(tmp_path, dazhai_path)
    other = _draft(tmp_path, dazhai_path, "other.GAIDESK")
    before = other.read_bytes()
    code, _, err = run_cli(capsys, "export", str(path), "--pdf", str(other))
    assert code == 1 and ".gaidesk" in err
    assert other.read_bytes() == before
    code, _, err = run_cli(capsys, "export", str(path), "--xlsx", str(tmp_path / "new.gaidesk"))
    assert code == 1
    assert not (tmp_path / "new.gaidesk").exists()


def test_export_onto_a_read_only_file_is_refused(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _draft(tmp_path, dazhai_path)
    target = tmp_path / "sent.xlsx"
    target.write_bytes(b"the copy already sent")
    target.chmod(0o444)
    code, _, err = run_cli(capsys, "export", str(path), "--xlsx", str(target))
    assert code == 1
    assert "只读" in err
    assert target.read_bytes() == b"the copy already sent"


def test_export_into_a_folder_names_the_folder(
    dazhai_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _draft(tmp_path, dazhai_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "export", str(path), "--pdf", ".")
    assert code == 1
    assert f"“{tmp_path}”是一个文件夹" in err
    assert "Is a directory" not in err


def test_export_to_the_same_file_twice_is_refused(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _draft(tmp_path, dazhai_path)
    code, _, err = run_cli(capsys, "export", str(path), "--pdf", "x.out", "--xlsx", "x.out")
    assert code == 1 and "同一个文件" in err


def _recording_temporaries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the temporary files openpyxl writes the sheets to."""
    import openpyxl.worksheet._writer as writer

    made: list[str] = []
    real = writer.create_temporary_file

    def recording(suffix: str = "") -> str:
        name: str = real(suffix)
        made.append(name)
        return name

    monkeypatch.setattr(writer, "create_temporary_file", recording)
    return made


def test_workbook_temporaries_stay_beside_the_target_and_are_removed(
    dazhai_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    made = _recording_temporaries(monkeypatch)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    path = _draft(tmp_path, dazhai_path)
    code, _, err = run_cli(capsys, "export", str(path), "--xlsx", str(out_dir / "r.xlsx"))
    assert code == 0, err
    assert made, "openpyxl wrote no temporary file: this test no longer tests anything"
    assert all(Path(name).parent.parent == out_dir for name in made)
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.xlsx"]
    assert list(system_temp.iterdir()) == []
    assert tempfile.tempdir == str(system_temp)

    # A failed write removes them too, and leaves no file behind.
    def failing(*args: Any, **kwargs: Any) -> None:
        raise StoreError("导出Excel失败：磁盘空间已满。")

    monkeypatch.setattr(fsutil, "write_atomic", failing)
    code, _, err = run_cli(capsys, "export", str(path), "--xlsx", str(out_dir / "s.xlsx"))
    assert code == 1 and "磁盘空间已满" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.xlsx"]
    assert list(system_temp.iterdir()) == []


def test_temporaries_left_by_a_killed_export_are_removed_by_the_next(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left = tmp_path / ".gaidesk-export-killed"
    left.mkdir()
    (left / "openpyxl.sheet").write_text("report data", encoding="utf-8")
    old = time.time() - 3600
    os.utime(left, (old, old))
    path = _draft(tmp_path, dazhai_path)
    code, _, err = run_cli(capsys, "export", str(path), "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 0, err
    assert not left.exists()


# -- item 8: long names ---------------------------------------------------------------------------


def test_a_draft_with_a_name_of_up_to_255_bytes_opens_saves_locks_and_is_deleted(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    library = Library(data_dir)
    library.ensure()
    for extra in range(249 - 248, 255 - 248 + 1):  # names of 249..255 bytes
        name = "镇" * 80 + "x" * extra + ".gaidesk"
        assert 249 <= fsutil.name_bytes(name) <= 255
        path = library.drafts_dir / name
        path.write_bytes(dazhai_path.read_bytes())
        code, _, err = run_cli(capsys, "check", str(path))
        assert code == 0, err
        report = load_report(path)
        report.meta.title = "改过"
        save_report(report, path)  # its temporary name fits
        save_report(report, path, keep_version=True)  # and its versions
        assert load_report(path).meta.title == "改过"
        assert store.versions(path)
        with store.DraftLock(path, library.locks_dir) as lock:  # its lock path fits
            assert lock.lock_path is not None
            assert fsutil.name_bytes(lock.lock_path.name) <= fsutil.MAX_NAME_BYTES
        moved = library.delete(path)
        assert fsutil.name_bytes(moved.name) <= fsutil.MAX_NAME_BYTES
        assert library.restore(library.list_bin()[0]).exists()


def test_rename_is_capped_in_bytes_and_autosave_then_works(
    dazhai_path: Path, data_dir: Path
) -> None:
    library = Library(data_dir)
    library.ensure()
    path = library.drafts_dir / "d.gaidesk"
    path.write_bytes(dazhai_path.read_bytes())
    renamed = library.rename(path, "政" * 80)  # the old 80-character cap allowed 240 bytes
    assert fsutil.name_bytes(renamed.stem) <= names.MAX_STEM_BYTES
    assert renamed.stem == "政" * (names.MAX_STEM_BYTES // 3)
    report = load_report(renamed)
    save_report(report, renamed)
    save_report(report, renamed, keep_version=True)
    assert store.versions(renamed)


def test_fitting_name_keeps_long_names_apart() -> None:
    a = fsutil.fitting_name("甲" * 90 + "一", ".", ".lock")
    b = fsutil.fitting_name("甲" * 90 + "二", ".", ".lock")
    assert a != b
    assert all(fsutil.name_bytes(n) <= fsutil.MAX_NAME_BYTES for n in (a, b))
    assert a.startswith(".甲") and a.endswith(".lock")
    assert fsutil.fitting_name("short", ".", ".lock") == ".short.lock"


def test_new_draft_from_a_very_long_body_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run_cli(capsys, "new", "--agency", "很" * 120 + "人民政府", "--year", "2026")
    assert code == 0, err
    created = Path(out.split("已新建草稿：", 1)[1].splitlines()[0])
    assert fsutil.name_bytes(created.stem) <= names.MAX_STEM_BYTES


def test_an_output_name_too_long_is_named_in_chinese(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _draft(tmp_path, dazhai_path)
    long_name = str(tmp_path / ("长" * 100 + ".pdf"))
    code, _, err = run_cli(capsys, "export", str(path), "--pdf", long_name)
    assert code == 1
    assert "文件名太长" in err and "too long" not in err
    code, _, err = run_cli(capsys, "import", str(tmp_path / "x.xlsx"), "-o", long_name + ".gaidesk")
    assert code in (1, 2)
    assert "文件名太长" in err


# -- item 10: every fault in Chinese --------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        errno.ENAMETOOLONG,
        errno.EISDIR,
        errno.ELOOP,
        errno.ENOSPC,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EIO,
        errno.EXDEV,
        errno.EMLINK,  # one gaidesk has no words of its own for
    ],
)
def test_every_os_error_is_described_in_chinese(code: int) -> None:
    message = describe_os_error(OSError(code, os.strerror(code)), "保存草稿", Path("."))
    assert message.startswith("保存草稿失败：")
    assert os.strerror(code) not in message
    assert not _has_english_sentence(message)
    assert str(Path(".").absolute()) in message  # 「.」 says nothing


def test_a_looping_link_is_named_in_chinese(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    path = _draft(tmp_path, dazhai_path)
    code, _, err = run_cli(capsys, "export", str(path), "--pdf", str(tmp_path / "a" / "x.pdf"))
    assert code == 1
    assert "符号链接" in err and "Too many levels" not in err
    code, out, err = run_cli(capsys, "check", str(tmp_path / "a"))
    assert code == 2
    assert "符号链接" in out + err and "Too many levels" not in out + err


def test_a_number_of_5000_digits_is_refused_in_chinese(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = dazhai_path.read_text(encoding="utf-8")
    text = text.replace('"natural": 0', '"natural": ' + "9" * 5000, 1)
    path = tmp_path / "huge.gaidesk"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(path))
    assert code == 2
    assert "5000 位的数字" in out
    assert "Exceeds" not in out + err and "4300" not in out + err


def test_a_count_of_10_to_the_40_is_named_with_all_its_digits(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(dazhai_path.read_text(encoding="utf-8"))
    doc["tables"]["t3"]["new"]["natural"] = 10**40
    doc["tables"]["t3"]["new"]["legal"] = 1e40
    path = tmp_path / "big.gaidesk"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(path), "--json")
    assert code == 1
    findings = json.loads(out)["findings"]
    invalid = {f["cells"][0]: f["message"] for f in findings if f["rule"] == "VALUE-INVALID"}
    assert str(10**40) + " 太大" in invalid["t3.new.natural"]
    assert "t3.new.legal" in invalid
    report = load_report(path)
    assert report.cells["t3.new.natural"] == 10**40
    save_report(report, path)  # and it stays what it was
    assert load_report(path).cells["t3.new.natural"] == 10**40
    code, _, err = run_cli(capsys, "export", str(path), "--xlsx", str(tmp_path / "b.xlsx"))
    assert code == 0, err


def test_saving_under_a_name_too_long_is_a_store_error(dazhai_path: Path, tmp_path: Path) -> None:
    path = tmp_path / ("长" * 90 + ".gaidesk")
    with pytest.raises(StoreError, match="文件名太长"):
        save_report(load_report(dazhai_path), path)


def test_a_cell_of_5000_digits_in_a_workbook_is_named_in_chinese(
    huaian_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook_with_formulas(huaian_path, tmp_path, {"t3.new.natural": "9" * 5000})
    out_path = tmp_path / "imported.gaidesk"
    code, _, err = run_cli(capsys, "import", str(path), "-o", str(out_path))
    assert code == 2
    assert "数字太大" in err and "Exceeds" not in err
    assert not out_path.exists()
