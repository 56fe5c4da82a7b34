"""``gaidesk export`` and ``gaidesk import`` on top of the PDF and workbook modules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaidesk.store import load_report
from tests.support.cli import run_cli


@pytest.mark.slow
def test_export_both_then_import_back(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    pdf, xlsx = tmp_path / "d.pdf", tmp_path / "d.xlsx"
    code, out, err = run_cli(
        capsys, "export", str(dazhai_path), "--pdf", str(pdf), "--xlsx", str(xlsx)
    )
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    assert xlsx.stat().st_size > 0
    assert "已导出 PDF" in out
    assert "水印" not in out
    assert "使用的字体" in out
    assert "正文：" in out
    assert "已导出 Excel" in out

    imported = tmp_path / "back.gaidesk"
    code, out, err = run_cli(capsys, "import", str(xlsx), "-o", str(imported))
    assert code == 0, err
    assert "已导入" in out
    assert "  · " in out  # the notes of what was taken from where
    assert load_report(imported).cells == load_report(dazhai_path).cells

    before = imported.read_bytes()
    code, _, err = run_cli(capsys, "import", str(xlsx), "-o", str(imported))
    assert code == 1
    assert "不会覆盖" in err
    assert imported.read_bytes() == before


@pytest.mark.slow
def test_export_report_with_errors_as_draft(
    capsys: pytest.CaptureFixture[str], huaian_path: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "h.pdf"
    code, out, _ = run_cli(capsys, "export", str(huaian_path), "--pdf", str(pdf))
    assert code == 0
    assert "导出为“草稿”" in out
    assert "水印" in out
    assert pdf.exists()


@pytest.mark.slow
def test_export_character_no_font_has(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path, data_dir: Path
) -> None:
    doc = json.loads(dazhai_path.read_text(encoding="utf-8"))
    doc["text"]["other_matters"] = "无\U0010fffd"
    odd = tmp_path / "odd.gaidesk"
    odd.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    pdf = tmp_path / "odd.pdf"
    code, _, err = run_cli(capsys, "export", str(odd), "--pdf", str(pdf))
    assert code == 1
    assert "PDF 没有导出" in err
    assert "U+10FFFD" in err
    assert str(data_dir / "fonts") in err
    assert not pdf.exists()


def test_export_needs_an_output_and_a_readable_draft(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    code, _, err = run_cli(capsys, "export", str(dazhai_path))
    assert code == 2
    assert "--pdf" in err
    code, _, err = run_cli(capsys, "export", str(tmp_path / "none.gaidesk"), "--pdf", "x.pdf")
    assert code == 2
    assert "无法读取" in err


@pytest.mark.slow
def test_export_into_missing_folder(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "d.xlsx"
    code, _, err = run_cli(capsys, "export", str(dazhai_path), "--xlsx", str(target))
    assert code == 1
    assert "Excel 没有导出" in err


def test_import_refuses_what_is_not_a_workbook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello")
    out = tmp_path / "f.gaidesk"
    code, _, err = run_cli(capsys, "import", str(fake), "-o", str(out))
    assert code == 2
    assert "无法导入" in err
    assert not out.exists()
    code, _, err = run_cli(capsys, "import", str(tmp_path / "none.xlsx"), "-o", str(out))
    assert code == 2
    assert "找不到" in err


def test_export_word_document_with_the_others(
    capsys: pytest.CaptureFixture[str], huaian_path: Path, tmp_path: Path
) -> None:
    docx, xlsx = tmp_path / "h.docx", tmp_path / "h.xlsx"
    code, out, err = run_cli(
        capsys, "export", str(huaian_path), "--docx", str(docx), "--xlsx", str(xlsx)
    )
    assert code == 0, err
    assert docx.read_bytes()[:2] == b"PK" and xlsx.exists()
    assert f"已导出 Word 文档：{docx}" in out
    assert "页眉标明“草稿”" in out  # the sample's city tables have errors
    assert "正文：仿宋_GB2312" in out
    code, _, err = run_cli(capsys, "export", str(huaian_path), "--docx", "x.out", "--pdf", "x.out")
    assert code == 1 and "同一个文件" in err


def test_word_export_refuses_a_folder_and_a_read_only_file(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    code, _, err = run_cli(capsys, "export", str(dazhai_path), "--docx", str(tmp_path))
    assert code == 1 and "是一个文件夹" in err
    sent = tmp_path / "sent.docx"
    sent.write_bytes(b"the copy already sent")
    sent.chmod(0o444)
    code, _, err = run_cli(capsys, "export", str(dazhai_path), "--docx", str(sent))
    assert code == 1 and "只读" in err
    assert sent.read_bytes() == b"the copy already sent"
    missing = tmp_path / "no-such-folder" / "d.docx"
    code, _, err = run_cli(capsys, "export", str(dazhai_path), "--docx", str(missing))
    assert code == 1 and "Word 文档没有导出" in err


def test_export_html(capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "网站发布版.html"
    code, out, err = run_cli(capsys, "export", str(dazhai_path), "--html", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and html.count("<table ") == 3
    assert "已导出网站发布版" in out and "草稿" not in out and "生僻字" not in out


def test_export_html_of_a_report_with_errors_and_rare_characters(
    capsys: pytest.CaptureFixture[str], huaian_path: Path, tmp_path: Path
) -> None:
    doc = json.loads(huaian_path.read_text(encoding="utf-8"))
    doc["meta"]["agency"] = "㵘𠀾镇人民政府"
    odd = tmp_path / "odd.gaidesk"
    odd.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    page = tmp_path / "odd.html"
    code, out, _ = run_cli(capsys, "export", str(odd), "--html", str(page))
    assert code == 0
    assert "导出为“草稿”" in out and "顶部标有“草稿”" in out
    assert "生僻字：㵘、𠀾" in out
    assert "草稿：报告仍有错误" in page.read_text(encoding="utf-8")


def test_export_html_refusals(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "d.gaidesk"
    draft.write_bytes(dazhai_path.read_bytes())
    code, _, err = run_cli(capsys, "export", str(draft), "--html", str(draft))
    assert code == 1 and "草稿本身" in err
    code, _, err = run_cli(capsys, "export", str(draft), "--html", str(tmp_path))
    assert code == 1 and "是一个文件夹" in err
    sent = tmp_path / "sent.html"
    sent.write_bytes(b"the page already published")
    sent.chmod(0o444)
    code, _, err = run_cli(capsys, "export", str(draft), "--html", str(sent))
    assert code == 1 and "只读" in err
    assert sent.read_bytes() == b"the page already published"
    code, _, err = run_cli(capsys, "export", str(draft), "--xlsx", "x.out", "--html", "x.out")
    assert code == 1 and "同一个文件" in err
    code, _, err = run_cli(capsys, "export", str(draft), "--html", str(tmp_path / "no" / "d.html"))
    assert code == 1 and "网站发布版没有导出" in err
