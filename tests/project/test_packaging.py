"""The frozen build keeps everything gaidesk imports; the installers say what they promise.

The fast tests check packaging/pruning.py (what the spec drops after analysis) against every
import in gaidesk's source; the slow one freezes the program and imports every module inside it.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import platform
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.paths import ROOT

PACKAGING = ROOT / "packaging"
SRC = ROOT / "src" / "gaidesk"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"_packaging_{name.replace('/', '_')}", PACKAGING / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pruning = _load("pruning")
icu_data = _load("icu_data")


def _excluded(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in pruning.EXCLUDED_MODULES)


def test_every_module_gaidesk_imports_is_kept() -> None:
    own, other = pruning.gaidesk_imports(SRC)
    assert {"gaidesk", "gaidesk.format", "gaidesk.model", "gaidesk.gui.app"} <= own
    assert "PySide6.QtWidgets" in other
    # The exporters and the print preview are imported inside functions; they count too.
    assert {"gaidesk.pdf", "gaidesk.workbook"} <= own
    lazy = {"PySide6.QtPdf", "PySide6.QtPrintSupport", "openpyxl", "reportlab.platypus"}
    assert lazy | {"defusedxml.ElementTree"} <= other
    for module in sorted(other):
        assert not _excluded(module), f"{module} is imported by gaidesk but excluded from the build"
        top, _, rest = module.partition(".")
        if top == "PySide6" and rest:
            qt = rest.split(".")[0]
            assert qt in pruning.QT_MODULES_KEPT, f"{module}: add {qt} to QT_MODULES_KEPT"
            for suffix in (".abi3.so", ".pyd"):
                assert pruning.keep(f"PySide6/{qt}{suffix}"), module


def test_lazy_and_relative_imports_are_seen(tmp_path: Path) -> None:
    package = tmp_path / "gaidesk"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from .. import other\n")
    (package / "other.py").write_text("")
    (package / "sub" / "late.py").write_text(
        "def export():\n    import json\n    from PySide6 import QtPdf\n    from . import x\n"
    )
    (package / "sub" / "x.py").write_text("")
    own, other = pruning.gaidesk_imports(package)
    assert {"gaidesk.sub.late", "gaidesk.other", "gaidesk.sub.x"} <= own
    assert {"json", "PySide6.QtPdf"} <= other


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", True),  # libQt6Pdf links it
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6QmlModels.so.6", False),
        ("PySide6/Qt6Qml.dll", False),
        ("PySide6/Qt6Widgets.dll", True),
        ("PySide6/QtWidgets.abi3.so", True),
        ("PySide6/QtQml.abi3.so", False),
        ("PySide6/QtNetwork.pyd", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qt_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/translations/designer_zh_CN.qm", False),
        ("PySide6/Qt/qml/QtQuick/Controls/qmldir", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/platforms/qminimal.dll", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqwebp.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/opengl32sw.dll", False),
        ("PySide6/d3dcompiler_47.dll", False),
        ("resources/samples/dazhai-2025.gaidesk", True),
        ("libpython3.11.so.1.0", True),
    ],
)
def test_keep(dest: str, kept: bool) -> None:
    assert pruning.keep(dest) is kept


def test_system_libraries_are_left_to_the_desktop() -> None:
    assert pruning.from_system("libcups.so.2")
    assert pruning.from_system("libfontconfig.so.1")
    assert not pruning.from_system("libxcb-cursor.so.0")  # missing on older desktops: bundled
    assert not pruning.from_system("PySide6/Qt/lib/libQt6Gui.so.6")


def test_orphans_follow_direct_links_only() -> None:
    toc = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/src/libxcb-cursor.so.0", "BINARY"),
        ("libgnutls.so.30", "/src/libgnutls.so.30", "BINARY"),  # was libcups's
        ("libpython3.11.so.1.0", "/src/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
    }
    unused = pruning.orphans(toc, lambda p: links.get(p, []), keep_always=["libpython3.11.so.1.0"])
    assert unused == {"libgnutls.so.30"}


def test_spec_names_the_pieces() -> None:
    spec = (PACKAGING / "gaidesk.spec").read_text(encoding="utf-8")
    compile(spec, "gaidesk.spec", "exec")
    for needed in ("upx=False", "console=not IS_WINDOWS", "gaidesk.ico", "version=version_file()"):
        assert needed in spec
    assert "pruning.prune(a.binaries)" in spec and "pruning.prune(a.datas)" in spec
    for icon in ("gaidesk.png", "gaidesk.ico", "gaidesk.svg"):
        assert (ROOT / "resources" / icon).stat().st_size > 500


def test_windows_installer_is_per_user_chinese_and_keeps_drafts() -> None:
    nsi = (PACKAGING / "windows" / "gaidesk.nsi").read_text(encoding="utf-8-sig")
    assert "RequestExecutionLevel user" in nsi
    # Qt 6's floor, Windows 10 1809: older Windows gets a message instead of a dead program.
    assert "${IfNot} ${AtLeastBuild} 17763" in nsi and "Windows 7" in nsi
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in nsi
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\gaidesk"' in nsi
    assert 'WriteRegStr HKCU "Software\\Classes\\.gaidesk"' in nsi
    assert "HKLM" not in nsi
    assert "$SMPROGRAMS" in nsi and "$DESKTOP" in nsi
    uninstall = nsi[nsi.index('Section "Uninstall"') :]
    # The drafts folder (platformdirs: %LOCALAPPDATA%\gaidesk) is never removed.
    for line in uninstall.splitlines():
        if line.strip().startswith(("RMDir ", "Delete ")):
            assert "$INSTDIR" in line or "$SMPROGRAMS" in line or "$DESKTOP" in line, line
    assert 'RMDir /r "$INSTDIR"' not in nsi


def test_linux_desktop_entry_and_mime_type() -> None:
    desktop = (PACKAGING / "linux" / "gaidesk.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=政府信息公开年报助手" in desktop
    assert "MimeType=application/x-gaidesk;" in desktop
    assert "Exec=/opt/gaidesk/gaidesk %f" in desktop
    mime = (PACKAGING / "linux" / "gaidesk-mime.xml").read_text(encoding="utf-8")
    assert 'type="application/x-gaidesk"' in mime and 'pattern="*.gaidesk"' in mime


def _cnv(max_bytes: int) -> bytes:
    """A converter item: data header, then UConverterStaticData up to maxBytesPerChar."""
    header = struct.pack("<HBB", 32, 0xDA, 0x27).ljust(32, b"\0")
    return header + bytes(71) + bytes([max_bytes]) + bytes(24)


@pytest.mark.parametrize(
    ("name", "data", "kept"),
    [
        ("icudt73l/zh.res", b"", True),
        ("icudt73l/zh_Hans_CN.res", b"", True),
        ("icudt73l/en_US_POSIX.res", b"", True),
        ("icudt73l/de.res", b"", False),
        ("icudt73l/root.res", b"", True),
        ("icudt73l/pool.res", b"", True),
        ("icudt73l/supplementalData.res", b"", True),
        ("icudt73l/zoneinfo64.res", b"", True),
        ("icudt73l/units.res", b"", True),
        ("icudt73l/coll/zh.res", b"", True),
        ("icudt73l/coll/ucadata.icu", b"", True),
        ("icudt73l/coll/ja.res", b"", False),
        ("icudt73l/coll/de_.res", b"", False),  # an old-style alias of German
        ("icudt73l/coll/res_index.res", b"", True),
        ("icudt73l/zone/en_GB.res", b"", True),
        ("icudt73l/zone/fr.res", b"", False),
        ("icudt73l/brkitr/line.brk", b"", True),
        ("icudt73l/brkitr/cjdict.dict", b"", False),
        ("icudt73l/translit/root.res", b"", False),
        ("icudt73l/uts46.nrm", b"", True),
        ("icudt73l/gb18030.cnv", _cnv(4), True),
        ("icudt73l/ibm-1386_P100-2001.cnv", _cnv(2), True),
        ("icudt73l/ibm-5348_P100-1997.cnv", _cnv(1), True),  # windows-1252: single-byte
        ("icudt73l/ibm-943_P15A-2003.cnv", _cnv(2), False),  # Shift-JIS
    ],
)
def test_icu_items_kept(name: str, data: bytes, kept: bool) -> None:
    assert icu_data.keep_item(name, data) is kept


def test_icu_package_round_trip() -> None:
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0)
    header = (header + b"CmnD" + bytes(8)).ljust(32, b"\0")
    items = [("pkg/b.res", b"B" * 5), ("pkg/a.res", b"A" * 17), ("pkg/c/d.icu", b"")]
    blob = icu_data.write_package(header, items)
    again_header, again = icu_data.read_package(blob)
    assert again_header == header
    names = [name for name, _ in again]
    assert names == sorted(names)
    # Each item starts on a 16-byte boundary; reading back gives the bytes plus padding.
    for name, data in items:
        read = dict(again)[name]
        assert read[: len(data)] == data and not read[len(data) :].strip(b"\0")
    with pytest.raises(icu_data.IcuDataError):
        icu_data.read_package(b"\0" * 64)


def _wheel_icu_data() -> Path | None:
    from PySide6 import QtCore

    found = sorted(Path(QtCore.__file__).parent.glob("Qt/lib/libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.skipif(sys.platform != "linux", reason="Linux wheels carry ICU")
def test_smaller_icu_data_serves_qt_in_chinese(tmp_path: Path) -> None:
    """The rebuilt libicudata is about a fifth of the wheel's, and Qt, loading it instead,
    still sorts in pinyin, knows GBK and names time zones in Chinese (the frozen self-test's
    checks; with the Chinese locales left out they fail, see test below)."""
    source = _wheel_icu_data()
    if source is None or not all(shutil.which(t) for t in ("as", "ld", "readelf")):
        pytest.skip("needs the wheel's ICU and binutils")
    target = tmp_path / "lib" / source.name
    left_out = icu_data.shrink_library(source, target)
    assert any(name.endswith("/de.res") for name in left_out)
    assert target.stat().st_size < source.stat().st_size / 4
    assert icu_data.soname(target.read_bytes()) == source.name
    _, items = icu_data.read_package(icu_data.data_symbol(target.read_bytes())[1])
    names = {name.split("/", 1)[1] for name, _ in items}
    assert {"zh.res", "coll/zh.res", "coll/ucadata.icu", "gb18030.cnv", "zoneinfo64.res"} <= names
    problems, err = _icu_problems_with(target)
    assert problems == "[]" and err == ""


def _icu_problems_with(library: Path) -> tuple[str, str]:
    """frozen_entry's ICU self-check run against an ICU data library: (printed list, stderr)."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import frozen_entry; "
        "print(frozen_entry._icu_problems())"
    )
    env = {**os.environ, "LD_LIBRARY_PATH": str(library.parent)}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(PACKAGING)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return result.stdout.strip(), result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="Linux wheels carry ICU")
def test_icu_check_fails_without_chinese_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _wheel_icu_data()
    if source is None or not all(shutil.which(t) for t in ("as", "ld", "readelf")):
        pytest.skip("needs the wheel's ICU and binutils")
    monkeypatch.setattr(icu_data, "LANGUAGES_KEPT", frozenset({"en"}))
    monkeypatch.setattr(icu_data, "MULTIBYTE_CONVERTERS_KEPT", frozenset())
    target = tmp_path / "lib" / source.name
    icu_data.shrink_library(source, target)
    problems, _ = _icu_problems_with(target)
    assert len(ast.literal_eval(problems)) >= 5


@pytest.mark.parametrize(
    "script",
    [
        "build.sh",
        "smoke.sh",
        "setup.sh",
        "fresh-root-test.sh",
        "roots.sh",
        "glibc-audit.sh",
        "xinchuang/build.sh",
        "xinchuang/cpython.sh",
        "xinchuang/in-root-cross-python.sh",
        "xinchuang/in-root-build.sh",
        "xinchuang/in-root-verify.sh",
    ],
)
def test_shell_scripts_parse(script: str) -> None:
    subprocess.run(["bash", "-n", str(PACKAGING / script)], check=True)


_MATH_PROGRAM = """
#include <math.h>
#include <stdio.h>
int main(int argc, char **argv) {
    double x = argc + 0.5;
    printf("%f\\n", exp(x) + exp2(x) + log(x) + log2(x) + pow(x, x));
    return 0;
}
"""


def _compile(tmp_path: Path, name: str, *flags: str) -> Path:
    source = tmp_path / "math.c"
    source.write_text(_MATH_PROGRAM)
    program = tmp_path / name
    subprocess.run(["gcc", "-O0", *flags, str(source), "-o", str(program), "-lm"], check=True)
    return program


def _audit(folder: Path, max_glibc: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(PACKAGING / "glibc-audit.sh"), str(folder), max_glibc],
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(
    sys.platform != "linux" or not all(shutil.which(t) for t in ("gcc", "readelf")),
    reason="needs gcc and readelf on Linux",
)
def test_glibc_audit_names_what_is_too_new(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    _compile(tmp_path / "lib", "calc")
    (tmp_path / "lib" / "notes.txt").write_text("not an ELF file")
    needed = _audit(tmp_path / "lib", "99.0")
    assert needed.returncode == 0, needed.stderr
    assert "1 ELF files, highest need GLIBC_" in needed.stdout
    too_old = _audit(tmp_path / "lib", "2.0")
    assert too_old.returncode == 1
    assert "calc needs GLIBC_" in too_old.stderr and "1 file(s) need more" in too_old.stderr
    assert "printf@GLIBC_" in too_old.stderr or "__libc_start_main@GLIBC_" in too_old.stderr
    assert _audit(tmp_path / "empty-folder-made-below", "2.28").returncode != 0


@pytest.mark.skipif(
    sys.platform != "linux" or platform.machine() != "x86_64" or not shutil.which("gcc"),
    reason="the symbol versions bound are x86_64's",
)
def test_glibc_compat_header_binds_libm_to_old_versions(tmp_path: Path) -> None:
    """Against glibc >= 2.29 exp/log/pow link to GLIBC_2.29; with the header, to GLIBC_2.2.5."""
    header = PACKAGING / "xinchuang" / "glibc-compat.h"
    plain = _compile(tmp_path, "plain")
    bound = _compile(tmp_path, "bound", "-include", str(header))

    def versions(program: Path) -> set[str]:
        syms = subprocess.run(
            ["readelf", "--dyn-syms", "-W", str(program)], capture_output=True, text=True
        ).stdout
        return {
            word.split("@")[0] + "@" + word.split("@")[-1]
            for word in syms.split()
            if word.split("@")[0] in {"exp", "exp2", "log", "log2", "pow"}
        }

    assert "pow@GLIBC_2.29" in versions(plain)
    assert versions(bound) == {
        f"{name}@GLIBC_2.2.5" for name in ("exp", "exp2", "log", "log2", "pow")
    }
    assert subprocess.run([str(bound)], capture_output=True, text=True).stdout.strip()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the Linux build; Windows builds in CI")
def test_frozen_program_imports_everything(tmp_path: Path) -> None:
    """Freeze gaidesk and import, inside the frozen program, every module its source imports."""
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller, "PyInstaller is a dev dependency"
    env = {**os.environ, "GAIDESK_BUILD_DIR": str(tmp_path / "work")}
    subprocess.run(
        [
            pyinstaller,
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(PACKAGING / "gaidesk.spec"),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )
    program = tmp_path / "dist" / "gaidesk" / "gaidesk"
    own, other = pruning.gaidesk_imports(SRC)
    result = subprocess.run(
        [str(program), "--frozen-self-test", *sorted(own | other)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problems" in result.stdout
    assert result.stderr == ""
    internal = tmp_path / "dist" / "gaidesk" / "_internal"
    assert (internal / "resources" / "samples" / "dazhai-2025.gaidesk").is_file()
    translations = sorted(p.name for p in internal.rglob("*.qm"))
    assert translations == ["qt_zh_CN.qm", "qtbase_zh_CN.qm"]
    assert not list(internal.rglob("libQt6Quick*")) and not list(internal.rglob("*Qml*.so*"))
    # the budget of docs/design.md §3: the Linux onedir within 120 MB (decimal, as `du -sb` counts).
    files = [p for p in (tmp_path / "dist" / "gaidesk").rglob("*") if not p.is_dir()]
    total = sum(p.lstat().st_size for p in files)
    assert total <= 120_000_000, f"onedir is {total / 1e6:.1f} MB"
    icu = list(internal.rglob("libicudata.so.*"))
    if shutil.which("as") and shutil.which("ld"):
        assert all(p.stat().st_size < 10_000_000 for p in icu), "ICU data was not made smaller"


def test_window_dump_becomes_png(tmp_path: Path) -> None:
    """The install test's Xvfb screen (X window dump, 32-bit little-endian pixels) as PNG."""
    from PySide6.QtGui import QColor, QImage

    xwd_to_png = _load("xinchuang/xwd_to_png")
    width, height, name = 3, 2, b"screen\0"
    fields = [0] * 25
    fields[:8] = [100 + len(name), 7, 2, 24, width, height, 0, 0]
    fields[11], fields[12] = 32, width * 4 + 4  # rows padded beyond the pixels
    fields[14:17] = [0xFF0000, 0x00FF00, 0x0000FF]
    pixels = [[0xFF0000, 0x00FF00, 0x0000FF], [0x123456, 0xFFFFFF, 0x000000]]
    body = b"".join(struct.pack("<3I", *row) + b"\xee" * 4 for row in pixels)
    dump = tmp_path / "screen.xwd"
    dump.write_bytes(struct.pack(">25I", *fields) + name + body)
    out = tmp_path / "screen.png"
    assert xwd_to_png.main(["xwd_to_png", str(dump), str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (width, height)
    for y, row in enumerate(pixels):
        for x, rgb in enumerate(row):
            assert image.pixelColor(x, y) == QColor(f"#{rgb:06x}"), (x, y)
    fields[11] = 16
    dump.write_bytes(struct.pack(">25I", *fields) + name + body)
    with pytest.raises(ValueError):
        xwd_to_png.main(["xwd_to_png", str(dump), str(out)])
