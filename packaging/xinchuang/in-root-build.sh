#!/usr/bin/env bash
# Inside a Debian 11 root (run by packaging/xinchuang/build.sh, from the repository's clone):
# build CPython 3.11 from Debian 12's source package against this root's old glibc, install
# gaidesk's dependencies with the PySide6 version this target allows, run the test suite with it,
# then build the frozen program and the .deb and audit every ELF file for its glibc needs.
#
#   bash packaging/xinchuang/in-root-build.sh PYSIDE_VERSION MAX_GLIBC OUT
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: in-root-build.sh PYSIDE_VERSION MAX_GLIBC OUT" >&2; exit 2; }
pyside=$1 max_glibc=$2 out=$3
cd "$(dirname "$0")/../.."
repo=$(pwd)
. packaging/roots.sh # for step_start/step_done only
prefix=/opt/python3.11
mkdir -p "$out"
step_start

# Build tools, CPython's libraries (bundled later from this root: libssl, libffi, libexpat …),
# the libraries Qt loads and the fonts and tools the test suite uses.
echo "== apt: build and test packages"
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential dpkg-dev fakeroot binutils xz-utils ca-certificates file \
  libssl-dev zlib1g-dev libbz2-dev liblzma-dev libffi-dev libexpat1-dev libsqlite3-dev uuid-dev \
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxcb-render-util0 libxcb-image0 \
  libx11-xcb1 libglib2.0-0 libcups2 libsm6 libice6 \
  fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-hanazono fontconfig \
  poppler-utils >/dev/null
step_done "apt: build and test packages"

# CPython 3.11 with Debian's security fixes: bookworm's python3.11 source package, built here.
echo "== CPython 3.11 source (Debian 12's python3.11 source package)"
mirror=$(sed -n 's/^deb \([^ ]*\) [a-z]* main$/\1/p' /etc/apt/sources.list | head -1)
security=$(sed -n 's/^deb \([^ ]*\) [a-z]*-security main$/\1/p' /etc/apt/sources.list | head -1)
printf 'deb-src %s bookworm main\ndeb-src %s bookworm-security main\n' "$mirror" "$security" \
  >/etc/apt/sources.list.d/bookworm-src.list
apt-get update -qq
src=/build/python-src
mkdir -p "$src" && cd "$src"
apt-get source -qq --download-only python3.11 >/dev/null
dsc=$(ls -v python3.11_*.dsc | tail -1)
rm -rf /build/cpython
dpkg-source -x "$dsc" /build/cpython >/dev/null
echo "   $(basename "$dsc" .dsc)"
step_done "CPython source (apt-get source, unpack)"

cd /build/cpython
# glibc-compat.h binds libm's exp/exp2/log/log2/pow to their pre-2.29 versions (x86_64); glibc
# 2.30's sem_clockwait is declared absent so that the threads module uses sem_timedwait. pyexpat
# uses this root's libexpat (bundled into the program later), as Debian's own build does.
./configure -q --prefix="$prefix" --enable-shared --with-system-expat --without-ensurepip \
  CFLAGS="-O2 -include $repo/packaging/xinchuang/glibc-compat.h" \
  LDFLAGS="-Wl,-rpath,$prefix/lib" ac_cv_func_sem_clockwait=no >/dev/null
step_done "CPython configure"
make -s -j"$(nproc)" >/dev/null 2>make-errors.log || { tail -40 make-errors.log; exit 1; }
make -s install >/dev/null 2>>make-errors.log
"$prefix/bin/python3.11" -c 'import ssl, ctypes, lzma, bz2, zlib, pyexpat, sqlite3, hashlib; print("   ", ssl.OPENSSL_VERSION, "expat", pyexpat.EXPAT_VERSION)'
step_done "CPython make, install"

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
echo "== pytest with PySide6 $pyside"
QT_QPA_PLATFORM=offscreen /build/venv/bin/python -m pytest -p no:cacheprovider -q \
  --deselect tests/test_packaging.py::test_frozen_program_imports_everything | tail -3
step_done "pytest (PySide6 $pyside)"

echo "== build.sh (onedir, .deb, GLIBC audit <= $max_glibc)"
PYTHON=/build/venv/bin/python bash packaging/build.sh --out "$out" --no-nsis --max-glibc "$max_glibc"
step_done "build.sh (PyInstaller, audit, .deb)"
echo "== times in the build root"
step_times | tee "$out/build-times.txt"
