#!/usr/bin/env bash
# Inside a Debian 11 root (run by packaging/xinchuang/build.sh, from the repository's clone):
# build CPython 3.11 from Debian 12's source package against this root's old glibc (or unpack
# one cross-built for this architecture), install gaidesk's dependencies with the PySide6 version
# this target allows, run the test suite with it, then build the frozen program and the .deb,
# auditing every ELF file for its glibc needs.
#
#   bash packaging/xinchuang/in-root-build.sh [--python-tar TAR] [--no-tests] PYSIDE MAX_GLIBC OUT
set -euo pipefail
python_tar="" tests=1
while [ $# -gt 0 ]; do
  case "$1" in
    --python-tar) python_tar=$2; shift 2 ;;
    --no-tests) tests=0; shift ;;
    *) break ;;
  esac
done
[ $# -eq 3 ] || { echo "usage: in-root-build.sh [--python-tar TAR] [--no-tests] PYSIDE MAX_GLIBC OUT" >&2; exit 2; }
pyside=$1 max_glibc=$2 out=$3
cd "$(dirname "$0")/../.."
repo=$(pwd)
. packaging/roots.sh # for step_start/step_done only
. packaging/xinchuang/cpython.sh
prefix=$cpython_prefix
mkdir -p "$out"
step_start

# Build tools, CPython's libraries (bundled later from this root: libssl, libffi, libexpat …),
# the libraries Qt loads and the fonts and tools the test suite uses.
echo "== apt: build and test packages"
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential pkg-config dpkg-dev fakeroot binutils xz-utils ca-certificates file \
  libssl-dev zlib1g-dev libbz2-dev liblzma-dev libffi-dev libexpat1-dev libsqlite3-dev uuid-dev \
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxcb-render-util0 libxcb-image0 \
  libx11-xcb1 libglib2.0-0 libcups2 libsm6 libice6 libxcb-randr0 libxcb-sync1 libxcb-xfixes0 \
  fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-hanazono fontconfig \
  poppler-utils >/dev/null
step_done "apt: build and test packages"

if [ -n "$python_tar" ]; then
  echo "== CPython 3.11 from $python_tar"
  tar -C / -xf "$python_tar"
  step_done "CPython (unpacked, cross-built)"
else
  echo "== CPython 3.11 source (Debian 12's python3.11 source package)"
  cpython_source /build/cpython
  step_done "CPython source (apt-get source, unpack)"
  echo "== CPython build"
  cpython_build /build/cpython /build/cpython-build
  step_done "CPython configure, make, install"
fi
"$prefix/bin/python3.11" -c 'import ssl, ctypes, lzma, bz2, zlib, pyexpat, sqlite3, hashlib, xml.etree.ElementTree; print("   ", ssl.OPENSSL_VERSION, "/ expat", pyexpat.EXPAT_VERSION)'

# gaidesk's dependencies from pyproject.toml, with this target's PySide6 instead of the pin.
echo "== virtual environment with PySide6 $pyside"
cd "$repo"
rm -rf /build/venv
"$prefix/bin/python3.11" -m venv --without-pip /build/venv
pip_wheel=$(ls /build/wheels/pip-*.whl | head -1)
/build/venv/bin/python "$pip_wheel/pip" install -q --no-index "$pip_wheel"
/build/venv/bin/python - "$pyside" >/build/requirements.txt <<'PY'
import re, sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
for req in project["dependencies"] + project["optional-dependencies"]["dev"]:
    if not re.match(r"(?i)pyside6", req):
        print(req)
print(f"PySide6-Essentials=={sys.argv[1]}\nPySide6-Addons=={sys.argv[1]}")
PY
/build/venv/bin/python -m pip install -q -r /build/requirements.txt
/build/venv/bin/python -m pip install -q --no-deps -e .
/build/venv/bin/python -c 'import PySide6; print("    PySide6", PySide6.__version__)'
step_done "pip install (PySide6 $pyside)"

# The test suite with this PySide6 (the frozen build is tested below, from the real build).
if [ "$tests" = 1 ]; then
  echo "== pytest with PySide6 $pyside"
  QT_QPA_PLATFORM=offscreen /build/venv/bin/python -m pytest -p no:cacheprovider -q \
    --deselect tests/project/test_packaging.py::test_frozen_program_imports_everything | tail -3
  step_done "pytest (PySide6 $pyside)"
fi

echo "== build.sh (onedir, .deb, GLIBC audit <= $max_glibc)"
PYTHON=/build/venv/bin/python bash packaging/build.sh --out "$out" --no-nsis --max-glibc "$max_glibc"
step_done "build.sh (PyInstaller, audit, .deb)"
echo "== times in the build root"
step_times | tee "$out/build-times.txt"
