"""Fonts for the printed report: name tables, coverage, role choice, the user's folder (the
PDF's Chinese line breaker is tested in tests/pdf/test_linebreak.py)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from gaidesk import fonts
from gaidesk.errors import ExportError
from gaidesk.fonts import BODY, HEADING, SUBHEADING, TABLE, TITLE
from gaidesk.fonts import choice as font_choice
from gaidesk.fonts import folders as font_folders
from tests.support.fonts import fake_face, name_table


def test_name_table_decodings_and_order() -> None:
    data = name_table(
        [
            (1, 0, 0, 1, b"SimHei"),
            (3, 1, 0x0409, 1, "SimHei".encode("utf-16-be")),
            (3, 1, 0x0804, 1, "黑体".encode("utf-16-be")),
            (3, 3, 0x0804, 4, b"\x00" + "楷".encode("gbk")[:1] + "楷".encode("gbk")[1:]),
            (3, 1, 0x0409, 6, "SimHei".encode("utf-16-be")),
            (3, 1, 0x0409, 2, b"\xd8"),  # broken UTF-16: skipped, not fatal
        ]
    )
    names = fonts.read_names(data)
    assert names[1] == ["黑体", "SimHei"]  # Simplified Chinese first, duplicates once
    assert names[6] == ["SimHei"]
    assert 2 not in names


def uming() -> fonts.Face:
    for face in fonts.scan():
        if face.matches("AR PL UMing CN"):
            return face
    pytest.fail("fonts-arphic-uming is not installed (packaging/setup.sh installs it)")


def test_collection_faces_are_read_from_their_name_tables() -> None:
    face = uming()
    assert face.path.endswith(".ttc")
    assert face.truetype and face.embeddable and face.usable
    siblings = [f for f in fonts.scan() if f.path == face.path]
    assert [f.index for f in siblings] == list(range(len(siblings)))
    assert len(siblings) >= 2
    assert len({f.families[0] for f in siblings}) == len(siblings)


def test_cff_collections_are_not_used() -> None:
    noto = [f for f in fonts.scan() if f.matches("Noto Sans CJK SC")]
    if not noto:
        pytest.skip("no Noto CJK on this machine")
    assert all(not f.truetype and not f.usable for f in noto)
    chosen = fonts.choose()
    assert all(rf.face not in noto for rf in chosen.roles.values())
    assert not any(f in noto for f in chosen.coverage_faces)


def test_coverage_from_cmap() -> None:
    cov = fonts.coverage(uming())
    assert ord("国") in cov and ord("，") in cov and ord("A") in cov
    assert 0x10FFFD not in cov
    assert len(cov) > 20000


def test_every_role_has_a_usable_chinesefake_face() -> None:
    chosen = fonts.choose()
    assert set(chosen.roles) == set(fonts.ROLES)
    for role, rf in chosen.roles.items():
        assert rf.face.usable
        assert ord("政") in fonts.coverage(rf.face), role
    described = chosen.describe()
    assert all(isinstance(described[r], str) and described[r] for r in fonts.ROLES)


def test_official_faces_win_over_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(fonts.OFFICIAL_FACES, HEADING, ("No Such Face", "HanaMinA"))
    chosen = fonts.choose()
    assert chosen.roles[HEADING].face.matches("HanaMinA")
    assert chosen.roles[HEADING].official
    assert "规范字体" in chosen.roles[HEADING].describe()


def test_title_fallback_is_drawn_bold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(fonts.OFFICIAL_FACES, TITLE, ("No Such Face",))
    chosen = fonts.choose()
    assert chosen.roles[TITLE].embolden and not chosen.roles[TITLE].official
    assert not chosen.roles[BODY].embolden


def test_users_fonts_folder_is_searched(data_dir: Path) -> None:
    source = uming().path
    folder = data_dir / "fonts"
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "mine.ttc")
    faces = [f for f in fonts.scan() if f.path.startswith(str(folder.resolve()))]
    assert faces and faces[0].matches("AR PL UMing CN")
    chosen = fonts.choose()
    # Among equal faces the user's copy is found first.
    assert chosen.roles[BODY].face.path.startswith(str(folder.resolve()))
    assert chosen.roles[BODY].user
    assert "字体文件夹" in chosen.roles[BODY].describe()


def test_given_fonts_folder_replaces_the_default_one(data_dir: Path, tmp_path: Path) -> None:
    """``--data-dir`` gives its own fonts folder: the default data folder's is not searched too."""
    from gaidesk.paths import fonts_dir
    from gaidesk.store import Library

    assert fonts_dir() == data_dir / "fonts" == Library().fonts_dir
    other = tmp_path / "other" / "fonts"
    searched = fonts.font_dirs([other])
    assert searched[0] == other and data_dir / "fonts" not in searched
    assert fonts.font_dirs()[0] == data_dir / "fonts"


def test_extra_font_dirs(tmp_path: Path) -> None:
    shutil.copy(uming().path, tmp_path / "x.ttc")
    assert any(f.path.startswith(str(tmp_path.resolve())) for f in fonts.scan([tmp_path]))


def test_scan_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    first = fonts.scan()

    def boom(path: str) -> list[fonts.Face]:
        raise AssertionError(f"read again: {path}")

    monkeypatch.setattr(font_folders, "read_faces", boom)
    assert fonts.scan() == first


def test_choice_is_kept_until_a_font_file_changes(data_dir: Path) -> None:
    first = fonts.choose()
    assert fonts.choose() is first  # nothing read again
    folder = data_dir / "fonts"
    folder.mkdir(parents=True)
    shutil.copy(uming().path, folder / "mine.ttc")
    dropped = fonts.choose()
    assert dropped is not first and dropped.roles[BODY].user
    (folder / "mine.ttc").unlink()
    assert not fonts.choose().roles[BODY].user


def test_kept_folder_listings_see_fonts_added_and_removed(tmp_path: Path) -> None:
    """A folder's listing is kept by its mtime, and only once that is older than RECENT_NS: a
    font added in the same tick of the clock as the listing (the folder's mtime unchanged) is
    still found; one added later changes the mtime."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copy(uming().path, folder / "a.ttc")

    def found() -> list[str]:
        mine = str(folder.resolve()) + os.sep
        files = font_folders.font_files([folder])
        return sorted(Path(path).name for path, _, _ in files if path.startswith(mine))

    def set_mtime(ns: int) -> None:
        os.utime(folder, ns=(ns, ns))

    just_now = folder.stat().st_mtime_ns
    assert found() == ["a.ttc"]
    shutil.copy(uming().path, folder / "b.ttc")
    set_mtime(just_now)  # as if in the same tick: the listing was too recent to be kept
    assert found() == ["a.ttc", "b.ttc"]
    settled = just_now - 10 * font_folders.RECENT_NS
    set_mtime(settled)
    assert found() == ["a.ttc", "b.ttc"]  # kept from here on
    (folder / "b.ttc").unlink()  # the folder's mtime changes
    assert found() == ["a.ttc"]
    set_mtime(settled)
    assert found() == ["a.ttc"]


def test_broken_font_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00garbage")
    (tmp_path / "empty.ttc").write_bytes(b"")
    (tmp_path / "text.otf").write_text("not a font")
    faces = fonts.scan([tmp_path])
    assert not any(f.path.startswith(str(tmp_path.resolve())) for f in faces)


def test_no_chinese_font_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_folders, "system_font_dirs", lambda: [])
    with pytest.raises(fonts.NoFontError) as info:
        fonts.choose()
    assert isinstance(info.value, ExportError)
    assert "中文字体" in str(info.value)


def test_runs_switch_faces_for_rare_characters() -> None:
    chosen = fonts.choose()
    runs = chosen.runs(BODY, "我镇㵘水村")
    assert "".join(t for t, _ in runs) == "我镇㵘水村"
    rare = next(f for t, f in runs if "㵘" in t)
    assert ord("㵘") in fonts.coverage(rare)
    assert chosen.face_for(SUBHEADING, "\U0010fffd") is None


def test_check_text_names_character_and_place() -> None:
    chosen = fonts.choose()
    fonts.check_text(chosen, TABLE, "行政事业性收费 12.5", "表格")
    with pytest.raises(fonts.MissingGlyphError) as info:
        fonts.check_text(chosen, BODY, "前面的文字\U0010fffd后面的文字", "六、其他需要报告的事项")
    error = info.value
    assert error.char == "\U0010fffd"
    assert "U+10FFFD" in str(error)
    assert "六、其他需要报告的事项" in str(error)
    assert "前面的文字\U0010fffd后面的文字" in str(error)


def test_printable_drops_invisible_characters() -> None:
    assert fonts.printable("大\u200b寨\ufe0f镇\u202e\t1") == "大寨镇 1"
    assert fonts.printable("甲\n乙") == "甲\n乙"


def test_xinchuang_desktops_own_faces_are_official() -> None:
    """Founder's GBK faces (with WPS) and CESI's standard faces (UOS, Kylin) are the official
    typefaces, chosen over the fallbacks by their names in either language."""
    faces = [
        fake_face("AR PL UMing CN"),
        fake_face("WenQuanYi Zen Hei"),
        fake_face("AR PL UKai CN"),
        fake_face("方正仿宋_GBK", "FZFangSong-Z02"),
        fake_face("FZHei-B01S", "方正黑体简体"),
        fake_face("CESI楷体-GB2312"),
        fake_face("CESI宋体-GB18030"),
        fake_face("CESI小标宋-GB2312"),
    ]
    roles = font_choice._choose(faces, []).roles
    assert roles[BODY].face.matches("方正仿宋_GBK") and roles[BODY].official
    assert roles[HEADING].face.matches("方正黑体简体") and roles[HEADING].official
    assert roles[SUBHEADING].face.matches("CESI楷体-GB2312") and roles[SUBHEADING].official
    assert roles[TABLE].face.matches("CESI宋体-GB18030") and roles[TABLE].official
    assert roles[TITLE].official and not roles[TITLE].embolden
    # Windows' own faces still come first where both are installed.
    roles = font_choice._choose([*faces, fake_face("仿宋", "FangSong")], []).roles
    assert roles[BODY].face.matches("FangSong")


def test_fontconfig_folders_are_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "etc-fonts"
    (config / "conf.d").mkdir(parents=True)
    (config / "fonts.conf").write_text(
        "<fontconfig>\n<dir>/usr/share/fonts</dir>\n"
        '<dir prefix="xdg">fonts</dir>\n<dir>~/.fonts</dir>\n<dir>relative/fonts</dir>\n'
        "</fontconfig>\n"
    )
    (config / "conf.d" / "99-office.conf").write_text(
        "<fontconfig><dir> /opt/office/fonts </dir><dir>/usr/share/fonts</dir></fontconfig>"
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert fonts.fontconfig_dirs(config) == [
        Path("/usr/share/fonts"),
        tmp_path / "data" / "fonts",
        tmp_path / "home" / ".fonts",
        Path("/opt/office/fonts"),
    ]
    assert fonts.fontconfig_dirs(tmp_path / "none") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux font folders")
def test_linux_folders_include_fontconfigs_and_wps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_folders, "fontconfig_dirs", lambda: [Path("/opt/vendor/fonts")])
    found = fonts.system_font_dirs()
    assert Path("/usr/share/fonts") in found
    assert found[-2:] == [Path("/opt/vendor/fonts"), Path("/opt/kingsoft/wps-office/office6/fonts")]
