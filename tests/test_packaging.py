"""The frozen build keeps everything gaidesk imports; the installers say what they promise.

The fast tests check packaging/pruning.py (what the spec drops after analysis) against every
import in gaidesk's source; the slow one freezes the program and imports every module inside it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SRC = ROOT / "src" / "gaidesk"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pruning = _load("pruning")


def _excluded(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in pruning.EXCLUDED_MODULES)


def test_every_module_gaidesk_imports_is_kept() -> None:
    own, other = pruning.gaidesk_imports(SRC)
    assert {"gaidesk", "gaidesk.format", "gaidesk.model", "gaidesk.gui.app"} <= own
    assert "PySide6.QtWidgets" in other
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


@pytest.mark.parametrize("script", ["build.sh", "smoke.sh", "setup.sh"])
def test_shell_scripts_parse(script: str) -> None:
    subprocess.run(["bash", "-n", str(PACKAGING / script)], check=True)


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
