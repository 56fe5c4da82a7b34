"""The command line of docs/format.md §7, in-process through main() and as a real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

import pytest

from gaidesk import draft
from gaidesk.__main__ import main
from gaidesk.carry import new_from_previous
from gaidesk.store import load_report, save_report
from tests.support.cli import run_cli
from tests.support.paths import ROOT


def _new_2026_from(last_year: Path, out_file: Path) -> list[str]:
    """The arguments of ``gaidesk new`` for 大寨镇's 2026 report begun from last year's draft."""
    agency = ["--agency", "大寨镇人民政府", "--year", "2026"]
    return ["new", *agency, "--from", str(last_year), "-o", str(out_file)]


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code, out, _ = run_cli(capsys, *args)
    return code, json.loads(out)


# ---------------------------------------------------------------------------------------------
# check


def test_check_dazhai_passes_with_fee_warning(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path
) -> None:
    code, out, _ = run_cli(capsys, "check", str(dazhai_path))
    assert code == 0
    assert "S6-FEE" in out
    assert "提醒" in out
    code, doc = _json(capsys, "check", str(dazhai_path), "--json")
    assert code == 0
    assert doc["file"] == str(dazhai_path)
    assert doc["errors"] == 0
    assert [f["rule"] for f in doc["findings"]] == ["S1-OVERSIGHT", "S6-FEE"]
    assert {f["severity"] for f in doc["findings"]} == {"warning"}


def test_check_huaian_json_reports_only_empty_text(
    capsys: pytest.CaptureFixture[str], huaian_path: Path
) -> None:
    code, doc = _json(capsys, "check", str(huaian_path), "--json")
    assert code == 1  # the empty narrative parts are errors
    assert {f["rule"] for f in doc["findings"]} == {"TEXT-EMPTY"}
    assert doc["errors"] == len(doc["findings"])
    assert doc["warnings"] == 0
    assert all(set(f) == {"rule", "severity", "cells", "message"} for f in doc["findings"])
    assert all(c.startswith("text.") for f in doc["findings"] for c in f["cells"])


def test_check_reports_t4_total_with_both_sides(
    capsys: pytest.CaptureFixture[str], huaian_path: Path, tmp_path: Path
) -> None:
    doc = json.loads(huaian_path.read_text(encoding="utf-8"))
    doc["tables"]["t4"]["review"].update(upheld=10, corrected=1, other=0, pending=0, total=0)
    copy = tmp_path / "huaian-bad.gaidesk"
    copy.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, result = _json(capsys, "check", str(copy), "--json")
    assert code == 1
    (t4,) = [f for f in result["findings"] if f["rule"] == "T4-TOTAL"]
    assert t4["cells"][0] == "t4.review.total"
    assert t4["severity"] == "error"
    assert "11" in t4["message"]
    assert "0" in t4["message"]
    code, out, _ = run_cli(capsys, "check", str(copy))
    assert code == 1
    assert "【错误】T4-TOTAL" in out
    assert "11" in out


def test_new_from_last_year_then_check_has_no_carry_warning(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "x.gaidesk"
    code, out, _ = run_cli(capsys, *_new_2026_from(dazhai_path, out_file))
    assert code == 0
    assert "已新建草稿" in out
    report = load_report(out_file)
    assert report.meta.year == 2026
    assert report.meta.short_name == "大寨镇"
    code, doc = _json(capsys, "check", str(out_file), "--previous", str(dazhai_path), "--json")
    rules_found = {f["rule"] for f in doc["findings"]}
    assert "X-CARRY" not in rules_found
    assert "X-IN-FORCE" not in rules_found


def test_check_sees_a_broken_carry_over(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    last = load_report(dazhai_path)
    last.set_cell("t3.carried_out.natural", 3)
    last_file = tmp_path / "last.gaidesk"
    save_report(last, last_file)
    this = new_from_previous(last)
    this.set_cell("t3.carried_in.natural", 2)  # should be 3
    this_file = tmp_path / "this.gaidesk"
    save_report(this, this_file)
    _, doc = _json(capsys, "check", str(this_file), "--previous", str(last_file), "--json")
    assert "X-CARRY" in {f["rule"] for f in doc["findings"]}


def test_check_unreadable_files_exit_2(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.gaidesk"
    broken.write_bytes(dazhai_path.read_bytes()[:300])
    code, out, _ = run_cli(capsys, "check", str(broken))
    assert code == 2
    assert "无法读取" in out
    code, _, _ = run_cli(capsys, "check", str(tmp_path / "missing.gaidesk"))
    assert code == 2
    code, _, err = run_cli(capsys, "check", str(dazhai_path), "--previous", str(broken))
    assert code == 2
    assert "上年报告" in err


def test_check_several_files_gives_a_json_list(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, huaian_path: Path, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.gaidesk")
    code, doc = _json(capsys, "check", str(dazhai_path), str(huaian_path), "--json")
    assert code == 1
    assert isinstance(doc, list)
    assert [d["file"] for d in doc] == [str(dazhai_path), str(huaian_path)]
    code, doc = _json(capsys, "check", str(dazhai_path), missing, "--json")
    assert code == 2
    assert doc[1]["file"] == missing
    assert doc[1]["errors"] is None
    assert "找不到" in doc[1]["unreadable"]
    code, out, _ = run_cli(capsys, "check", str(dazhai_path), str(huaian_path), missing)
    assert code == 2
    assert "共 3 个文件：1 个没有错误，1 个有错误，1 个无法读取。" in out


def test_check_clean_report(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    report = load_report(dazhai_path)
    report.text["other_matters"] = "本年度未收取信息处理费。"
    report.text["overview.oversight"] += "邀请群众代表开展社会评议。本年度未发生责任追究情况。"
    clean = tmp_path / "clean.gaidesk"
    save_report(report, clean)
    code, out, _ = run_cli(capsys, "check", str(clean))
    assert code == 0
    assert "没有发现问题" in out


# ---------------------------------------------------------------------------------------------
# new


def test_new_refuses_to_overwrite_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "x.gaidesk"
    out_file.write_text("keep me")
    args = ["new", "--agency", "大寨镇人民政府", "--year", "2026", "-o", str(out_file)]
    code, _, err = run_cli(capsys, *args)
    assert code == 1
    assert "已经存在" in err
    assert out_file.read_text() == "keep me"
    code, _, _ = run_cli(capsys, *args, "--force", "--short-name", "大寨")
    assert code == 0
    report = load_report(out_file)
    assert report.meta.agency == "大寨镇人民政府"
    assert report.meta.short_name == "大寨"
    assert report.meta.year == 2026


def test_new_into_the_library(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run_cli(capsys, "new", "--agency", "某某街道办事处", "--year", "2025")
    assert code == 0
    made = data_dir / "drafts" / "某某街道2025年报告.gaidesk"
    assert made.exists()
    assert str(made) in out


def test_new_with_data_dir_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    code, _, _ = run_cli(
        capsys, "--data-dir", str(stick), "new", "--agency", "大寨镇人民政府", "--year", "2025"
    )
    assert code == 0
    assert (stick / "drafts" / "大寨镇2025年报告.gaidesk").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["new", "--year", "2026"], "--agency"),
        (["new", "--agency", "大寨镇人民政府"], "--year"),
        (["new", "--agency", "大寨镇人民政府", "--year", "26"], "年度"),
        (["new", "--from", "nowhere.gaidesk"], "上年报告"),
    ],
)
def test_new_bad_arguments(capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert words in err


def test_new_into_a_folder_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(
        capsys,
        "new",
        "--agency",
        "大寨镇人民政府",
        "--year",
        "2025",
        "-o",
        str(tmp_path),
        "--force",
    )
    assert code == 1
    assert "文件夹" in err


def test_new_unwritable_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    code, _, err = run_cli(
        capsys, "new", "--agency", "大寨镇人民政府", "--year", "2025", "-o", str(tmp_path / "x")
    )
    assert code == 1
    assert "磁盘空间已满" in err


def test_new_from_last_year_without_year(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    nameless = load_report(dazhai_path)
    nameless.meta.year = None
    last = tmp_path / "last.gaidesk"
    save_report(nameless, last)
    code, _, err = run_cli(capsys, "new", "--from", str(last), "-o", str(tmp_path / "x.gaidesk"))
    assert code == 2
    assert "--year" in err
    code, _, _ = run_cli(
        capsys, "new", "--from", str(dazhai_path), "-o", str(tmp_path / "y.gaidesk")
    )
    assert code == 0
    made = load_report(tmp_path / "y.gaidesk")
    assert (made.meta.agency, made.meta.year) == ("大寨镇人民政府", 2026)


# ---------------------------------------------------------------------------------------------
# help and argument errors


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["-h"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：gaidesk")
    for verb in ("check", "new", "export", "import"):
        assert verb in out
    assert "退出码" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check"], "缺少必需的参数"),
        (["new", "--year", "abc"], "需要一个整数"),
        (["check", "a", "--bogus"], "无法识别的参数"),
        (["new", "--agency"], "后面需要跟一个值"),
        (["import", "a.xlsx"], "缺少必需的参数"),
    ],
)
def test_argument_errors_are_chinese(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert words in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# the window


def test_no_verb_opens_the_window(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[Any, Any]] = []
    fake = types.ModuleType("gaidesk.gui.app")

    def run(path: Path | None, data_dir: Path | None) -> int:
        calls.append((path, data_dir))
        return 0

    fake.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gaidesk.gui.app", fake)
    assert main([]) == 0
    assert main(["报告.gaidesk", "--data-dir", str(tmp_path)]) == 0
    assert main(["--data-dir", str(tmp_path), "check.gaidesk"]) == 0
    assert calls == [
        (None, None),
        (Path("报告.gaidesk"), tmp_path),
        (Path("check.gaidesk"), tmp_path),
    ]


def test_window_without_gui_modules(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "gaidesk.gui.app", None)
    code, _, err = run_cli(capsys)
    assert code == 2
    assert "无法打开程序窗口" in err


# ---------------------------------------------------------------------------------------------
# as a real program


def _program(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GAIDESK_DATA_DIR=str(env_dir), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "gaidesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_program_check_and_new(dazhai_path: Path, tmp_path: Path, data_dir: Path) -> None:
    done = _program("check", "resources/samples/dazhai-2025.gaidesk", env_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "S6-FEE" in done.stdout
    out_file = tmp_path / "x.gaidesk"
    done = _program(*_new_2026_from(dazhai_path, out_file), env_dir=data_dir)
    assert done.returncode == 0, done.stderr
    done = _program("check", str(out_file), "--previous", str(dazhai_path), env_dir=data_dir)
    assert "X-CARRY" not in done.stdout
    assert done.returncode == 1  # the new draft's narrative is still empty
    done = _program("check", str(tmp_path / "missing.gaidesk"), env_dir=data_dir)
    assert done.returncode == 2
    assert "找不到" in done.stdout


def test_check_does_not_load_qt_or_exporters(dazhai_path: Path, data_dir: Path) -> None:
    probe = (
        "import sys\n"
        "from gaidesk.cli import main\n"
        f"code = main(['check', {str(dazhai_path)!r}])\n"
        "heavy = [m for m in ('PySide6', 'reportlab', 'openpyxl') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = dict(os.environ, GAIDESK_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout


def test_draft_written_by_new_is_plain_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "x.gaidesk"
    run_cli(capsys, "new", "--agency", "大寨镇人民政府", "--year", "2026", "-o", str(out_file))
    doc = json.loads(out_file.read_text(encoding="utf-8"))
    assert doc["format"] == draft.FORMAT_NAME
    assert doc["meta"]["agency"] == "大寨镇人民政府"


def test_program_output_read_only_in_part(huaian_path: Path, data_dir: Path) -> None:
    """`gaidesk check … | head -1`: the reader stops early, the exit code still tells."""
    env = dict(os.environ, GAIDESK_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8")
    files = [str(huaian_path)] * 400  # far more output than a pipe holds
    with subprocess.Popen(
        [sys.executable, "-m", "gaidesk", "check", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=120)
    assert "处错误".encode() in first
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert code == 1
