"""What the frozen gaidesk keeps of Qt and Python, and what it drops after PyInstaller's analysis.

Used by gaidesk.spec (after Analysis) and by tests/project/test_packaging.py, which checks that
nothing gaidesk imports is dropped. Plain Python, no PyInstaller import, so the test can load it.

Facts behind the lists (checked with readelf -d against the PySide6-Essentials/-Addons 6.11.3
Linux wheels; 6.12.0 is not used, it crashed on a reference count under Python 3.11):
- libQt6Pdf links libQt6Network, so the Network *library* stays (with its libgssapi_krb5 and
  brotli links); the QtNetwork Python module, its TLS and network-information plugins do not
  (gaidesk never opens a connection).
- libQt6Gui links libQt6DBus (kept). The xcb platform plugin needs libQt6XcbQpa and
  libxcb-cursor; the offscreen, xcb and wayland platform plugins stay, the rest go. Wayland costs
  about 2 MB (libQt6WaylandClient, libQt6WlShellIntegration, the shell, decoration and buffer
  plugins); it stays so that a Wayland session (newer Kylin/openKylin releases) gets a native
  window instead of a warning and XWayland.
- libQt6Core links ICU 73 (libicuuc, libicui18n, libicudata), so ICU cannot go; its 32 MB data
  library is rebuilt smaller on Linux (packaging/icu_data.py: Chinese and English locales, Chinese
  code pages). The Windows wheel has no ICU of its own (Qt uses Windows' icu.dll).
- reportlab.lib.utils imports PIL.Image at import time, so Pillow stays (its _imaging links
  libjpeg, libtiff, libopenjp2 and libxcb); only its optional codec modules go.
- Translations: only Chinese (qtbase_zh_CN and the qt_zh_CN meta catalogue).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from pathlib import Path

# PySide6 modules gaidesk may import. tests/project/test_packaging.py fails when gaidesk imports
# one that is not listed here (add it here then, and check the frozen size).
QT_MODULES_KEPT: frozenset[str] = frozenset(
    {
        "QtCore",
        "QtGui",
        "QtWidgets",
        "QtPrintSupport",
        "QtPdf",
        "QtPdfWidgets",
        "QtSvg",
        "QtSvgWidgets",
        "QtDBus",
        "QtConcurrent",
    }
)

# Python modules never to freeze: other Qt bindings' parts, GUI toolkits and test tools that a
# hook might pull in by accident.
EXCLUDED_MODULES: tuple[str, ...] = (
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQmlFeatures",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtQuickWidgets",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtXml",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "tkinter",
    "_tkinter",
    "IPython",
    "matplotlib",
    "numpy",
    "pytest",
    "hypothesis",
    "mypy",
    # Pillow (reportlab imports PIL.Image unconditionally) without the codecs gaidesk never uses.
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingcms",
    "PIL._imagingtk",
    "PIL._imagingft",
    "PIL._imagingmath",
    "PIL._imagingmorph",
    "PIL.ImageTk",
    "PIL.ImageQt",
    "PIL.ImageCms",
    # OpenSSL's hashes: hashlib and hmac fall back to Python's own SHA-2/MD5 (4.5 MB of libcrypto).
    "_hashlib",
    # East-Asian codecs other than the Chinese mainland's (GBK/GB18030 stay in _codecs_cn).
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_codecs_hk",
    "_codecs_iso2022",
    # Not an interactive interpreter.
    "readline",
    # Offline by construction: no TLS in the bundle.
    "ssl",
    "_ssl",
    # Python's developer tools, never used by a running gaidesk (reportlab names doctest only
    # under ``if __name__ == "__main__"``; defusedxml's xmlrpc patch is not used).
    "pydoc",
    "pydoc_data",
    "unittest",
    "doctest",
    "pdb",
    "lib2to3",
    "ensurepip",
    "distutils",
    "idlelib",
    "turtle",
    "turtledemo",
    "xmlrpc",
    "sqlite3",
    "_sqlite3",
    "curses",
    "_curses",
    # reportlab decodes XMP metadata files with it (rparsexml.smartDecode, lazily); gaidesk
    # passes no XMP file. Its compiled parts are 400 KB.
    "charset_normalizer",
)

# Shared libraries (basename without the version suffix) never needed.
_DROPPED_LIBS = re.compile(
    r"(?:lib)?Qt6(?:"
    r"Qml\w*|Quick\w*|Labs\w*|Lottie\w*|Designer\w*|Help|Sql|Test|UiTools|Xml|"
    r"WaylandCompositor\w*|WebEngine\w*|WebChannel\w*|WebSockets|VirtualKeyboard\w*|"
    r"OpenGLWidgets|PdfQuick|ShaderTools|3D\w*|Multimedia\w*|Positioning\w*|Location\w*|"
    r"EglFsKmsSupport|EglFSDeviceIntegration"
    r")(?:\.so[.\d]*|\.dll)$",
    re.IGNORECASE,
)

# Libraries taken from the desktop instead of the bundle (Linux): they read the machine's own
# configuration (printers, fonts, the session bus) and a copy from the build machine can clash
# with the versions other desktop parts load into the process (input methods, GL drivers).
# The .deb depends on their packages (packaging/build.sh); libcups alone would otherwise pull
# in GnuTLS, Kerberos and Avahi (about 8 MB).
SYSTEM_LIBRARIES = re.compile(
    r"^lib(?:cups|fontconfig|freetype|glib-2\.0|gthread-2\.0|dbus-1|EGL|GL|OpenGL)\.so[.\d]*$"
)

# Plugin folders (under Qt/plugins) gaidesk does not use at all.
_DROPPED_PLUGIN_DIRS: frozenset[str] = frozenset(
    {
        "designer",
        "egldeviceintegrations",
        "generic",
        "networkinformation",
        "qmltooling",
        "qmllint",
        "sqldrivers",
        "tls",
        "vectorimageformats",
        "wayland-graphics-integration-server",
        "sceneparsers",
        "renderers",
        "geometryloaders",
        "multimedia",
        "position",
        "texttospeech",
        "webview",
        "scxmldatamodel",
        "assetimporters",
        "canbus",
        "geoservices",
        "renderplugins",
        "sensors",
    }
)

# Individual plugins in kept folders that are not needed: other platforms and image formats
# gaidesk never reads (it draws PNG/SVG/ICO only).
_DROPPED_PLUGINS: frozenset[str] = frozenset(
    {
        "platforms/libqeglfs",
        "platforms/libqlinuxfb",
        "platforms/libqminimal",
        "platforms/libqminimalegl",
        "platforms/libqvkkhrdisplay",
        "platforms/libqvnc",
        "platforms/qdirect2d",
        "platforms/qminimal",
        "platforminputcontexts/libqtvirtualkeyboardplugin",
        # GTK's theme would pull glib/cairo/pango copies that clash with the desktop's own; the
        # 信创 desktops (DDE, UKUI) are Qt-based and the xdg-desktop-portal theme stays.
        "platformthemes/libqgtk3",
        "imageformats/libqgif",
        "imageformats/libqicns",
        "imageformats/libqjpeg",
        "imageformats/libqpdf",
        "imageformats/libqtga",
        "imageformats/libqtiff",
        "imageformats/libqwbmp",
        "imageformats/libqwebp",
        "imageformats/qgif",
        "imageformats/qicns",
        "imageformats/qjpeg",
        "imageformats/qpdf",
        "imageformats/qtga",
        "imageformats/qtiff",
        "imageformats/qwbmp",
        "imageformats/qwebp",
    }
)

# Windows-only extras of the PySide6 wheel that a widgets program never loads: Mesa's software
# OpenGL (about 20 MB) and the Direct3D shader compiler (Qt Quick and QRhi widgets only).
_DROPPED_WINDOWS_FILES: frozenset[str] = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})

# Translations kept (everything else in Qt/translations goes).
TRANSLATIONS_KEPT: frozenset[str] = frozenset({"qtbase_zh_CN.qm", "qt_zh_CN.qm"})


def _parts(dest: str) -> list[str]:
    return [p for p in re.split(r"[\\/]+", dest) if p]


def keep(dest: str) -> bool:
    """Whether a collected file (its destination path inside the bundle) stays in the build."""
    parts = _parts(dest)
    if not parts:
        return True
    name = parts[-1]
    if _DROPPED_LIBS.match(name) or name.lower() in _DROPPED_WINDOWS_FILES:
        return False
    if "translations" in parts and "PySide6" in parts:
        return name in TRANSLATIONS_KEPT
    if "qml" in parts and "PySide6" in parts:
        return False
    if "plugins" in parts:
        i = parts.index("plugins")
        if len(parts) > i + 1 and parts[i + 1] in _DROPPED_PLUGIN_DIRS:
            return False
        if len(parts) > i + 2:
            stem = re.sub(r"\.(so|dll|dylib)$", "", name)
            if f"{parts[i + 1]}/{stem}" in _DROPPED_PLUGINS:
                return False
    if parts[0] == "PySide6" and len(parts) == 2 and re.search(r"\.(abi3\.so|pyd)$", name):
        # The binding modules themselves: PySide6/QtFoo.abi3.so or QtFoo.pyd.
        module = name.split(".", 1)[0]
        if module.startswith("Qt") and module not in QT_MODULES_KEPT:
            return False
    return True


def from_system(dest: str) -> bool:
    """Whether a collected library is left to the desktop (see SYSTEM_LIBRARIES)."""
    return bool(SYSTEM_LIBRARIES.match(_parts(dest)[-1])) if _parts(dest) else False


def prune(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The entries of a PyInstaller TOC list that stay."""
    return [entry for entry in toc if keep(entry[0])]


def dropped(toc: Iterable[tuple[str, str, str]]) -> list[str]:
    """The destination names that prune() removes (for the build log)."""
    return sorted(entry[0] for entry in toc if not keep(entry[0]))


def _is_extension_or_plugin(dest: str) -> bool:
    """Python extension modules and Qt plugins: what something loads by name, the roots."""
    name = _parts(dest)[-1]
    return ".cpython-" in name or ".abi3." in name or "plugins" in _parts(dest)


def orphans(
    binaries: Iterable[tuple[str, str, str]],
    imports_of: Callable[[str], Iterable[str]],
    keep_always: Iterable[str] = (),
) -> set[str]:
    """Shared libraries (Linux) that nothing left in the build links to any more.

    PyInstaller collects the dependencies of every plugin and extension before pruning; once one
    is gone (the GTK theme, Pillow's AVIF/WebP codecs) its private libraries are dead weight.
    ``imports_of(path)`` lists the basenames a binary links to. Python extension modules and Qt
    plugins are the roots; ``keep_always`` names libraries loaded at run time by name (libpython,
    by the bootloader). Returns destination names.
    """
    entries = list(binaries)
    libraries = {
        _parts(dest)[-1]: (dest, src)
        for dest, src, _ in entries
        if ".so" in dest and not _is_extension_or_plugin(dest)
    }
    roots = [src for dest, src, _ in entries if _is_extension_or_plugin(dest)]
    needed: set[str] = {name for name in keep_always if name in libraries}
    queue = list(roots) + [libraries[name][1] for name in needed]
    seen: set[str] = set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in imports_of(path):
            if name in libraries and name not in needed:
                needed.add(name)
                queue.append(libraries[name][1])
    return {dest for name, (dest, _) in libraries.items() if name not in needed}


def gaidesk_imports(package_dir: Path) -> tuple[set[str], set[str]]:
    """Every module gaidesk's source imports, anywhere (lazy imports in functions included).

    Returns (gaidesk's own modules, other modules imported by name). Read from the source with
    ``ast``, so nothing is imported; the spec freezes these and the tests import them in the
    frozen program.
    """
    own: set[str] = set()
    other: set[str] = set()
    root = package_dir.parent
    for path in sorted(package_dir.rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        if module.endswith(".__init__"):
            module = module[: -len(".__init__")]
        own.add(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                other.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    name = ".".join([*base, node.module] if node.module else base)
                else:
                    name = node.module or ""
                other.add(name)
                # "from PySide6 import QtGui" and "from gaidesk import rules" name modules too.
                for alias in node.names:
                    other.add(f"{name}.{alias.name}")
    mine = {m for m in other if m == "gaidesk" or m.startswith("gaidesk.")}
    own |= {m for m in mine if _module_exists(package_dir, m)}
    other -= mine
    return own, {m for m in other if _is_module_name(m)}


def _module_exists(package_dir: Path, module: str) -> bool:
    parts = module.split(".")[1:]
    base = package_dir.joinpath(*parts)
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _is_module_name(name: str) -> bool:
    """Drop "from x import some_function" entries: keep names whose last part is a module."""
    top, _, rest = name.partition(".")
    if top == "PySide6":
        return rest == "" or (rest.startswith("Qt") and "." not in rest)
    if top in {"__future__", "typing"}:
        return False
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
